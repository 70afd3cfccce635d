import logging

from celery import shared_task
from django.conf import settings

from coopportal.queueing import TRANSIENT_TASK_ERRORS, publish

from . import services

logger = logging.getLogger(__name__)


@shared_task(name="mail.send_outbound_email", bind=True, max_retries=None)
def send_outbound_email(self, email_id: int) -> str:
    """Send one outbox row; the row, not this message, decides whether and when to try again."""
    try:
        if not services.claim_email(email_id):
            logger.info("Email %s already sent, failed, not due or claimed; nothing to do", email_id)
            return "skipped"
        outcome = services.deliver_claimed_email(email_id)
        delay = services.seconds_until_due(email_id) if outcome == "retry" else None
    except TRANSIENT_TASK_ERRORS as exc:
        # The database or broker is away: the row is due again (or its claim runs out) and the sweeper
        # would find it; coming back sooner is only a shortcut.
        logger.warning("Email %s: %s; trying again.", email_id, exc)
        if self.request.is_eager:
            return "error"
        raise self.retry(countdown=min(300, 5 * 2 ** min(self.request.retries, 6))) from None
    if delay is not None and delay <= settings.MAIL_SWEEP_SECONDS and not self.request.is_eager:
        # Due before the next sweep: wait for it here (a later retry is the sweeper's).
        raise self.retry(countdown=delay)
    return outcome


@shared_task(name="mail.sweep_outbound_email")
def sweep_outbound_email() -> int:
    """Re-publish emails that are due: lost messages, retries whose time has come, dead workers' claims."""
    ids = services.due_email_ids()
    for email_id in ids:
        if not publish(send_outbound_email, email_id):
            break
    return len(ids)
