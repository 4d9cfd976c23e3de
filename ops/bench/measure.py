"""Time each scenario through the full Django stack, count its queries, and time its raw SQL."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ops.bench.context import BenchContext, Identity
from ops.bench.scenarios import Scenario

TARGET_P95_MS = 150.0


class BenchmarkError(Exception):
    pass


@dataclass(frozen=True)
class Timing:
    samples_ms: tuple[float, ...]

    @property
    def p50(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p95(self) -> float:
        return percentile(self.samples_ms, 95)

    @property
    def max(self) -> float:
        return max(self.samples_ms)


def percentile(samples: Iterable[float], q: float) -> float:
    """Nearest-rank percentile: the smallest sample with at least q% of the samples at or below it."""
    ordered = sorted(samples)
    rank = max(math.ceil(q / 100 * len(ordered)), 1)
    return ordered[rank - 1]


@dataclass(frozen=True)
class QueryProfile:
    count: int
    total_ms: float
    slowest_ms: float
    slowest_sql: str


@dataclass(frozen=True)
class ScenarioResult:
    scenario: Scenario
    url: str
    page: Timing
    queries: QueryProfile
    raw: Timing

    @property
    def ratio(self) -> float:
        return self.page.p50 / self.raw.p50 if self.raw.p50 else math.inf

    def meets(self, target_ms: float = TARGET_P95_MS) -> bool:
        return self.page.p95 <= target_ms


def _get(client: Client, url: str, scenario: Scenario) -> float:
    started = time.perf_counter()
    try:
        response = client.get(url)
    except Exception as exc:  # the test client re-raises what the view raised
        raise BenchmarkError(f"{scenario.name}: GET {url} raised {exc.__class__.__name__}: {exc}") from exc
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        where = f" -> {response.get('Location')}" if response.has_header("Location") else ""
        raise BenchmarkError(f"{scenario.name}: GET {url} answered {response.status_code}{where}")
    return elapsed


def time_page(client: Client, ctx: BenchContext, scenario: Scenario, repeat: int, warmup: int) -> Timing:
    for iteration in range(warmup):
        _get(client, scenario.url(ctx, iteration), scenario)
    return Timing(tuple(_get(client, scenario.url(ctx, i), scenario) for i in range(repeat)))


def profile_queries(client: Client, ctx: BenchContext, scenario: Scenario) -> QueryProfile:
    with CaptureQueriesContext(connection) as captured:
        _get(client, scenario.url(ctx, 0), scenario)
    times = [(float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries]
    slowest = max(times, default=(0.0, ""))
    return QueryProfile(len(times), sum(t for t, _ in times), slowest[0], slowest[1])


def time_raw_sql(ctx: BenchContext, scenario: Scenario, repeat: int, warmup: int) -> Timing:
    samples = []
    with connection.cursor() as cursor:
        for iteration in range(-warmup, repeat):
            params = ctx.params(max(iteration, 0))
            started = time.perf_counter()
            for sql in scenario.raw_sql:
                cursor.execute(sql, params)
                cursor.fetchall()
            if iteration >= 0:
                samples.append((time.perf_counter() - started) * 1000)
    return Timing(tuple(samples))


def explain(sql: str) -> list[str]:
    """EXPLAIN ANALYZE of a captured SELECT (the plan lines), or nothing if it cannot be explained."""
    if not sql.lstrip().upper().startswith("SELECT"):
        return []
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            return [row[0] for row in cursor.fetchall()]
    except DatabaseError:
        return []


def run_scenarios(
    *,
    identities: Mapping[str, Identity],
    scenarios: Iterable[Scenario],
    repeat: int,
    warmup: int = 3,
    log: Callable[[str], None] = lambda _message: None,
) -> list[ScenarioResult]:
    """Each scenario as its identity (``identities`` holds a context and a verified client per identity)."""
    results = []
    for scenario in scenarios:
        ctx, client = identities[scenario.identity].ctx, identities[scenario.identity].client
        page = time_page(client, ctx, scenario, repeat, warmup)
        queries = profile_queries(client, ctx, scenario)
        raw = time_raw_sql(ctx, scenario, repeat, warmup)
        result = ScenarioResult(scenario, scenario.url(ctx, 0), page, queries, raw)
        log(
            f"  {scenario.name}: p50 {page.p50:.1f} ms, p95 {page.p95:.1f} ms, "
            f"{queries.count} queries, raw p50 {raw.p50:.2f} ms"
        )
        results.append(result)
    return results
