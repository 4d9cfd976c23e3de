"""Reads for the privacy officer's retention pages that ``privacy/selectors/retention.py`` does not offer:
one list or item by id, the lists overview with their counts, failed items, holds with their access-log
rows, the frozen destruction record made ready for a page or PDF, and the landing's counts.

Items and holds name a client or detention through a case number or episode number: a page that shows
them writes access-log rows (purpose ``RETENTION_PURPOSE``)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.dateparse import parse_datetime

from privacy.hooks import retention_kinds
from privacy.models import (
    Decision,
    DestructionItem,
    DestructionList,
    HoldSubject,
    ItemStatus,
    ListStatus,
    RetentionHold,
    RetentionRule,
    User,
)
from privacy.models.retention import REVIEWABLE_LIST_STATUSES, UNFINISHED_LIST_STATUSES
from privacy.selectors.retention import RETENTION_PURPOSE
from privacy.services import Viewed, access_log_record

LIST_PEOPLE = ("created_by", "reviewed_by", "second_reviewed_by", "cancelled_by")


def kind_labels() -> dict[str, str]:
    """The registered kinds of records by key, with their labels, in the rules' order (by name)."""
    kinds = retention_kinds()
    return {key: str(kind.label) for key, kind in sorted(kinds.items(), key=lambda pair: str(pair[1].label))}


def destruction_list_get(*, pk: int) -> DestructionList:
    try:
        return DestructionList.objects.select_related(*LIST_PEOPLE).get(pk=pk)
    except DestructionList.DoesNotExist:
        raise Http404 from None


def destruction_lists_overview() -> QuerySet[DestructionList]:
    """Every list, newest first, with its counts per decision and of failed items (one query per page)."""
    return (
        DestructionList.objects.select_related("reviewed_by", "second_reviewed_by")
        .annotate(
            n_items=Count("items"),
            n_destroy=Count("items", filter=Q(items__decision=Decision.DESTROY)),
            n_extend=Count("items", filter=Q(items__decision=Decision.EXTEND)),
            n_exclude=Count("items", filter=Q(items__decision=Decision.EXCLUDE)),
            n_failed=Count("items", filter=Q(items__status=ItemStatus.FAILED)),
        )
        .order_by("-created_at", "-id")
    )


def _viewed_item(item: DestructionItem) -> Viewed:
    return Viewed(
        client_id=item.client_id, case_id=None, purpose=RETENTION_PURPOSE, detention_id=item.episode_id
    )


def log_items_read(
    *, user: User, items: Iterable[DestructionItem], shown: str, request: HttpRequest | None
) -> None:
    """Access-log rows for items that still name a client or detention (destroyed items name none)."""
    viewed = [_viewed_item(item) for item in items if item.reference and (item.client_id or item.episode_id)]
    access_log_record(user=user, viewed=viewed, action="lijst", shown=shown, request=request)


def destruction_item_for_review(
    *, user: User, destruction_list: DestructionList, pk: int, request: HttpRequest | None
) -> DestructionItem:
    """One item of the list with its rule and decider, for its review page; the read is logged."""
    try:
        item = DestructionItem.objects.select_related("rule", "decided_by").get(
            pk=pk, destruction_list=destruction_list
        )
    except DestructionItem.DoesNotExist:
        raise Http404 from None
    log_items_read(user=user, items=[item], shown="vernietigingslijst: onderdeel beoordelen", request=request)
    return item


def destruction_failures(
    *, user: User, destruction_list: DestructionList, request: HttpRequest | None
) -> list[DestructionItem]:
    """The items that failed for good, with their error (class and message, no data); the read is logged."""
    failed = list(
        DestructionItem.objects.filter(destruction_list=destruction_list, status=ItemStatus.FAILED).order_by(
            "id"
        )
    )
    if failed:
        log_items_read(
            user=user, items=failed, shown="vernietigingslijst: mislukte onderdelen", request=request
        )
    return failed


def _viewed_hold(hold: RetentionHold) -> Viewed:
    return Viewed(
        client_id=hold.client_id,
        case_id=hold.subject_id if hold.subject == HoldSubject.CASE else None,
        purpose=RETENTION_PURPOSE,
        detention_id=hold.episode_id,
    )


def retention_holds_page(
    *, user: User, active_only: bool, request: HttpRequest | None, limit: int = 200
) -> list[RetentionHold]:
    """Holds, extensions and exclusions (active ones, or all), newest first; their reads are logged."""
    holds = RetentionHold.objects.select_related("placed_by", "lifted_by")
    if active_only:
        holds = holds.active()
    shown = list(holds.order_by("-placed_at", "-id")[:limit])
    access_log_record(
        user=user,
        viewed=[_viewed_hold(hold) for hold in shown],
        action="lijst",
        shown="bewaarplichten",
        request=request,
    )
    return shown


def retention_hold_for_lift(*, user: User, pk: int, request: HttpRequest | None) -> RetentionHold:
    try:
        hold = RetentionHold.objects.select_related("placed_by", "lifted_by").get(pk=pk)
    except RetentionHold.DoesNotExist:
        raise Http404 from None
    access_log_record(
        user=user,
        viewed=[_viewed_hold(hold)],
        action="inzien",
        shown="bewaarplicht opheffen",
        request=request,
    )
    return hold


def _with_moments(value: Any) -> Any:
    """The frozen report with its ISO moments (keys ending in ``_at``) as date-times, for templates."""
    if isinstance(value, dict):
        return {
            key: (
                parse_datetime(item) if key.endswith("_at") and isinstance(item, str) else _with_moments(item)
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_with_moments(item) for item in value]
    return value


def destruction_record(*, destruction_list: DestructionList) -> dict[str, Any] | None:
    """The destruction record (verklaring van vernietiging) as frozen at the end of the job, or None while
    the list is not finished. It holds no personal data: no read to log."""
    if not isinstance(destruction_list.report, dict):
        return None
    record: dict[str, Any] = _with_moments(destruction_list.report)
    return record


@dataclass(frozen=True)
class RetentionCounts:
    """The landing's figures."""

    under_review: int
    running: int
    with_errors: int
    active_holds: int
    rules: int


def retention_counts(*, today: datetime.date | None = None) -> RetentionCounts:
    lists = DestructionList.objects.aggregate(
        under_review=Count("id", filter=Q(status__in=REVIEWABLE_LIST_STATUSES)),
        running=Count(
            "id",
            filter=Q(status__in=[s for s in UNFINISHED_LIST_STATUSES if s not in REVIEWABLE_LIST_STATUSES]),
        ),
        with_errors=Count("id", filter=Q(status=ListStatus.DESTROYED_WITH_ERRORS)),
    )
    return RetentionCounts(
        under_review=lists["under_review"],
        running=lists["running"],
        with_errors=lists["with_errors"],
        active_holds=RetentionHold.objects.active(today).count(),
        rules=RetentionRule.objects.filter(active=True).count(),
    )


def needs_second_review(*, destruction_list: DestructionList) -> bool:
    """Whether an item to destroy falls under a rule that asks for the controller's second reviewer."""
    return DestructionItem.objects.filter(
        destruction_list=destruction_list, decision=Decision.DESTROY, rule__second_review_required=True
    ).exists()
