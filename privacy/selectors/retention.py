"""Reads of retention and destruction for the privacy officer's pages. Items name a client or episode
through a case number or episode number: showing them is logged in the access log."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest

from privacy.hooks import retention_kinds
from privacy.models import Decision, DestructionItem, DestructionList, RetentionHold, RetentionRule, User
from privacy.services import Viewed, access_log_record

RETENTION_PURPOSE = "Bewaartermijnen en vernietiging (model privacyconvenant art. 9)"


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    total: int
    destroy: int
    extend: int
    exclude: int


@dataclass(frozen=True)
class ListSummary:
    """Counts of a list per kind and decision: for the confirmation "Lijst vaststellen" names them."""

    kinds: list[KindCount]
    total: int
    destroy: int
    extend: int
    exclude: int


def kind_label(kind: str) -> str:
    registered = retention_kinds().get(kind)
    return str(registered.label) if registered is not None else kind


def destruction_list_summary(*, destruction_list: DestructionList) -> ListSummary:
    rows = (
        DestructionItem.objects.filter(destruction_list=destruction_list)
        .values("kind")
        .annotate(
            total=Count("id"),
            destroy=Count("id", filter=Q(decision=Decision.DESTROY)),
            extend=Count("id", filter=Q(decision=Decision.EXTEND)),
            exclude=Count("id", filter=Q(decision=Decision.EXCLUDE)),
        )
        .order_by("kind")
    )
    kinds = [
        KindCount(
            kind=row["kind"],
            label=kind_label(row["kind"]),
            total=row["total"],
            destroy=row["destroy"],
            extend=row["extend"],
            exclude=row["exclude"],
        )
        for row in rows
    ]
    return ListSummary(
        kinds=kinds,
        total=sum(k.total for k in kinds),
        destroy=sum(k.destroy for k in kinds),
        extend=sum(k.extend for k in kinds),
        exclude=sum(k.exclude for k in kinds),
    )


def destruction_items(
    *, destruction_list: DestructionList, kind: str = "", decision: str = ""
) -> QuerySet[DestructionItem]:
    """The items of a list, filtered by kind and decision, with their rule (no access-log row: use
    ``destruction_items_page`` for a page that shows them)."""
    queryset = DestructionItem.objects.filter(destruction_list=destruction_list).select_related(
        "rule", "decided_by"
    )
    if kind:
        queryset = queryset.filter(kind=kind)
    if decision:
        queryset = queryset.filter(decision=decision)
    return queryset.order_by("id")


def destruction_items_page(
    *,
    user: User,
    destruction_list: DestructionList,
    page_number: int | str | None = 1,
    kind: str = "",
    decision: str = "",
    per_page: int = 50,
    request: HttpRequest | None = None,
) -> Page[DestructionItem]:
    """One page of items; writes the access-log rows of the clients and episodes it shows."""
    items = destruction_items(destruction_list=destruction_list, kind=kind, decision=decision)
    page = Paginator(items, per_page).get_page(page_number)
    viewed = [
        Viewed(
            client_id=item.client_id, case_id=None, purpose=RETENTION_PURPOSE, detention_id=item.episode_id
        )
        for item in page.object_list
        if item.reference and (item.client_id is not None or item.episode_id is not None)
    ]
    access_log_record(
        user=user,
        viewed=viewed,
        action="vernietigingslijst",
        shown=f"vernietigingslijst {destruction_list.number}: kenmerken",
        request=request,
    )
    return page


def retention_rules() -> QuerySet[RetentionRule]:
    return RetentionRule.objects.select_related("updated_by").order_by("name")


def retention_holds(*, active_only: bool = True) -> QuerySet[RetentionHold]:
    queryset = RetentionHold.objects.select_related("placed_by", "lifted_by")
    if active_only:
        queryset = queryset.active()
    return queryset.order_by("-placed_at", "-id")
