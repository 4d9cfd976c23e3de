import logging

from celery import shared_task

from common.job_lock import one_at_a_time
from notifications import services

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
@one_at_a_time("notifications.send_pending_emails")
def send_pending_emails() -> int:
    logger.info("send_pending_emails: start")
    sent = services.send_pending_emails()
    logger.info("send_pending_emails: %d sent", sent)
    return sent


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
@one_at_a_time("notifications.send_daily_digests")
def send_daily_digests() -> int:
    logger.info("send_daily_digests: start")
    count = services.send_daily_digests()
    logger.info("send_daily_digests: %d users", count)
    return count
