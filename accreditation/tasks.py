import logging

from celery import shared_task
from celery.signals import worker_process_init

from coopportal.pdf import warm_up

from .rendering import STYLESHEETS
from .services.documents import (
    RENDER_RETRY_ERRORS,
    DocumentBusy,
    DocumentFailed,
    produce_document,
    sweep_documents,
)

logger = logging.getLogger(__name__)


@shared_task(name="accreditation.render_document", bind=True, max_retries=8)
def render_document(self, document_id: int) -> str:
    """Render (and email, when due) one document; any number of runs make one document."""
    try:
        return produce_document(document_id=document_id)
    except DocumentBusy as busy:
        if self.request.is_eager:
            return "busy"
        # Another worker holds the claim; come back when its lease has run out.
        raise self.retry(countdown=busy.retry_in) from None
    except RENDER_RETRY_ERRORS:
        # A service was away or busy: the row is pending again with the error; try again later with
        # backoff (and the sweeper picks it up if the retries run out).
        logger.warning("Rendering document %s failed; trying again.", document_id, exc_info=True)
        if self.request.is_eager:
            return "error"
        raise self.retry(countdown=min(600, 15 * 2**self.request.retries)) from None
    except DocumentFailed:
        # A retry would fail the same way: the row is failed with the reason (the admin can retry it).
        logger.exception("Rendering document %s failed for good.", document_id)
        return "failed"


@shared_task(name="accreditation.sweep_documents")
def sweep_documents_task() -> int:
    count = sweep_documents()
    if count:
        logger.info("Re-published %s document(s).", count)
    return count


@worker_process_init.connect
def warm_up_pdf_renderer(**kwargs) -> None:
    """Each worker process loads the fonts and stylesheets as it starts, not on its first document."""
    try:
        warm_up(stylesheets=STYLESHEETS)
    except Exception:
        # The first render reports the same problem against its document; the process still starts.
        logger.exception("Warming up the PDF renderer failed.")
