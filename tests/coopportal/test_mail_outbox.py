"""The outbox's retry schedule and how it tells a mail server's "try later" (4xx, a lost connection) from
"never" (5xx): the first is retried with a growing delay for more than a day, the second fails the row at once."""

import datetime
import smtplib

import pytest
from django.core.mail.backends import locmem
from django.utils import timezone

from coopportal.mail import services
from coopportal.mail.models import OutboundEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_schedule(settings):
    settings.MAIL_RETRY_BACKOFF_SECONDS = 60
    settings.MAIL_RETRY_BACKOFF_MAX_SECONDS = 3600
    settings.MAIL_RETRY_FOR_SECONDS = 26 * 3600
    return settings


def test_the_delay_doubles_from_a_minute_up_to_an_hour(production_schedule):
    delays = [services.retry_delay(attempts).total_seconds() for attempts in range(1, 10)]
    assert delays == [60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]


def test_an_email_is_retried_for_more_than_a_day_before_it_fails(production_schedule):
    email = services.queue_email(recipients=["reader@example.org"], subject="Notice", body="Body")
    assert email.give_up_at - email.created_at >= datetime.timedelta(hours=24)
    # The attempts that fit in the window: the schedule above, then hourly until it closes.
    elapsed, attempts = 0.0, 0
    while elapsed < production_schedule.MAIL_RETRY_FOR_SECONDS:
        attempts += 1
        elapsed += services.retry_delay(attempts).total_seconds()
    assert attempts >= 30


def _claimed_email(**overrides) -> OutboundEmail:
    email = services.queue_email(recipients=["a@example.org", "b@example.org"], subject="Notice", body="Body")
    if overrides:
        OutboundEmail.objects.filter(pk=email.pk).update(**overrides)
    assert services.claim_email(email.pk)
    return email


def _server_answers(monkeypatch, error: Exception):
    def send_messages(backend, messages):
        raise error

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", send_messages)


TRANSIENT = [
    smtplib.SMTPRecipientsRefused({"a@example.org": (451, b"4.3.0 try later"), "b@example.org": (452, b"full")}),
    # One recipient refused for good, the other only for now: the message is tried again.
    smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"5.1.1 no such user"), "b@example.org": (451, b"later")}),
    smtplib.SMTPSenderRefused(421, b"4.7.0 too many connections", "no-reply@coopportal.local"),
    smtplib.SMTPDataError(451, b"4.3.0 local error"),
    smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
    ConnectionRefusedError(111, "Connection refused"),
    TimeoutError("timed out"),
]
PERMANENT = [
    smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"5.1.1 no such user"), "b@example.org": (553, b"bad")}),
    smtplib.SMTPSenderRefused(553, b"5.7.1 sender not allowed", "no-reply@coopportal.local"),
    smtplib.SMTPDataError(554, b"5.6.0 message refused"),
]


@pytest.mark.parametrize("error", TRANSIENT, ids=lambda error: type(error).__name__)
def test_a_4xx_answer_or_a_lost_connection_is_retried_after_the_backoff(monkeypatch, production_schedule, error):
    email = _claimed_email()
    _server_answers(monkeypatch, error)
    before = timezone.now()
    assert services.deliver_claimed_email(email.pk) == "retry"
    email.refresh_from_db()
    assert email.state == OutboundEmail.State.PENDING and email.claimed_until is None
    assert type(error).__name__ in email.last_error
    wait = (email.next_attempt_at - before).total_seconds()
    assert 59 <= wait <= 61  # the first retry comes after MAIL_RETRY_BACKOFF_SECONDS
    assert not services.claim_email(email.pk)  # not due before then


@pytest.mark.parametrize("error", PERMANENT, ids=lambda error: type(error).__name__)
def test_a_5xx_answer_fails_the_email_at_once_with_the_reason(monkeypatch, error):
    email = _claimed_email()
    _server_answers(monkeypatch, error)
    assert services.deliver_claimed_email(email.pk) == "failed"
    email.refresh_from_db()
    assert email.state == OutboundEmail.State.FAILED and email.attempts == 1
    assert type(error).__name__ in email.last_error and "5." in email.last_error


def test_a_transient_error_after_the_retry_window_fails_the_email(monkeypatch):
    email = _claimed_email(give_up_at=timezone.now() - datetime.timedelta(seconds=1))
    _server_answers(monkeypatch, smtplib.SMTPRecipientsRefused({"a@example.org": (451, b"4.3.0 try later")}))
    assert services.deliver_claimed_email(email.pk) == "failed"
    email.refresh_from_db()
    assert email.state == OutboundEmail.State.FAILED and "451" in email.last_error


def test_the_retry_delay_grows_with_each_failed_attempt(monkeypatch, production_schedule):
    email = _claimed_email()
    _server_answers(monkeypatch, ConnectionRefusedError(111, "Connection refused"))
    waits = []
    for _ in range(3):
        before = timezone.now()
        assert services.deliver_claimed_email(email.pk) == "retry"
        email.refresh_from_db()
        waits.append(round((email.next_attempt_at - before).total_seconds()))
        OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
        assert services.claim_email(email.pk)
    assert waits == [60, 120, 240]
