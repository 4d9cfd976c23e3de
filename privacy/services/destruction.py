"""The destruction job's loop, shared by the Celery task (``privacy.tasks.retention_destroy``) and
``manage.py destroy_list``: per item its own transaction (lock with SKIP LOCKED, re-check holds and the term,
run the kind's statement, record counts and the files to remove, mark destroyed, count progress), then the
files are removed after commit. Resumable and safe with two workers at once; the record is frozen at the end.

Crash safety: the rows of an item, its status and its ``pending_files`` change in one transaction, so a
process killed at any moment leaves the item either untouched (pending) or destroyed with the names of the
files still to remove; a run first removes the pending files of destroyed items and only then goes on.
"""

from __future__ import annotations

import datetime
import functools
import json
import logging
import os
import time
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files.storage import Storage, default_storage
from django.db import connection, models, transaction
from django.utils import timezone, translation

from common.destruction import (
    DestructionPlan,
    DestructionResult,
    GenericEdge,
    Root,
    destruction_plan,
    execute_prepared,
    framework_generic_edges,
    narrow_generic_edges,
)
from privacy.hooks import RetentionKind, generic_edges, retention_kind
from privacy.models import (
    Decision,
    DestructionItem,
    DestructionList,
    ItemStatus,
    ListOrigin,
    ListStatus,
    RetentionRule,
)
from privacy.models.retention import term_in_words
from privacy.services.retention import period_bounds

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
# Items per transaction. Each item is recorded on its own (status, counts, files), the statement runs once for
# the batch: its fixed cost (a few milliseconds for the dozens of tables of a case dossier) is paid per batch.
BATCH_SIZE = 25
RUNNING_STATUSES = (ListStatus.APPROVED, ListStatus.DESTROYING)


@dataclass
class DestructionRun:
    """What one run did: items destroyed, skipped (hold or no longer expired), failed for now (retried),
    failed for good; whether the list is finished."""

    destroyed: int = 0
    skipped: int = 0
    retry: int = 0
    failed: int = 0
    finished: bool = False


# --- one item ----------------------------------------------------------------------------------------

_LOCK_ITEM = """
SELECT i.id, i.kind, i.root_key, i.root_id, i.rule_id, i.attempts,
  -- the item's statements are prepared: planned once per connection, not once per item
  set_config('plan_cache_mode', 'force_generic_plan', true) AS plan_cache_mode,
  EXISTS (SELECT 1 FROM privacy_retentionhold h
          WHERE h.lifted_at IS NULL AND (h.until IS NULL OR h.until > %s)
            AND ((i.client_id IS NOT NULL AND h.client_id = i.client_id)
              OR (i.episode_id IS NOT NULL AND h.episode_id = i.episode_id))) AS held
FROM privacy_destructionitem i
WHERE i.destruction_list_id = %s AND i.status = 'open' AND i.decision = 'vernietigen' AND NOT (i.id = ANY(%s))
ORDER BY i.id
LIMIT %s
FOR UPDATE OF i SKIP LOCKED
"""

# The items' bookkeeping in one statement: status, counts and files; the list's progress; for a destroyed
# item the references of earlier items of the same root (an extension on an old list) cleared and the holds
# that no longer hold removed. A batch without stored files commits without waiting for the disk: lost in a
# database crash, its items are simply pending again (rows and status go together); a batch with files
# waits, as the files are removed right after the commit.
_RECORD_ITEMS = """
WITH data AS (
  SELECT * FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[]) AS d(id, status, counts, files)
), item AS (
  UPDATE privacy_destructionitem i
  SET status = d.status, counts = d.counts::jsonb, pending_files = d.files::jsonb,
      destroyed_at = CASE WHEN d.status = 'vernietigd' THEN %s::timestamptz END,
      reference = CASE WHEN d.status = 'vernietigd' THEN '' ELSE i.reference END,
      decision_reason = CASE WHEN d.status = 'vernietigd' THEN '' ELSE i.decision_reason END,
      last_error = '', revision = i.revision + 1
  FROM data d WHERE i.id = d.id
  RETURNING i.id, i.destruction_list_id, i.kind, i.root_key, i.client_id, i.episode_id, i.status
), progress AS (
  UPDATE privacy_destructionlist SET items_done = items_done + (SELECT count(*) FROM item) WHERE id = %s
), earlier AS (
  UPDATE privacy_destructionitem o SET reference = '', decision_reason = ''
  FROM item
  WHERE item.status = 'vernietigd' AND o.kind = item.kind AND o.root_key = item.root_key AND o.id <> item.id
    AND (o.reference <> '' OR o.decision_reason <> '')
), holds AS (
  DELETE FROM privacy_retentionhold h
  USING item
  WHERE item.status = 'vernietigd' AND (h.lifted_at IS NOT NULL OR (h.until IS NOT NULL AND h.until <= %s))
    AND ((item.client_id IS NOT NULL AND h.client_id = item.client_id)
      OR (item.episode_id IS NOT NULL AND h.episode_id = item.episode_id))
)
SELECT set_config('synchronous_commit', %s, true)
"""


def generic_edges_now() -> tuple[GenericEdge, ...]:
    """Every generic edge (registered and the frameworks'), narrowed to the subject types that exist now."""
    return narrow_generic_edges((*generic_edges(), *framework_generic_edges()))


def _plan_for(kind: RetentionKind, edges: tuple[GenericEdge, ...] | None = None) -> DestructionPlan:
    edges = generic_edges_now() if edges is None else edges
    if kind.period is not None:
        return destruction_plan(
            roots=(Root(kind.period.model, kind.period.field, by_range=True),), generic=edges
        )
    assert kind.graph is not None
    roots = tuple(Root(model, column) for model, column in kind.graph.roots)
    return destruction_plan(roots=roots, generic=(*kind.graph.generic, *edges))


def destroy_root(
    kind: RetentionKind, root_key: str, edges: tuple[GenericEdge, ...] | None = None
) -> DestructionResult:
    """Destroy one root of a kind inside the current transaction (one statement). ``edges``: the generic
    edges of this run (``generic_edges_now()``); found afresh when not given."""
    plan = _plan_for(kind, edges)
    if kind.period is not None:
        start, end = period_bounds(kind, root_key)
        return plan.execute(start=start, end=end)
    return plan.execute(ids=[int(root_key)])


@functools.lru_cache(maxsize=32)
def _cached_rule(rule_id: int, run_key: float) -> RetentionRule:
    return RetentionRule.objects.get(pk=rule_id)


def _rule(rule_id: int) -> RetentionRule:
    """The item's rule, read once a minute at most (a run handles thousands of items of a few rules)."""
    return _cached_rule(rule_id, time.monotonic() // 60)


@functools.lru_cache(maxsize=64)
def _recheck_sql(kind_key: str, counts_from: str, cutoff: datetime.date) -> tuple[str, tuple[Any, ...]]:
    """The kind's candidate query narrowed to some roots (their ids are the last parameter)."""
    candidates = retention_kind(kind_key).candidates
    assert candidates is not None
    sql, params = candidates(counts_from, cutoff).query.sql_with_params()
    return f"SELECT ARRAY(SELECT c.r_id FROM ({sql}) AS c WHERE c.r_id = ANY(%s))", tuple(params)  # noqa: S608


def _still_expired(
    kind: RetentionKind, rule: RetentionRule, root_ids: list[int], today: datetime.date
) -> set[int]:
    """Of a graph kind's roots, those still expired right before they go (a new case, a detention that
    started since the proposal make a dossier current again): the proposal's query for these roots only."""
    sql, params = _recheck_sql(kind.key, rule.counts_from, rule.cutoff(today))
    return set(execute_prepared(sql, [*params, root_ids])[0] or [])


def _error_text(exc: BaseException) -> str:
    """The exception's class and the first line of its message (database details name values: left out)."""
    first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {first_line}"[:500]


def _slow_down() -> None:
    """For the kill test: ``RETENTION_DESTROY_DELAY`` seconds after each item (never set in production)."""
    delay = float(
        os.environ.get("RETENTION_DESTROY_DELAY", "0") or getattr(settings, "RETENTION_DESTROY_DELAY", 0)
    )
    if delay:
        time.sleep(delay)


def _storage_for(label: str) -> Storage:
    """The storage of a file field named ``app.Model.field``."""
    app_label, model_name, field_name = label.split(".")
    try:
        field = apps.get_model(app_label, model_name)._meta.get_field(field_name)
    except LookupError:  # pragma: no cover - a model removed since
        return default_storage
    return field.storage if isinstance(field, models.FileField) else default_storage


def _remove_files(files: list[list[str]] | list[tuple[str, str]]) -> None:
    for label, name in files:
        try:
            _storage_for(label).delete(name)
        except Exception:  # a file that cannot be removed must not stop the job: logged for the operator
            logger.exception("destruction: a stored file could not be deleted")


def _finish_files(item_id: int, files: list[Any]) -> None:
    """After commit: remove the stored files, then clear the item's list of them."""
    if not files:
        return
    _remove_files(files)
    DestructionItem.objects.filter(pk=item_id).update(pending_files=[])


def _pending_file_items(destruction_list_id: int) -> None:
    """Finish what a killed run left: destroyed items whose files were not yet removed."""
    leftovers = DestructionItem.objects.filter(
        destruction_list_id=destruction_list_id, status=ItemStatus.DESTROYED
    ).exclude(pending_files=[])
    for item_id, files in leftovers.values_list("pk", "pending_files"):
        _finish_files(item_id, files)


@dataclass
class _Locked:
    id: int
    kind: str
    root_key: str
    root_id: int | None
    rule_id: int
    held: bool
    outcome: str = ""
    result: DestructionResult | None = None


def _process_batch(
    destruction_list: DestructionList,
    skip: list[int],
    today: datetime.date,
    size: int,
    edges: tuple[GenericEdge, ...],
) -> list[_Locked]:
    """Lock up to ``size`` pending items (SKIP LOCKED: another worker takes others), re-check holds and the
    term, destroy them (one statement per kind for the whole batch), record them, commit; then remove the
    files. Returns the items handled (empty when nothing is left); raises ``BatchFailed`` (naming the locked
    items) when the batch failed and was rolled back."""
    items: list[_Locked] = []
    try:
        files = _destroy_batch(destruction_list, skip, today, size, edges, items)
    except Exception as exc:
        if not items:
            raise
        raise BatchFailed([item.id for item in items], exc) from exc
    if files:
        _remove_files(files)
        DestructionItem.objects.filter(
            pk__in=[item.id for item in items if item.result and item.result.files]
        ).update(pending_files=[])
    return items


class BatchFailed(Exception):
    def __init__(self, item_ids: list[int], error: BaseException) -> None:
        super().__init__(str(error))
        self.item_ids = item_ids
        self.error = error


def _destroy_batch(
    destruction_list: DestructionList,
    skip: list[int],
    today: datetime.date,
    size: int,
    edges: tuple[GenericEdge, ...],
    items: list[_Locked],
) -> list[tuple[str, str]]:
    """The batch's transaction; fills ``items`` as soon as they are locked. Returns the files to remove."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(_LOCK_ITEM, [today, destruction_list.pk, skip, size])
            items.extend(
                _Locked(id=row[0], kind=row[1], root_key=row[2], root_id=row[3], rule_id=row[4], held=row[7])
                for row in cursor.fetchall()
            )
        if not items:
            return []
        for item in items:
            if item.held:
                item.outcome = ItemStatus.SKIPPED_HOLD
        by_kind: dict[str, list[_Locked]] = {}
        for item in items:
            if not item.outcome:
                by_kind.setdefault(item.kind, []).append(item)
        for kind_key, group in by_kind.items():
            _destroy_group(destruction_list, retention_kind(kind_key), group, today, edges)
        files = [pair for item in items if item.result is not None for pair in item.result.files]
        with connection.cursor() as cursor:
            cursor.execute(
                _RECORD_ITEMS,
                [
                    [item.id for item in items],
                    [item.outcome for item in items],
                    [json.dumps(item.result.counts if item.result else {}) for item in items],
                    [
                        json.dumps([list(pair) for pair in item.result.files] if item.result else [])
                        for item in items
                    ],
                    timezone.now(),
                    destruction_list.pk,
                    today,
                    "on" if files else "off",
                ],
            )
    return files


def _destroy_group(
    destruction_list: DestructionList,
    kind: RetentionKind,
    group: list[_Locked],
    today: datetime.date,
    edges: tuple[GenericEdge, ...],
) -> None:
    """Destroy the locked items of one kind: graph kinds in one statement for all their roots."""
    if kind.period is not None:
        for item in group:
            item.result, item.outcome = destroy_root(kind, item.root_key, edges), ItemStatus.DESTROYED
        return
    if destruction_list.origin != ListOrigin.ON_REQUEST and kind.candidates is not None:
        expired = _still_expired(
            kind, _rule(group[0].rule_id), [item.root_id for item in group if item.root_id], today
        )
        for item in group:
            if item.root_id not in expired:
                item.outcome = ItemStatus.SKIPPED_ACTIVE
        group = [item for item in group if not item.outcome]
    if not group:
        return
    results = _plan_for(kind, edges).execute_many(ids=[int(item.root_key) for item in group])
    untraced = results.pop(None, None)
    for item in group:
        item.result = results.get(int(item.root_key), DestructionResult())
        item.outcome = ItemStatus.DESTROYED
    if untraced is not None:  # a row found through two dossiers at once: counted with the first item
        logger.warning("destruction: %s rows not traced to one root in a batch", untraced.total)
        group[0].result.add(untraced)  # type: ignore[union-attr]


def _record_failure(item_id: int, exc: BaseException, max_attempts: int, run: DestructionRun) -> None:
    """An item failed (its batch was rolled back): tried again in a later run, failed after
    ``max_attempts`` runs."""
    logger.warning("destruction: item %s failed", item_id, exc_info=exc)
    with transaction.atomic():
        item = DestructionItem.objects.select_for_update().get(pk=item_id)
        item.attempts += 1
        item.last_error = _error_text(exc)
        if item.attempts >= max_attempts:
            item.status = ItemStatus.FAILED
            DestructionList.objects.filter(pk=item.destruction_list_id).update(
                items_done=models.F("items_done") + 1
            )
            run.failed += 1
        else:
            run.retry += 1
        item.save(update_fields=["attempts", "last_error", "status"])


# --- the list ----------------------------------------------------------------------------------------


def _start(destruction_list_id: int) -> DestructionList | None:
    with transaction.atomic():
        destruction_list = DestructionList.objects.select_for_update().get(pk=destruction_list_id)
        if destruction_list.status not in RUNNING_STATUSES:
            return None
        if destruction_list.status == ListStatus.APPROVED:
            destruction_list.status = ListStatus.DESTROYING
            destruction_list.started_at = destruction_list.started_at or timezone.now()
            destruction_list.save(update_fields=["status", "started_at"])
    return destruction_list


def _finish(destruction_list_id: int) -> bool:
    """When no destroy-item is pending: destroyed, or destroyed with errors; the record is frozen."""
    with transaction.atomic():
        destruction_list = DestructionList.objects.select_for_update().get(pk=destruction_list_id)
        if destruction_list.status != ListStatus.DESTROYING:
            return destruction_list.status in (ListStatus.DESTROYED, ListStatus.DESTROYED_WITH_ERRORS)
        items = DestructionItem.objects.filter(destruction_list=destruction_list, decision=Decision.DESTROY)
        if items.filter(status=ItemStatus.PENDING).exists():
            return False
        failed = items.filter(status=ItemStatus.FAILED).exists()
        destruction_list.status = ListStatus.DESTROYED_WITH_ERRORS if failed else ListStatus.DESTROYED
        destruction_list.finished_at = timezone.now()
        destruction_list.report = destruction_report(destruction_list=destruction_list)
        destruction_list.revision += 1
        destruction_list.save()
    logger.info("destruction list %s: %s", destruction_list.number, destruction_list.status)
    if failed:
        from privacy.hooks import destruction_failed

        destruction_failed.send(sender=DestructionList, destruction_list=destruction_list)
    return True


def destruction_run(
    *,
    destruction_list_id: int,
    max_attempts: int = MAX_ATTEMPTS,
    limit: int | None = None,
    batch_size: int | None = None,
) -> DestructionRun:
    """Process the pending destroy-items of an approved list until none are left (or ``limit`` items), then
    finish it (destroyed / destroyed_with_errors, the frozen record) when nothing is pending. An item that
    fails is tried once per run; it is marked failed after ``max_attempts`` runs."""
    run = DestructionRun()
    batch_size = batch_size or int(getattr(settings, "RETENTION_DESTROY_BATCH", BATCH_SIZE))
    destruction_list = _start(destruction_list_id)
    if destruction_list is None:
        run.finished = DestructionList.objects.filter(
            pk=destruction_list_id, status__in=(ListStatus.DESTROYED, ListStatus.DESTROYED_WITH_ERRORS)
        ).exists()
        return run
    _pending_file_items(destruction_list_id)
    today = timezone.localdate()
    edges = generic_edges_now()
    tried: list[int] = []
    handled = 0
    size = max(1, batch_size)
    while limit is None or handled < limit:
        wanted = size if limit is None else min(size, limit - handled)
        try:
            items = _process_batch(destruction_list, tried, today, wanted, edges)
        except BatchFailed as failed:
            if len(failed.item_ids) > 1:
                size = 1  # find the item that fails: one at a time from here
                continue
            _record_failure(failed.item_ids[0], failed.error, max_attempts, run)
            tried.append(failed.item_ids[0])
            handled += 1
            continue
        if not items:
            break
        handled += len(items)
        for item in items:
            if item.outcome == ItemStatus.DESTROYED:
                run.destroyed += 1
            else:
                run.skipped += 1
        _slow_down()
    run.finished = _finish(destruction_list_id)
    return run


# --- the record --------------------------------------------------------------------------------------

_COUNTS_PER_RULE = """
SELECT i.rule_id, c.key, sum(c.value::bigint)
FROM privacy_destructionitem i, jsonb_each_text(i.counts) AS c
WHERE i.destruction_list_id = %s AND i.status = 'vernietigd'
GROUP BY i.rule_id, c.key
"""


def _person(user: Any) -> str:
    """A reviewer as the record names them: staff, not client data."""
    if user is None:
        return ""
    organisation = getattr(user.organisation, "name", "")
    name = user.get_full_name() or user.email
    return f"{name} ({organisation})" if organisation else name


def _when(moment: datetime.datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def _model_label(label: str) -> tuple[str, str, bool]:
    """``(model label, verbose_name_plural, historical)`` of a counted label."""
    try:
        model = apps.get_model(label)
    except LookupError:
        return label, label, False
    from common.destruction import is_history_model

    if is_history_model(model):
        tracked = model.instance_type  # simple-history's tracked model
        return tracked._meta.label, str(tracked._meta.verbose_name_plural), True
    return label, str(model._meta.verbose_name_plural), False


def destruction_report(*, destruction_list: DestructionList) -> dict[str, object]:
    """The destruction record (verklaring van vernietiging) as JSON: per rule its code, name, legal ground,
    record text and term, the items destroyed and the rows per kind of record (verbose_name_plural); the
    extended, excluded and skipped counts; the reviewers and times. No names, BSN, case numbers or free text."""
    with translation.override(settings.LANGUAGE_CODE):
        statuses: dict[tuple[int, str, str], int] = {}
        for rule_id, decision, status, count in (
            DestructionItem.objects.filter(destruction_list=destruction_list)
            .values_list("rule_id", "decision", "status")
            .annotate(n=models.Count("id"))
            .order_by()
        ):
            statuses[(rule_id, decision, status)] = count
        records: dict[int, dict[str, dict[str, Any]]] = {}
        with connection.cursor() as cursor:
            cursor.execute(_COUNTS_PER_RULE, [destruction_list.pk])
            for rule_id, label, count in cursor.fetchall():
                model_label, plural, historical = _model_label(label)
                row = records.setdefault(rule_id, {}).setdefault(
                    model_label, {"model": model_label, "label": plural, "rows": 0, "history_rows": 0}
                )
                row["history_rows" if historical else "rows"] += int(count)
        rule_ids = sorted({rule_id for rule_id, _decision, _status in statuses})
        rules = []
        for rule in RetentionRule.objects.filter(pk__in=rule_ids).order_by("name"):

            def count(decision: str | None = None, status: str | None = None, rule_id: int = rule.pk) -> int:
                return sum(
                    n
                    for (r, d, s), n in statuses.items()
                    if r == rule_id
                    and (decision is None or d == decision)
                    and (status is None or s == status)
                )

            rules.append(
                {
                    "code": rule.code,
                    "name": rule.name,
                    "legal_ground": rule.legal_ground,
                    "record_text": rule.record_text,
                    "term": term_in_words(rule.term_amount, rule.term_unit),
                    "counts_from": str(rule.get_counts_from_display()),
                    "items": count(),
                    "destroyed": count(Decision.DESTROY, ItemStatus.DESTROYED),
                    "failed": count(Decision.DESTROY, ItemStatus.FAILED),
                    "skipped_hold": count(Decision.DESTROY, ItemStatus.SKIPPED_HOLD),
                    "skipped_active": count(Decision.DESTROY, ItemStatus.SKIPPED_ACTIVE),
                    "extended": count(Decision.EXTEND),
                    "excluded": count(Decision.EXCLUDE),
                    "records": sorted(records.get(rule.pk, {}).values(), key=lambda row: row["label"]),
                }
            )
        return {
            "number": destruction_list.number,
            "origin": destruction_list.origin,
            "origin_label": str(destruction_list.get_origin_display()),
            "status": destruction_list.status,
            "status_label": str(destruction_list.get_status_display()),
            "created_at": _when(destruction_list.created_at),
            "created_by": _person(destruction_list.created_by) or str(translation.gettext("dagelijkse taak")),
            "reviewed_by": _person(destruction_list.reviewed_by),
            "reviewed_at": _when(destruction_list.reviewed_at),
            "second_reviewed_by": _person(destruction_list.second_reviewed_by),
            "second_reviewed_at": _when(destruction_list.second_reviewed_at),
            "started_at": _when(destruction_list.started_at),
            "finished_at": _when(destruction_list.finished_at),
            "rules": rules,
            "totals": {
                "items": sum(rule["items"] for rule in rules),  # type: ignore[misc]
                "destroyed": sum(rule["destroyed"] for rule in rules),  # type: ignore[misc]
                "failed": sum(rule["failed"] for rule in rules),  # type: ignore[misc]
                "extended": sum(rule["extended"] for rule in rules),  # type: ignore[misc]
                "excluded": sum(rule["excluded"] for rule in rules),  # type: ignore[misc]
                "rows": sum(
                    row["rows"] + row["history_rows"]
                    for rule in rules
                    for row in rule["records"]  # type: ignore[attr-defined]
                ),
            },
        }
