"""Render the benchmark report (docs/benchmarks.md) and the table printed to stdout."""

from __future__ import annotations

import datetime as dt
import os
import platform
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import django
import psycopg
from django.contrib.sessions.models import Session
from django.db import connection

from ops.bench.context import COORDINATOR, PM, BenchContext
from ops.bench.measure import TARGET_P95_MS, ScenarioResult
from ops.bench.state import SeedConfig, seeded_models

HEADER = "| scenario | p50 ms | p95 ms | max ms | queries | raw SQL p50 ms | ratio |"
ALIGN = "|---|---:|---:|---:|---:|---:|---:|"


@dataclass(frozen=True)
class RunInfo:
    finished: dt.datetime
    config: SeedConfig
    seeding_seconds: float | None  # None: existing data reused
    repeat: int
    warmup: int
    contexts: Mapping[str, BenchContext]  # per identity (ops.bench.context.PM, COORDINATOR)
    load: tuple[str, str] = ("", "")  # 1-minute load average before and after measuring
    seeded_steps: tuple[str, ...] = ()  # after --reuse: the steps that ran on the data seeded earlier


def load_average() -> str:
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except (AttributeError, OSError):
        return "unknown"


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def machine_info() -> list[tuple[str, str]]:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 0)
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in _read("/proc/cpuinfo").splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    mem_kb = next(
        (int(line.split()[1]) for line in _read("/proc/meminfo").splitlines() if line.startswith("MemTotal")),
        0,
    )
    with connection.cursor() as cursor:
        settings = {}
        for name in ("server_version", "shared_buffers", "work_mem", "effective_cache_size"):
            cursor.execute(f"SHOW {name}")
            settings[name] = cursor.fetchone()[0]
    return [
        ("CPUs (nproc)", f"{cpus} × {model}"),
        ("memory", f"{mem_kb / 1024 / 1024:.1f} GiB" if mem_kb else "unknown"),
        (
            "PostgreSQL",
            f"{settings['server_version']} (shared_buffers {settings['shared_buffers']}, "
            f"work_mem {settings['work_mem']}, effective_cache_size {settings['effective_cache_size']})",
        ),
        (
            "software",
            f"Python {platform.python_version()}, Django {django.get_version()}, psycopg {psycopg.__version__}",
        ),
    ]


def table_counts() -> list[tuple[str, int]]:
    counts = []
    with connection.cursor() as cursor:
        for model in [*seeded_models(), Session]:
            table = model._meta.db_table
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
            counts.append((table, int(cursor.fetchone()[0])))
    return counts


def results_table(results: Sequence[ScenarioResult]) -> list[str]:
    lines = [HEADER, ALIGN]
    for r in results:
        lines.append(
            f"| {r.scenario.name} | {r.page.p50:.1f} | {r.page.p95:.1f} | {r.page.max:.1f} | {r.queries.count} "
            f"| {r.raw.p50:.2f} | {r.ratio:.1f} |"
        )
    return lines


def target_line(results: Sequence[ScenarioResult]) -> str:
    verdicts = " · ".join(
        f"{r.scenario.name}: {'meets it' if r.meets() else f'MISSES it ({r.page.p95:.1f} ms)'}"
        for r in results
    )
    met = sum(r.meets() for r in results)
    return f"**Target: p95 ≤ {TARGET_P95_MS:.0f} ms per page or endpoint** ({met} of {len(results)} meet it). {verdicts}."


def render_stdout(results: Sequence[ScenarioResult]) -> str:
    return "\n".join([*results_table(results), "", target_line(results)])


def _plans(results: Sequence[ScenarioResult], plans: Mapping[str, list[str]]) -> list[str]:
    lines = []
    for r in results:
        plan = plans.get(r.scenario.name)
        if not plan:
            continue
        lines += [
            f"### {r.scenario.name}: slowest query ({r.queries.slowest_ms:.1f} ms)",
            "",
            "<details><summary>SQL and EXPLAIN (ANALYZE, BUFFERS)</summary>",
            "",
            "```sql",
            r.queries.slowest_sql,
            "```",
            "",
            "```",
            *plan,
            "```",
            "",
            "</details>",
            "",
        ]
    if lines:
        lines = ["## Slowest query of each scenario that misses the target", "", *lines]
    return lines


def _seeding(info: RunInfo) -> str:
    if info.seeding_seconds is None:
        return "reused existing data (`--reuse`)"
    if info.seeded_steps:
        steps = ", ".join(f"`{name}`" for name in info.seeded_steps)
        return (
            f"reused existing data (`--reuse`); the steps added since ({steps}) ran on it in "
            f"{info.seeding_seconds:.0f} s (COPY in one transaction, then VACUUM ANALYZE)"
        )
    return f"{info.seeding_seconds:.0f} s (COPY in one transaction, then VACUUM ANALYZE)"


def _work(ctx: BenchContext) -> str:
    return (
        f"It owns {ctx.active_deadlines} active deadlines ({ctx.overdue_deadlines} overdue or escalated), has "
        f"{ctx.notifications} notifications ({ctx.unread_notifications} unread) and is the coordinator of "
        f"{ctx.coordinated_users} users."
    )


def _identities(contexts: Mapping[str, BenchContext]) -> list[str]:
    lines = []
    ctx = contexts.get(PM)
    if ctx is not None:
        lines += [
            f"The benchmark user (`{ctx.user.email}`, procesmanager at {ctx.user.organisation}; scenarios "
            f"without a suffix and “(procesmanager)”) is on {ctx.direct_cases} case teams directly and on "
            f"{ctx.group_cases} through its organisation's group: {ctx.visible_cases} visible cases. Detail pages "
            f"rotate over its {len(ctx.case_ids)} newest direct cases; the name search uses “{ctx.search_term}”, "
            f"the most common surname among its cases. {_work(ctx)}",
            "",
        ]
    ctx = contexts.get(COORDINATOR)
    if ctx is not None:
        lines += [
            f"The benchmark coordinator (`{ctx.user.email}`, coördinator at {ctx.user.organisation}; scenarios "
            f"marked “(coördinator)”) reads {ctx.group_cases} cases through its organisation's group "
            f"(read-only, as meelezer) and is on {ctx.direct_cases} teams directly: {ctx.visible_cases} visible "
            f"cases. {_work(ctx)}",
            "",
        ]
    return lines


def render_markdown(
    results: Sequence[ScenarioResult], info: RunInfo, plans: Mapping[str, list[str]] | None = None
) -> str:
    config = info.config
    lines = [
        "# Benchmarks",
        "",
        "Written by `python manage.py benchmark`; rerun it after a change that touches a measured page "
        "(see *How to run* below). Every value in the data is generated and fictitious.",
        "",
        f"- date: {info.finished:%Y-%m-%d %H:%M %Z}",
        *(f"- {name}: {value}" for name, value in machine_info()),
        f"- load average (1 min) before / after measuring: {info.load[0]} / {info.load[1]} "
        "(other processes on the machine add noise to the figures)",
        f"- seeding: {_seeding(info)}",
        f"- requested scale: `--cases {config.cases} --users {config.users} --orgs {config.orgs}` "
        f"({config.deadlines} deadlines, ~{config.notifications} notifications); "
        f"`--repeat {info.repeat}` timed requests per scenario after {info.warmup} warm-up requests",
        "",
        "## Data",
        "",
        "| table | rows |",
        "|---|---:|",
        *(f"| {table} | {rows:,} |" for table, rows in table_counts()),
        "",
        *_identities(info.contexts),
        "## Results",
        "",
        *results_table(results),
        "",
        target_line(results),
        "",
        "p50/p95/max: wall time of one `GET` through the whole Django stack (middleware, session, 2FA check, "
        "view, access-log insert, template or JSON rendering). queries: the number of SQL statements that "
        "request ran. raw SQL p50: the hand-written SQL that fetches the same data over the same connection "
        "(reads only; the page also saves the session and writes access-log rows). ratio: page p50 / raw p50.",
        "",
        "## Per scenario",
        "",
        "| scenario | as | example URL | SQL time in one request (ms) | slowest query (ms) | raw SQL fetches |",
        "|---|---|---|---:|---:|---|",
        *(
            f"| {r.scenario.name} | {r.scenario.identity} | `{r.url}` | {r.queries.total_ms:.1f} "
            f"| {r.queries.slowest_ms:.1f} | {r.scenario.description} |"
            for r in results
        ),
        "",
        *_plans(results, plans or {}),
        "## How it is measured",
        "",
        "- In-process `django.test.Client` (no network, no gunicorn, no TLS), `DEBUG` off, one warm database "
        "connection. The client is logged in with `force_login` and its session carries a confirmed TOTP "
        "device, exactly as after a real second-factor verification.",
        "- p95 is the nearest-rank percentile of the timed requests; the query count comes from one extra "
        "request under `CaptureQueriesContext`.",
        "- Data is seeded with PostgreSQL `COPY` and mirrors the services: every active case-team member holds "
        "guardian's `view_case` (writers also `change_case`) as a direct object permission; whole "
        "organisations through their group; each user is in the group of their organisation. Deadlines hang "
        "off cases (at most one active per case and kind, due dates on the Algemene termijnenwet calendar, "
        "the scanner's escalation steps); notifications are the scanner's messages about them.",
        "",
        "## How to run",
        "",
        "```",
        "createdb pga_bench",
        "DATABASE_URL=postgres://…/pga_bench python manage.py migrate",
        "DATABASE_URL=postgres://…/pga_bench python manage.py benchmark --reuse",
        "```",
        "",
        "`--reuse` keeps data seeded earlier (at least `--cases` cases and the benchmark user) and runs on it "
        "only the seed steps added since, whose rows are missing (steps marked `@added_later`); without it the "
        "command reseeds, wiping earlier benchmark data first. It refuses to touch a database that holds other "
        "data unless given `--flush`. `--scenario NAME` measures a subset. New pages and endpoints add a "
        "`Scenario` to `ops/bench/scenarios.py` (with the identity it runs as); new tables add a seed step to "
        "`SEED_STEPS` in `ops/bench/seed.py`, marked `@added_later(done=...)` so databases seeded before it "
        "catch up, and their model to `EXTRA_MODELS` in `ops/bench/state.py`.",
        "",
    ]
    return "\n".join(lines)
