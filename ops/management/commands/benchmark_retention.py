"""The retention benchmark of issue 14: propose and destroy ~1,000,000 expired rows over ~50,000 dossiers with
two workers, while the case list is measured and the destroyers' transactions are sampled."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import override_settings
from django.utils import timezone

from caseplan.models import Case
from ops.bench import retention_data as data
from ops.bench import retention_run as bench
from ops.bench import seed
from ops.bench.context import PM, build_identities
from ops.bench.measure import Timing, _get
from ops.bench.scenarios import SCENARIOS
from privacy.models import User


class Command(BaseCommand):
    help = (
        "Retention benchmark: seed expired case dossiers (copies of seeded ones), time the proposal and the "
        "destruction with two worker processes, sample the longest transaction, time the case list meanwhile."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clients", type=int, default=50_000, help="expired dossiers (clients) to seed")
        parser.add_argument("--rows", type=int, default=1_000_000, help="rows they hold together (about)")
        parser.add_argument("--templates", type=int, default=200, help="seeded dossiers to copy from")
        parser.add_argument("--plans", type=int, default=20, help="templates that get a plan and a contract")
        parser.add_argument("--base-cases", type=int, default=5_000, help="live cases of the base seeding")
        parser.add_argument("--base-users", type=int, default=1_000)
        parser.add_argument("--base-orgs", type=int, default=100)
        parser.add_argument("--workers", type=int, default=2, help="destroy_list processes at once")
        parser.add_argument("--batch-size", type=int, default=None, help="items per transaction")
        parser.add_argument("--idle-repeat", type=int, default=30, help="case-list requests before the run")
        parser.add_argument("--flush", action="store_true", help="allow wiping a database with other data")
        parser.add_argument("--output", default="", help="also write the markdown section to this file")

    def handle(self, *args: Any, **options: Any) -> None:
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("Unapplied migrations: run `manage.py migrate` first.")
        log = self.stdout.write
        config = seed.SeedConfig(
            cases=options["base_cases"],
            users=options["base_users"],
            orgs=options["base_orgs"],
            bench_direct_cases=min(200, options["base_cases"] // 4),
            bench_group_cases=min(120, options["base_cases"] // 8),
            coordinator_cases=min(2_000, options["base_cases"] // 4),
        )
        if not seed.is_seeded(config):
            if seed.has_other_data() and not (seed.has_bench_data() or options["flush"]):
                raise CommandError("This database holds other data: use an empty one, or pass --flush.")
            if seed.has_other_data():
                seed.flush()
            log(f"Seeding the live data ({config.cases} cases)…")
            result = seed.seed(config, log=log)
            log(f"Seeded {sum(result.rows.values()):,} rows in {result.seconds:.1f} s.")
        bench.clear_backlog(log)
        plan = data.case_dossier_plan()
        clone, baseline = self._clone(options, log)

        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        with override_settings(DEBUG=False, ALLOWED_HOSTS=hosts):
            identity = build_identities({PM})[PM]
            scenario = next(s for s in SCENARIOS if s.name == "Mijn casussen")

            def case_list() -> float:
                return _get(identity.client, "/casussen/", scenario)

            for _ in range(3):
                case_list()
            run = bench.RetentionRun()
            run.case_list_idle = Timing(tuple(case_list() for _ in range(options["idle_repeat"])))
            load_before = bench.load_now()
            self._propose_and_destroy(run, options, case_list, log)
            load_after = bench.load_now()

        after = data.table_counts(plan)
        left = {
            table: after[table] - baseline.get(table, 0)
            for table in after
            if after[table] != baseline.get(table)
        }
        text = render(run, clone, baseline, left, load_before, load_after, options)
        log("")
        log(text)
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
        if left:
            raise CommandError(f"Rows left (or missing) against the baseline: {left}")

    def _clone(self, options: dict[str, Any], log: Any) -> tuple[data.CloneResult, dict[str, int]]:
        """The expired copies, and the row counts of the dossier tables before them."""
        excluded = list(User.objects.filter(email__startswith="bench-").values_list("pk", flat=True))
        templates = data.template_candidates(options["templates"] * 3, excluded)
        if not templates:
            raise CommandError("No dossier to copy: seed more live cases (--base-cases).")
        sizes = data.template_sizes(templates)
        # Leave out the giant CO24 journals (thousands of signals): they would be the whole benchmark.
        small = sorted((t for t in templates if sizes.get(t, 0) <= 200), key=lambda t: (t * 7919) % 10007)
        chosen = small[: options["templates"]]
        data.add_plans(chosen[: options["plans"]], log=log)
        made = (
            Case.objects.filter(client_id__in=chosen, plans__isnull=False)
            .values("client_id")
            .distinct()
            .count()
        )
        sizes = data.template_sizes(chosen)
        weights = data.weights_for(sizes, clients=options["clients"], rows=options["rows"])
        log(
            f"Copying {len(chosen)} dossiers ({made} with a plan and a contract; {min(sizes.values())} to "
            f"{max(sizes.values())} rows each) into {options['clients']:,} expired dossiers…"
        )
        baseline = data.table_counts(data.case_dossier_plan())
        result = data.clone_dossiers(
            template_ids=chosen, clients=options["clients"], log=log, weights=weights
        )
        log(f"Seeded {result.total:,} rows in {result.seconds:.1f} s.")
        return result, baseline

    def _propose_and_destroy(
        self, run: bench.RetentionRun, options: dict[str, Any], case_list: Any, log: Any
    ) -> None:
        from privacy.services.retention import retention_propose

        started = time.perf_counter()
        destruction_list = retention_propose()
        run.propose_seconds = time.perf_counter() - started
        if destruction_list is None:
            raise CommandError("The proposal found nothing expired.")
        run.number = destruction_list.number
        run.items = bench.items_per_kind(destruction_list)
        log(f"Proposal {run.number}: {run.total_items:,} items {run.items} in {run.propose_seconds:.1f} s")
        started = time.perf_counter()
        destruction_list = bench.approve(destruction_list)
        run.approve_seconds = time.perf_counter() - started
        log(f"Approved ({destruction_list.get_status_display()}) in {run.approve_seconds:.1f} s; destroying…")
        bench.destroy_measured(
            destruction_list=destruction_list,
            run=run,
            workers=options["workers"],
            case_list=case_list,
            batch_size=options["batch_size"],
        )
        log(f"Destroyed {run.destroyed:,} items in {run.destroy_seconds:.1f} s ({run.status})")


def render(
    run: bench.RetentionRun,
    clone: data.CloneResult,
    baseline: dict[str, int],
    left: dict[str, int],
    load_before: str,
    load_after: str,
    options: dict[str, Any],
) -> str:
    idle, during = run.case_list_idle, run.case_list
    rate = run.destroyed / run.destroy_seconds if run.destroy_seconds else 0.0
    lines = [
        f"- date: {timezone.localtime():%Y-%m-%d %H:%M %Z}; load average (1/5/15 min) before {load_before}, "
        f"after {load_after}",
        f"- seeded: {clone.clients:,} expired dossiers copied from {clone.templates} seeded ones, "
        f"{clone.total:,} rows in {clone.seconds:.1f} s",
        f"- proposal {run.number}: {run.total_items:,} items "
        f"({', '.join(f'{kind} {n:,}' for kind, n in run.items.items())}) in {run.propose_seconds:.1f} s; "
        f"both reviews {run.approve_seconds:.1f} s",
        f"- destruction: {options['workers']} × `destroy_list`, batch {options['batch_size'] or 'default'}: "
        f"{run.destroyed:,} items in {run.destroy_seconds:.1f} s ({rate:,.0f} items/s, "
        f"{clone.total / run.destroy_seconds if run.destroy_seconds else 0:,.0f} rows/s); list {run.status}",
        f"- the list's own start to finish (first item locked → record frozen; the workers' Python start-up "
        f"left out): {run.list_seconds:.1f} s",
        f"- propose + destroy: {run.total_seconds:.1f} s wall-clock with the workers' start-up, "
        f"{run.propose_seconds + run.list_seconds:.1f} s without (target ≤ 120 s)",
        f"- longest destroyer transaction: {run.max_transaction_ms:,.0f} ms ({run.samples} samples, every "
        "100 ms; target: no lock held over 1 s)",
    ]
    if idle is not None:
        lines.append(
            f"- case list before: p50 {idle.p50:.1f} ms, p95 {idle.p95:.1f} ms ({len(idle.samples_ms)})"
        )
    if during is not None:
        lines.append(
            f"- case list during the destruction: p50 {during.p50:.1f} ms, p95 {during.p95:.1f} ms, max "
            f"{during.max:.1f} ms ({len(during.samples_ms)} requests; target p95 ≤ 150 ms)"
        )
    lines.append(
        "- afterwards: every dossier table (live and history) back to its row count before the copies"
        if not left
        else f"- afterwards: rows left against the baseline: {left}"
    )
    lines += ["", "| table | rows seeded |", "|---|---:|"]
    lines += [f"| {table} | {rows:,} |" for table, rows in clone.rows.items()]
    return "\n".join(lines) + "\n"
