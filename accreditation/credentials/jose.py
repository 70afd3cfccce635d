"""Compact JWS (RFC 7515) as VC-JOSE-COSE secures a credential: EdDSA over the credential's JSON.

The header says what the token is (`typ` vc+jwt, `cty` vc) and which verification method of the
DID document signed it (`kid`); the payload is the credential itself, not wrapped in a JWT claim.
"""

import base64
import binascii
import json
from dataclasses import dataclass

from jwcrypto import jws
from jwcrypto.common import JWException

from .keys import key_ring

ALGORITHM = "EdDSA"
TOKEN_TYPE = "vc+jwt"
CONTENT_TYPE = "vc"
MEDIA_TYPE = "application/vc+jwt"


def canonical_json(data: dict) -> bytes:
    """The bytes that are signed: compact, keys in a fixed order, so the same credential gives the same token."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def sign(payload: dict) -> tuple[str, str]:
    """The compact JWS of `payload` with the newest key, and that key's kid."""
    key = key_ring().signing_key
    header = {"alg": ALGORITHM, "typ": TOKEN_TYPE, "cty": CONTENT_TYPE, "kid": key.kid}
    token = jws.JWS(canonical_json(payload))
    token.add_signature(key.private, alg=ALGORITHM, protected=json.dumps(header, separators=(",", ":")))
    return token.serialize(compact=True), key.kid


class TokenError(Exception):
    """The token cannot be accepted; `code` says why (malformed, algorithm, no_key, foreign_key, unknown_key,
    signature)."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(code, detail)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class CheckedToken:
    header: dict
    payload: dict


def _b64url_json(part: str) -> dict:
    try:
        data = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise TokenError("malformed") from exc
    if not isinstance(data, dict):
        raise TokenError("malformed")
    return data


def unverified_header(token: str) -> dict:
    """The protected header, read before any key is chosen (only to choose it)."""
    parts = token.split(".")
    if len(parts) != 3 or not all(parts):
        raise TokenError("malformed")
    return _b64url_json(parts[0])


def check(token: str) -> CheckedToken:
    """Verify the signature with the key named by `kid` among the association's keys."""
    header = unverified_header(token)
    if header.get("alg") != ALGORITHM:
        raise TokenError("algorithm", str(header.get("alg", "")))
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise TokenError("no_key")
    ring = key_ring()
    if not kid.startswith(ring.did + "#"):
        raise TokenError("foreign_key", kid)
    key = ring.public_key(kid)
    if key is None:
        raise TokenError("unknown_key", kid)
    verified = jws.JWS()
    try:
        verified.deserialize(token)
        verified.verify(key, alg=ALGORITHM)
    except (JWException, ValueError, TypeError) as exc:
        raise TokenError("signature", kid) from exc
    try:
        payload = json.loads(verified.payload)
    except (ValueError, UnicodeDecodeError) as exc:
        raise TokenError("malformed") from exc
    if not isinstance(payload, dict):
        raise TokenError("malformed")
    return CheckedToken(header=header, payload=payload)


def decode_unverified(token: str) -> dict:
    """The payload without checking the signature: for showing a holder their own stored credential."""
    parts = token.split(".")
    if len(parts) != 3:
        raise TokenError("malformed")
    return _b64url_json(parts[1])
