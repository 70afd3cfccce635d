"""Which template and context make each kind of document, and who receives it by email."""

from django.conf import settings
from django.utils import translation

from coopportal.pdf import qr_data_uri, render_pdf
from coopportal.translated import in_language
from coopportal.users.languages import language_or_default, preferred_language

from .models import Certificate, Document, SpecialtyAttempt


def certificate_context(certificate: Certificate) -> dict:
    url = certificate.verification_url()
    return {"certificate": certificate, "verification_url": url, "qr": qr_data_uri(url)}


def _certificate_document_context(document: Document) -> dict:
    return certificate_context(Certificate.objects.select_related("region").get(pk=document.subject_id))


def _specialty_protocol_context(document: Document) -> dict:
    attempt: SpecialtyAttempt = document.subject
    tasks = list(attempt.tasks.select_related("task").prefetch_related("scores__examiner"))
    return {
        "attempt": attempt,
        "tasks": tasks,
        "failed": [item for item in tasks if item.result == item.Result.FAIL],
        "issuer": settings.ACCREDITATION_ISSUER,
    }


def localized_snapshot(snapshot: dict, language: str) -> dict:
    """The protocol's snapshot with its translated names and reasons (course, KPIs, levels) in `language`."""
    return {
        **snapshot,
        "course": in_language(snapshot.get("course", ""), language),
        "kpis": [
            {**kpi, **{key: in_language(kpi[key], language) for key in ("label", "reason", "figure") if key in kpi}}
            for kpi in snapshot.get("kpis", [])
        ],
        "deadlines": [{**row, "level": in_language(row["level"], language)} for row in snapshot.get("deadlines", [])],
    }


def _exam_protocol_context(document: Document) -> dict:
    protocol = document.subject
    signatures = [
        {
            "name": s.member.full_name or s.member.email,
            "signed_at": s.signed_at,  # written in the document's language by the template
        }
        for s in protocol.signatures.select_related("member")
    ]
    return {
        "protocol": protocol,
        "snapshot": localized_snapshot(protocol.snapshot, translation.get_language()),
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


def document_pdf(document: Document, *, language: str | None = None) -> bytes:
    """The PDF in `language`, by default its owner's (the student's protocol, the holder's certificate)."""
    template, context, stylesheets = TEMPLATES[document.kind]
    with translation.override(language or preferred_language(document.owner)):
        return render_pdf(template, context(document), stylesheets=stylesheets)


def document_recipients(document: Document) -> list[tuple[str, list[str]]]:
    """Who gets the document by email, by language: the owner in theirs, and for protocols the
    association's office in ASSOCIATION_LANGUAGE; one email when the two languages agree."""
    groups = {preferred_language(document.owner): [document.owner.email]}
    if document.kind in (Document.Kind.EXAM_PROTOCOL, Document.Kind.SPECIALTY_PROTOCOL):
        groups.setdefault(language_or_default(settings.ASSOCIATION_LANGUAGE), []).append(settings.ASSOCIATION_EMAIL)
    return list(groups.items())
