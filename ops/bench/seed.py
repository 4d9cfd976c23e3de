"""Seed national-scale benchmark data in bulk (COPY), in one transaction.

What is written mirrors the services exactly (``caseplan/services/team.py``): every active case-team member
holds django-guardian's ``view_case`` on the case as a direct object permission, writers also
``change_case``; a whole organisation joins through its auth group (``Organisation.group``), and every user
is in the group of their own organisation. Removed members keep their ``CaseMember`` row with ``removed_at``
and hold no permission. History rows (django-simple-history) and access-log rows are seeded too, because the
pages read them and those tables grow in reality.

Every value is generated and fictitious. New features add a step to ``SEED_STEPS`` (after the steps whose
rows they need); a step gets the ``SeedState`` with the planned organisations, users and cases and their
teams, and writes its own tables with ``ops.bench.bulk.copy_rows``. A step marked ``@added_later(done=...)``
(``ops.bench.state``) also runs on its own on a database seeded before it existed: ``benchmark --reuse``
reads the state back from the database (``ops.bench.existing``) and runs the steps whose rows are missing.
Such a step draws from ``state.step_rng(name)``, so it writes the same rows either way.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.utils import timezone

from caseplan.models import Case, CaseMember, Client, ClientChild
from ops.bench.bulk import sync_sequence
from ops.bench.cases import (
    plan_cases,
    seed_access_log,
    seed_case_teams,
    seed_cases,
    seed_client_children,
    seed_clients,
)
from ops.bench.co24_data import seed_co24
from ops.bench.coordinators import seed_coordinators
from ops.bench.deadline_data import seed_deadlines
from ops.bench.existing import load_state
from ops.bench.nazorg_data import seed_nazorg
from ops.bench.nazorg_deadlines import seed_nazorg_deadlines
from ops.bench.notification_data import seed_notifications
from ops.bench.overleg_data import seed_overleg
from ops.bench.people import seed_organisations, seed_users
from ops.bench.state import (
    BENCH_COORDINATOR_EMAIL,
    BENCH_EMAIL,
    PURPOSE_CODE,
    SeedConfig,
    SeedResult,
    SeedState,
    Step,
    history_model,
    is_done,
    seeded_models,
)
from privacy.models import Organisation, Purpose, User

__all__ = [
    "BENCH_COORDINATOR_EMAIL",
    "BENCH_EMAIL",
    "SEED_STEPS",
    "SeedConfig",
    "flush",
    "has_bench_data",
    "has_other_data",
    "is_seeded",
    "missing_steps",
    "seed",
    "seed_missing",
]

SEED_STEPS: list[Step] = [
    seed_organisations,
    seed_users,
    plan_cases,
    seed_clients,
    seed_client_children,
    seed_cases,
    seed_case_teams,
    seed_access_log,
    seed_co24,  # before the steps that add benchmark users: a rerun of those gives them the same ids
    seed_coordinators,
    seed_deadlines,
    seed_notifications,
    seed_nazorg,
    seed_nazorg_deadlines,
    seed_overleg,
]


# --- entry points ------------------------------------------------------------------------------------------


def is_seeded(config: SeedConfig) -> bool:
    """The marker: the benchmark user exists (it is written in the same transaction as everything else)."""
    return User.objects.filter(email=BENCH_EMAIL).exists() and Case.objects.count() >= config.cases


def missing_steps() -> list[Step]:
    """Steps added after this database was seeded whose rows are not there yet (see ``added_later``)."""
    return [step for step in SEED_STEPS if not is_done(step)]


def has_bench_data() -> bool:
    return User.objects.filter(email=BENCH_EMAIL).exists()


def has_other_data() -> bool:
    return any(model.objects.exists() for model in (Organisation, User, Client, Case))


def flush() -> None:
    """Empty every seeded table (and whatever references them: sessions, devices, tokens, history)."""
    tables = [m._meta.db_table for m in [*seeded_models(), history_model(ClientChild), Session]]
    tables += [history_model(Organisation)._meta.db_table, history_model(User)._meta.db_table]
    quoted = ", ".join(connection.ops.quote_name(t) for t in dict.fromkeys(tables))
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")


def _permission_id(codename: str) -> int:
    return Permission.objects.get(content_type__app_label="caseplan", codename=codename).id


def _new_state(config: SeedConfig, cursor: Any, log: Callable[[str], None]) -> SeedState:
    purpose = Purpose.objects.get(code=PURPOSE_CODE)
    return SeedState(
        config=config,
        cursor=cursor,
        rng=random.Random(config.seed),
        log=log,
        now=timezone.now(),
        purpose_id=purpose.pk,
        purpose_name=purpose.name,
        view_permission_id=_permission_id("view_case"),
        change_permission_id=_permission_id("change_case"),
    )


def _run(
    config: SeedConfig, steps: list[Step], log: Callable[[str], None], *, existing: bool = False
) -> SeedResult:
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        # Check foreign keys per COPY statement rather than queueing millions of checks until the commit.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        state = _new_state(config, cursor, log)
        if existing:
            load_started = time.perf_counter()
            load_state(state)
            log(f"  read the seeded state back: {time.perf_counter() - load_started:.1f} s")
        for step in steps:
            step_started = time.perf_counter()
            before = sum(state.rows.values())
            step(state)
            rows, seconds = sum(state.rows.values()) - before, time.perf_counter() - step_started
            log(f"  {step.__name__}: {rows:,} rows in {seconds:.1f} s")
        for model in (Group, Organisation, User, Client, Case, CaseMember):
            sync_sequence(cursor, model)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    analyse_started = time.perf_counter()
    analyse()
    log(f"  vacuum/analyse: {time.perf_counter() - analyse_started:.1f} s")
    return SeedResult(seconds=time.perf_counter() - started, rows=dict(state.rows))


def seed(config: SeedConfig, log: Callable[[str], None] = lambda _message: None) -> SeedResult:
    return _run(config, SEED_STEPS, log)


def seed_missing(
    config: SeedConfig, steps: list[Step], log: Callable[[str], None] = lambda _message: None
) -> SeedResult:
    """Run ``steps`` (from ``missing_steps()``) on the data seeded earlier, read back from the database."""
    return _run(config, steps, log, existing=True)


def analyse() -> None:
    """Fresh planner statistics (and a visibility map, outside a transaction), as autovacuum would leave."""
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for model in seeded_models():
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")
