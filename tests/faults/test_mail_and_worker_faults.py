"""A mail server that refuses, and workers killed after a document is ready or in the middle of its render:
every email arrives once, and the PDF is made again within 60 s. Each test runs its own redis-server, a real
SMTP server (aiosmtpd) where the email matters, and real `celery worker` and `celery beat` processes.
"""

import os
import signal
import time

import pytest
from django.db import transaction

from accreditation.models import Document
from accreditation.services import exams as exam_services
from coopportal.celery import app as celery_app
from coopportal.mail.models import OutboundEmail
from coopportal.mail.services import queue_email
from tests.accreditation import factories as f
from tests.accreditation.mailbox import read_mailbox
from tests.celery_worker import app_broker, free_port, own_redis, running_beat, running_worker, wait_for
from tests.conftest import requires_worker_stack

from .smtp_sink import smtp_sink

pytestmark = [
    requires_worker_stack,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REFUSAL_SECONDS = 60
# The bound for a render whose worker was killed, with the production lease and sweep interval.
LOST_RENDER_SECONDS = 60


def _smtp_env(port: int, **extra) -> dict:
    return {
        "EMAIL_BACKEND": "coopportal.mail.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_TIMEOUT": "5",
        "ASSOCIATION_LANGUAGE": "en",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def _pending_emails_sent_once(sink) -> list[str]:
    """Every outbox row is sent and arrived exactly once (by its Message-ID)."""
    expected = sorted(OutboundEmail.objects.values_list("message_id", flat=True))
    assert set(OutboundEmail.objects.values_list("state", flat=True)) == {OutboundEmail.State.SENT}
    assert sorted(sink.message_ids()) == expected
    return expected


def _protocol_ready_to_finalise(errors):
    cohort = f.cohort()
    members = f.committee()
    session = f.session(cohort=cohort, candidates=[f.exam_enrolment(cohort=cohort)], members=members)
    protocol = exam_services.record_decision(
        candidate=session.candidates.get(), outcome="re_exam", errors=errors, recorded_by=members[0]
    )
    exam_services.sign_protocol(protocol=protocol, member=members[0])
    return protocol, members


def test_smtp_refusing_for_a_minute_every_email_arrives_once(record_property):
    smtp_port = free_port()
    # A shorter backoff than production's (1 min doubling to 1 h), so the minute holds several attempts.
    env = _smtp_env(
        smtp_port, MAIL_RETRY_BACKOFF_SECONDS="2", MAIL_RETRY_BACKOFF_MAX_SECONDS="8", MAIL_SWEEP_SECONDS="5"
    )
    with smtp_sink(smtp_port) as sink, own_redis(free_port()) as broker, app_broker(broker):
        sink.refusing.set()
        with running_worker(broker_url=broker, extra_env=env), running_beat(broker_url=broker, extra_env=env):
            refused_from = time.monotonic()
            with transaction.atomic():
                for n in range(5):
                    queue_email(recipients=[f"reader{n}@example.org"], subject=f"Notice {n}", body="Body")
            wait_for(lambda: sink.refusals >= 5 * 3, timeout=REFUSAL_SECONDS, what="three refusals of each email")
            time.sleep(max(0.0, REFUSAL_SECONDS - (time.monotonic() - refused_from)))
            assert sink.messages == []
            assert not OutboundEmail.objects.filter(state=OutboundEmail.State.FAILED).exists()
            sink.refusing.clear()
            accepted_from = time.monotonic()
            wait_for(lambda: len(sink.messages) >= OutboundEmail.objects.count(), timeout=60, what="every email")
            recovered = time.monotonic() - accepted_from
            time.sleep(2)  # a duplicate would arrive now
        _pending_emails_sent_once(sink)
    attempts = sorted(OutboundEmail.objects.values_list("attempts", flat=True))
    record_property("smtp_refusals", sink.refusals)
    record_property("seconds_from_smtp_back_to_every_email", round(recovered, 1))
    print(f"\nSMTP refused {sink.refusals} times; attempts per email {attempts}; all in {recovered:.1f} s after")
    assert min(attempts) >= 4


def test_worker_killed_after_the_document_is_ready_its_email_still_arrives_once(record_property):
    protocol, members = _protocol_ready_to_finalise("No subscriber list for the broadcast")
    smtp_port = free_port()
    # The dead worker's claim on the email runs out after 5 s (production: 5 min).
    env = _smtp_env(smtp_port, MAIL_CLAIM_LEASE_SECONDS="5", MAIL_SWEEP_SECONDS="2")
    with smtp_sink(smtp_port) as sink, own_redis(free_port()) as broker, app_broker(broker):
        sink.holding.set()  # the worker's SMTP session waits before the message: time to kill it
        with running_worker(broker_url=broker, extra_env=env) as worker:
            exam_services.sign_protocol(protocol=protocol, member=members[1])  # final: the PDF is enqueued
            document = wait_for(
                lambda: Document.objects.filter(kind=Document.Kind.EXAM_PROTOCOL, state=Document.State.READY).first(),
                timeout=60,
                what="the protocol PDF",
            )
            wait_for(lambda: sink.held, timeout=30, what="the worker's SMTP session")
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)
            killed_at = time.monotonic()
        sink.holding.clear()
        email = OutboundEmail.objects.get(attachments__0__path=document.file.name)
        assert email.state == OutboundEmail.State.SENDING and sink.messages == []
        with running_worker(broker_url=broker, extra_env=env), running_beat(broker_url=broker, extra_env=env):
            wait_for(lambda: email.message_id in sink.message_ids(), timeout=60, what="the protocol email")
            recovered = time.monotonic() - killed_at
            wait_for(lambda: len(sink.messages) >= OutboundEmail.objects.count(), timeout=30, what="every email")
            time.sleep(2)  # a duplicate would arrive now
        _pending_emails_sent_once(sink)
    email.refresh_from_db()
    assert email.attempts == 2
    record_property("seconds_from_kill_to_email", round(recovered, 1))
    print(f"\nWorker killed after the PDF: its email arrived {recovered:.1f} s after the kill")


def _with_pdf(messages):
    return [m for m in messages if any(part.get_content_type() == "application/pdf" for part in m.walk())]


def _rendering_on(document_id: int, names: list[str]) -> str | None:
    """The worker (of `names`) rendering the document once it has claimed it."""
    if not Document.objects.filter(pk=document_id, state=Document.State.RENDERING).exists():
        return None
    active = celery_app.control.inspect(destination=names, timeout=1).active() or {}
    for name, tasks in active.items():
        if any(task["name"] == "accreditation.render_document" and task["args"] == [document_id] for task in tasks):
            return name
    return None


def test_worker_killed_mid_render_the_pdf_is_made_within_60_seconds(tmp_path, record_property):
    # A long protocol takes seconds to render: time enough to kill its worker in the middle.
    errors = [f"Error {n}: the invitation plan did not match the audience of the broadcast" for n in range(400)]
    protocol, members = _protocol_ready_to_finalise(errors)
    mailbox = tmp_path / "mailbox"
    # Production's lease (30 s, renewed while rendering) and document sweep (every 15 s): nothing shortened.
    env = {
        "EMAIL_BACKEND": "tests.accreditation.mailbox.DirectoryBackend",
        "TEST_MAILBOX_DIR": str(mailbox),
        "ASSOCIATION_LANGUAGE": "en",
        "LOG_LEVEL": "WARNING",
    }
    with (
        own_redis(free_port()) as broker,
        app_broker(broker),
        running_worker(broker_url=broker, extra_env=env) as first,
        running_worker(broker_url=broker, extra_env=env) as second,
        running_beat(broker_url=broker, extra_env=env),
    ):
        workers = {first.worker_name: first, second.worker_name: second}
        exam_services.sign_protocol(protocol=protocol, member=members[1])
        document = Document.objects.get(kind=Document.Kind.EXAM_PROTOCOL)
        holder = wait_for(lambda: _rendering_on(document.pk, list(workers)), timeout=60, what="the render")
        os.killpg(workers[holder].pid, signal.SIGKILL)
        workers[holder].wait(timeout=10)
        killed_at = time.monotonic()
        wait_for(
            lambda: Document.objects.filter(pk=document.pk, state=Document.State.READY).exists(),
            timeout=LOST_RENDER_SECONDS + 30,
            what="the PDF after the kill",
        )
        recovered = time.monotonic() - killed_at
        wait_for(lambda: _with_pdf(read_mailbox(mailbox)), timeout=30, what="the protocol email")
        time.sleep(2)  # a duplicate would arrive now
    assert len(_with_pdf(read_mailbox(mailbox))) == 1
    document.refresh_from_db()
    assert document.attempts == 2 and document.file
    record_property("seconds_from_kill_mid_render_to_pdf", round(recovered, 1))
    print(f"\nWorker killed mid-render: the PDF was ready {recovered:.1f} s after the kill")
    assert recovered < LOST_RENDER_SECONDS
