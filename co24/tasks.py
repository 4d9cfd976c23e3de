from __future__ import annotations

import logging

from celery import shared_task

from co24.services.digest import send_signal_digests
from co24.services.rules import rules_scan_absent
from common.job_lock import one_at_a_time

logger = logging.getLogger(__name__)


@shared_task
@one_at_a_time("co24.co24_daily_digest")
def co24_daily_digest() -> int:
    logger.info("co24 digest: start")
    sent = send_signal_digests()
    logger.info("co24 digest: %s sent", sent)
    return sent


@shared_task
@one_at_a_time("co24.co24_scan_absent_factors")
def co24_scan_absent_factors() -> int:
    logger.info("co24 absent-factor scan: start")
    fired = rules_scan_absent()
    logger.info("co24 absent-factor scan: %s alerts", fired)
    return fired
