"""The benchmark times the background jobs (issue 19) and puts back whatever the timed runs changed."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

from co24.models import Alert, DigestMark, TippingRule
from deadlines.models import Deadline
from deadlines.services.scanner import deadlines_scan
from notifications.models import Notification
from ops.bench.jobs import measure_jobs

TINY = ["--cases", "200", "--users", "50", "--orgs", "20", "--repeat", "1", "--warmup", "0"]


def _state() -> dict[str, object]:
    return {
        "deadlines": list(Deadline.objects.order_by("pk").values()),
        "deadline history": Deadline.history.count(),
        "notifications": list(Notification.objects.order_by("pk").values_list("pk", "emailed_at")),
        "rules": TippingRule.objects.count(),
        "alerts": Alert.objects.count(),
        "digest marks": list(DigestMark.objects.values_list("pk", "last_signal_id")),
    }


@pytest.mark.django_db
def test_the_report_has_the_job_timings(tmp_path):
    output = tmp_path / "benchmarks.md"
    call_command("benchmark", *TINY, "--scenario", "Meldingen", "--output", str(output), stdout=io.StringIO())
    report = output.read_text(encoding="utf-8")
    assert "## Background jobs" in report
    for name in (
        "| Deadline scan, nothing to do (",
        "| Deadline scan, ",  # the transitions
        "| Daily digest, ",
        "| CO24 signal digest, ",
        "| CO24 absent-factor scan, ",
    ):
        assert name in report, name
    assert "≤ 10 s" in report and "≤ 30 s" in report


@pytest.mark.django_db
def test_timing_the_jobs_puts_back_what_they_changed(tmp_path):
    call_command(
        "benchmark", *TINY, "--scenario", "Meldingen", "--skip-jobs", "--output", str(tmp_path / "r.md")
    )
    deadlines_scan()  # the catch-up the measurement starts with: done here, so the data is as the idle run finds it
    before = _state()
    lines: list[str] = []

    timings = measure_jobs(lines.append)

    assert _state() == before
    moved = next(t for t in timings if t.name.endswith(" transitions"))
    assert moved.name != "Deadline scan, 0 transitions", "the seeded data has open deadlines to move"
    # (the e-mail task is queued on commit, which a test's transaction never reaches: tests/deadlines pin it)
    idle = next(t for t in timings if "nothing to do" in t.name)
    assert idle.writes == "0 deadline history rows, 0 notifications, 0 e-mail task(s)"
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'bench_jobs_%%'")
        assert cursor.fetchone()[0] == 0
    assert len(lines) == len(timings)
