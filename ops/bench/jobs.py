"""Background job timings at national scale (issue 19): the deadline scan with nothing to do and with 10,000
transitions, the daily digest for 5,000 users, the CO24 signal digest and the CO24 absent-factor scan.

Each job runs through its service, as the Celery task calls it, with mail kept in memory and the e-mail task
counted instead of queued. Every measurement puts back what it changed (the moved deadlines, the rows the
jobs wrote), so the pages measured before and a rerun see the same data. The scan first takes the steps that
fell due since the data was seeded (the catch-up run), so that the next run is the idle one.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from unittest import mock

from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone

from co24.models import Alert, DigestMark, RuleKind, TippingRule
from co24.services.digest import send_signal_digests
from co24.services.rules import rules_scan_absent
from deadlines.models import Deadline, DeadlineStatus
from deadlines.services.calendar import add_working_days
from deadlines.services.scanner import deadlines_scan
from notifications import tasks as notification_tasks
from notifications.models import Notification
from notifications.services import send_daily_digests
from ops.bench.state import history_model

TRANSITIONS = 10_000
DIGEST_USERS = 5_000
DIGEST_ROWS_PER_USER = 4
ABSENT_WINDOW_DAYS = 14


@dataclass(frozen=True)
class JobTiming:
    name: str
    seconds: float
    target: float | None  # seconds, from the issue; None: no target
    writes: str  # what the run wrote


def _sql(query: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(query, params or [])
        return cursor.fetchall() if cursor.description else []


def _max_id(table: str, column: str = "id") -> int:
    return _sql(f"SELECT coalesce(max({column}), 0) FROM {table}")[0][0]


DEADLINES = Deadline._meta.db_table
HISTORY = history_model(Deadline)._meta.db_table
NOTIFICATIONS = Notification._meta.db_table


class _Run:
    """Times one job run and counts what it wrote: history rows, notifications, e-mail tasks queued."""

    def __init__(self) -> None:
        self.timings: list[JobTiming] = []

    def __call__(self, name: str, job: Callable[[], object], target: float | None = None) -> JobTiming:
        history, notifications = _max_id(HISTORY, "history_id"), _max_id(NOTIFICATIONS)
        queued: list[int] = []
        with (
            mock.patch.object(notification_tasks.send_pending_emails, "delay", lambda: queued.append(1)),
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
        ):
            started = time.perf_counter()
            job()
            seconds = time.perf_counter() - started
        history_rows = _sql(f"SELECT count(*) FROM {HISTORY} WHERE history_id > %s", [history])[0][0]
        created = _sql(f"SELECT count(*) FROM {NOTIFICATIONS} WHERE id > %s", [notifications])[0][0]
        writes = (
            f"{history_rows:,} deadline history rows, {created:,} notifications, {len(queued)} e-mail task(s)"
        )
        timing = JobTiming(name, seconds, target, writes)
        self.timings.append(timing)
        return timing


@contextmanager
def _put_back(*tables: tuple[str, str]) -> Iterator[None]:
    """Delete the rows the block added to ``tables`` ((table, id column) pairs) once it is done."""
    marks = [(table, column, _max_id(table, column)) for table, column in tables]
    try:
        yield
    finally:
        for table, column, mark in marks:
            _sql(f"DELETE FROM {table} WHERE {column} > %s", [mark])


def _scan(run: _Run, today: datetime.date) -> None:
    run("Deadline scan, catch-up (the steps due since seeding)", lambda: deadlines_scan(today=today))
    total = Deadline.objects.count()
    run(f"Deadline scan, nothing to do ({total:,} deadlines)", lambda: deadlines_scan(today=today), target=10)
    late = add_working_days(today, -1)  # one working day late: exactly the first step
    _sql("DROP TABLE IF EXISTS bench_jobs_moved")
    _sql(
        f"CREATE TABLE bench_jobs_moved AS SELECT id, due_on FROM {DEADLINES} "
        "WHERE status = %s AND due_on > %s ORDER BY id LIMIT %s",
        [DeadlineStatus.OPEN, today + datetime.timedelta(days=30), TRANSITIONS],
    )
    try:
        with _put_back((HISTORY, "history_id"), (NOTIFICATIONS, "id")):
            _sql(f"UPDATE {DEADLINES} d SET due_on = %s FROM bench_jobs_moved m WHERE d.id = m.id", [late])
            moved = _sql("SELECT count(*) FROM bench_jobs_moved")[0][0]
            run(f"Deadline scan, {moved:,} transitions", lambda: deadlines_scan(today=today), target=30)
    finally:
        _sql(
            f"UPDATE {DEADLINES} d SET due_on = m.due_on, status = %s, escalation_level = 0 "
            "FROM bench_jobs_moved m WHERE d.id = m.id",
            [DeadlineStatus.OPEN],
        )
        _sql("DROP TABLE bench_jobs_moved")


def _digest(run: _Run) -> None:
    """The digest of 5,000 users with four notifications each (what was pending is set aside meanwhile)."""
    _sql("DROP TABLE IF EXISTS bench_jobs_pending")
    _sql(
        f"CREATE TABLE bench_jobs_pending AS SELECT id FROM {NOTIFICATIONS} "
        "WHERE channel = 'digest' AND emailed_at IS NULL"
    )
    try:
        _sql(f"UPDATE {NOTIFICATIONS} SET emailed_at = now() WHERE id IN (SELECT id FROM bench_jobs_pending)")
        with _put_back((NOTIFICATIONS, "id")):
            _sql(
                f"INSERT INTO {NOTIFICATIONS} (recipient_id, kind, title, body, url, dedupe_key, channel, created_at) "
                "SELECT u.id, 'termijn_bijna', 'Termijn verloopt binnenkort: Plan-evaluatie in casus PGA-2026-' || n, "
                "'', '/termijnen/' || n || '/', 'bench-digest:' || n, 'digest', now() - n * interval '1 minute' "
                "FROM (SELECT id FROM privacy_user WHERE is_active ORDER BY id LIMIT %s) u, generate_series(1, %s) n",
                [DIGEST_USERS, DIGEST_ROWS_PER_USER],
            )
            users = _sql(
                f"SELECT count(DISTINCT recipient_id) FROM {NOTIFICATIONS} "
                "WHERE channel = 'digest' AND emailed_at IS NULL"
            )[0][0]
            run(f"Daily digest, {users:,} users", send_daily_digests, target=10)
    finally:
        _sql(f"UPDATE {NOTIFICATIONS} SET emailed_at = NULL WHERE id IN (SELECT id FROM bench_jobs_pending)")
        _sql("DROP TABLE bench_jobs_pending")


def _co24(run: _Run, now: datetime.datetime) -> None:
    marks = list(DigestMark.objects.all())
    first = "first run (every signal new)" if not marks else "run"
    try:
        with _put_back((NOTIFICATIONS, "id")):
            run(f"CO24 signal digest, {first}", send_signal_digests, target=10)
            run("CO24 signal digest, next run (nothing new)", send_signal_digests)
    finally:
        DigestMark.objects.exclude(pk__in=[mark.pk for mark in marks]).delete()
        DigestMark.objects.bulk_update(marks, ["last_signal_id", "sent_at"], batch_size=1000)
    rules = set(TippingRule.objects.values_list("pk", flat=True))
    tables = ((NOTIFICATIONS, "id"), (HISTORY, "history_id"), (DEADLINES, "id"), (Alert._meta.db_table, "id"))
    try:
        with _put_back(*tables):
            # one "protective factor 14 days not seen" rule per running enrolment without one, on its first
            # protective item
            _sql(
                f"INSERT INTO {TippingRule._meta.db_table} (case_id, kind, window_days, item_key, item_text, active, created_by_id, "
                "created_at) SELECT DISTINCT ON (e.case_id) e.case_id, %s, %s, i.key, i.text, true, e.started_by_id, "
                "now() FROM co24_enrolment e JOIN co24_checklist c ON c.case_id = e.case_id "
                "JOIN co24_checklistitem i ON i.checklist_id = c.id AND i.kind = 'beschermend' "
                f"WHERE e.ended_on IS NULL AND NOT EXISTS (SELECT 1 FROM {TippingRule._meta.db_table} r "
                "WHERE r.case_id = e.case_id AND r.kind = %s) "
                'ORDER BY e.case_id, c.number DESC, i."order"',
                [RuleKind.ABSENT, ABSENT_WINDOW_DAYS, RuleKind.ABSENT],
            )
            count = TippingRule.objects.filter(kind=RuleKind.ABSENT).count()
            run(f"CO24 absent-factor scan, {count:,} rules, first run", lambda: rules_scan_absent(now=now))
            run("CO24 absent-factor scan, next run", lambda: rules_scan_absent(now=now))
    finally:
        TippingRule.objects.exclude(pk__in=rules).delete()


def measure_jobs(log: Callable[[str], None]) -> list[JobTiming]:
    run = _Run()
    now = timezone.now()
    for step in (lambda: _scan(run, timezone.localdate(now)), lambda: _digest(run), lambda: _co24(run, now)):
        before = len(run.timings)
        step()
        for timing in run.timings[before:]:
            log(f"  {timing.name}: {timing.seconds:.1f} s ({timing.writes})")
    return run.timings


def render_jobs(timings: list[JobTiming], load: tuple[str, str]) -> str:
    lines = [
        "\n## Background jobs\n",
        "Each job through its service as its Celery task runs it, on the data above, with mail in memory; "
        "what a run changed is put back afterwards (`ops/bench/jobs.py`). Load average (1 min) before / after: "
        f"{load[0]} / {load[1]}.\n",
        "| job | seconds | target | what it wrote |",
        "|---|---:|---:|---|",
    ]
    for timing in timings:
        target = "" if timing.target is None else f"≤ {timing.target:g} s"
        verdict = "" if timing.target is None else (" ✓" if timing.seconds <= timing.target else " ✗")
        lines.append(f"| {timing.name} | {timing.seconds:.1f}{verdict} | {target} | {timing.writes} |")
    return "\n".join(lines) + "\n"
