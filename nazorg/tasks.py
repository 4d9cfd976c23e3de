from __future__ import annotations

import logging

from celery import shared_task

from nazorg.api.idempotency import idempotency_purge

logger = logging.getLogger(__name__)


@shared_task
def purge_idempotency_records() -> int:
    """Stored API answers hold detainee data: keep them only as long as a retry is plausible."""
    logger.info("nazorg idempotency purge: start")
    deleted = idempotency_purge()
    logger.info("nazorg idempotency purge: %s deleted", deleted)
    return deleted
