from celery import shared_task
from celery.signals import worker_ready
from django.utils import timezone

from ops.models import Heartbeat


@worker_ready.connect
def _heartbeat_on_start(**kwargs: object) -> None:
    worker_heartbeat.delay()


@shared_task
def worker_heartbeat() -> None:
    Heartbeat.objects.update_or_create(name="worker", defaults={"at": timezone.now()})
