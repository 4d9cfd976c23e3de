"""Seed expired case dossiers for the retention benchmark (issue 14): clones of real dossiers, set-based.

The benchmark seeding (``ops.bench.seed``) writes live data; its dossiers (client, case, team, permissions,
deadlines and their history, notifications, CO24 journal, nazorg episode, agenda items) are the templates. A
few templates get a published maatwerkplan with goals and a contract through the services. The dossier is
what the destruction engine itself destroys: ``common.destruction`` walks the model graph from the client, so
the cloning copies exactly the tables (and history tables) the engine will delete from, found the same way.

Each table is copied with ONE ``INSERT … SELECT … CROSS JOIN generate_series`` statement: a clone's ids are
the template's ids plus ``n × span`` (span: the table's largest id + 1), every foreign key and generic
reference into the dossier is shifted the same way (so it points at the clone's row), and columns under a
unique index that holds no shifted column get a suffix. The clones are then made expired: every case closed
more than five years ago, no detention running, agenda items not discussed (so the term counts from the
closing date). The templates themselves stay as they are.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone

from common.destruction import DestructionPlan, is_history_model
from privacy.hooks import retention_kind
from privacy.services.destruction import _plan_for  # the engine's own graph of the case dossier

KIND = "case_dossier"
YEARS_AGO = 6  # the clones' cases were closed six years (and a little) ago; the covenant's term is five

# Columns of the clones set to a fixed expression (``n`` is the clone number, ``t`` the template row).
OVERRIDES: dict[str, dict[str, str]] = {
    "caseplan_case": {
        "status": "'afgesloten'",
        "closed_on": f"(CURRENT_DATE - interval '{YEARS_AGO} years' - (g.n % 300) * interval '1 day')::date",
        "closed_reason": "'Doelen bereikt'",
    },
    "caseplan_historicalcase": {
        "status": "'afgesloten'",
        "closed_on": f"(CURRENT_DATE - interval '{YEARS_AGO} years' - (g.n % 300) * interval '1 day')::date",
    },
    "nazorg_detentionepisode": {
        "released_on": f"COALESCE(t.released_on, (CURRENT_DATE - interval '{YEARS_AGO + 1} years')::date)",
    },
    "overleg_agendaitem": {"discussed": "false"},
}


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def case_dossier_plan() -> DestructionPlan:
    return _plan_for(retention_kind(KIND))


def dossier_tables(plan: DestructionPlan) -> list[type[models.Model]]:
    """Every table of the dossier, live and historical, in the engine's statement order."""
    tables: list[type[models.Model]] = []
    for model in plan.models:
        tables.append(model)
        if model in plan.history:
            tables.append(plan.history[model])
    return tables


def table_counts(plan: DestructionPlan) -> dict[str, int]:
    """Rows per dossier table (live and historical), for the before/after comparison."""
    counts = {}
    with connection.cursor() as cursor:
        for model in dossier_tables(plan):
            cursor.execute(f"SELECT count(*) FROM {_q(model._meta.db_table)}")
            counts[model._meta.db_table] = int(cursor.fetchone()[0])
    return counts


@dataclass
class CloneResult:
    templates: int
    clients: int
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    template_rows: int = 0

    @property
    def total(self) -> int:
        return sum(self.rows.values())


# --- the template's rows -----------------------------------------------------------------------------


def _walk(cursor: Any, plan: DestructionPlan, root_ids: list[int]) -> dict[type[models.Model], str]:
    """Temporary tables ``rb_<i>(id, root)``: the rows of every dossier table reached from ``root_ids``, the
    way the engine reaches them (foreign keys into the dossier, generic references)."""
    temp: dict[type[models.Model], str] = {}
    for index, model in enumerate(plan.models):
        name = f"rb_{index}"
        pk = _q(model._meta.pk.column)  # type: ignore[union-attr]
        table = _q(model._meta.db_table)
        selects = []
        if any(root.model is model for root in plan.roots):
            selects.append(
                f"SELECT c.{pk} AS id, c.{pk} AS root FROM {table} c WHERE c.{pk} = ANY(%(roots)s)"
            )
        for edge in plan.edges:
            if edge.child is not model or edge.parent not in temp:
                continue
            parent = temp[edge.parent]
            if edge.fk is not None:
                join = f"p.id = c.{_q(edge.fk.column)}"
            else:
                assert edge.generic is not None
                ct = model._meta.get_field(edge.generic.ct_field).column  # type: ignore[union-attr]
                id_column = model._meta.get_field(edge.generic.id_field).column  # type: ignore[union-attr]
                content_type = ContentType.objects.get_for_model(edge.parent, for_concrete_model=False).pk
                value = "p.id::text" if edge.generic.text_ids else "p.id"
                join = f"c.{_q(ct)} = {content_type} AND c.{_q(id_column)} = {value}"
            selects.append(f"SELECT c.{pk} AS id, p.root FROM {table} c JOIN {parent} p ON {join}")
        if not selects:
            continue
        cursor.execute(
            f"CREATE TEMPORARY TABLE {name} ON COMMIT DROP AS "
            f"SELECT DISTINCT ON (id) id, root FROM ({' UNION ALL '.join(selects)}) AS s",
            {"roots": root_ids},
        )
        temp[model] = name
    for model, name in list(temp.items()):
        history = plan.history.get(model)
        if history is None:
            continue
        hist_name = f"{name}_h"
        cursor.execute(
            f"CREATE TEMPORARY TABLE {hist_name} ON COMMIT DROP AS SELECT h.history_id AS id, p.root "
            f"FROM {_q(history._meta.db_table)} h JOIN {name} p ON h.id = p.id"
        )
        temp[history] = hist_name
    return temp


def rows_per_root(cursor: Any, temp: dict[type[models.Model], str]) -> dict[int, int]:
    union = " UNION ALL ".join(f"SELECT root FROM {name}" for name in temp.values())
    cursor.execute(f"SELECT root, count(*) FROM ({union}) AS s GROUP BY root")
    return {int(root): int(count) for root, count in cursor.fetchall()}


# --- cloning -----------------------------------------------------------------------------------------


def _spans(cursor: Any, tables: list[type[models.Model]]) -> dict[type[models.Model], int]:
    spans = {}
    for model in tables:
        pk = _q(model._meta.pk.column)  # type: ignore[union-attr]
        cursor.execute(f"SELECT COALESCE(MAX({pk}), 0) + 1 FROM {_q(model._meta.db_table)}")
        spans[model] = int(cursor.fetchone()[0])
    return spans


def _unique_suffixed(cursor: Any, model: type[models.Model], shifted: set[str]) -> dict[str, int]:
    """Text columns of unique indexes that hold no shifted column (case numbers, dedupe keys): a clone's
    value gets a suffix. Returns column → maximum length (0: unlimited)."""
    cursor.execute(
        "SELECT array_agg(a.attname::text), bool_or(false) FROM pg_index i "
        "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
        "WHERE i.indrelid = %s::regclass AND i.indisunique AND NOT i.indisprimary GROUP BY i.indexrelid",
        [model._meta.db_table],
    )
    suffixed: dict[str, int] = {}
    text_fields = {
        f.column: (f.max_length or 0)
        for f in model._meta.concrete_fields
        if isinstance(f, (models.CharField, models.TextField))
    }
    for columns, _unused in cursor.fetchall():
        if any(column in shifted for column in columns):
            continue
        for column in columns:
            if column in text_fields:
                suffixed[column] = text_fields[column]
    return suffixed


def _tracked(model: type[models.Model]) -> type[models.Model] | None:
    """For a history model, the model it tracks."""
    instance_type = getattr(model, "instance_type", None)
    return instance_type if isinstance(instance_type, type) else None


def _clone_sql(
    cursor: Any,
    model: type[models.Model],
    temp: str,
    plan: DestructionPlan,
    spans: dict[type[models.Model], int],
) -> str:
    in_dossier = set(plan.models)
    tracked = _tracked(model) if is_history_model(model) else None
    pk_column = model._meta.pk.column  # type: ignore[union-attr]
    expressions: dict[str, str] = {}
    for f in model._meta.concrete_fields:
        column = f.column
        if column == pk_column:
            expressions[column] = f"t.{_q(column)} + g.n * {spans[model]}"
        elif tracked is not None and column == tracked._meta.pk.column:  # type: ignore[union-attr]
            expressions[column] = f"t.{_q(column)} + g.n * {spans[tracked]}"
        elif isinstance(f, models.ForeignKey) and f.related_model is not None:
            target = f.related_model._meta.concrete_model  # type: ignore[union-attr]
            if target in in_dossier:
                expressions[column] = f"t.{_q(column)} + g.n * {spans[target]}"
    # Generic references into the dossier (a deadline's subject, guardian's object permissions, admin log),
    # to any dossier table: also those the engine reaches otherwise (an action's deadline, by its case).
    source = tracked or model
    specs = {edge.generic for edge in plan.edges if edge.generic is not None and edge.child is source}
    for spec in specs:
        ct = source._meta.get_field(spec.ct_field).column  # type: ignore[union-attr]
        id_column = source._meta.get_field(spec.id_field).column  # type: ignore[union-attr]
        branches = []
        for target in plan.models:
            content_type = ContentType.objects.get_for_model(target, for_concrete_model=False).pk
            shift = f"g.n * {spans[target]}"
            value = (
                f"(t.{_q(id_column)}::bigint + {shift})::text"
                if spec.text_ids
                else f"t.{_q(id_column)} + {shift}"
            )
            branches.append(f"WHEN {content_type} THEN {value}")
        expressions[id_column] = f"CASE t.{_q(ct)} {' '.join(branches)} ELSE t.{_q(id_column)} END"
    shifted = set(expressions)
    for column, max_length in _unique_suffixed(cursor, model, shifted).items():
        new_pk = f"(t.{_q(pk_column)} + g.n * {spans[model]})"
        keep = f"left(t.{_q(column)}, {max(max_length - 13, 0)})" if max_length else f"t.{_q(column)}"
        expressions[column] = f"{keep} || '#' || {new_pk}::text"
    expressions.update(OVERRIDES.get(model._meta.db_table, {}))
    # Nothing points at a historical row: its id (an integer) comes from its sequence.
    columns = [
        f.column for f in model._meta.concrete_fields if not (tracked is not None and f.column == pk_column)
    ]
    select = ", ".join(expressions.get(column, f"t.{_q(column)}") for column in columns)
    return (
        f"INSERT INTO {_q(model._meta.db_table)} ({', '.join(_q(c) for c in columns)}) "
        f"SELECT {select} FROM {_q(model._meta.db_table)} t JOIN {temp} r ON r.id = t.{_q(pk_column)} "
        f"JOIN rb_copies c ON c.root = r.root CROSS JOIN LATERAL generate_series(c.first, c.last) AS g(n)"
    )


def clone_dossiers(
    *,
    template_ids: list[int],
    clients: int,
    log: Callable[[str], None] = lambda _message: None,
    weights: dict[int, int] | None = None,
) -> CloneResult:
    """``clients`` expired copies of the dossiers of ``template_ids`` (clients), spread evenly (or by
    ``weights``: template → copies), in one transaction."""
    started = time.perf_counter()
    plan = case_dossier_plan()
    tables = dossier_tables(plan)
    result = CloneResult(templates=len(template_ids), clients=clients)
    copies = weights or {
        template: clients // len(template_ids) + (1 if index < clients % len(template_ids) else 0)
        for index, template in enumerate(template_ids)
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        temp = _walk(cursor, plan, template_ids)
        per_root = rows_per_root(cursor, temp)
        result.template_rows = sum(per_root.values())
        spans = _spans(cursor, tables)
        # Clone numbers per template: 1..k for the first, k+1..k+m for the next (ids never collide).
        cursor.execute(
            "CREATE TEMPORARY TABLE rb_copies (root bigint, first bigint, last bigint) ON COMMIT DROP"
        )
        first = 1
        ranges = []
        for template, count in copies.items():
            if count:
                ranges.append((template, first, first + count - 1))
                first += count
        cursor.executemany("INSERT INTO rb_copies VALUES (%s, %s, %s)", ranges)
        for model in tables:
            if model not in temp:
                continue
            step = time.perf_counter()
            cursor.execute(_clone_sql(cursor, model, temp[model], plan, spans))
            result.rows[model._meta.db_table] = cursor.rowcount
            log(f"    {model._meta.db_table}: {cursor.rowcount:,} rows in {time.perf_counter() - step:.1f} s")
        for model in tables:
            pk = model._meta.pk.column  # type: ignore[union-attr]
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, %s), GREATEST(MAX({_q(pk)}), 1)) FROM {_q(table)}",
                [table, pk],
            )
    with connection.cursor() as cursor:
        for model in tables:
            cursor.execute(f"ANALYZE {_q(model._meta.db_table)}")
    result.seconds = time.perf_counter() - started
    return result


def template_candidates(limit: int, exclude_user_ids: list[int]) -> list[int]:
    """Clients with one case that none of ``exclude_user_ids`` (the benchmark users) is on: their dossiers
    are copied, the case list of the benchmark user does not show them."""
    from caseplan.models import Case, CaseMember, Client

    on_team = CaseMember.objects.filter(user_id__in=exclude_user_ids).values("case__client_id")
    multi = (
        Case.objects.values("client_id").annotate(n=models.Count("id")).filter(n__gt=1).values("client_id")
    )
    return list(
        Client.objects.exclude(pk__in=on_team)
        .exclude(pk__in=multi)
        .filter(cases__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )


def template_sizes(template_ids: list[int]) -> dict[int, int]:
    """Rows of each template's dossier (live and historical)."""
    plan = case_dossier_plan()
    with transaction.atomic(), connection.cursor() as cursor:
        temp = _walk(cursor, plan, template_ids)
        return rows_per_root(cursor, temp)


def closed_long_ago() -> datetime.date:
    return timezone.localdate().replace(year=timezone.localdate().year - YEARS_AGO)


def add_plans(client_ids: list[int], log: Callable[[str], None] = lambda _message: None) -> int:
    """A published maatwerkplan with two goals and a contract in preparation on the case of each client,
    through the services (so the templates hold plans, versions, sections, domains, goals and contracts)."""
    from django.core.exceptions import ValidationError

    from caseplan.models import Case, PlanTemplate
    from caseplan.services import contracts, plans

    template = PlanTemplate.objects.get(code="maatwerkplan")
    made = 0
    for case in Case.objects.filter(client_id__in=client_ids).select_related("created_by"):
        by = case.created_by
        if by is None or case.plans.exists():
            continue
        try:
            with transaction.atomic():
                draft = plans.plan_create(case=case, template=template, by=by)
                domain = draft.domains.order_by("pk").first()
                if domain is not None:
                    for kind in ("einddoel", "tussendoel"):
                        plans.goal_save(domain=domain, by=by, kind=kind, text="Stabiele woonsituatie")
                version = plans.version_publish(version=draft, by=by, evaluation_date=None)
                contracts.contract_prepare(
                    plan_version=version,
                    by=by,
                    casemanager=by,
                    partner_signatory_name="Partner",
                    duration_kind="einddatum",
                    end_date=timezone.localdate() + datetime.timedelta(days=180),
                    place="Utrecht",
                )
        except ValidationError as exc:
            log(f"    no plan on a template case: {exc}")
            continue
        made += 1
    return made


def weights_for(sizes: dict[int, int], *, clients: int, rows: int) -> dict[int, int]:
    """Copies per template so that ``clients`` copies hold about ``rows`` rows: the templates smaller and
    larger than the wanted mean are mixed in the proportion that gives it."""
    mean = rows / clients
    low = [t for t, size in sizes.items() if size <= mean]
    high = [t for t, size in sizes.items() if size > mean]
    if not low or not high:
        return {t: clients // len(sizes) + (i < clients % len(sizes)) for i, t in enumerate(sizes)}
    low_rows, high_rows = sum(sizes[t] for t in low), sum(sizes[t] for t in high)
    # nl·wl + nh·wh = clients and L·wl + H·wh = rows.
    determinant = len(low) * high_rows - len(high) * low_rows
    w_low = (clients * high_rows - len(high) * rows) / determinant
    w_high = (len(low) * rows - low_rows * clients) / determinant
    weights = {t: max(round(w_low), 0) for t in low} | {t: max(round(w_high), 0) for t in high}
    short = clients - sum(weights.values())
    weights[low[0]] = max(weights[low[0]] + short, 0)
    return weights
