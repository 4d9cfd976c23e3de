"""A periodic job never overlaps itself: a run that starts while another holds the job's advisory lock
(another worker process, another machine) stops at once and says so in the log."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterator

import pytest
from django.db import connections

from common.job_lock import lock_key, single_run
from deadlines import tasks as deadline_tasks
from deadlines.services.scanner import ScanResult

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_session() -> Iterator[object]:
    """A second database session, as another worker process has."""
    other = connections.create_connection("default")
    try:
        yield other
    finally:
        other.close()


def _try_lock(session, name: str) -> bool:
    with session.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [lock_key(name)])
        return cursor.fetchone()[0]


def _unlock(session, name: str) -> None:
    with session.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s)", [lock_key(name)])


def test_a_second_scan_stops_at_once_while_the_first_runs(other_session, monkeypatch, caplog):
    runs = []
    monkeypatch.setattr(deadline_tasks, "deadlines_scan", lambda: runs.append(1) or ScanResult())
    assert _try_lock(other_session, "deadlines.scan_deadlines"), "the 'first run' holds the lock"

    with caplog.at_level(logging.WARNING, logger="common.job_lock"):
        assert deadline_tasks.scan_deadlines.delay().get() is None
    assert runs == [], "the second run did nothing"
    assert "deadlines.scan_deadlines: the previous run is still going" in caplog.text

    _unlock(other_session, "deadlines.scan_deadlines")
    assert deadline_tasks.scan_deadlines.delay().get() == {"due_soon": 0, "overdue": 0, "escalated": 0}
    assert runs == [1], "once the first run is over, the next one runs"


def test_the_lock_is_held_while_the_job_runs_and_released_after_it_fails(other_session, monkeypatch):
    seen_from_outside = []

    def scan() -> ScanResult:
        seen_from_outside.append(_try_lock(other_session, "deadlines.scan_deadlines"))
        raise RuntimeError("scan failed")

    monkeypatch.setattr(deadline_tasks, "deadlines_scan", scan)
    with pytest.raises(RuntimeError):
        deadline_tasks.scan_deadlines()
    assert seen_from_outside == [False], "another session could not start a run meanwhile"
    assert _try_lock(other_session, "deadlines.scan_deadlines"), "a failed run leaves no lock behind"
    _unlock(other_session, "deadlines.scan_deadlines")


def test_each_job_has_its_own_lock(other_session):
    assert _try_lock(other_session, "notifications.send_daily_digests")
    try:
        with single_run("deadlines.scan_deadlines") as mine:
            assert mine
        with single_run("notifications.send_daily_digests") as mine:
            assert not mine
    finally:
        _unlock(other_session, "notifications.send_daily_digests")


# Every periodic job (CELERY_BEAT_SCHEDULE) and its lock; only the heartbeat, a single upsert, goes without.
LOCKED = {
    "deadlines.tasks.scan_deadlines": "deadlines.scan_deadlines",
    "notifications.tasks.send_pending_emails": "notifications.send_pending_emails",
    "notifications.tasks.send_daily_digests": "notifications.send_daily_digests",
    "co24.tasks.co24_daily_digest": "co24.co24_daily_digest",
    "co24.tasks.co24_scan_absent_factors": "co24.co24_scan_absent_factors",
    "caseplan.tasks.expire_case_memberships": "caseplan.expire_case_memberships",
    "caseplan.tasks.expire_contracts": "caseplan.expire_contracts",
    "nazorg.tasks.purge_idempotency_records": "nazorg.purge_idempotency_records",
    "retention.propose": "retention.propose",
    "privacy.access_log_partitions": "privacy.access_log_partitions",
}
UNLOCKED = {"ops.tasks.worker_heartbeat"}


# The module of each task registered under a name of its own
MODULES = {"retention.propose": "privacy.tasks", "privacy.access_log_partitions": "privacy.tasks"}


@pytest.mark.parametrize(("task_path", "lock"), LOCKED.items())
def test_every_periodic_job_takes_its_lock(other_session, task_path, lock):
    from celery import current_app

    importlib.import_module(MODULES.get(task_path, task_path.rsplit(".", 1)[0]))
    task = current_app.tasks[task_path]
    assert _try_lock(other_session, lock)
    try:
        assert task.delay().get() is None, "stopped at once: the lock is taken"
    finally:
        _unlock(other_session, lock)


def test_a_new_periodic_job_is_in_the_list_above(settings):
    assert {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()} == set(LOCKED) | UNLOCKED
