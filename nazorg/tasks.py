from __future__ import annotations

import logging

from celery import shared_task

from common.job_lock import one_at_a_time
from nazorg.api.idempotency import idempotency_purge

logger = logging.getLogger(__name__)


@shared_task
@one_at_a_time("nazorg.purge_idempotency_records")
def purge_idempotency_records() -> int:
    """Stored API answers hold detainee data: keep them only as long as a retry is plausible."""
    logger.info("nazorg idempotency purge: start")
    deleted = idempotency_purge()
    logger.info("nazorg idempotency purge: %s deleted", deleted)
    return deleted
