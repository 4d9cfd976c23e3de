"""Destroying a dossier in one SQL statement, found by walking the model graph (no domain knowledge).

Given root tables (a model and the column that holds the root ids: its pk, or a foreign key), the builder
follows every foreign key and one-to-one that points *into* a table already in the dossier, whatever its
``on_delete`` (a row pointing at a destroyed row is part of the dossier; guardian's direct object-permission
tables too), plus the generic edges it is given (content type + object id). Foreign keys pointing *out* of
the dossier (users, organisations, templates) are never followed.

It builds ONE statement of data-modifying CTEs (``WITH d1 AS (DELETE ... RETURNING id, <file columns>), d2 AS
(DELETE FROM child WHERE parent_id = ANY(ARRAY(SELECT id FROM d1)) ...) ... SELECT <counts>, <files>``), with, for every
table that has django-simple-history, the delete of its historical rows: those of the deleted ids, and
those whose parent column points at a deleted parent (live or historical), so history of rows deleted earlier
in normal use goes too. Foreign keys are DEFERRABLE INITIALLY DEFERRED, so the order of the deletes inside the
statement does not matter; self-references (a contract replacing another) are not followed (the rows are
reached through their other parent). The statement is built once per root specification and cached; one
round trip per dossier (a server-side prepared statement with psycopg 3).

A root may also be a range of rows (``Root(model, "created_at", by_range=True)``): the period kinds (a month of
notifications) use the same statement shape with ``start <= column < end``.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import connection, models
from simple_history.models import HistoricalChanges

logger = logging.getLogger(__name__)

_SAFE_NAME = re.compile(r"^[A-Za-z0-9_]+$")


@dataclass(frozen=True)
class Root:
    """Where the dossier starts: rows of ``model`` whose ``column`` (a field name, or ``"pk"``) is one of the
    ids given to ``execute`` (``by_range``: between ``start`` inclusive and ``end`` exclusive)."""

    model: type[models.Model]
    column: str = "pk"
    by_range: bool = False


@dataclass(frozen=True)
class GenericEdge:
    """Rows of ``model`` that point at a dossier row through ``ct_field`` (a ContentType foreign key) and
    ``id_field``. ``targets``: the models it may point at (None: any model in the dossier). ``text_ids``: the
    id column is text (guardian's generic object permissions, the admin log)."""

    model: type[models.Model]
    ct_field: str
    id_field: str
    targets: tuple[type[models.Model], ...] | None = None
    text_ids: bool = False


@dataclass
class DestructionResult:
    """What one run of a statement removed: rows per model label (historical rows under the historical
    model's label), and the stored files as ``(field label, name)`` ("caseplan.Client.foto") to remove after
    commit."""

    counts: dict[str, int] = field(default_factory=dict)
    files: list[tuple[str, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def add(self, other: DestructionResult) -> None:
        for label, count in other.counts.items():
            self.counts[label] = self.counts.get(label, 0) + count
        self.files.extend(other.files)


@dataclass(frozen=True)
class _Edge:
    """``child`` rows point at ``parent`` rows: by the foreign key ``fk`` or by the generic edge ``generic``."""

    parent: type[models.Model]
    child: type[models.Model]
    fk: models.ForeignKey[Any, Any] | None = None
    generic: GenericEdge | None = None


def is_history_model(model: type[models.Model]) -> bool:
    return issubclass(model, HistoricalChanges)


def history_model(model: type[models.Model]) -> type[models.Model] | None:
    """The django-simple-history model that tracks ``model``, if any."""
    attribute = getattr(model._meta, "simple_history_manager_attribute", None)
    if attribute is None:
        return None
    history: type[models.Model] = getattr(model, attribute).model  # the HistoryManager's model
    return history


def file_columns(model: type[models.Model]) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


@functools.cache
def _incoming() -> dict[type[models.Model], list[models.ForeignKey[Any, Any]]]:
    """Per concrete model, the foreign keys (and one-to-ones) of other tables that point at it. Historical
    tables are left out: their rows go with the model they track."""
    incoming: dict[type[models.Model], list[models.ForeignKey[Any, Any]]] = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed or is_history_model(model):
            continue
        for fk in model._meta.concrete_fields:
            if isinstance(fk, models.ForeignKey) and fk.related_model is not None:
                target = fk.related_model._meta.concrete_model  # type: ignore[union-attr]  # a model here
                if target is not None:
                    incoming.setdefault(target, []).append(fk)
    return incoming


def _points_at(model: type[models.Model], target: type[models.Model]) -> bool:
    return any(fk.model is model for fk in _incoming().get(target, []))


def reached_models(
    roots: Sequence[Root], generic: Sequence[GenericEdge] = ()
) -> tuple[list[type[models.Model]], list[_Edge]]:
    """The models of the dossier in the order they were found, and the edges between them (self-references
    left out)."""
    order: list[type[models.Model]] = []
    for root in roots:
        if root.model not in order:
            order.append(root.model)
    edges: list[_Edge] = []
    seen_edges: set[tuple[Any, ...]] = set()
    key: tuple[Any, ...]
    index = 0
    while True:
        while index < len(order):
            parent = order[index]
            index += 1
            for fk in _incoming().get(parent, []):
                child = fk.model
                if child is parent:
                    continue
                key = (parent, child, fk.column)
                if key not in seen_edges:
                    seen_edges.add(key)
                    edges.append(_Edge(parent=parent, child=child, fk=fk))
                if child not in order:
                    order.append(child)
        grown = False
        framework = {edge.model for edge in generic if edge.text_ids}
        for edge in generic:
            for target in list(order):
                if target is edge.model or (edge.targets is not None and target not in edge.targets):
                    continue
                # Bookkeeping rows (the admin log, generic object permissions) are nobody's subject, and a
                # table that points at the generic table itself (an action and its deadline) is reached
                # through that foreign key: a generic edge back would only make a cycle.
                if target in framework or _points_at(target, edge.model):
                    continue
                key = (target, edge.model, edge.ct_field, edge.id_field)
                if key in seen_edges:
                    continue
                seen_edges.add(key)
                edges.append(_Edge(parent=target, child=edge.model, generic=edge))
                if edge.model not in order:
                    order.append(edge.model)
                    grown = True
        if not grown and index >= len(order):
            return order, edges


def _statement_order(
    found: list[type[models.Model]], edges: list[_Edge], roots: Sequence[Root]
) -> tuple[list[type[models.Model]], list[_Edge]]:
    """A topological order (every table after the tables its rows are found through). A cycle between two
    tables is broken at the edge into the table found first by other means; those edges are returned (they
    add no rows a test has not seen: see tests/common/test_destruction.py)."""
    root_models = {root.model for root in roots}
    parents: dict[type[models.Model], list[_Edge]] = {model: [] for model in found}
    for edge in edges:
        parents[edge.child].append(edge)
    placed: list[type[models.Model]] = []
    placed_set: set[type[models.Model]] = set()
    dropped: list[_Edge] = []
    remaining = list(found)
    while remaining:
        ready = [
            model
            for model in remaining
            if all(edge.parent in placed_set for edge in parents[model] if edge not in dropped)
        ]
        if not ready:
            # A cycle: place the first-found table that is already reached through a placed table.
            for model in remaining:
                if model in root_models or any(edge.parent in placed_set for edge in parents[model]):
                    dropped.extend(edge for edge in parents[model] if edge.parent not in placed_set)
                    ready = [model]
                    break
            else:  # pragma: no cover - every found table is reached from a root
                raise RuntimeError("destruction graph: unreachable tables")
        for model in ready:
            placed.append(model)
            placed_set.add(model)
            remaining.remove(model)
    return placed, dropped


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def column_of(model: type[models.Model], name: str) -> str:
    """The database column of a model's field (``"pk"``: its primary key)."""
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    column = getattr(field, "column", None)
    if not isinstance(column, str):
        raise ValueError(f"{model._meta.label}.{name} has no column")
    return column


def _content_type_sql(model: type[models.Model]) -> str:
    app_label, model_name = model._meta.app_label, model._meta.model_name or ""
    if not (_SAFE_NAME.match(app_label) and _SAFE_NAME.match(model_name)):  # pragma: no cover
        raise ValueError(model)
    return f"(SELECT id FROM django_content_type WHERE app_label = '{app_label}' AND model = '{model_name}')"


class DestructionPlan:
    """The statement for one root specification, with the tables it deletes from (in statement order)."""

    def __init__(self, roots: Sequence[Root], generic: Sequence[GenericEdge]) -> None:
        self.roots = tuple(roots)
        found, edges = reached_models(self.roots, generic)
        self.models, self.dropped_edges = _statement_order(found, edges, self.roots)
        self.edges = edges
        self.history: dict[type[models.Model], type[models.Model]] = {
            model: history for model in self.models if (history := history_model(model)) is not None
        }
        self.sql, self.parts = self._build()

    def _alias(self, model: type[models.Model], historical: bool = False) -> str:
        return f"{'h' if historical else 'd'}{self.models.index(model)}"

    def _root_column(self, root: Root) -> str:
        return column_of(root.model, root.column)

    def _root_condition(self, root: Root) -> str:
        column = _q(self._root_column(root))
        if root.by_range:
            return f"({column} >= %(start)s AND {column} < %(end)s)"
        return f"{column} = ANY(%(ids)s)"

    def _build(self) -> tuple[str, list[_Part]]:
        """The statement, and per CTE what its rows say about the root they belong to."""
        ctes: list[str] = []
        parts: list[_Part] = []
        for model in self.models:
            live, history = self._parts_of(model)
            for part, conditions in (live, history):
                if part is None:
                    continue
                table = self.history[model] if part.historical else model
                returning = ", ".join(_q(column) for column in part.columns)
                ctes.append(
                    f"{part.alias} AS (DELETE FROM {_q(table._meta.db_table)} WHERE "
                    f"{' OR '.join(conditions)} RETURNING {returning})"
                )
                parts.append(part)
        selects = []
        for part in parts:
            ints = ", ".join(part.int_expressions)
            selects.append(f"ARRAY(SELECT ARRAY[{ints}]::bigint[] FROM {part.alias})")
            for index, _label in part.files:
                column = _q(part.columns[index])
                selects.append(
                    f"ARRAY(SELECT ARRAY[{_q(part.columns[0])}::text, {column}] FROM {part.alias} "
                    f"WHERE {column} <> '')"
                )
        return f"WITH {', '.join(ctes)} SELECT {', '.join(selects)}", parts

    def _parts_of(
        self, model: type[models.Model]
    ) -> tuple[tuple[_Part, list[str]], tuple[_Part | None, list[str]]]:
        """The live CTE of a table and the CTE of its history (if it has one), with their conditions."""
        alias = self._alias(model)
        pk = column_of(model, "pk")
        history = self.history.get(model)
        live = _Part(alias=alias, label=model._meta.label, model=model, historical=False, columns=[pk])
        past = (
            _Part(
                alias=self._alias(model, True),
                label=history._meta.label,
                model=model,
                historical=True,
                columns=[pk],
            )
            if history is not None
            else None
        )
        conditions: list[str] = []
        history_conditions: list[str] = []
        if past is not None:
            history_conditions.append(f"{_q(pk)} = ANY(ARRAY(SELECT {_q(pk)} FROM {alias}))")
        for root in self.roots:
            if root.model is not model:
                continue
            conditions.append(self._root_condition(root))
            history_conditions.append(self._root_condition(root))
            if not root.by_range:
                column = self._root_column(root)
                live.attribution.append(("root", live.column(column)))
                if past is not None:
                    past.attribution.append(("root", past.column(column)))
        for edge in self.edges:
            if edge.child is not model or edge in self.dropped_edges:
                continue
            parent, parent_alias = edge.parent, self._alias(edge.parent)
            parent_history = self.history.get(parent)
            if edge.fk is not None:
                target = edge.fk.target_field.column
                column = _q(edge.fk.column)
                conditions.append(f"{column} = ANY(ARRAY(SELECT {_q(target)} FROM {parent_alias}))")
                source = f"SELECT {_q(target)} FROM {parent_alias}"
                if parent_history is not None and target == column_of(parent, "pk"):
                    source += f" UNION ALL SELECT {_q(target)} FROM {self._alias(parent, True)}"
                history_conditions.append(f"{column} = ANY(ARRAY({source}))")
                if target == column_of(parent, "pk"):
                    live.attribution.append(("fk", live.column(edge.fk.column), parent))
                    if past is not None:
                        past.attribution.append(("fk", past.column(edge.fk.column), parent))
            elif edge.generic is not None:
                generic = edge.generic
                ct_column = column_of(model, generic.ct_field)
                id_column = column_of(model, generic.id_field)
                cast = "::text" if generic.text_ids else ""
                parent_pk = _q(column_of(parent, "pk"))
                ct = _content_type_sql(parent)
                conditions.append(
                    f"({_q(ct_column)} = {ct} AND {_q(id_column)} = "
                    f"ANY(ARRAY(SELECT {parent_pk}{cast} FROM {parent_alias})))"
                )
                source = f"SELECT {parent_pk}{cast} FROM {parent_alias}"
                if parent_history is not None:
                    source += f" UNION ALL SELECT {parent_pk}{cast} FROM {self._alias(parent, True)}"
                history_conditions.append(
                    f"({_q(ct_column)} = {ct} AND {_q(id_column)} = ANY(ARRAY({source})))"
                )
                for part in (live, past):
                    if part is not None:
                        part.attribution.append(
                            (
                                "generic",
                                part.column(ct_column),
                                part.column(id_column, text_id=generic.text_ids),
                            )
                        )
        # What children point at, and the stored files.
        for edge in self.edges:
            if edge.parent is model and edge.fk is not None and edge not in self.dropped_edges:
                live.column(edge.fk.target_field.column)
        for file_field in file_columns(model):
            live.files.append(
                (live.column(file_field.column, text=True), f"{model._meta.label}.{file_field.name}")
            )
            if past is not None:
                past.files.append(
                    (past.column(file_field.column, text=True), f"{model._meta.label}.{file_field.name}")
                )
        return (live, conditions), (past, history_conditions)

    def execute(
        self,
        cursor: Any = None,
        *,
        ids: Iterable[int] | None = None,
        start: Any = None,
        end: Any = None,
    ) -> DestructionResult:
        """Run the statement in the current transaction (with a server-side prepared statement when the
        connection is psycopg 3) and return what it removed, for all roots together."""
        total = DestructionResult()
        for result in self.execute_many(cursor, ids=ids, start=start, end=end).values():
            total.add(result)
        total.files = list(dict.fromkeys(total.files))
        return total

    def execute_many(
        self,
        cursor: Any = None,
        *,
        ids: Iterable[int] | None = None,
        start: Any = None,
        end: Any = None,
    ) -> dict[int | None, DestructionResult]:
        """Run the statement for several roots at once and return what it removed per root id (rows are
        traced to their root through the foreign keys they were found by; ``None``: rows that could not be
        traced, or all rows of a range)."""
        params: dict[str, Any] = {}
        root_ids = [int(pk) for pk in ids or ()]
        if any(not root.by_range for root in self.roots):
            params["ids"] = root_ids
        if any(root.by_range for root in self.roots):
            params["start"], params["end"] = start, end
        row = execute_prepared(self.sql, params, cursor)
        return _attribute(self.parts, row, root_ids)


@dataclass
class _Part:
    """One CTE of the statement: the columns it returns, and how a returned row names its root: by the root
    column itself, by a foreign key to a parent table, or by a generic reference."""

    alias: str
    label: str
    model: type[models.Model]
    historical: bool
    columns: list[str]
    int_expressions: list[str] = field(default_factory=list)
    attribution: list[tuple[Any, ...]] = field(default_factory=list)
    files: list[tuple[int, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.int_expressions = [_q(self.columns[0])]

    def column(self, name: str, *, text_id: bool = False, text: bool = False) -> int:
        """The index of a returned column (added when new); its value as a bigint in ``int_expressions``."""
        if name not in self.columns:
            self.columns.append(name)
            if text:
                self.int_expressions.append("NULL::bigint")
            elif text_id:
                self.int_expressions.append(f"CASE WHEN {_q(name)} ~ '^[0-9]+$' THEN {_q(name)}::bigint END")
            else:
                self.int_expressions.append(_q(name))
        return self.columns.index(name)


def _attribute(
    parts: list[_Part], row: tuple[Any, ...], root_ids: list[int]
) -> dict[int | None, DestructionResult]:
    """Per root, the rows and files of the statement's result ``row`` (the CTEs in statement order)."""
    from django.contrib.contenttypes.models import ContentType

    single = root_ids[0] if len(root_ids) == 1 else None
    results: dict[int | None, DestructionResult] = {}
    live: dict[type[models.Model], dict[int, int | None]] = {}
    past: dict[type[models.Model], dict[int, int | None]] = {}
    position = 0
    for part in parts:
        rows = row[position] or []
        position += 1
        owners = past.setdefault(part.model, {}) if part.historical else live.setdefault(part.model, {})
        for values in rows:
            owner = single if single is not None else _owner(part, values, live, past, ContentType)
            owners[values[0]] = owner
            result = results.setdefault(owner, DestructionResult())
            result.counts[part.label] = result.counts.get(part.label, 0) + 1
        for _index, label in part.files:
            for pk, name in row[position] or []:
                owner = single if single is not None else owners.get(int(pk))
                results.setdefault(owner, DestructionResult()).files.append((label, name))
            position += 1
    for result in results.values():
        result.files = list(dict.fromkeys(result.files))  # history repeats the live rows' file names
    return results


def _owner(
    part: _Part,
    values: list[int | None],
    live: dict[type[models.Model], dict[int, int | None]],
    past: dict[type[models.Model], dict[int, int | None]],
    content_types: Any,
) -> int | None:
    for how in part.attribution:
        if how[0] == "root":
            value = values[how[1]]
            if value is not None:
                return value
        elif how[0] == "fk":
            value = values[how[1]]
            if value is not None:
                owner = live.get(how[2], {}).get(value)
                if owner is None:
                    owner = past.get(how[2], {}).get(value)
                if owner is not None:
                    return owner
        elif how[0] == "generic":
            content_type_id, object_id = values[how[1]], values[how[2]]
            if content_type_id is None or object_id is None:
                continue
            target = content_types.objects.get_for_id(content_type_id).model_class()
            owner = live.get(target, {}).get(object_id)
            if owner is None:
                owner = past.get(target, {}).get(object_id)
            if owner is not None:
                return owner
    if part.historical:
        first = values[0]
        return live.get(part.model, {}).get(first) if first is not None else None
    return None


def execute_prepared(sql: str, params: dict[str, Any] | Sequence[Any], cursor: Any = None) -> tuple[Any, ...]:
    """Run a statement that runs many times (once per dossier) as a server-side prepared statement on the
    current connection and transaction, and return its first row. With ``plan_cache_mode`` set to
    ``force_generic_plan`` in the transaction it is planned once per connection."""
    connection.ensure_connection()
    raw = connection.connection
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg 2
        psycopg = None  # type: ignore[assignment]
    if psycopg is not None and isinstance(raw, psycopg.Connection) and cursor is None:
        with psycopg.Cursor(raw) as server_cursor:
            server_cursor.execute(sql, params, prepare=True)
            result = server_cursor.fetchone()
    else:  # pragma: no cover - other drivers
        own = cursor or connection.cursor()
        own.execute(sql, params)
        result = own.fetchone()
    assert result is not None
    return tuple(result)


@functools.cache
def destruction_plan(*, roots: tuple[Root, ...], generic: tuple[GenericEdge, ...] = ()) -> DestructionPlan:
    """The (cached) statement that destroys the dossiers of the given roots."""
    return DestructionPlan(roots, generic)


_PRESENT_TYPES = """
WITH RECURSIVE t AS (
  SELECT min({column}) AS ct FROM {table}
  UNION ALL
  SELECT (SELECT min({column}) FROM {table} WHERE {column} > t.ct) FROM t WHERE t.ct IS NOT NULL
)
SELECT ct FROM t WHERE ct IS NOT NULL
"""


def _content_types_in(model: type[models.Model], ct_field: str) -> set[int]:
    """The content types a generic reference of ``model`` (and of its history) points at, by a loose index
    scan: one index probe per type, whatever the size of the table."""
    found: set[int] = set()
    column = _q(column_of(model, ct_field))
    tables = [model]
    history = history_model(model)
    if history is not None:
        tables.append(history)
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(_PRESENT_TYPES.format(column=column, table=_q(table._meta.db_table)))
            found |= {row[0] for row in cursor.fetchall()}
    return found


def narrow_generic_edges(edges: Sequence[GenericEdge]) -> tuple[GenericEdge, ...]:
    """The generic edges with their targets narrowed to the models their rows point at today: a dossier
    statement then has one branch per kind of subject that exists (a deadline's case, plan, contract,
    episode, alert or action) instead of one per table of the dossier. Done once per destruction run; a
    subject type that appears later is picked up by the next run."""
    from django.contrib.contenttypes.models import ContentType

    narrowed = []
    for edge in edges:
        if edge.targets is not None:
            narrowed.append(edge)
            continue
        targets = []
        for content_type_id in sorted(_content_types_in(edge.model, edge.ct_field)):
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            if model is not None:
                targets.append(model)
        narrowed.append(
            GenericEdge(
                edge.model, edge.ct_field, edge.id_field, targets=tuple(targets), text_ids=edge.text_ids
            )
        )
    return tuple(narrowed)


def framework_generic_edges() -> tuple[GenericEdge, ...]:
    """The generic references every dossier has in the installed frameworks: guardian's generic object
    permissions and the admin's log (its ``object_repr`` may name a client)."""
    edges: list[GenericEdge] = []
    if apps.is_installed("django.contrib.admin"):
        edges.append(
            GenericEdge(apps.get_model("admin", "LogEntry"), "content_type", "object_id", text_ids=True)
        )
    if apps.is_installed("guardian"):
        for name in ("UserObjectPermission", "GroupObjectPermission"):
            edges.append(
                GenericEdge(apps.get_model("guardian", name), "content_type", "object_pk", text_ids=True)
            )
    return tuple(edges)
