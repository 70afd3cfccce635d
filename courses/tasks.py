import logging

from celery import shared_task

from .services.subscribers import expire_sign_ups

logger = logging.getLogger(__name__)


@shared_task(name="courses.expire_sign_ups")
def expire_unconfirmed_sign_ups() -> int:
    """Sign-ups on the subscribe page past their time are deleted (beat, every 15 minutes)."""
    deleted = expire_sign_ups()
    logger.info("Expired sign-ups deleted: %s", deleted)
    return deleted
