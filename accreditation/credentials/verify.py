"""Checking a credential someone pasted: signature, issuer key, dates and revocation status, in words.

Every failure becomes a verdict with a reason a person can read; nothing here raises on bad input.
The key comes from the association's own key ring, which is exactly what its DID document publishes;
the status bit is read from the signed status list credential it publishes (verified the same way).
"""

import json
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import StatusList
from . import jose, status
from .keys import key_ring

VALID, REVOKED, INVALID = "valid", "revoked", "invalid"
ENVELOPE_PREFIX = "data:application/vc+jwt,"


@dataclass
class Verdict:
    outcome: str
    reason: str
    problem: str = ""
    holder: str = ""
    achievement: str = ""
    criteria: str = ""
    issuer_name: str = ""
    issuer_id: str = ""
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    kid: str = ""
    credential_id: str = ""
    passed: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return self.outcome == VALID


def _invalid(problem: str, reason: str, **facts) -> Verdict:
    return Verdict(outcome=INVALID, problem=problem, reason=reason, **facts)


def _token_from(text: str) -> str | None:
    """A compact JWS, or one wrapped as an EnvelopedVerifiableCredential; None for an unsigned JSON credential."""
    text = text.strip().strip('"')
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except ValueError:
            return ""
        if isinstance(data, dict) and str(data.get("id", "")).startswith(ENVELOPE_PREFIX):
            return str(data["id"])[len(ENVELOPE_PREFIX) :]
        return None
    return "".join(text.split())


def _parse_time(value) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _issuer_id(credential: dict) -> str:
    issuer = credential.get("issuer")
    if isinstance(issuer, dict):
        return str(issuer.get("id", ""))
    return str(issuer or "")


def _types(data: dict) -> list:
    value = data.get("type", [])
    return value if isinstance(value, list) else [value]


def _facts(credential: dict, header: dict) -> dict:
    subject = credential.get("credentialSubject")
    subject = subject if isinstance(subject, dict) else {}
    achievement = subject.get("achievement")
    achievement = achievement if isinstance(achievement, dict) else {}
    criteria = achievement.get("criteria")
    criteria = criteria if isinstance(criteria, dict) else {}
    holder = subject.get("name") or next(
        (
            item.get("identityHash", "")
            for item in subject.get("identifier", []) or []
            if isinstance(item, dict) and item.get("identityType") == "name" and not item.get("hashed")
        ),
        "",
    )
    issuer = credential.get("issuer")
    return {
        "holder": str(holder),
        "achievement": str(achievement.get("name", "")),
        "criteria": str(criteria.get("narrative", "")),
        "issuer_name": str(issuer.get("name", "")) if isinstance(issuer, dict) else "",
        "issuer_id": _issuer_id(credential),
        "valid_from": _parse_time(credential.get("validFrom")),
        "valid_until": _parse_time(credential.get("validUntil")),
        "kid": str(header.get("kid", "")),
        "credential_id": str(credential.get("id", "")),
    }


def _status_list_number(url: str) -> int | None:
    site = urlsplit(settings.SITE_URL)
    parts = urlsplit(url)
    if (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    return match.kwargs.get("number") if match.url_name == "credential_status_list" else None


def _revocation_bit(entry: dict) -> tuple[bool | None, str]:
    """(bit, problem): the bit at the entry's index in the association's signed list, or None and why not."""
    if entry.get("type") != "BitstringStatusListEntry" or entry.get("statusPurpose") != "revocation":
        return None, _("The credential's status entry is not a revocation entry of a Bitstring Status List.")
    try:
        index = int(entry.get("statusListIndex"))
    except (TypeError, ValueError):
        return None, _("The credential's status entry has no valid position.")
    number = _status_list_number(str(entry.get("statusListCredential", "")))
    status_list = StatusList.objects.filter(number=number).only("jws").first() if number else None
    if status_list is None:
        return None, _("The status list this credential points to is not one the association publishes.")
    try:
        checked = jose.check(status_list.jws)
        subject = checked.payload["credentialSubject"]
        if "BitstringStatusListCredential" not in _types(checked.payload):
            raise ValueError("not a status list credential")
        if _issuer_id(checked.payload) != key_ring().did or subject.get("statusPurpose") != "revocation":
            raise ValueError("foreign or non-revocation list")
        bits = status.decode_bits(subject["encodedList"])
        return status.bit_is_set(bits, index), ""
    except (jose.TokenError, KeyError, TypeError, ValueError, OSError, EOFError, IndexError):
        return None, _("The status list could not be read, so revocation cannot be checked now.")


def verify_credential(text: str) -> Verdict:
    """What the pasted text proves. Queries: at most one (the status list)."""
    token = _token_from(text or "")
    if token is None:
        return _invalid(
            "unsigned",
            _("This is a credential without a signature. An unsigned credential proves nothing: anyone can write one."),
        )
    try:
        checked = jose.check(token)
    except jose.TokenError as error:
        return _token_verdict(error)
    credential, header = checked.payload, checked.header
    facts = _facts(credential, header)
    passed = [_("The signature matches the content: nothing was changed since it was signed.")]
    ring = key_ring()
    if facts["issuer_id"] != ring.did or "VerifiableCredential" not in _types(credential):
        return _invalid(
            "issuer",
            _("The credential names another issuer (%(issuer)s) than the key that signed it.")
            % {"issuer": facts["issuer_id"] or "—"},
            **facts,
        )
    passed.append(
        _("It was signed with the association's key %(kid)s, published in its DID document.") % {"kid": facts["kid"]}
    )
    now = timezone.now()
    if facts["valid_from"] is None:
        return _invalid("dates", _("The credential does not say from when it is valid."), passed=passed, **facts)
    if facts["valid_from"] > now:
        return _invalid("not_yet_valid", _("The credential is not valid yet."), passed=passed, **facts)
    if facts["valid_until"] is not None and facts["valid_until"] <= now:
        return _invalid("expired", _("The credential has expired."), passed=passed, **facts)
    passed.append(_("It is within its validity dates."))
    entries = credential.get("credentialStatus")
    entries = entries if isinstance(entries, list) else [entries]
    entry = next((item for item in entries if isinstance(item, dict)), None)
    if entry is None:
        return _invalid("status", _("The credential has no revocation status to check."), passed=passed, **facts)
    revoked, problem = _revocation_bit(entry)
    if revoked is None:
        return _invalid("status", problem, passed=passed, **facts)
    if revoked:
        return Verdict(
            outcome=REVOKED,
            reason=_("The credential is genuine, but the association has revoked it: it no longer proves anything."),
            passed=passed,
            **facts,
        )
    passed.append(_("The association's status list says it is not revoked."))
    return Verdict(
        outcome=VALID,
        reason=_("The credential is genuine and in force."),
        passed=passed,
        **facts,
    )


def _token_verdict(error: jose.TokenError) -> Verdict:
    if error.code == "malformed":
        return _invalid(
            "malformed",
            _(
                "This is not a credential that can be read. Paste the whole content of the .jwt file: "
                "three parts separated by dots."
            ),
        )
    if error.code == "algorithm":
        return _invalid(
            "algorithm",
            _("The credential is signed with %(alg)s; the association signs only with EdDSA (Ed25519).")
            % {"alg": error.detail or "—"},
        )
    if error.code == "no_key":
        return _invalid(
            "no_key",
            _(
                "The credential does not say which key signed it, so it cannot be checked against the "
                "association's keys."
            ),
        )
    if error.code == "foreign_key":
        return _invalid(
            "foreign_issuer",
            _(
                "This credential was not issued by the association: it is signed by another issuer's key "
                "(%(kid)s). Check it with that issuer."
            )
            % {"kid": error.detail},
            kid=error.detail,
        )
    if error.code == "unknown_key":
        return _invalid(
            "unknown_key",
            _(
                "The key that signed this credential (%(kid)s) is not one of the association's keys: it was never "
                "ours, or it has been withdrawn."
            )
            % {"kid": error.detail or "—"},
            kid=error.detail,
        )
    return _invalid(
        "signature",
        _(
            "The signature does not match the content: the credential was changed after it was signed, or it is "
            "forged. Do not trust it."
        ),
        kid=error.detail,
    )
