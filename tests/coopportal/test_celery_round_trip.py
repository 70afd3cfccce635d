"""Enqueue after commit, through a real worker and Redis (CI runs this on the real stack)."""

import time
from pathlib import Path

import pytest
from django.db import transaction

from coopportal.celery import app as celery_app
from coopportal.mail.models import OutboundEmail
from coopportal.mail.services import queue_email
from tests.celery_worker import running_worker
from tests.conftest import requires_worker_stack

pytestmark = [requires_worker_stack, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def mail_dir(tmp_path):
    return tmp_path / "sent-mail"


@pytest.fixture
def worker(mail_dir):
    env = {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend", "EMAIL_FILE_PATH": str(mail_dir)}
    with running_worker(extra_env=env) as proc:
        yield proc


def _sent_subjects(mail_dir: Path) -> list[str]:
    if not mail_dir.exists():
        return []
    return [line for f in mail_dir.iterdir() for line in f.read_text().splitlines() if line.startswith("Subject:")]


def _tasks_run(name: str) -> int:
    stats = celery_app.control.inspect(timeout=2).stats() or {}
    return sum(worker["total"].get(name, 0) for worker in stats.values())


def test_task_enqueued_inside_a_transaction_runs_only_after_commit(worker, mail_dir):
    with transaction.atomic():
        email = queue_email(recipients=["student@example.org"], subject="Sent after commit", body="Hello")
        time.sleep(1.5)  # a message published now would reach the idle worker before the row exists
        assert _tasks_run("mail.send_outbound_email") == 0
    assert _wait_for(lambda: OutboundEmail.objects.get(pk=email.pk).state == OutboundEmail.State.SENT)
    assert _sent_subjects(mail_dir) == ["Subject: Sent after commit"]
    assert _tasks_run("mail.send_outbound_email") == 1


def test_task_enqueued_in_a_rolled_back_transaction_never_runs(worker, mail_dir):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_email(recipients=["student@example.org"], subject="Rolled back", body="Never")
        raise RuntimeError("the change is abandoned")
    marker = queue_email(recipients=["student@example.org"], subject="Committed marker", body="After")
    assert _wait_for(lambda: OutboundEmail.objects.get(pk=marker.pk).state == OutboundEmail.State.SENT)
    # One worker, one queue: had the rolled-back task been published, it would have run before the marker.
    assert _tasks_run("mail.send_outbound_email") == 1
    assert _sent_subjects(mail_dir) == ["Subject: Committed marker"]
    assert not OutboundEmail.objects.filter(subject="Rolled back").exists()
