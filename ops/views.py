"""Health endpoint for load balancers and docker-compose: database, broker and worker state."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone

from config.celery import app as celery_app
from ops.models import Heartbeat

WORKER_STALE_AFTER = timedelta(minutes=3)


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _broker() -> str:
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


def _worker() -> str:
    beat = Heartbeat.objects.filter(name="worker").first()
    if beat is None:
        return "unknown"
    return "ok" if timezone.now() - beat.at < WORKER_STALE_AFTER else "stale"


def health(request: HttpRequest) -> JsonResponse:
    checks: dict[str, str] = {}
    for name, check in (("database", _database), ("broker", _broker), ("worker", _worker)):
        try:
            checks[name] = check()
        except Exception as exc:
            checks[name] = f"error: {exc.__class__.__name__}"
    healthy = checks["database"] == "ok" and checks["broker"] == "ok"
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)
