from django.test import Client as HttpClient
from django.utils import timezone

from ops.models import Heartbeat
from ops.tasks import worker_heartbeat


def test_health_reports_database_broker_and_worker(db):
    response = HttpClient().get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok", "worker": "unknown"}
    worker_heartbeat.delay()
    assert HttpClient().get("/health/").json()["worker"] == "ok"
    Heartbeat.objects.update(at=timezone.now() - timezone.timedelta(minutes=10))
    assert HttpClient().get("/health/").json()["worker"] == "stale"
