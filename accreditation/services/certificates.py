from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopportal.audit.services import record_action
from coopportal.translated import texts_by_language
from coopportal.users.languages import in_language_of
from coopportal.users.roles import Role, has_role

from ..credentials.status import revoke_entry
from ..exceptions import CertificateRefused
from ..models import Certificate, Credential, Document, Specialty
from .documents import create_document
from .numbering import next_number

NUMBER_PREFIX = {Certificate.Kind.COMPLETION: "CC", Certificate.Kind.SPECIALTY: "SC"}
DOCUMENT_KIND = {
    Certificate.Kind.COMPLETION: Document.Kind.COMPLETION_CERTIFICATE,
    Certificate.Kind.SPECIALTY: Document.Kind.SPECIALTY_CERTIFICATE,
}


def _issue(
    *,
    kind: Certificate.Kind,
    holder,
    titles: dict[str, str],
    issued_by,
    specialty: Specialty | None = None,
    **links,
) -> Certificate:
    """`titles`: what the certificate is awarded for, in every language (the course's or specialty's name)."""
    today = timezone.localdate()
    certificate = Certificate.objects.create(
        kind=kind,
        number=next_number(prefix=NUMBER_PREFIX[kind], year=today.year),
        holder=holder,
        holder_name=holder.full_name or holder.email,
        **{f"title_{language}": text for language, text in titles.items()},
        region_id=holder.region_id,
        specialty=specialty,
        issued_on=today,
        issued_by=issued_by,
        issuer=settings.ACCREDITATION_ISSUER,
        **links,
    )
    with in_language_of(holder):
        title = _("Certificate %(number)s") % {"number": certificate.number}
    create_document(
        subject=certificate,
        kind=DOCUMENT_KIND[kind],
        owner=holder,
        title=title,
        email_due=True,
    )
    record_action(
        actor=issued_by,
        action="accreditation.certificate_issued",
        target=certificate,
        details={"number": certificate.number, "kind": kind, "holder": holder.pk},
    )
    return certificate


@transaction.atomic
def issue_completion_certificate(*, holder, course, issued_by, **links) -> Certificate:
    """A certificate of completion of `course` with its pending PDF; `links` ties it to the exam decision."""
    return _issue(
        kind=Certificate.Kind.COMPLETION,
        holder=holder,
        titles=texts_by_language(course, "title"),
        course=course,
        issued_by=issued_by,
        **links,
    )


@transaction.atomic
def issue_specialty_certificate(*, attempt, issued_by) -> Certificate:
    if Certificate.objects.filter(specialty_attempt=attempt).exists():
        raise CertificateRefused(_("This attempt already has its certificate."))
    return _issue(
        kind=Certificate.Kind.SPECIALTY,
        holder=attempt.candidate,
        titles=texts_by_language(attempt.specialty, "name"),
        specialty=attempt.specialty,
        issued_by=issued_by,
        specialty_attempt=attempt,
    )


@transaction.atomic
def revoke_certificate(*, certificate: Certificate, revoked_by, reason: str) -> Certificate:
    """An association admin revokes a certificate with a reason. A certificate of completion takes the
    specialty certificates built on it along, in the same transaction, each with its credential's bit."""
    if not has_role(revoked_by, Role.ASSOCIATION_ADMIN):
        raise CertificateRefused(_("Only an association administrator revokes certificates."))
    reason = (reason or "").strip()
    if not reason:
        raise CertificateRefused(_("Give the reason for revoking the certificate."))
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.is_revoked:
        raise CertificateRefused(_("This certificate is already revoked."))
    _revoke(certificate=certificate, revoked_by=revoked_by, reason=reason)
    if certificate.kind == Certificate.Kind.COMPLETION:
        resting_on_it = Certificate.objects.select_for_update().filter(
            specialty_attempt__completion_certificate=certificate, revoked_at__isnull=True
        )
        cascade_reason = _("The certificate of completion %(number)s was revoked: %(reason)s") % {
            "number": certificate.number,
            "reason": reason,
        }
        for specialty_certificate in resting_on_it.order_by("pk"):
            _revoke(certificate=specialty_certificate, revoked_by=revoked_by, reason=cascade_reason)
    return certificate


def _revoke(*, certificate: Certificate, revoked_by, reason: str) -> None:
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason
    certificate.revoked_by = revoked_by
    certificate.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    # Its credential's status bit is set in the same transaction; a credential not made yet is made
    # with the bit set (the task locks the certificate row too).
    credential = Credential.objects.filter(certificate=certificate).first()
    if credential is not None:
        revoke_entry(credential=credential)
    record_action(
        actor=revoked_by,
        action="accreditation.certificate_revoked",
        target=certificate,
        details={"number": certificate.number, "reason": reason},
    )


@transaction.atomic
def set_registry_listing(*, certificate: Certificate, holder, listed: bool) -> Certificate:
    """The holder's consent to appear in the public registry (only for their specialty certificates)."""
    if certificate.holder_id != holder.pk or certificate.kind != Certificate.Kind.SPECIALTY:
        raise CertificateRefused(_("Only the holder of a specialty certificate can list it in the registry."))
    Certificate.objects.filter(pk=certificate.pk).update(listed_in_registry=listed)
    certificate.listed_in_registry = listed
    record_action(
        actor=holder,
        action="accreditation.registry_consent_given" if listed else "accreditation.registry_consent_withdrawn",
        target=certificate,
    )
    return certificate
