"""The retention benchmark's run (issue 14): propose, approve, destroy with two worker processes, while the
case list is measured and the destroyers' transactions are sampled; then check nothing of the dossiers is left.

- Proposal: ``retention_propose`` in this process, timed (one transaction; it reads the dossiers and writes
  the items, it locks no dossier row).
- Approval: the services (first review by a privacy officer, second review by the controller's reviewer); the
  Celery task the approval queues is not sent: the benchmark runs the job loop itself.
- Destruction: ``workers`` processes of ``manage.py destroy_list`` at once (as Celery with concurrency 2;
  ``FOR UPDATE SKIP LOCKED`` lets them share the list), started with ``PGAPPNAME`` so their database sessions
  can be told apart.
- Locks: a thread samples ``pg_stat_activity`` every ``sample_ms`` and keeps the oldest open transaction of
  the destroyers (a transaction holds its row locks until it ends: the longest lock is at most that long, up
  to one sampling interval more).
- Case list: the main thread requests GET /casussen/ as the benchmark process manager (Django test client,
  like ``benchmark``) until the destroyers are done.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock
from urllib.parse import quote

from django.conf import settings
from django.db import connection, connections

from ops.bench.measure import Timing
from privacy.models import DestructionItem, DestructionList, ListStatus, User

APP_NAME = "retention-bench-destroyer"
PRIVACY_EMAIL = "bench-privacy@bench.example"
CONTROLLER_EMAIL = "bench-controller@bench.example"


@dataclass
class RetentionRun:
    number: str = ""
    items: dict[str, int] = field(default_factory=dict)  # per kind
    propose_seconds: float = 0.0
    approve_seconds: float = 0.0
    destroy_seconds: float = 0.0
    list_seconds: float = 0.0  # the list's own started_at → finished_at (the workers' start-up left out)
    max_transaction_ms: float = 0.0
    samples: int = 0
    case_list: Timing | None = None
    case_list_idle: Timing | None = None
    status: str = ""
    destroyed: int = 0
    worker_output: list[str] = field(default_factory=list)

    @property
    def total_items(self) -> int:
        return sum(self.items.values())

    @property
    def total_seconds(self) -> float:
        return self.propose_seconds + self.destroy_seconds


def reviewers() -> tuple[User, User]:
    """The privacy officer (first review) and the controller's second reviewer (a superuser here)."""
    first, _ = User.objects.get_or_create(
        email=PRIVACY_EMAIL, defaults={"first_name": "Privacy", "last_name": "Officer", "is_staff": True}
    )
    second, _created = User.objects.get_or_create(
        email=CONTROLLER_EMAIL,
        defaults={"first_name": "Tweede", "last_name": "Beoordelaar", "is_staff": True, "is_superuser": True},
    )
    return first, second


def approve(destruction_list: DestructionList) -> DestructionList:
    """Both reviews through the services; the destruction task they queue is not sent (we run the loop)."""
    from privacy.services.retention import destruction_list_approve, destruction_list_second_review
    from privacy.tasks import retention_destroy

    first, second = reviewers()
    with mock.patch.object(retention_destroy, "delay"):
        current = destruction_list_approve(
            destruction_list=destruction_list, revision=destruction_list.revision, by=first
        )
        if current.status == ListStatus.AWAITING_SECOND_REVIEW:
            current = destruction_list_second_review(
                destruction_list=current, revision=current.revision, by=second
            )
    return current


def clear_backlog(log: Callable[[str], None]) -> None:
    """What is already expired in the seeded data (old notifications, access-log months) is proposed and
    destroyed first, untimed, so the timed run destroys only the expired dossiers."""
    from privacy.services.destruction import destruction_run
    from privacy.services.retention import retention_propose

    destruction_list = retention_propose()
    if destruction_list is None:
        return
    destruction_list = approve(destruction_list)
    run = destruction_run(destruction_list_id=destruction_list.pk)
    log(f"  backlog {destruction_list.number}: {run.destroyed} items destroyed first (untimed)")


class _Sampler(threading.Thread):
    """The oldest open transaction of the destroyers' sessions, every ``interval`` seconds."""

    def __init__(self, interval: float) -> None:
        super().__init__(daemon=True)
        self.interval = interval
        self.stopped = threading.Event()
        self.max_ms = 0.0
        self.samples = 0

    def run(self) -> None:
        try:
            with connection.cursor() as cursor:
                while not self.stopped.is_set():
                    cursor.execute(
                        "SELECT COALESCE(MAX(EXTRACT(EPOCH FROM clock_timestamp() - xact_start)) * 1000, 0) "
                        "FROM pg_stat_activity WHERE application_name = %s AND datname = current_database() "
                        "AND xact_start IS NOT NULL",
                        [APP_NAME],
                    )
                    self.max_ms = max(self.max_ms, float(cursor.fetchone()[0]))
                    self.samples += 1
                    self.stopped.wait(self.interval)
        finally:
            connections.close_all()


def database_url() -> str:
    """This process's database (under pytest: the test database), for the workers."""
    database = connection.settings_dict
    password = f":{quote(database['PASSWORD'])}" if database.get("PASSWORD") else ""
    host = database.get("HOST") or "localhost"
    port = f":{database['PORT']}" if database.get("PORT") else ""
    return f"postgres://{quote(database['USER'])}{password}@{host}{port}/{database['NAME']}"


def _worker_command(number: str, batch_size: int | None) -> list[str]:
    command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "destroy_list", number]
    if batch_size:
        command += ["--batch-size", str(batch_size)]
    return command


def destroy_measured(
    *,
    destruction_list: DestructionList,
    run: RetentionRun,
    workers: int,
    case_list: Callable[[], float],
    batch_size: int | None = None,
    sample_ms: int = 100,
) -> None:
    """Start the workers, sample their transactions, time the case list until they are done."""
    environment = {**os.environ, "PGAPPNAME": APP_NAME, "DATABASE_URL": database_url()}
    sampler = _Sampler(sample_ms / 1000)
    sampler.start()
    started = time.perf_counter()
    processes = [
        subprocess.Popen(  # noqa: S603 - our own manage.py with a list number
            _worker_command(destruction_list.number, batch_size),
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(workers)
    ]
    samples: list[float] = []
    while any(process.poll() is None for process in processes):
        samples.append(case_list())
    run.destroy_seconds = time.perf_counter() - started
    sampler.stopped.set()
    sampler.join()
    for process in processes:
        output, _ = process.communicate()
        run.worker_output.append(output.strip())
        if process.returncode:
            raise RuntimeError(f"destroy_list exited with {process.returncode}: {output[-2000:]}")
    run.max_transaction_ms, run.samples = sampler.max_ms, sampler.samples
    run.case_list = Timing(tuple(samples)) if samples else None
    destruction_list.refresh_from_db()
    run.status = destruction_list.status
    if destruction_list.started_at and destruction_list.finished_at:
        run.list_seconds = (destruction_list.finished_at - destruction_list.started_at).total_seconds()
    run.destroyed = DestructionItem.objects.filter(
        destruction_list=destruction_list, status="vernietigd"
    ).count()


def items_per_kind(destruction_list: DestructionList) -> dict[str, int]:
    from django.db.models import Count

    rows = (
        DestructionItem.objects.filter(destruction_list=destruction_list)
        .values("kind")
        .annotate(n=Count("id"))
        .order_by("kind")
    )
    return {row["kind"]: row["n"] for row in rows}


def load_now() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"
