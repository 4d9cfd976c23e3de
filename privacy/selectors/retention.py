"""Reads of retention and destruction for the privacy officer's pages. Items name a client or episode
through a case number or episode number: showing them is logged in the access log."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import HttpRequest

from privacy.models import DestructionItem, DestructionList, RetentionHold, RetentionRule, User

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


def destruction_lists() -> QuerySet[DestructionList]:
    """All lists, newest first, with their reviewers."""
    raise NotImplementedError


def destruction_list_summary(*, destruction_list: DestructionList) -> ListSummary:
    raise NotImplementedError


def destruction_items(
    *, destruction_list: DestructionList, kind: str = "", decision: str = ""
) -> QuerySet[DestructionItem]:
    """The items of a list, filtered by kind and decision, with their rule (no access-log row: use
    ``destruction_items_page`` for a page that shows them)."""
    raise NotImplementedError


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
    raise NotImplementedError


def retention_rules() -> QuerySet[RetentionRule]:
    raise NotImplementedError


def retention_holds(*, active_only: bool = True) -> QuerySet[RetentionHold]:
    raise NotImplementedError
