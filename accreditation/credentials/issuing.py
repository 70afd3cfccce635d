"""The Open Badges 3.0 credential of a certificate: built, signed and stored once.

The document task calls `ensure_credential` before it renders the PDF. The certificate row is locked
while the credential is made, as `revoke_certificate` locks it, so a revocation either finds the
credential (and sets its bit) or is seen by it (and the bit is set as it is made).
"""

import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..models import Certificate, Credential
from . import jose, status
from .keys import key_ring

CONTEXTS = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]


def holder_language(user) -> str:
    """The holder's language if the account keeps one, else the portal's default."""
    available = {code for code, _name in settings.LANGUAGES}
    for field in ("language", "preferred_language"):
        value = getattr(user, field, "") or ""
        if value in available:
            return value
    return settings.LANGUAGE_CODE


def _achievement_id(certificate: Certificate) -> str:
    # One stable identifier per course or specialty, the same in every credential that awards it and in
    # every language: their codes, never their (translated) names.
    if certificate.specialty_id:
        key = f"specialty/{certificate.specialty.code}"
    elif certificate.course_id:
        key = f"course/{certificate.course.slug}"
    else:  # issued before certificates named their course: the English title, which no language changes
        key = f"course/{certificate.title_en}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{settings.SITE_URL}/achievements/{key}')}"


def _achievement(certificate: Certificate) -> dict:
    if certificate.kind == Certificate.Kind.SPECIALTY:
        name = certificate.specialty.name if certificate.specialty_id else certificate.title
        description = _("Specialty certificate of the certification center: %(specialty)s.") % {"specialty": name}
        narrative = _(
            "The holder has a certificate of completion of the course and passed the certification center's "
            "exam in the specialty “%(specialty)s”: three situational tasks answered in the portal within a time "
            "window, each scored by at least two examiners and passed by their majority."
        ) % {"specialty": name}
        achievement_type = "Certification"
    else:
        name = certificate.title
        description = _("Certificate of completion of the course “%(course)s”.") % {"course": name}
        narrative = _(
            "The holder completed the course “%(course)s”: the theory module with its quizzes, then the seven "
            "practical levels, each closed by its KPI gates, and the exam presentation broadcast live, which the "
            "association's exam committee judged and accredited in a signed protocol."
        ) % {"course": name}
        achievement_type = "Certificate"
    return {
        "id": _achievement_id(certificate),
        "type": ["Achievement"],
        "achievementType": achievement_type,
        "name": name,
        "description": description,
        "criteria": {"narrative": narrative},
    }


def _evidence(certificate: Certificate) -> list[dict]:
    if certificate.exam_protocol_id and certificate.exam_protocol.number:
        protocol = certificate.exam_protocol
        number, decided = protocol.number, protocol.finalised_at
        name = _("Exam protocol %(number)s") % {"number": number}
    elif certificate.specialty_attempt_id and certificate.specialty_attempt.protocol_number:
        attempt = certificate.specialty_attempt
        number, decided = attempt.protocol_number, attempt.decided_at
        name = _("Specialty exam protocol %(number)s") % {"number": number}
    else:
        return []
    when = date_format(timezone.localtime(decided), "DATE_FORMAT") if decided else ""
    return [
        {
            "type": ["Evidence"],
            "name": name,
            "description": _("Protocol %(number)s of the association, final on %(date)s.")
            % {"number": number, "date": when},
            "genre": _("Exam protocol"),
        }
    ]


def build_credential(certificate: Certificate, *, subject_id: str, status_list, status_index: int) -> dict:
    """The unsecured OpenBadgeCredential (VC 2.0 + OB 3.0 contexts), in the holder's language."""
    ring = key_ring()
    list_url = status.list_url(status_list.number)
    with translation.override(holder_language(certificate.holder)):
        achievement = _achievement(certificate)
        evidence = _evidence(certificate)
        title = f"{certificate.get_kind_display()}: {certificate.title}"
    credential = {
        "@context": CONTEXTS,
        "id": certificate.verification_url(),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": ring.did, "type": ["Profile"], "name": certificate.issuer, "url": settings.SITE_URL},
        "validFrom": status.timestamp(certificate.created_at),
        "name": title,
        "credentialSubject": {
            "id": subject_id,
            "type": ["AchievementSubject"],
            "name": certificate.holder_name,
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": certificate.holder_name,
                }
            ],
            "achievement": achievement,
        },
        "credentialStatus": {
            "id": f"{list_url}#{status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": status_list.purpose,
            "statusListIndex": str(status_index),
            "statusListCredential": list_url,
        },
    }
    if evidence:
        credential["evidence"] = evidence
    return credential


# What the credential cites of the certificate and its holder (the rest of their rows is not read).
CITED_FIELDS = (
    "kind",
    "verification_code",
    "holder_name",
    # What the certificate awards, in every language (the credential is written in the holder's).
    *(f"title_{code}" for code, _name in settings.LANGUAGES),
    "issuer",
    "revoked_at",
    "created_at",
    "specialty",
    "course__slug",
    "exam_protocol__number",
    "exam_protocol__finalised_at",
    "specialty_attempt",
    "holder__language",
    "credential",
)


def ensure_credential(*, certificate_id: int) -> Credential | None:
    """The certificate's credential, made now if it has none; a second call changes nothing.

    Queries when it exists: 1. When it is made: the locked certificate with the exam protocol it cites
    (only its row is locked), the newest status list, the UPDATE that counts the entry on it, the
    INSERT in a savepoint; a specialty certificate reads its specialty and attempt, one query each
    (joining them made the common, completion case slower).
    """
    with transaction.atomic():
        try:
            certificate = (
                Certificate.objects.select_for_update(of=("self",))
                .select_related("holder", "credential", "course", "exam_protocol")
                .only(*CITED_FIELDS)
                .get(pk=certificate_id)
            )
        except Certificate.DoesNotExist:
            return None
        existing = getattr(certificate, "credential", None)
        if existing is not None:
            return existing
        status_list = status.claim_entry()
        credential = Credential(
            certificate=certificate, status_list=status_list, language=holder_language(certificate.holder)
        )
        while True:
            credential.status_index = status.random_index(status_list)
            payload = build_credential(
                certificate,
                subject_id=credential.subject_id,
                status_list=status_list,
                status_index=credential.status_index,
            )
            credential.jws, credential.kid = jose.sign(payload)
            try:
                with transaction.atomic():
                    credential.save()
                break
            except IntegrityError:
                # The unique constraint refused the position: draw another. Any other refusal is raised.
                if not status.position_taken(status_list, credential.status_index):
                    raise
        if certificate.is_revoked:
            status.revoke_entry(credential=credential)
        return credential
