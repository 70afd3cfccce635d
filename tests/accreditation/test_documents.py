"""The document outbox: one row per subject and kind, claimed once, finalised by its claim holder."""

import datetime
import io

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.db import IntegrityError, OperationalError, transaction
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accreditation.models import Document
from accreditation.services import documents as outbox
from accreditation.services.certificates import issue_completion_certificate
from accreditation.tasks import render_document, sweep_documents_task
from coopportal.mail.models import OutboundEmail
from coopportal.mail.tasks import send_outbound_email
from coopportal.users.roles import Role
from coopportal.users.services import ensure_totp_secret
from tests.accreditation.factories import course as the_course
from tests.factories import UserFactory, region

pytestmark = pytest.mark.django_db


def _certificate():
    holder = UserFactory(roles=[Role.STUDENT], full_name="Aigerim Demo-Student")
    return issue_completion_certificate(holder=holder, course=the_course(), issued_by=None)


def _document():
    return Document.objects.get(kind=Document.Kind.COMPLETION_CERTIFICATE)


def test_document_row_is_created_in_the_same_transaction_as_the_certificate():
    with pytest.raises(RuntimeError), transaction.atomic():
        _certificate()
        assert Document.objects.count() == 1
        raise RuntimeError("the caller's transaction rolls back")
    assert Document.objects.count() == 0


def test_one_document_per_subject_kind_and_version():
    _certificate()
    document = _document()
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(
            kind=document.kind,
            subject_type=document.subject_type,
            subject_id=document.subject_id,
            owner=document.owner,
            title="duplicate",
        )


def test_running_the_task_twice_makes_one_document_and_one_email(django_capture_on_commit_callbacks):
    _certificate()
    document = _document()
    with django_capture_on_commit_callbacks(execute=True):
        assert render_document.apply(args=[document.pk]).get() == "ready"
    first = _document()
    with django_capture_on_commit_callbacks(execute=True):
        assert render_document.apply(args=[document.pk]).get() == "ready"
    second = _document()
    assert first.rendered_at == second.rendered_at
    assert second.attempts == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].attachments[0][0].endswith(".pdf")


def test_a_render_takes_fifteen_statements_with_its_credential(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    # A first certificate opens the status list, so the one measured finds it.
    _certificate()
    outbox.produce_document(document_id=_document().pk)
    mail.outbox.clear()
    holder = UserFactory(roles=[Role.STUDENT], full_name="Aigerim Demo-Student", region=region("kz-almaty"))
    certificate = issue_completion_certificate(holder=holder, course=the_course(), issued_by=None)
    document = Document.objects.get(kind=Document.Kind.COMPLETION_CERTIFICATE, subject_id=certificate.pk)
    # The claim (a conditional UPDATE) and the claimed row with its owner; the credential in a savepoint
    # (2): the locked certificate with its holder, the newest status list, the UPDATE that counts the
    # entry on it, the credential's INSERT in its own savepoint (3); the certificate with its region for
    # the PDF, and in a savepoint (2), the UPDATE that marks it ready and the INSERT of its outbox email.
    with django_capture_on_commit_callbacks(execute=True) as sends, django_assert_num_queries(15):
        assert outbox.produce_document(document_id=document.pk) == "ready"
    assert len(sends) == 1  # the email's send, after commit
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [holder.email]
    assert "Hello Aigerim Demo-Student," in mail.outbox[0].body
    pdf_text = PdfReader(io.BytesIO(mail.outbox[0].attachments[0][1])).pages[0].extract_text()
    assert "Almaty" in pdf_text


def test_an_email_that_fails_stays_in_the_outbox_and_is_sent_by_a_later_attempt(
    monkeypatch, django_capture_on_commit_callbacks
):
    _certificate()
    document = _document()
    original_send = locmem.EmailBackend.send_messages

    def smtp_down(backend, messages):
        raise ConnectionRefusedError("SMTP server down")

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", smtp_down)
    with django_capture_on_commit_callbacks(execute=True):
        assert render_document.apply(args=[document.pk]).get() == "ready"
    assert _document().emailed_at is not None  # its email is in the outbox, written with the ready state
    email = OutboundEmail.objects.get()
    assert email.state == OutboundEmail.State.PENDING and "SMTP server down" in email.last_error
    monkeypatch.setattr(locmem.EmailBackend, "send_messages", original_send)
    OutboundEmail.objects.update(next_attempt_at=timezone.now())
    assert send_outbound_email.apply(args=[email.pk]).get() == "sent"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].attachments[0][2] == "application/pdf"
    assert mail.outbox[0].extra_headers["Message-ID"] == email.message_id


def test_a_claimed_document_is_not_rendered_by_another_worker():
    _certificate()
    document = _document()
    claimed = outbox._claim(document.pk)
    assert claimed.state == Document.State.RENDERING and claimed.claim_token is not None
    assert claimed.attempts == 1 and claimed.lease_until > timezone.now()
    assert outbox._claim(document.pk) is None
    with pytest.raises(outbox.DocumentBusy):
        outbox.produce_document(document_id=document.pk)
    assert _document().state == Document.State.RENDERING


def test_an_expired_lease_is_taken_over_and_the_old_holder_cannot_finalise(settings):
    _certificate()
    document = _document()
    old_token = outbox._claim(document.pk).claim_token
    Document.objects.filter(pk=document.pk).update(lease_until=timezone.now() - datetime.timedelta(seconds=1))
    assert outbox.produce_document(document_id=document.pk) == "ready"
    # The first worker waking up late finds its claim gone.
    assert not Document.objects.filter(pk=document.pk, claim_token=old_token).exists()
    assert _document().attempts == 2


def test_a_template_error_fails_the_document_at_once_with_the_reason(monkeypatch):
    _certificate()
    document = _document()

    def broken(document):
        raise ValueError("template exploded")

    monkeypatch.setattr(outbox, "document_pdf", broken)
    assert render_document.apply(args=[document.pk]).get() == "failed"
    failed = _document()
    assert failed.state == Document.State.FAILED and failed.attempts == 1
    assert "template exploded" in failed.last_error


def test_a_document_whose_database_keeps_failing_ends_failed_with_the_error(settings, monkeypatch):
    settings.ACCREDITATION_DOCUMENT_MAX_ATTEMPTS = 2
    _certificate()
    document = _document()

    def broken(document):
        raise OperationalError("database is locked")

    monkeypatch.setattr(outbox, "document_pdf", broken)
    assert render_document.apply(args=[document.pk]).get() == "error"
    assert _document().state == Document.State.PENDING
    assert render_document.apply(args=[document.pk]).get() == "error"
    failed = _document()
    assert failed.state == Document.State.FAILED
    assert "database is locked" in failed.last_error
    assert render_document.apply(args=[document.pk]).get() == "failed"


def test_a_worker_that_dies_every_time_stops_after_the_attempt_budget(settings):
    settings.ACCREDITATION_DOCUMENT_MAX_ATTEMPTS = 2
    _certificate()
    document = _document()
    past = timezone.now() - datetime.timedelta(seconds=1)
    for _ in range(2):  # claimed, then the worker is killed: the lease just runs out
        assert outbox._claim(document.pk)
        Document.objects.filter(pk=document.pk).update(lease_until=past)
    outbox.sweep_documents(grace_seconds=0)
    failed = _document()
    assert failed.state == Document.State.FAILED
    assert "stopped during the render" in failed.last_error


def test_sweeper_republishes_pending_documents_and_they_get_made():
    _certificate()  # no on-commit run: the hint was lost
    assert _document().state == Document.State.PENDING
    assert outbox.sweep_documents(grace_seconds=0) == 1  # eager Celery runs the render at once
    assert _document().state == Document.State.READY
    assert outbox.sweep_documents(grace_seconds=0) == 0


def test_sweeper_is_on_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert sweep_documents_task.name in tasks


def test_failed_documents_are_visible_and_retried_in_the_admin(client, settings, django_capture_on_commit_callbacks):
    settings.ACCREDITATION_DOCUMENT_MAX_ATTEMPTS = 1
    _certificate()
    document = _document()
    Document.objects.filter(pk=document.pk).update(state=Document.State.FAILED, last_error="Boom: bad font")
    admin = UserFactory(roles=[Role.ASSOCIATION_ADMIN], is_staff=True, is_superuser=True)
    ensure_totp_secret(admin)
    client.force_login(admin)
    page = client.get(reverse("admin:accreditation_document_changelist")).content.decode()
    assert "Boom: bad font" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:accreditation_document_changelist"),
            {"action": "retry", "_selected_action": [document.pk]},
        )
    assert _document().state == Document.State.READY
