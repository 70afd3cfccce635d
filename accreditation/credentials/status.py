"""Bitstring Status Lists (W3C Bitstring Status List v1.0) for revoking credentials.

Bit 0 is the left-most (most significant) bit of the first byte. The published `encodedList` is the
bitstring GZIP-compressed, then base64url without padding, with the multibase prefix `u`.
"""

import base64
import gzip
import io
import secrets
from datetime import UTC, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from ..models import Credential, StatusList
from . import jose
from .keys import key_ring

MULTIBASE_BASE64URL = "u"


def timestamp(moment: datetime) -> str:
    """An XML Schema dateTimeStamp in UTC to the second, as VC 2.0's validFrom expects."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def encode_bits(bits: bytes) -> str:
    # mtime=0: the same bits always give the same text (and so the same signature input).
    compressed = gzip.compress(bits, mtime=0)
    return MULTIBASE_BASE64URL + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode()


def decode_bits(encoded: str, *, max_bytes: int = 16 * 1024 * 1024) -> bytes:
    if not encoded.startswith(MULTIBASE_BASE64URL):
        raise ValueError("encodedList is not multibase base64url")
    body = encoded[1:]
    compressed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    with gzip.GzipFile(fileobj=io.BytesIO(compressed)) as stream:
        bits = stream.read(max_bytes + 1)
    if len(bits) > max_bytes:
        raise ValueError("status list too large")
    return bits


def bit_is_set(bits: bytes, index: int) -> bool:
    if index < 0 or index >= len(bits) * 8:
        raise IndexError(index)
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def with_bit(bits: bytes, index: int) -> bytes:
    changed = bytearray(bits)
    changed[index // 8] |= 0x80 >> (index % 8)
    return bytes(changed)


def list_url(number: int) -> str:
    return settings.SITE_URL + reverse("credential_status_list", args=[number])


def status_list_credential(status_list: StatusList) -> dict:
    url = list_url(status_list.number)
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": key_ring().did,
        "validFrom": timestamp(status_list.valid_from),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": status_list.purpose,
            "encodedList": encode_bits(bytes(status_list.bits)),
            "ttl": settings.CREDENTIAL_STATUS_LIST_MAX_AGE * 1000,
        },
    }


def _sign_list(status_list: StatusList) -> None:
    status_list.jws, _kid = jose.sign(status_list_credential(status_list))


def _new_list() -> StatusList:
    """The next empty list, signed. Two workers racing for the same number: one wins, the other reads it."""
    last = StatusList.objects.order_by("-number").values_list("number", flat=True).first() or 0
    size = settings.CREDENTIAL_STATUS_LIST_SIZE
    status_list = StatusList(number=last + 1, size=size, bits=bytes(size // 8), valid_from=timezone.now())
    _sign_list(status_list)
    try:
        with transaction.atomic():
            status_list.save()
    except IntegrityError:
        pass
    return StatusList.objects.select_for_update().get(number=last + 1)


def open_list_for_update() -> StatusList:
    """The newest list with room, locked until the caller's transaction ends (entries are counted under it).
    Its bitstring and signed form (about 40 KB) load only when a bit is set."""
    status_list = StatusList.objects.select_for_update().defer("bits", "jws").order_by("-number").first()
    if status_list is None or status_list.assigned >= status_list.capacity:
        status_list = _new_list()
    return status_list


def free_random_index(status_list: StatusList) -> int:
    """A random position nobody holds. The list is at most half full, so a few draws find one."""
    while True:
        index = secrets.randbelow(status_list.size)
        if not Credential.objects.filter(status_list=status_list, status_index=index).exists():
            return index


def take_entry(status_list: StatusList, *, revoked: bool, index: int) -> None:
    """Count the new entry on its (locked) list; a credential made for an already revoked certificate
    gets its bit at once."""
    status_list.assigned += 1
    fields = ["assigned"]
    if revoked:
        status_list.bits = with_bit(bytes(status_list.bits), index)
        status_list.valid_from = timezone.now()
        _sign_list(status_list)
        fields += ["bits", "valid_from", "jws"]
    status_list.save(update_fields=fields)


def revoke_entry(*, credential: Credential) -> StatusList:
    """Set the credential's bit and publish the list again (in the caller's transaction)."""
    status_list = StatusList.objects.select_for_update().get(pk=credential.status_list_id)
    bits = bytes(status_list.bits)
    if not bit_is_set(bits, credential.status_index):
        status_list.bits = with_bit(bits, credential.status_index)
        status_list.valid_from = timezone.now()
        _sign_list(status_list)
        status_list.save(update_fields=["bits", "valid_from", "jws"])
    return status_list
