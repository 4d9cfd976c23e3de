"""Celery tasks of retention: the daily proposal and the destruction of an approved list; and the daily upkeep
of the access log's monthly partitions. Thin: they take ids, call the services, are safe to run twice, and
log start, success and failure."""

from __future__ import annotations

import logging

from celery import Task, shared_task

from common.job_lock import one_at_a_time
from privacy.access_log.partitions import access_log_partitions_ensure
from privacy.services.destruction import MAX_ATTEMPTS, destruction_run
from privacy.services.retention import retention_propose

logger = logging.getLogger(__name__)

DESTROY_BACKOFF_SECONDS = 60


@shared_task(name="retention.propose")
@one_at_a_time("retention.propose")
def retention_propose_task() -> int | None:
    """The daily proposal (CELERY_BEAT_SCHEDULE): one list of what expired, or nothing."""
    logger.info("retention.propose: start")
    try:
        destruction_list = retention_propose()
    except Exception:
        logger.exception("retention.propose: failed")
        raise
    if destruction_list is None:
        logger.info("retention.propose: nothing expired")
        return None
    logger.info("retention.propose: list %s, %s items", destruction_list.number, destruction_list.items_total)
    return destruction_list.pk


@shared_task(bind=True, name="retention.destroy", max_retries=MAX_ATTEMPTS, acks_late=True)
def retention_destroy(self: Task, list_id: int) -> str:
    """Destroy the approved list ``list_id``, item by item. Items that failed are tried again with a backoff;
    after ``MAX_ATTEMPTS`` they are marked failed and the privacy officers are told."""
    logger.info("retention.destroy %s: start (attempt %d)", list_id, self.request.retries + 1)
    try:
        run = destruction_run(destruction_list_id=list_id)
    except Exception:
        logger.exception("retention.destroy %s: failed", list_id)
        raise
    logger.info(
        "retention.destroy %s: %s destroyed, %s skipped, %s to retry, %s failed, finished=%s",
        list_id,
        run.destroyed,
        run.skipped,
        run.retry,
        run.failed,
        run.finished,
    )
    if run.retry and not run.finished:
        raise self.retry(countdown=DESTROY_BACKOFF_SECONDS * 2**self.request.retries)
    return "finished" if run.finished else "unfinished"


@shared_task(name="privacy.access_log_partitions")
@one_at_a_time("privacy.access_log_partitions")
def access_log_partitions_task() -> list[str]:
    """Twelve months of access-log partitions ahead (CELERY_BEAT_SCHEDULE); a second run creates nothing."""
    logger.info("privacy.access_log_partitions: start")
    try:
        created = access_log_partitions_ensure()
    except Exception:
        logger.exception("privacy.access_log_partitions: failed")
        raise
    logger.info("privacy.access_log_partitions: %s partitions created", len(created))
    return created
