"""Writes of retention and destruction: the daily proposal, the review of a list (per item, first and
second review), holds, early deletion on request, and the rules' checks. The destruction itself (the job's
loop) is in ``privacy/services/destruction.py``.

Every service is keyword-only, typed and atomic; edits of a list or item check its ``revision``
(``EditConflict``), and a list that is no longer under review refuses changes (``StateConflict``)."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from common.destruction import column_of
from common.errors import EditConflict, StateConflict
from common.history import note_change
from privacy.hooks import (
    CANDIDATE_COLUMNS,
    PeriodSpec,
    RetentionKind,
    resolve_subject,
    retention_kind,
    retention_kinds,
)
from privacy.models import (
    Decision,
    DestructionItem,
    DestructionList,
    HoldKind,
    HoldReason,
    HoldSubject,
    ItemStatus,
    ListOrigin,
    ListStatus,
    RetentionHold,
    RetentionRule,
    TermUnit,
    User,
)
from privacy.models.retention import REVIEWABLE_LIST_STATUSES, UNFINISHED_LIST_STATUSES, add_term

logger = logging.getLogger(__name__)

SECOND_REVIEW_PERMISSION = "privacy.second_review_destruction"
_LIST_NUMBER_LOCK = 7_140_014  # pg_advisory_xact_lock key: one numbering (and one proposal) at a time


# --- rules -------------------------------------------------------------------------------------------


def _term_days(amount: int, unit: str) -> int:
    """A term's length in days from a fixed day, to compare two terms."""
    start = datetime.date(2000, 1, 1)
    return (add_term(start, amount, unit) - start).days


def _longer_than_max(rule: RetentionRule) -> bool:
    if not (rule.max_term_amount and rule.max_term_unit):
        return False
    return _term_days(rule.term_amount, rule.term_unit) > _term_days(rule.max_term_amount, rule.max_term_unit)


def retention_rule_check(*, rule: RetentionRule) -> None:
    """Refuse a rule its kind does not allow: a term longer than the maximum (the covenant caps the case
    dossier at five years; longer only per item by an extension), or a ``counts_from`` the kind cannot
    compute. Raises ``ValidationError`` naming the field."""
    errors: dict[str, str] = {}
    kind = retention_kinds().get(rule.kind)
    if kind is None:
        errors["kind"] = _("Onbekende soort gegevens.")
    elif rule.counts_from not in kind.counts_from:
        errors["counts_from"] = _("Voor deze soort gegevens kan de termijn niet vanaf dit moment lopen.")
    if rule.term_unit not in TermUnit.values:
        errors["term_unit"] = _("Kies dagen, maanden of jaren.")
    elif not rule.term_amount:
        errors["term_amount"] = _("Een bewaartermijn is minstens één dag.")
    elif _longer_than_max(rule):
        errors["term_amount"] = _(
            "De bewaartermijn is langer dan het maximum van %(amount)s %(unit)s. Langer bewaren kan "
            "alleen per onderdeel, met een reden (langer bewaren in de beoordeling van een lijst)."
        ) % {"amount": rule.max_term_amount, "unit": rule.get_max_term_unit_display()}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def retention_rule_save(*, rule: RetentionRule, by: User | None) -> RetentionRule:
    """Check and save a rule edited by the functional administrator (admin): bumps ``revision``, sets
    ``updated_by``, writes history."""
    retention_rule_check(rule=rule)
    if rule.pk is not None:
        current = RetentionRule.objects.select_for_update().get(pk=rule.pk)
        if current.revision != rule.revision:
            raise EditConflict(current)
        # The cap and the kind are the kind's, not the administrator's.
        rule.max_term_amount, rule.max_term_unit, rule.kind = (
            current.max_term_amount,
            current.max_term_unit,
            current.kind,
        )
        rule.revision = current.revision + 1
    rule.updated_by = by
    note_change(rule, by=by, reason="bewaarregel gewijzigd")
    rule.save()
    return rule


# --- the proposal ------------------------------------------------------------------------------------


def _next_number(today: datetime.date) -> str:
    """``VV-2026-0007``: per year, one more than the highest so far (called under the advisory lock)."""
    prefix = f"VV-{today.year}-"
    numbers = DestructionList.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    highest = max((int(number.rsplit("-", 1)[1]) for number in numbers), default=0)
    return f"{prefix}{highest + 1:04d}"


def _lock_numbering() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LIST_NUMBER_LOCK])


def _new_list(*, origin: str, today: datetime.date, by: User | None, reason: str = "") -> DestructionList:
    _lock_numbering()
    return DestructionList.objects.create(
        number=_next_number(today), origin=origin, created_by=by, reason=reason
    )


def _period_bounds(period: PeriodSpec, key: str) -> tuple[datetime.datetime, datetime.datetime]:
    """The local start (inclusive) and end (exclusive) of a period key ("2025-03" or "2025-03-14")."""
    parts = [int(part) for part in key.split("-")]
    if period.unit == "day":
        day = datetime.date(parts[0], parts[1], parts[2])
        following = day + datetime.timedelta(days=1)
    else:
        day = datetime.date(parts[0], parts[1], 1)
        following = add_term(day, 1, TermUnit.MONTHS)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(following, datetime.time.min))
    return start, end


def period_bounds(kind: RetentionKind, key: str) -> tuple[datetime.datetime, datetime.datetime]:
    assert kind.period is not None
    return _period_bounds(kind.period, key)


def _period_candidates(period: PeriodSpec, cutoff: datetime.date) -> tuple[str, list[Any]]:
    """Whole periods (months or days) whose last day is on or before ``cutoff``, as candidate rows."""
    if period.unit == "day":
        boundary_day = cutoff + datetime.timedelta(days=1)
        unit, key_format, anchor = "day", "YYYY-MM-DD", "p::date"
    else:
        following = cutoff + datetime.timedelta(days=1)
        boundary_day = following.replace(day=1)
        unit, key_format, anchor = "month", "YYYY-MM", "((p + interval '1 month')::date - 1)"
    boundary = timezone.make_aware(datetime.datetime.combine(boundary_day, datetime.time.min))
    model = period.model
    column = connection.ops.quote_name(column_of(model, period.field))
    table = connection.ops.quote_name(model._meta.db_table)
    sql = (
        f"SELECT to_char(p, '{key_format}') AS r_key, NULL::bigint AS r_id, NULL::bigint AS r_client, "  # noqa: S608
        f"NULL::bigint AS r_episode, to_char(p, '{key_format}') AS r_reference, {anchor} AS r_anchor "
        f"FROM (SELECT DISTINCT date_trunc('{unit}', {column} AT TIME ZONE %s) AS p FROM {table} "
        f"WHERE {column} < %s) AS periods"
    )
    return sql, [timezone.get_current_timezone_name(), boundary]


def candidate_sql(kind: RetentionKind, rule: RetentionRule, cutoff: datetime.date) -> tuple[str, list[Any]]:
    """The kind's expired roots as SQL with the columns ``CANDIDATE_COLUMNS``."""
    if kind.period is not None:
        return _period_candidates(kind.period, cutoff)
    assert kind.candidates is not None
    queryset = kind.candidates(rule.counts_from, cutoff)
    sql, params = queryset.query.sql_with_params()
    return sql, list(params)


_ACTIVE_HOLD = (
    "SELECT 1 FROM privacy_retentionhold h WHERE h.lifted_at IS NULL AND (h.until IS NULL OR h.until > %s) "
    "AND ((c.r_client IS NOT NULL AND h.client_id = c.r_client) "
    "OR (c.r_episode IS NOT NULL AND h.episode_id = c.r_episode))"
)
_ON_OPEN_LIST = (
    "SELECT 1 FROM privacy_destructionitem o JOIN privacy_destructionlist ol ON ol.id = o.destruction_list_id "
    "WHERE o.kind = %s AND o.root_key = c.r_key AND (ol.status = ANY(%s) "
    "OR (o.status = 'mislukt' AND ol.status = 'vernietigd_fouten'))"
)


def _insert_items(
    *, destruction_list: DestructionList, kind: RetentionKind, rule: RetentionRule, today: datetime.date
) -> int:
    """INSERT ... SELECT of the kind's expired roots that are not held nor on an unfinished list."""
    sql, params = candidate_sql(kind, rule, rule.cutoff(today))
    years = rule.term_amount if rule.term_unit == TermUnit.YEARS else 0
    months = rule.term_amount if rule.term_unit == TermUnit.MONTHS else 0
    days = rule.term_amount if rule.term_unit == TermUnit.DAYS else 0
    types = {"r_key": "text", "r_id": "bigint", "r_client": "bigint", "r_episode": "bigint"}
    types |= {"r_reference": "text", "r_anchor": "date"}
    columns = ", ".join(f"c.{name}::{types[name]} AS {name}" for name in CANDIDATE_COLUMNS)
    statement = (
        "INSERT INTO privacy_destructionitem (destruction_list_id, kind, rule_id, root_key, root_id, client_id, "  # noqa: S608
        "episode_id, reference, anchor_date, expired_on, decision, decision_reason, status, attempts, "
        "last_error, counts, pending_files, revision) "
        f"SELECT %s, %s, %s, c.r_key, c.r_id, c.r_client, c.r_episode, left(c.r_reference, 300), c.r_anchor, "
        "(c.r_anchor + make_interval(years => %s, months => %s, days => %s))::date, "
        "'vernietigen', '', 'open', 0, '', '{}'::jsonb, '[]'::jsonb, 1 "
        f"FROM (SELECT {columns} FROM ({sql}) AS c) AS c "
        f"WHERE NOT EXISTS ({_ACTIVE_HOLD}) AND NOT EXISTS ({_ON_OPEN_LIST}) "
        "ORDER BY c.r_reference, c.r_key"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            statement,
            [
                destruction_list.pk,
                kind.key,
                rule.pk,
                years,
                months,
                days,
                *params,
                today,
                kind.key,
                list(UNFINISHED_LIST_STATUSES),
            ],
        )
        return int(cursor.rowcount)


def _drop_covered(destruction_list: DestructionList, kinds: dict[str, RetentionKind]) -> int:
    """An item of a case (its CO24 journal) whose client's whole dossier is on the same list goes: the
    dossier covers it."""
    client_kinds = [key for key, kind in kinds.items() if kind.root == HoldSubject.CLIENT]
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM privacy_destructionitem WHERE destruction_list_id = %s AND NOT (kind = ANY(%s)) "
            "AND client_id IN (SELECT client_id FROM privacy_destructionitem "
            "WHERE destruction_list_id = %s AND kind = ANY(%s) AND client_id IS NOT NULL)",
            [destruction_list.pk, client_kinds, destruction_list.pk, client_kinds],
        )
        return int(cursor.rowcount)


@transaction.atomic
def retention_propose(
    *, today: datetime.date | None = None, by: User | None = None
) -> DestructionList | None:
    """The daily proposal: per active rule, set-based, the roots whose term has passed, minus those in use,
    under an active hold, extension or exclusion, and those already on an unfinished list. Writes ONE list
    (origin periodic) with all of them, or nothing (returns None) when nothing expired."""
    today = today or timezone.localdate()
    kinds = retention_kinds()
    destruction_list = _new_list(origin=ListOrigin.PERIODIC, today=today, by=by)
    total = 0
    for rule in RetentionRule.objects.filter(active=True).order_by("id"):
        kind = kinds.get(rule.kind)
        if kind is None:
            logger.warning("retention rule %s names no registered kind", rule.code)
            continue
        total += _insert_items(destruction_list=destruction_list, kind=kind, rule=rule, today=today)
    total -= _drop_covered(destruction_list, kinds)
    if not total:
        destruction_list.delete()
        return None
    destruction_list.items_total = total
    destruction_list.save(update_fields=["items_total"])
    logger.info("retention proposal %s: %s items", destruction_list.number, total)
    return destruction_list


# --- review ------------------------------------------------------------------------------------------


def _check_list(
    destruction_list: DestructionList, revision: int, statuses: tuple[str, ...]
) -> DestructionList:
    current = DestructionList.objects.select_for_update().get(pk=destruction_list.pk)
    if current.revision != revision:
        raise EditConflict(current)
    if current.status not in statuses:
        raise StateConflict(_("Deze lijst is niet meer in beoordeling."))
    return current


@transaction.atomic
def destruction_item_decide(
    *,
    item: DestructionItem,
    decision: Decision | str,
    revision: int,
    by: User,
    reason: str = "",
    extend_until: datetime.date | None = None,
) -> DestructionItem:
    """Per item: vernietigen (the default), langer bewaren (reason and a date after today required) or
    uitzonderen (reason required). Only while the list is under (first) review."""
    current = DestructionItem.objects.select_for_update().select_related("destruction_list").get(pk=item.pk)
    if current.revision != revision:
        raise EditConflict(current)
    if current.destruction_list.status != ListStatus.PROPOSED:
        raise StateConflict(_("Deze lijst is niet meer in beoordeling."))
    reason = reason.strip()
    errors: dict[str, str] = {}
    if decision not in Decision.values:
        errors["decision"] = _("Kies vernietigen, langer bewaren of uitzonderen.")
    elif decision != Decision.DESTROY and not reason:
        errors["reason"] = _("Geef een reden.")
    if decision == Decision.EXTEND:
        if extend_until is None:
            errors["extend_until"] = _("Geef de datum tot wanneer het bewaard blijft.")
        elif extend_until <= timezone.localdate():
            errors["extend_until"] = _("Kies een datum na vandaag.")
    if errors:
        raise ValidationError(errors)
    current.decision = decision
    current.decision_reason = reason if decision != Decision.DESTROY else ""
    current.extend_until = extend_until if decision == Decision.EXTEND else None
    current.decided_by = by
    current.decided_at = timezone.now()
    current.revision += 1
    current.save(
        update_fields=["decision", "decision_reason", "extend_until", "decided_by", "decided_at", "revision"]
    )
    return current


def _hold_for_item(item: DestructionItem, by: User) -> RetentionHold | None:
    """An extension or exclusion decided in the review, as a hold the next proposals respect."""
    if item.client_id is None and item.episode_id is None:
        return None  # a period of rows: nothing to hold on to; the next proposal offers it again
    subject = HoldSubject.CLIENT if item.client_id is not None else HoldSubject.EPISODE
    return RetentionHold(
        kind=HoldKind.EXTENSION if item.decision == Decision.EXTEND else HoldKind.EXCLUSION,
        subject=subject,
        subject_id=item.client_id if item.client_id is not None else item.episode_id,  # type: ignore[misc]
        reference=item.reference,
        client_id=item.client_id,
        episode_id=item.episode_id,
        reason=HoldReason.OTHER,
        explanation=item.decision_reason,
        until=item.extend_until if item.decision == Decision.EXTEND else None,
        placed_by=by,
    )


def _approve(destruction_list: DestructionList, by: User) -> DestructionList:
    """The list is final: extensions and exclusions become holds, the job is queued after commit."""
    kept = list(
        DestructionItem.objects.filter(destruction_list=destruction_list).exclude(decision=Decision.DESTROY)
    )
    RetentionHold.objects.bulk_create([hold for item in kept if (hold := _hold_for_item(item, by))])
    DestructionItem.objects.filter(pk__in=[item.pk for item in kept]).update(status=ItemStatus.KEPT)
    destruction_list.status = ListStatus.APPROVED
    destruction_list.items_total = DestructionItem.objects.filter(
        destruction_list=destruction_list, decision=Decision.DESTROY
    ).count()
    destruction_list.items_done = 0
    destruction_list.save()
    pk = destruction_list.pk

    def queue() -> None:
        from privacy.tasks import retention_destroy

        retention_destroy.delay(pk)

    transaction.on_commit(queue)
    return destruction_list


def _needs_second_review(destruction_list: DestructionList) -> bool:
    return DestructionItem.objects.filter(
        destruction_list=destruction_list, decision=Decision.DESTROY, rule__second_review_required=True
    ).exists()


@transaction.atomic
def destruction_list_approve(
    *, destruction_list: DestructionList, revision: int, by: User
) -> DestructionList:
    """ "Lijst vaststellen" (first review). When an item to destroy falls under a rule that requires a second
    review the list waits for it; otherwise it is approved: extensions and exclusions become holds and the
    destruction job is queued after commit."""
    current = _check_list(destruction_list, revision, (ListStatus.PROPOSED,))
    current.reviewed_by = by
    current.reviewed_at = timezone.now()
    current.revision += 1
    if _needs_second_review(current):
        current.status = ListStatus.AWAITING_SECOND_REVIEW
        current.save()
        return current
    return _approve(current, by)


@transaction.atomic
def destruction_list_second_review(
    *, destruction_list: DestructionList, revision: int, by: User
) -> DestructionList:
    """The controller's second reviewer approves: a different person than the first reviewer, with the
    permission ``privacy.second_review_destruction``. Then as approval above."""
    current = _check_list(destruction_list, revision, (ListStatus.AWAITING_SECOND_REVIEW,))
    if not by.has_perm(SECOND_REVIEW_PERMISSION):
        raise PermissionError(_("U bent geen tweede beoordelaar van vernietigingslijsten."))
    if by.pk == current.reviewed_by_id:
        raise ValidationError(_("De tweede beoordeling doet iemand anders dan de eerste beoordelaar."))
    current.second_reviewed_by = by
    current.second_reviewed_at = timezone.now()
    current.revision += 1
    return _approve(current, by)


@transaction.atomic
def destruction_list_cancel(
    *, destruction_list: DestructionList, revision: int, by: User, reason: str = ""
) -> DestructionList:
    """Cancel a list under review: nothing is destroyed, its roots may be proposed again."""
    current = _check_list(destruction_list, revision, REVIEWABLE_LIST_STATUSES)
    current.status = ListStatus.CANCELLED
    current.cancelled_by = by
    current.cancelled_at = timezone.now()
    if reason.strip():
        current.reason = reason.strip()
    current.revision += 1
    current.save()
    return current


@transaction.atomic
def destruction_list_retry(*, destruction_list: DestructionList, by: User) -> DestructionList:
    """ "Opnieuw proberen" on a list destroyed with errors: its failed items go back to pending and the job is
    queued again after commit."""
    current = DestructionList.objects.select_for_update().get(pk=destruction_list.pk)
    if current.status != ListStatus.DESTROYED_WITH_ERRORS:
        raise StateConflict(_("Alleen een lijst met mislukte onderdelen kan opnieuw."))
    failed = DestructionItem.objects.filter(destruction_list=current, status=ItemStatus.FAILED)
    retried = failed.update(status=ItemStatus.PENDING, attempts=0, revision=F("revision") + 1)
    current.status = ListStatus.DESTROYING
    current.items_done = max(0, current.items_done - retried)
    current.finished_at = None
    current.report = None
    current.revision += 1
    current.save()
    pk = current.pk
    logger.info("destruction list %s: %s failed items retried by %s", current.number, retried, by.pk)

    def queue() -> None:
        from privacy.tasks import retention_destroy

        retention_destroy.delay(pk)

    transaction.on_commit(queue)
    return current


# --- early deletion and holds ------------------------------------------------------------------------


def _resolve(subject: str, reference: str) -> Any:
    if subject not in (HoldSubject.CASE, HoldSubject.EPISODE):
        raise ValidationError({"subject": _("Kies een casus of een detentie.")})
    resolved = resolve_subject(subject, reference)
    if resolved is None:
        field_error = (
            _("Er is geen casus met dit casusnummer.")
            if subject == HoldSubject.CASE
            else _("Er is geen detentie met dit kenmerk.")
        )
        raise ValidationError({"reference": field_error})
    return resolved


@transaction.atomic
def destruction_request_early(
    *, subject: str, reference: str, reason: str, by: User, today: datetime.date | None = None
) -> DestructionList:
    """Early deletion on request (a granted erasure request, a record entered by mistake): an on_request list
    with one item for the client of the case number (``subject="case"``) or for the episode
    (``subject="episode"``), reviewed and destroyed like any other. ``reason`` says why, without names."""
    today = today or timezone.localdate()
    if not reason.strip():
        raise ValidationError({"reason": _("Geef de aanleiding, zonder namen.")})
    resolved = _resolve(subject, reference)
    if resolved.in_use:
        raise ValidationError(
            {"reference": _("Dit dossier is nog in gebruik: sluit eerst de casus of de detentie af.")}
        )
    kind = retention_kind(resolved.kind)
    rule = RetentionRule.objects.get(kind=kind.key)
    root_key = str(resolved.root_id)
    if DestructionItem.objects.filter(
        kind=kind.key, root_key=root_key, destruction_list__status__in=UNFINISHED_LIST_STATUSES
    ).exists():
        raise ValidationError({"reference": _("Dit dossier staat al op een lijst die nog loopt.")})
    destruction_list = _new_list(origin=ListOrigin.ON_REQUEST, today=today, by=by, reason=reason.strip())
    references = _references_of(kind, resolved)
    DestructionItem.objects.create(
        destruction_list=destruction_list,
        kind=kind.key,
        rule=rule,
        root_key=root_key,
        root_id=resolved.root_id,
        client_id=resolved.client_id,
        episode_id=resolved.episode_id if kind.root == HoldSubject.EPISODE else None,
        reference=references[:300],
        anchor_date=today,
        expired_on=today,
    )
    destruction_list.items_total = 1
    destruction_list.save(update_fields=["items_total"])
    return destruction_list


def _references_of(kind: RetentionKind, resolved: Any) -> str:
    """The references the reviewer sees: all case numbers of the client's dossier, or the episode number."""
    if kind.candidates is None:
        return str(resolved.reference)
    queryset = kind.candidates(
        RetentionRule.objects.get(kind=kind.key).counts_from, datetime.date.max
    ).filter(r_id=resolved.root_id)
    row = queryset.values_list("r_reference", flat=True).first()
    return str(row or resolved.reference)


@transaction.atomic
def retention_hold_place(
    *,
    subject: str,
    reference: str,
    reason: HoldReason | str,
    by: User,
    explanation: str = "",
    until: datetime.date | None = None,
    kind: HoldKind | str = HoldKind.HOLD,
) -> RetentionHold:
    """Place a hold (bewaarplicht), extension or exclusion on the client of a case number, or on an episode.
    It blocks proposals at once, and a destruction job re-checks it per item right before destroying."""
    errors: dict[str, str] = {}
    if reason not in HoldReason.values:
        errors["reason"] = _("Kies een reden.")
    if kind not in HoldKind.values:
        errors["kind"] = _("Kies bewaarplicht, langer bewaren of uitgezonderd.")
    if kind == HoldKind.EXTENSION and until is None:
        errors["until"] = _("Geef de datum tot wanneer het bewaard blijft.")
    if until is not None and until <= timezone.localdate():
        errors["until"] = _("Kies een datum na vandaag.")
    if reason == HoldReason.OTHER and not explanation.strip():
        errors["explanation"] = _("Licht de reden toe.")
    if errors:
        raise ValidationError(errors)
    resolved = _resolve(subject, reference)
    return RetentionHold.objects.create(
        kind=kind,
        subject=resolved.subject,
        subject_id=resolved.subject_id,
        reference=resolved.reference,
        client_id=resolved.client_id,
        episode_id=resolved.episode_id,
        reason=reason,
        explanation=explanation.strip(),
        until=until,
        placed_by=by,
    )


@transaction.atomic
def retention_hold_lift(*, hold: RetentionHold, reason: str, revision: int, by: User) -> RetentionHold:
    """Lift a hold, with a reason (required)."""
    current = RetentionHold.objects.select_for_update().get(pk=hold.pk)
    if current.revision != revision:
        raise EditConflict(current)
    if current.lifted_at is not None:
        raise StateConflict(_("Deze bewaarplicht is al opgeheven."))
    if not reason.strip():
        raise ValidationError({"lift_reason": _("Geef een reden.")})
    current.lifted_at = timezone.now()
    current.lifted_by = by
    current.lift_reason = reason.strip()
    current.revision += 1
    current.save()
    return current
