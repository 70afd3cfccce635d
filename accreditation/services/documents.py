"""The document outbox: create, claim, render, finalise, email, sweep.

Exactly-once production rests on the row, not on the broker: a message (from the
on-commit hint, a redelivery or the sweeper) only asks a worker to try; the conditional
UPDATE in `_claim` lets one worker at a time hold the document, and only the holder of the
current claim can mark it ready. The holder renews its lease while it renders, so a short
lease frees a killed worker's document quickly. The document's emails are rows of the mail
outbox written in the transaction that marks it ready, so a worker dying after that loses none.
"""

import logging
import os
import threading
import uuid
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import DatabaseError, connections, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coopportal.mail.services import StoredAttachment, queue_email
from coopportal.queueing import TRANSIENT_TASK_ERRORS, describe_error, enqueue_on_commit, publish
from coopportal.users.languages import preferred_language

from ..credentials.issuing import ensure_credential
from ..models import Credential, Document
from ..rendering import document_pdf, document_recipients

logger = logging.getLogger(__name__)


def _render_task():
    from ..tasks import render_document

    return render_document


def create_document(*, subject, kind: Document.Kind, owner, title: str, email_due: bool = False) -> Document:
    """The pending document row for `subject`, created in the caller's transaction (once)."""
    document, created = Document.objects.get_or_create(
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        kind=kind,
        version=1,
        defaults={"owner": owner, "title": title, "email_due": email_due},
    )
    if created:
        enqueue_on_commit(_render_task(), document.pk)
    return document


def _lease_seconds() -> int:
    return settings.ACCREDITATION_DOCUMENT_LEASE_SECONDS


def _max_attempts() -> int:
    return settings.ACCREDITATION_DOCUMENT_MAX_ATTEMPTS


def _fail_exhausted(now, *, pk=None) -> int:
    """Rows out of attempts that nobody holds: the worker died during each render (or the budget shrank)."""
    rows = Document.objects.filter(
        Q(state=Document.State.RENDERING, lease_until__lt=now) | Q(state=Document.State.PENDING),
        attempts__gte=_max_attempts(),
    )
    if pk is not None:
        rows = rows.filter(pk=pk)
    return rows.update(
        state=Document.State.FAILED,
        claim_token=None,
        lease_until=None,
        last_error=_("The worker stopped during the render %(count)s times.") % {"count": _max_attempts()},
    )


def _claim(pk: int) -> Document | None:
    """Take the document for this worker and return it as claimed (its `claim_token` is ours), or None.
    A conditional UPDATE: 0 rows means another worker holds it or it needs no render."""
    now = timezone.now()
    token = uuid.uuid4()
    claimed = (
        Document.objects.filter(pk=pk, attempts__lt=_max_attempts())
        .filter(Q(state=Document.State.PENDING) | Q(state=Document.State.RENDERING, lease_until__lt=now))
        .update(
            state=Document.State.RENDERING,
            claim_token=token,
            lease_until=now + timedelta(seconds=_lease_seconds()),
            attempts=F("attempts") + 1,
        )
    )
    if not claimed:
        _fail_exhausted(now, pk=pk)  # out of attempts and nobody holds it: nobody ever will
        return None
    # The owner's language (or their region's, for one who chose none) is the document's.
    return Document.objects.select_related("owner__region").filter(pk=pk, claim_token=token).first()


def _write_atomically(name: str, content: bytes, token: uuid.UUID) -> None:
    """Write to the fixed key through a temporary file, so a reader never sees half a PDF."""
    path = Path(default_storage.path(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{token.hex}.tmp")
    temporary.write_bytes(content)
    os.replace(temporary, path)


@contextmanager
def _renewing_lease(pk: int, token: uuid.UUID):
    """Renew the claim's lease every third of it while the block runs (a render may outlast the lease);
    a worker that dies stops renewing, and its document is free again within one lease."""
    stop = threading.Event()
    interval = max(1.0, _lease_seconds() / 3)

    def renew():
        try:
            while not stop.wait(interval):
                try:
                    Document.objects.filter(pk=pk, claim_token=token, state=Document.State.RENDERING).update(
                        lease_until=timezone.now() + timedelta(seconds=_lease_seconds())
                    )
                except DatabaseError as exc:
                    logger.warning("Renewing the lease of document %s failed: %s", pk, exc)
        finally:
            connections.close_all()  # this thread's own connections

    heartbeat = threading.Thread(target=renew, name=f"document-{pk}-lease", daemon=True)
    heartbeat.start()
    try:
        yield
    finally:
        stop.set()
        heartbeat.join(timeout=5)


class DocumentFailed(Exception):
    """The render failed in a way a retry would repeat (a template or programming error); the row is failed."""


# Worth another attempt: a service away or busy, or a render cut short by the time limit.
RENDER_RETRY_ERRORS = (*TRANSIENT_TASK_ERRORS, SoftTimeLimitExceeded)


def _release_after_error(pk: int, token: uuid.UUID, error: str) -> None:
    document = Document.objects.filter(pk=pk, claim_token=token)
    document.filter(attempts__gte=_max_attempts()).update(
        state=Document.State.FAILED, claim_token=None, lease_until=None, last_error=error
    )
    document.update(state=Document.State.PENDING, claim_token=None, lease_until=None, last_error=error)


class DocumentBusy(Exception):
    """Another worker holds a live claim; try again after `retry_in` seconds."""

    def __init__(self, retry_in: int):
        super().__init__(retry_in)
        self.retry_in = retry_in


def produce_document(*, document_id: int) -> str:
    """Render the document if nobody else is; email it when due. Returns what happened.

    Safe to call any number of times, concurrently: one render wins, the others return.
    Per render: the claim (which reads the row and its owner), the subject's reads, and one UPDATE
    that marks the document ready and, when it is due, takes its email (so the email goes out once).
    """
    document = _claim(document_id)
    if document is None:
        document = Document.objects.filter(pk=document_id).first()
        if document is None:
            logger.warning("Document %s does not exist; nothing to render.", document_id)
            return "missing"
        if document.state == Document.State.READY:
            _ensure_certificate_credential(document)  # certificates rendered before credentials existed
            deliver_document_email(document_id=document_id)
            return "ready"
        if document.state == Document.State.RENDERING and document.lease_until:
            remaining = (document.lease_until - timezone.now()).total_seconds()
            raise DocumentBusy(max(1, int(remaining) + 1))
        return document.state
    token = document.claim_token
    try:
        with _renewing_lease(document_id, token):
            _ensure_certificate_credential(document)
            pdf = document_pdf(document)
            _write_atomically(document.file_name, pdf, token)
            copies = _email_copies(document, token) if document.email_due else []
    except RENDER_RETRY_ERRORS as exc:
        _release_after_error(document_id, token, describe_error(exc))
        raise
    except Exception as exc:
        reason = describe_error(exc)
        Document.objects.filter(pk=document_id, claim_token=token).update(
            state=Document.State.FAILED, claim_token=None, lease_until=None, last_error=reason
        )
        raise DocumentFailed(reason) from exc
    now = timezone.now()
    ready = {
        "state": Document.State.READY,
        "file": document.file_name,
        "byte_size": len(pdf),
        "rendered_at": now,
        "claim_token": None,
        "lease_until": None,
        "last_error": "",
    }
    if document.email_due:
        ready["emailed_at"] = now  # its emails are written with the same commit
    with transaction.atomic():
        finalised = Document.objects.filter(pk=document_id, claim_token=token, state=Document.State.RENDERING).update(
            **ready
        )
        if not finalised:
            # Our lease ran out and another worker took over; it finalises the same key and queues the email.
            return "superseded"
        if document.email_due:
            _queue_document_email(document, copies)
    return "ready"


CERTIFICATE_KINDS = (Document.Kind.COMPLETION_CERTIFICATE, Document.Kind.SPECIALTY_CERTIFICATE)


def _ensure_certificate_credential(document: Document) -> None:
    """A certificate's signed credential is made by the same task as its PDF (once: a re-run reads it)."""
    if document.kind in CERTIFICATE_KINDS:
        ensure_credential(certificate_id=document.subject_id)


def deliver_document_email(*, document_id: int) -> bool:
    """Queue the email of a ready document that is due by email and has none yet (one rendered before
    its email was written with it); True if this call queued it."""
    document = (
        Document.objects.select_related("owner__region")
        .filter(pk=document_id, state=Document.State.READY, email_due=True, emailed_at__isnull=True)
        .first()
    )
    if document is None:
        return False
    copies = _email_copies(document, uuid.uuid4())
    with transaction.atomic():
        taken = Document.objects.filter(pk=document_id, emailed_at__isnull=True).update(emailed_at=timezone.now())
        if taken:
            _queue_document_email(document, copies)
    return bool(taken)


def _copy_name(document: Document, language: str) -> str:
    return f"accreditation/documents/{document.storage_key}.{language}.pdf"


def _email_copies(document: Document, token: uuid.UUID) -> list[tuple[str, list[str], str]]:
    """(language, recipients, stored PDF) for each email of the document: the stored PDF is in the
    owner's language; a copy in another recipient's language is rendered and stored beside it, so
    every attempt to send the email attaches the same bytes."""
    owner_language = preferred_language(document.owner)
    copies = []
    for language, to in document_recipients(document):
        name = document.file_name
        if language != owner_language:
            name = _copy_name(document, language)
            _write_atomically(name, document_pdf(document, language=language), token)
        copies.append((language, to, name))
    return copies


def _queue_document_email(document: Document, copies: list[tuple[str, list[str], str]]) -> None:
    """One outbox row per recipient language, in the caller's transaction."""
    context = {"document": document, "site_url": settings.SITE_URL}
    for language, to, name in copies:
        with translation.override(language):
            subject = render_to_string("accreditation/email/document_subject.txt", context)
            body = render_to_string("accreditation/email/document_body.txt", context)
        queue_email(
            recipients=to,
            subject=subject,
            body=body,
            attachments=[StoredAttachment(filename=f"{document.title}.pdf", path=name, mimetype="application/pdf")],
        )


def sweep_documents(*, grace_seconds: int = 10, limit: int = 1000) -> int:
    """Re-publish every document that should be moving but may have lost its message."""
    now = timezone.now()
    _fail_exhausted(now)
    stale = now - timedelta(seconds=grace_seconds)
    due = (
        Q(state=Document.State.PENDING, created_at__lte=stale)
        | Q(state=Document.State.RENDERING, lease_until__lt=now)
        | Q(state=Document.State.READY, email_due=True, emailed_at__isnull=True, rendered_at__lte=stale)
        # A certificate rendered before credentials existed gets its credential from the same task.
        | (
            Q(state=Document.State.READY, kind__in=CERTIFICATE_KINDS, rendered_at__lte=stale)
            & ~Q(subject_id__in=Credential.objects.values("certificate_id"))
        )
    )
    ids = list(Document.objects.filter(due).order_by("pk").values_list("pk", flat=True)[:limit])
    task = _render_task()
    for pk in ids:
        if not publish(task, pk):
            break
    return len(ids)


@transaction.atomic
def retry_failed_document(*, document: Document, actor) -> Document:
    """An admin sends a failed document back to the queue with a fresh attempt budget."""
    from coopportal.audit.services import record_action

    updated = Document.objects.filter(pk=document.pk, state=Document.State.FAILED).update(
        state=Document.State.PENDING, attempts=0, claim_token=None, lease_until=None
    )
    if updated:
        record_action(actor=actor, action="accreditation.document_retried", target=document)
        enqueue_on_commit(_render_task(), document.pk)
    document.refresh_from_db()
    return document
