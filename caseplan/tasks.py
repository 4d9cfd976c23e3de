import logging

from celery import Task, shared_task
from django.db import InterfaceError, OperationalError

from caseplan.services import plan_pdf
from caseplan.services.contracts import contracts_expire
from caseplan.services.team import case_members_expire
from common.job_lock import one_at_a_time

logger = logging.getLogger(__name__)


@shared_task
@one_at_a_time("caseplan.expire_case_memberships")
def expire_case_memberships() -> int:
    logger.info("expire_case_memberships: start")
    count = case_members_expire()
    logger.info("expire_case_memberships: %d memberships ended", count)
    return count


# Errors worth another try: the database or the file storage being briefly unavailable.
PDF_TRANSIENT_ERRORS: tuple[type[Exception], ...] = (OSError, OperationalError, InterfaceError)
PDF_MAX_RETRIES = 3


def _mark_pdf_failed(pdf_id: int, exc: Exception) -> None:
    try:
        plan_pdf.plan_pdf_fail(pdf_id=pdf_id, error=exc)
    except Exception:  # the database may be what failed; keep the original error as the task's outcome
        logger.exception("render_plan_pdf %s: could not record the failure", pdf_id)


@shared_task(bind=True, max_retries=PDF_MAX_RETRIES, acks_late=True)
def render_plan_pdf(self: Task, pdf_id: int) -> str:
    """Render the PDF of a plan version (PlanPdf ``pdf_id``); safe to run twice: a PDF that is klaar stays."""
    attempt = self.request.retries + 1
    logger.info("render_plan_pdf %s: start (attempt %d)", pdf_id, attempt)
    try:
        result = plan_pdf.plan_pdf_render(pdf_id=pdf_id)
    except PDF_TRANSIENT_ERRORS as exc:
        if self.request.retries < PDF_MAX_RETRIES:
            logger.warning("render_plan_pdf %s: attempt %d failed, retrying: %r", pdf_id, attempt, exc)
            raise self.retry(exc=exc, countdown=15 * 2**self.request.retries) from exc
        logger.exception("render_plan_pdf %s: failed after %d attempts", pdf_id, attempt)
        _mark_pdf_failed(pdf_id, exc)
        raise
    except Exception as exc:
        logger.exception("render_plan_pdf %s: failed", pdf_id)
        _mark_pdf_failed(pdf_id, exc)
        raise
    logger.info("render_plan_pdf %s: %s", pdf_id, result)
    return result


@shared_task
@one_at_a_time("caseplan.expire_contracts")
def expire_contracts() -> int:
    """End the gedragscontracten whose end date has passed (art. 9); safe to run twice."""
    logger.info("expire_contracts: start")
    try:
        count = contracts_expire()
    except Exception:
        logger.exception("expire_contracts: failed")
        raise
    logger.info("expire_contracts: %d contracts ended", count)
    return count
