import logging

from celery import shared_task

from caseplan.services.team import case_members_expire

logger = logging.getLogger(__name__)


@shared_task
def expire_case_memberships() -> int:
    logger.info("expire_case_memberships: start")
    count = case_members_expire()
    logger.info("expire_case_memberships: %d memberships ended", count)
    return count
