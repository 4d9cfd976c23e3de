"""The daily upkeep of the access log's partitions (CELERY_BEAT_SCHEDULE "access-log-partitions").
Found by config/celery.py, which also looks in privacy.access_log for tasks."""

from __future__ import annotations

import logging

from celery import shared_task

from privacy.access_log.partitions import access_log_partitions_ensure

logger = logging.getLogger(__name__)


@shared_task(name="privacy.access_log_partitions")
def access_log_partitions_task() -> list[str]:
    """Twelve months of partitions ahead; safe to run twice (the second run creates nothing)."""
    logger.info("privacy.access_log_partitions: start")
    try:
        created = access_log_partitions_ensure()
    except Exception:
        logger.exception("privacy.access_log_partitions: failed")
        raise
    logger.info("privacy.access_log_partitions: %s partitions created", len(created))
    return created
