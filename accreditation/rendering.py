"""Which template and context make each kind of document, and who receives it by email."""

from django.conf import settings
from django.utils import timezone

from coopportal.pdf import qr_data_uri, render_pdf

from .models import Certificate, Document, SpecialtyAttempt


def certificate_context(certificate: Certificate) -> dict:
    url = certificate.verification_url()
    return {"certificate": certificate, "verification_url": url, "qr": qr_data_uri(url)}


def _certificate_document_context(document: Document) -> dict:
    return certificate_context(Certificate.objects.select_related("region").get(pk=document.subject_id))


def _specialty_protocol_context(document: Document) -> dict:
    attempt: SpecialtyAttempt = document.subject
    tasks = list(attempt.tasks.select_related("task", "scored_by"))
    return {
        "attempt": attempt,
        "tasks": tasks,
        "failed": [item for item in tasks if item.result == item.Result.FAIL],
        "issuer": settings.ACCREDITATION_ISSUER,
    }


def _exam_protocol_context(document: Document) -> dict:
    protocol = document.subject
    signatures = [
        {
            "name": s.member.full_name or s.member.email,
            "signed_at": timezone.localtime(s.signed_at).strftime("%Y-%m-%d %H:%M"),
        }
        for s in protocol.signatures.select_related("member")
    ]
    return {
        "protocol": protocol,
        "snapshot": protocol.snapshot,
        "signatures": signatures,
        "issuer": settings.ACCREDITATION_ISSUER,
    }


CERTIFICATE = (
    "accreditation/pdf/certificate.html",
    _certificate_document_context,
    ("accreditation/pdf/certificate.css",),
)

# Kind -> (template, context, static stylesheets parsed once per worker thread).
TEMPLATES = {
    Document.Kind.COMPLETION_CERTIFICATE: CERTIFICATE,
    Document.Kind.SPECIALTY_CERTIFICATE: CERTIFICATE,
    Document.Kind.SPECIALTY_PROTOCOL: ("accreditation/pdf/specialty_protocol.html", _specialty_protocol_context, ()),
    Document.Kind.EXAM_PROTOCOL: ("accreditation/pdf/exam_protocol.html", _exam_protocol_context, ()),
}
STYLESHEETS = tuple(sorted({path for _, _, stylesheets in TEMPLATES.values() for path in stylesheets}))


def document_pdf(document: Document) -> bytes:
    template, context, stylesheets = TEMPLATES[document.kind]
    return render_pdf(template, context(document), stylesheets=stylesheets)


def document_recipients(document: Document) -> list[str]:
    """The owner, and for protocols the association's office too."""
    recipients = [document.owner.email]
    if document.kind in (Document.Kind.EXAM_PROTOCOL, Document.Kind.SPECIALTY_PROTOCOL):
        recipients.append(settings.ASSOCIATION_EMAIL)
    return recipients
