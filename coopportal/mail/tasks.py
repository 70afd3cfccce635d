import logging

from celery import shared_task

from coopportal.queueing import publish

from . import services

logger = logging.getLogger(__name__)


@shared_task(name="mail.send_outbound_email", autoretry_for=(OSError,), retry_backoff=True, max_retries=4)
def send_outbound_email(email_id: int) -> None:
    if not services.claim_email(email_id):
        logger.info("Email %s already sent, failed or claimed; nothing to do", email_id)
        return
    services.deliver_claimed_email(email_id)


@shared_task(name="mail.sweep_outbound_email")
def sweep_outbound_email() -> int:
    """Re-publish emails left pending (beat runs this every minute)."""
    ids = services.due_email_ids()
    for email_id in ids:
        publish(send_outbound_email, email_id)
    return len(ids)
