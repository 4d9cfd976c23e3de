"""The plug points of privacy's retention for the apps above it (privacy may import only common).

Each app registers the kinds of records it owns in its ``AppConfig.ready()``:

- ``register_retention_kind(kind)``: a kind of record with its own retention rule (the rule's ``code`` is the
  kind's ``key``). A graph kind gives its roots and how to find those whose term has passed
  (``candidates``); a period kind (a month of notifications) gives its table and date field.
- ``register_candidate_filter(kind_key, filter)``: another app narrows a kind's candidates (nazorg: a
  client with a running detention is not proposed), without the owner of the kind importing it.
- ``register_generic_edge(edge)``: a generic reference that belongs to the dossier of what it points at
  (deadlines: ``Deadline.subject``), added to every graph kind.
- ``register_subject_resolver(subject, resolver)``: a case number or episode number → the ids a hold or an
  early deletion request is about (caseplan for cases, nazorg for episodes).
- ``destruction_failed``: a signal sent (after commit) when items of a list failed for good; notifications
  connects it and tells the privacy officers, naming the list number only.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.dispatch import Signal

from common.destruction import GenericEdge

if TYPE_CHECKING:
    from django.db import models
    from django.utils.functional import Promise


# The columns a kind's candidate queryset returns, by these names (``QuerySet.values(**{...})``): r_key (text:
# the root's id), r_id (bigint), r_client and r_episode (bigint or null: what holds match on), r_reference
# (text shown to the reviewer: case numbers, an episode number), r_anchor (date the term counts from).
CANDIDATE_COLUMNS = ("r_key", "r_id", "r_client", "r_episode", "r_reference", "r_anchor")

Candidates = Callable[[str, datetime.date], QuerySet[Any, Any]]
"""``candidates(counts_from, cutoff)``: the roots whose anchor date (counted from ``counts_from``) is on or
before ``cutoff`` (their term has passed), that are not in use (open cases, running detentions), as
``values(*CANDIDATE_COLUMNS)``. Filters registered by other apps are applied to it (``candidate_filters``)."""

CandidateFilter = Callable[[QuerySet[Any]], QuerySet[Any]]
"""Narrows the root queryset of a kind (e.g. ``queryset.exclude(Exists(...))``)."""


@dataclass(frozen=True)
class GraphSpec:
    """A kind destroyed through the model graph (common/destruction.py): the root tables with their root
    column (``"pk"`` or a foreign key's name) and generic edges of its own. The generic edges registered with
    ``register_generic_edge`` and the frameworks' (admin log, guardian) are added to every graph."""

    roots: tuple[tuple[type[models.Model], str], ...]
    generic: tuple[GenericEdge, ...] = ()


@dataclass(frozen=True)
class PeriodSpec:
    """A kind destroyed per period of rows: ``model`` rows whose ``field`` (a date-time) lies in one
    calendar month (``unit="month"``, key "2025-03") or day (``unit="day"``, key "2025-03-14")."""

    model: type[models.Model]
    field: str
    unit: str = "month"


@dataclass(frozen=True)
class RetentionKind:
    key: str
    label: str | Promise
    # What a root is: "client", "case", "episode" (HoldSubject values), or "" for a period of rows.
    root: str
    counts_from: tuple[str, ...]
    graph: GraphSpec | None = None
    candidates: Candidates | None = None
    period: PeriodSpec | None = None
    # Whether an early deletion request can name this kind's roots.
    on_request: bool = False

    def __post_init__(self) -> None:
        if (self.graph is None) == (self.period is None):
            raise ValueError(f"retention kind {self.key}: give a graph or a period")
        if self.graph is not None and self.candidates is None:
            raise ValueError(f"retention kind {self.key}: a graph kind needs its candidates")

    @property
    def is_period(self) -> bool:
        return self.period is not None


@dataclass(frozen=True)
class ResolvedSubject:
    """What a case or episode number points at: the hold's subject id and the ids items match on."""

    subject: str
    subject_id: int
    reference: str
    client_id: int | None
    episode_id: int | None
    # The kind an early deletion request of this subject destroys, and its root (the client, the episode).
    kind: str
    root_id: int
    # Whether the root is still in use (an open case, a running detention): early deletion is refused then.
    in_use: bool = False


SubjectResolver = Callable[[str], "ResolvedSubject | None"]


class _Registry:
    def __init__(self) -> None:
        self.kinds: dict[str, RetentionKind] = {}
        self.filters: dict[str, list[CandidateFilter]] = {}
        self.resolvers: dict[str, SubjectResolver] = {}
        self.generic_edges: list[GenericEdge] = []


_registry = _Registry()

destruction_failed = Signal()
"""Sent with ``destruction_list`` (a DestructionList) once items of it have failed for good."""


def register_retention_kind(kind: RetentionKind) -> None:
    _registry.kinds[kind.key] = kind


def retention_kinds() -> dict[str, RetentionKind]:
    return dict(_registry.kinds)


def retention_kind(key: str) -> RetentionKind:
    try:
        return _registry.kinds[key]
    except KeyError:
        raise LookupError(f"no retention kind {key!r} is registered") from None


def register_candidate_filter(kind_key: str, candidate_filter: CandidateFilter) -> None:
    filters = _registry.filters.setdefault(kind_key, [])
    if candidate_filter not in filters:
        filters.append(candidate_filter)


def candidate_filters(kind_key: str) -> list[CandidateFilter]:
    return list(_registry.filters.get(kind_key, []))


def apply_candidate_filters(kind_key: str, queryset: QuerySet[Any]) -> QuerySet[Any]:
    for candidate_filter in candidate_filters(kind_key):
        queryset = candidate_filter(queryset)
    return queryset


def register_generic_edge(edge: GenericEdge) -> None:
    """A generic reference (content type + object id) that belongs to the dossier of whatever it points at
    (deadlines: ``Deadline.subject``), added to every graph kind."""
    if edge not in _registry.generic_edges:
        _registry.generic_edges.append(edge)


def generic_edges() -> tuple[GenericEdge, ...]:
    return tuple(_registry.generic_edges)


def register_subject_resolver(subject: str, resolver: SubjectResolver) -> None:
    _registry.resolvers[subject] = resolver


def resolve_subject(subject: str, reference: str) -> ResolvedSubject | None:
    resolver = _registry.resolvers.get(subject)
    return resolver(reference.strip()) if resolver is not None else None
