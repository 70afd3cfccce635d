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
from django.db.models import F
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


def _new_list(number: int) -> StatusList | None:
    """List `number`, empty but for the caller's entry (counted in the INSERT), signed; None if another
    issuer made that list first."""
    size = settings.CREDENTIAL_STATUS_LIST_SIZE
    status_list = StatusList(number=number, size=size, assigned=1, bits=bytes(size // 8), valid_from=timezone.now())
    _sign_list(status_list)
    try:
        with transaction.atomic():
            status_list.save()
    except IntegrityError:
        return None
    return status_list


def claim_entry() -> StatusList:
    """Count one new entry on the newest list with room and return that list (without its bitstring).

    One conditional UPDATE counts it only while the list is below capacity, and holds the list's row
    until the caller's transaction ends, so concurrent issuers never overfill a list. A full newest
    list (or none) makes the next one.
    """
    while True:
        newest = StatusList.objects.only("number", "purpose", "size").order_by("-number").first()
        if newest is None:
            claimed = _new_list(1)
        elif StatusList.objects.filter(pk=newest.pk, assigned__lt=newest.capacity).update(assigned=F("assigned") + 1):
            claimed = newest
        else:
            claimed = _new_list(newest.number + 1)
        if claimed is not None:
            return claimed


def random_index(status_list: StatusList) -> int:
    """A random position; the unique constraint on (list, position) decides whether it is free. A list
    takes entries only up to half its size, so a few draws find one."""
    return secrets.randbelow(status_list.size)


def position_taken(status_list: StatusList, index: int) -> bool:
    return Credential.objects.filter(status_list=status_list, status_index=index).exists()


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
