from collections.abc import Callable, Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F, Q
from django.utils import timezone, translation

from coopportal.queueing import enqueue_on_commit
from coopportal.users.languages import preferred_language

from .models import OutboundEmail

CLAIM_LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 5


def queue_email(*, recipients: list[str], subject: str, body: str) -> OutboundEmail:
    """Record an email in the caller's transaction; it is sent after commit (or by the sweeper)."""
    from .tasks import send_outbound_email

    email = OutboundEmail.objects.create(recipients=list(recipients), subject=subject, body=body)
    enqueue_on_commit(send_outbound_email, email.pk)
    return email


def queue_email_to_users(*, users: Iterable, render: Callable[[], tuple[str, str]]) -> list[OutboundEmail]:
    """One email per language among `users`, each written in that language: `render()` returns the
    subject and body and is called with the recipients' language active (select their regions: a user
    who has not chosen a language is written to in their region's)."""
    by_language: dict[str, list[str]] = {}
    for user in users:
        by_language.setdefault(preferred_language(user), []).append(user.email)
    emails = []
    for language, recipients in by_language.items():
        with translation.override(language):
            subject, body = render()
        emails.append(queue_email(recipients=recipients, subject=subject, body=body))
    return emails


def claim_email(email_id: int) -> bool:
    """Take the email for sending; False when it is sent, failed, or another worker holds it."""
    now = timezone.now()
    return bool(
        OutboundEmail.objects.filter(pk=email_id)
        .filter(Q(state=OutboundEmail.State.PENDING) | Q(state=OutboundEmail.State.SENDING, claimed_until__lt=now))
        .update(state=OutboundEmail.State.SENDING, claimed_until=now + CLAIM_LEASE, attempts=F("attempts") + 1)
    )


def deliver_claimed_email(email_id: int) -> None:
    email = OutboundEmail.objects.get(pk=email_id)
    try:
        send_mail(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, email.recipients)
    except OSError as exc:
        state = OutboundEmail.State.FAILED if email.attempts >= MAX_ATTEMPTS else OutboundEmail.State.PENDING
        OutboundEmail.objects.filter(pk=email_id).update(state=state, claimed_until=None, last_error=str(exc))
        raise
    OutboundEmail.objects.filter(pk=email_id, state=OutboundEmail.State.SENDING).update(
        state=OutboundEmail.State.SENT, sent_at=timezone.now(), claimed_until=None, last_error=""
    )


def due_email_ids(*, limit: int = 500) -> list[int]:
    """Emails whose message was lost (broker down, worker killed) and should be sent again."""
    now = timezone.now()
    return list(
        OutboundEmail.objects.filter(
            Q(state=OutboundEmail.State.PENDING) | Q(state=OutboundEmail.State.SENDING, claimed_until__lt=now)
        ).values_list("pk", flat=True)[:limit]
    )
