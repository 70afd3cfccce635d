"""Real worker, real Redis, real PostgreSQL: the protocol PDF and its email, and the faults to survive.

Each test starts its own redis-server on a free port and its own worker, so the machine's shared
Redis and PostgreSQL are never touched (let alone stopped).
"""

import os
import signal
import time
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accreditation.models import Document, ExamProtocol
from accreditation.services import documents as outbox
from accreditation.services import exams as exam_services
from coopportal import outages
from coopportal.users.services import ensure_totp_secret
from tests.celery_worker import app_broker, free_port, own_redis, running_worker, wait_for
from tests.conftest import requires_worker_stack

from . import factories as f
from .mailbox import read_mailbox

pytestmark = [
    requires_worker_stack,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LEASE_SECONDS = 3


@pytest.fixture
def mailbox(tmp_path):
    return tmp_path / "mailbox"


def _worker_env(mailbox: Path) -> dict:
    return {
        "EMAIL_BACKEND": "tests.accreditation.mailbox.DirectoryBackend",
        "TEST_MAILBOX_DIR": str(mailbox),
        "ACCREDITATION_DOCUMENT_LEASE_SECONDS": str(LEASE_SECONDS),
        "LOG_LEVEL": "WARNING",
        # The student reads English: the association's copy in the same language goes in the same email.
        "ASSOCIATION_LANGUAGE": "en",
    }


def _protocol_ready_to_finalise(errors):
    cohort = f.cohort()
    enrolment = f.exam_enrolment(cohort=cohort, full_name="زهرا احمدی")
    members = f.committee()
    session = f.session(cohort=cohort, candidates=[enrolment], members=members)
    protocol = exam_services.record_decision(
        candidate=session.candidates.get(), outcome="re_exam", errors=errors, recorded_by=members[0]
    )
    exam_services.sign_protocol(protocol=protocol, member=members[0])
    return protocol, members


def _protocol_document() -> Document:
    return Document.objects.get(kind=Document.Kind.EXAM_PROTOCOL)


def _assert_one_valid_pdf_and_one_email(protocol, mailbox, settings):
    document = _protocol_document()
    assert document.state == Document.State.READY
    path = Path(document.file.path)
    assert path.name == f"{document.storage_key}.pdf"
    assert not list(path.parent.glob(".*.tmp")), "no half-written files are left behind"
    reader = PdfReader(path)
    assert protocol.number in reader.pages[0].extract_text()
    messages = wait_for(lambda: read_mailbox(mailbox), timeout=30, what="the protocol email")
    time.sleep(1)  # a second (duplicate) email would arrive now
    messages = read_mailbox(mailbox)
    assert len(messages) == 1
    message = messages[0]
    recipients = {address.strip() for address in message["To"].split(",")}
    assert recipients == {protocol.candidate.enrolment.student.email, settings.ASSOCIATION_EMAIL}
    attachments = [part for part in message.walk() if part.get_content_type() == "application/pdf"]
    assert len(attachments) == 1
    assert attachments[0].get_payload(decode=True).startswith(b"%PDF")
    return document


def test_real_worker_renders_the_protocol_pdf_and_emails_it_attached(mailbox, settings):
    protocol, members = _protocol_ready_to_finalise("Fewer than 100 likes")
    with (
        own_redis(free_port()) as broker,
        app_broker(broker),
        running_worker(broker_url=broker, extra_env=_worker_env(mailbox)),
    ):
        exam_services.sign_protocol(protocol=protocol, member=members[1])  # final: the PDF is enqueued on commit
        wait_for(lambda: _protocol_document().state == Document.State.READY, timeout=60, what="the protocol PDF")
        protocol.refresh_from_db()
        document = _assert_one_valid_pdf_and_one_email(protocol, mailbox, settings)
    assert "زهرا احمدی" in PdfReader(document.file.path).pages[0].extract_text()


def test_worker_killed_mid_render_still_produces_the_document_exactly_once(mailbox, settings):
    # A long protocol takes seconds to render: time enough to kill the worker in the middle.
    errors = [f"Error {n}: the invitation plan did not match the audience of the broadcast" for n in range(2000)]
    protocol, members = _protocol_ready_to_finalise(errors)
    with own_redis(free_port()) as broker, app_broker(broker):
        with running_worker(broker_url=broker, extra_env=_worker_env(mailbox)) as worker:
            exam_services.sign_protocol(protocol=protocol, member=members[1])
            wait_for(
                lambda: _protocol_document().state == Document.State.RENDERING, timeout=60, what="the render to start"
            )
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)
        killed = _protocol_document()
        assert killed.state == Document.State.RENDERING and not killed.file
        assert read_mailbox(mailbox) == []

        with running_worker(broker_url=broker, extra_env=_worker_env(mailbox)):
            # The dead worker's lease runs out; the periodic sweeper hands the document to the new worker.
            wait_for(lambda: _protocol_document().lease_until < timezone.now(), timeout=30, what="the lease to expire")
            assert outbox.sweep_documents(grace_seconds=0) == 1
            wait_for(lambda: _protocol_document().state == Document.State.READY, timeout=90, what="the re-render")
            protocol.refresh_from_db()
            document = _assert_one_valid_pdf_and_one_email(protocol, mailbox, settings)
    assert document.attempts == 2
    assert Document.objects.count() == 1


def test_redis_down_at_finalisation_the_request_succeeds_and_the_sweeper_catches_up(client, mailbox, settings):
    protocol, members = _protocol_ready_to_finalise("No subscriber list for the broadcast")
    port = free_port()  # nothing listens here yet: the broker is "down"
    ensure_totp_secret(members[1])
    client.force_login(members[1])
    with app_broker(f"redis://127.0.0.1:{port}/0"):
        response = client.post(reverse("accreditation:protocol_sign", args=[protocol.pk]))
        assert response.status_code == 302
        protocol.refresh_from_db()
        assert protocol.is_final
        assert ExamProtocol.objects.get(pk=protocol.pk).number == protocol.number
        assert _protocol_document().state == Document.State.PENDING

        refused_at = time.monotonic()
        with own_redis(port) as broker, running_worker(broker_url=broker, extra_env=_worker_env(mailbox)):
            # After a refused publish the process leaves the broker alone for a few seconds.
            time.sleep(max(0.0, refused_at + outages.RETRY_AFTER_SECONDS - time.monotonic()))
            assert outbox.sweep_documents(grace_seconds=0) == 1
            wait_for(lambda: _protocol_document().state == Document.State.READY, timeout=60, what="the swept render")
            document = _assert_one_valid_pdf_and_one_email(protocol, mailbox, settings)
    assert document.attempts == 1
