import logging

from celery import shared_task

from deadlines.services.scanner import deadlines_scan

logger = logging.getLogger(__name__)


@shared_task
def scan_deadlines() -> dict[str, int]:
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
