"""The outbox for every email the portal sends (notifications, account emails, documents).

A row is written in the transaction of the change that causes it; a task claims it (one lease),
sends it and records the outcome. A transient failure puts the row back with an exponentially
growing delay (MAIL_RETRY_BACKOFF_SECONDS doubling up to MAIL_RETRY_BACKOFF_MAX_SECONDS) until
MAIL_RETRY_FOR_SECONDS after it was written; a permanent one (a header that cannot be sent, a
recipient or message the server refuses with 5xx) fails it at once with the reason. The sweeper
re-publishes what is due, whether the message was lost or the retry's time has come.
"""

import logging
import smtplib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import timedelta
from email.utils import make_msgid, parseaddr

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coopportal.queueing import describe_error, enqueue_on_commit
from coopportal.users.languages import preferred_language

from .models import OutboundEmail
from .smtp import DeliveryUncertain

logger = logging.getLogger(__name__)

SUBJECT_MAX_LENGTH = OutboundEmail._meta.get_field("subject").max_length
# A message whose answer was lost is sent once more; a second loss ends the row.
MAX_UNCONFIRMED_SENDS = 2


@dataclass(frozen=True)
class StoredAttachment:
    """A file in default storage to attach; the row keeps the reference, so each attempt sends the same bytes."""

    filename: str
    path: str
    mimetype: str = "application/octet-stream"


def single_line_subject(subject: str) -> str:
    """The subject on one line (line breaks and other control characters become spaces), within the column."""
    cleaned = " ".join("".join(" " if not char.isprintable() else char for char in str(subject)).split())
    if len(cleaned) > SUBJECT_MAX_LENGTH:
        cleaned = cleaned[: SUBJECT_MAX_LENGTH - 1].rstrip() + "…"
    return cleaned


def new_message_id() -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "coopportal.local"
    return make_msgid(domain=domain)


def queue_email(
    *,
    recipients: list[str],
    subject: str,
    body: str,
    html_body: str = "",
    attachments: Sequence[StoredAttachment] = (),
) -> OutboundEmail:
    """Record an email in the caller's transaction; it is sent after commit (or by the sweeper)."""
    from .tasks import send_outbound_email

    email = OutboundEmail.objects.create(
        recipients=list(recipients),
        subject=single_line_subject(subject),
        body=body,
        html_body=html_body,
        attachments=[asdict(attachment) for attachment in attachments],
        message_id=new_message_id(),
        give_up_at=timezone.now() + _retry_window(),
    )
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


def _lease() -> timedelta:
    return timedelta(seconds=settings.MAIL_CLAIM_LEASE_SECONDS)


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th transient failure."""
    base, ceiling = settings.MAIL_RETRY_BACKOFF_SECONDS, settings.MAIL_RETRY_BACKOFF_MAX_SECONDS
    return timedelta(seconds=min(ceiling, base * 2 ** max(0, attempts - 1)))


def claim_email(email_id: int) -> bool:
    """Take the email for sending; False when it is sent, failed, not yet due, or another worker holds it."""
    now = timezone.now()
    return bool(
        OutboundEmail.objects.filter(pk=email_id)
        .filter(_due(now))
        .update(state=OutboundEmail.State.SENDING, claimed_until=now + _lease(), attempts=F("attempts") + 1)
    )


def _due(now) -> Q:
    return Q(state=OutboundEmail.State.PENDING) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)) | Q(
        state=OutboundEmail.State.SENDING, claimed_until__lt=now
    )


class PermanentEmailError(Exception):
    """The email can never be sent as it is; the row fails with this reason."""


def _message(email: OutboundEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=email.recipients,
        headers={"Message-ID": email.message_id},
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    for attachment in email.attachments:
        try:
            with default_storage.open(attachment["path"], "rb") as handle:
                content = handle.read()
        except FileNotFoundError:
            raise PermanentEmailError(
                _("The attachment %(name)s is missing from storage.") % {"name": attachment["filename"]}
            ) from None
        message.attach(attachment["filename"], content, attachment["mimetype"])
    return message


def _is_permanent(exc: Exception) -> bool:
    """A refusal the server will repeat: 5xx for the sender, the message or every recipient."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _reply in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500


TRANSIENT_SMTP_ERRORS = (smtplib.SMTPException, OSError)


def deliver_claimed_email(email_id: int) -> str:
    """Send a claimed email and record the outcome: "sent", "retry" (transient; due again later) or
    "failed". Raises nothing for a refused or unreachable server: the row holds the outcome."""
    email = OutboundEmail.objects.get(pk=email_id)
    claimed = OutboundEmail.objects.filter(pk=email_id, state=OutboundEmail.State.SENDING)
    try:
        message = _message(email)
        get_connection().send_messages([message])
    except DeliveryUncertain as exc:
        sends = email.unconfirmed_sends + 1
        if sends >= MAX_UNCONFIRMED_SENDS:
            reason = _("The connection dropped after the message was sent, %(count)s times; it may have arrived.") % {
                "count": sends
            }
            claimed.update(unconfirmed_sends=sends, **_failed(f"{reason} {exc}"))
            return "failed"
        claimed.update(unconfirmed_sends=sends, **_retry_later(email, describe_error(exc)))
        return "retry"
    except PermanentEmailError as exc:
        claimed.update(**_failed(str(exc)))
        return "failed"
    except TRANSIENT_SMTP_ERRORS as exc:
        if _is_permanent(exc) or timezone.now() >= _give_up_at(email):
            claimed.update(**_failed(describe_error(exc)))
            return "failed"
        claimed.update(**_retry_later(email, describe_error(exc)))
        return "retry"
    except Exception as exc:
        # A bad header or address, or a bug: sending again would fail the same way.
        logger.exception("Email %s cannot be sent.", email_id)
        claimed.update(**_failed(describe_error(exc)))
        return "failed"
    claimed.update(state=OutboundEmail.State.SENT, sent_at=timezone.now(), claimed_until=None, last_error="")
    return "sent"


def _give_up_at(email: OutboundEmail):
    return email.give_up_at or email.created_at + _retry_window()


def _retry_window() -> timedelta:
    return timedelta(seconds=settings.MAIL_RETRY_FOR_SECONDS)


def _failed(reason: str) -> dict:
    return {"state": OutboundEmail.State.FAILED, "claimed_until": None, "next_attempt_at": None, "last_error": reason}


def _retry_later(email: OutboundEmail, reason: str) -> dict:
    return {
        "state": OutboundEmail.State.PENDING,
        "claimed_until": None,
        "next_attempt_at": timezone.now() + retry_delay(email.attempts),
        "last_error": reason,
    }


def seconds_until_due(email_id: int) -> float | None:
    """Seconds until a pending email's next attempt (None when it is not waiting for one)."""
    due_at = (
        OutboundEmail.objects.filter(pk=email_id, state=OutboundEmail.State.PENDING)
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if due_at is None:
        return None
    return max(0.0, (due_at - timezone.now()).total_seconds())


def due_email_ids(*, limit: int = 500) -> list[int]:
    """Emails to send now: written but never sent (broker down), due for a retry, or held by a dead worker."""
    return list(OutboundEmail.objects.filter(_due(timezone.now())).order_by("pk").values_list("pk", flat=True)[:limit])


@transaction.atomic
def retry_failed_email(*, email: OutboundEmail, actor) -> bool:
    """An admin sends a failed email again, with a fresh retry window; True if it was failed."""
    from coopportal.audit.services import record_action

    from .tasks import send_outbound_email

    if not actor.has_perm("mail.change_outboundemail"):
        raise PermissionDenied(_("Only staff who manage outgoing email can send it again."))
    updated = OutboundEmail.objects.filter(pk=email.pk, state=OutboundEmail.State.FAILED).update(
        state=OutboundEmail.State.PENDING,
        attempts=0,
        unconfirmed_sends=0,
        next_attempt_at=None,
        give_up_at=timezone.now() + _retry_window(),
    )
    if updated:
        record_action(actor=actor, action="mail.email_retried", target=email)
        enqueue_on_commit(send_outbound_email, email.pk)
    return bool(updated)
