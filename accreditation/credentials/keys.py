"""The association as `did:web` on the portal's host, and its Ed25519 signing keys.

Keys come from the settings: `CREDENTIAL_SIGNING_KEYS` (PEM text) or `CREDENTIAL_SIGNING_KEYS_FILE`
(a file of PEM blocks). Blocks are listed oldest first and the newest private key signs; every key
listed stays in the DID document so that credentials signed before a rotation still verify. A
retired key may stay as a PUBLIC KEY block only. Without either setting (the embedded default, never
in production) a key is generated once into `CREDENTIAL_LOCAL_KEY_FILE`.
"""

import logging
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from jwcrypto import jwk

logger = logging.getLogger(__name__)

PEM_BLOCK = re.compile(r"-----BEGIN (PRIVATE|PUBLIC) KEY-----.+?-----END \1 KEY-----", re.DOTALL)
_lock = threading.Lock()
_cache: dict[tuple, "KeyRing"] = {}


@dataclass(frozen=True)
class SigningKey:
    kid: str  # the DID URL of the verification method: did:web:host#<JWK thumbprint>
    public: jwk.JWK
    private: jwk.JWK | None


@dataclass(frozen=True)
class KeyRing:
    did: str
    keys: tuple[SigningKey, ...]  # oldest first

    @property
    def signing_key(self) -> SigningKey:
        return next(key for key in reversed(self.keys) if key.private is not None)

    def public_key(self, kid: str) -> jwk.JWK | None:
        return next((key.public for key in self.keys if key.kid == kid), None)


def issuer_did(site_url: str | None = None) -> str:
    """`did:web` of SITE_URL's host: the port's colon becomes %3A, a path's slashes become colons."""
    parts = urlsplit(site_url or settings.SITE_URL)
    host = quote(parts.netloc, safe="")
    path = [quote(segment, safe="") for segment in parts.path.split("/") if segment]
    return ":".join(["did:web", host, *path])


def did_document_path() -> str:
    """Where did:web resolvers look: /.well-known/did.json for a bare host, <path>/did.json otherwise."""
    return "/.well-known/did.json" if not urlsplit(settings.SITE_URL).path.strip("/") else "/did.json"


def _pem_blocks(text: str) -> list[str]:
    # An environment variable may carry the PEM on one line with literal "\n".
    return [match.group(0) for match in PEM_BLOCK.finditer(text.replace("\\n", "\n"))]


def _local_key_text() -> str:
    """The embedded default's key file, made on first use."""
    path = Path(settings.CREDENTIAL_LOCAL_KEY_FILE)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = jwk.JWK.generate(kty="OKP", crv="Ed25519").export_to_pem(private_key=True, password=None)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(pem)
        logger.warning(
            "Generated a credential signing key in %s (embedded default). In production set "
            "CREDENTIAL_SIGNING_KEYS or CREDENTIAL_SIGNING_KEYS_FILE.",
            path,
        )
    return path.read_text()


def _key_text() -> str:
    if settings.CREDENTIAL_SIGNING_KEYS:
        return settings.CREDENTIAL_SIGNING_KEYS
    if settings.CREDENTIAL_SIGNING_KEYS_FILE:
        try:
            return Path(settings.CREDENTIAL_SIGNING_KEYS_FILE).read_text()
        except OSError as exc:
            raise ImproperlyConfigured(f"CREDENTIAL_SIGNING_KEYS_FILE cannot be read: {exc}") from exc
    if settings.PRODUCTION:
        raise ImproperlyConfigured("DJANGO_PRODUCTION needs CREDENTIAL_SIGNING_KEYS or CREDENTIAL_SIGNING_KEYS_FILE.")
    return _local_key_text()


def _parse(text: str, did: str) -> KeyRing:
    keys = []
    for block in _pem_blocks(text):
        try:
            key = jwk.JWK.from_pem(block.encode())
        except (ValueError, TypeError) as exc:
            raise ImproperlyConfigured(f"A credential signing key cannot be read: {exc}") from exc
        if key.get("kty") != "OKP" or key.get("crv") != "Ed25519":
            raise ImproperlyConfigured("Credential signing keys must be Ed25519.")
        # Only the key material: jwcrypto's own "kid" (a thumbprint) would differ from the DID URL kid.
        material = {name: value for name, value in key.export_public(as_dict=True).items() if name != "kid"}
        public = jwk.JWK(**material)
        kid = f"{did}#{public.thumbprint()}"
        if any(existing.kid == kid for existing in keys):
            continue
        keys.append(SigningKey(kid=kid, public=public, private=key if key.has_private else None))
    if not any(key.private is not None for key in keys):
        raise ImproperlyConfigured("The credential signing keys hold no Ed25519 private key.")
    return KeyRing(did=did, keys=tuple(keys))


def key_ring() -> KeyRing:
    """The keys of the current settings, read once per process (and again if the settings change)."""
    source = (
        settings.SITE_URL,
        settings.CREDENTIAL_SIGNING_KEYS,
        settings.CREDENTIAL_SIGNING_KEYS_FILE,
        str(settings.CREDENTIAL_LOCAL_KEY_FILE),
    )
    ring = _cache.get(source)
    if ring is None:
        with _lock:
            ring = _cache.get(source)
            if ring is None:
                ring = _cache[source] = _parse(_key_text(), issuer_did())
    return ring


def did_document() -> dict:
    """The DID document: every key as a JsonWebKey verification method, all of them assertion methods."""
    ring = key_ring()
    methods = [
        {
            "id": key.kid,
            "type": "JsonWebKey",
            "controller": ring.did,
            "publicKeyJwk": {k: v for k, v in key.public.export_public(as_dict=True).items() if k != "kid"},
        }
        for key in ring.keys
    ]
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://www.w3.org/ns/cid/v1"],
        "id": ring.did,
        "verificationMethod": methods,
        "assertionMethod": [key.kid for key in ring.keys],
    }


def new_private_key_pem() -> str:
    return jwk.JWK.generate(kty="OKP", crv="Ed25519").export_to_pem(private_key=True, password=None).decode()
