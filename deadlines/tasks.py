import logging

from celery import shared_task

from common.job_lock import one_at_a_time
from deadlines.services.scanner import deadlines_scan

logger = logging.getLogger(__name__)


@shared_task
@one_at_a_time("deadlines.scan_deadlines")
def scan_deadlines() -> dict[str, int]:
    """Every five minutes (CELERY_BEAT_SCHEDULE); a run that finds the previous one still going stops at once."""
    logger.info("scan_deadlines: start")
    result = deadlines_scan()
    logger.info(
        "scan_deadlines: %d due soon, %d overdue, %d escalated, %d notifications, %d errors",
        result.due_soon,
        result.overdue,
        result.escalated,
        result.notifications,
        len(result.errors),
    )
    return {"due_soon": result.due_soon, "overdue": result.overdue, "escalated": result.escalated}
