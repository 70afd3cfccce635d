"""Certificates as Open Badges 3.0 credentials (VC Data Model 2.0, secured as VC-JOSE with EdDSA).

- `keys`: the association's `did:web` identity, its Ed25519 keys and the DID document;
- `jose`: compact JWS signing and checking (jwcrypto), the only place that touches keys;
- `status`: Bitstring Status Lists (revocation), their random positions and their signed form;
- `issuing`: the credential of one certificate, made once by the document task;
- `verify`: what the public check page tells about a pasted credential.
"""
