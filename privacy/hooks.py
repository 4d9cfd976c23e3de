"""The plug points of privacy's retention for the apps above it (privacy may import only common).

Each app registers the kinds of records it owns in its ``AppConfig.ready()``:

- ``register_retention_kind(kind)``: a kind of record with its own retention rule (the rule's ``code`` is the
  kind's ``key``). The kind says how to find the roots whose term has passed (``candidates``) and how to
  destroy one root (``destroy``): a graph of models walked by ``common.destruction`` or a period of rows.
- ``register_candidate_filter(kind_key, filter)``: another app narrows a kind's candidates (nazorg: a
  client with a running detention is not proposed), without the owner of the kind importing it.
- ``register_subject_resolver(subject, resolver)``: a case number or episode number → the ids a hold or an
  early deletion request is about (caseplan for cases, nazorg for episodes).
- ``destruction_failed``: a signal sent (after commit) when items of a list failed for good; notifications
  connects it and tells the privacy officers, naming the list number only.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.dispatch import Signal

from common.destruction import DestructionResult, GenericEdge

if TYPE_CHECKING:
    from django.db import models
    from django.utils.functional import Promise

    from privacy.models import RetentionRule

# The values a kind's candidate queryset must return, by these names (``QuerySet.values(*CANDIDATE_COLUMNS)``):
# root_key (text: the root's id, or the period "2025-03"), root_id (bigint or null), client_id and
# episode_id (bigint or null: what holds match on), reference (text shown to the reviewer), anchor_date (date).
CANDIDATE_COLUMNS = ("root_key", "root_id", "client_id", "episode_id", "reference", "anchor_date")

Candidates = Callable[["RetentionRule", datetime.date], QuerySet[Any, Any]]
"""``candidates(rule, cutoff)``: the roots whose anchor date is on or before ``cutoff`` (their term has
passed), that are not still in use (open cases, running detentions), as ``values(*CANDIDATE_COLUMNS)``."""

CandidateFilter = Callable[[QuerySet[Any]], QuerySet[Any]]
"""Narrows the root queryset of a kind, before its values are taken (e.g. ``exclude(Exists(...))``)."""

Destroyer = Callable[[Any, str], DestructionResult]
"""``destroy(cursor, root_key)``: destroy one root inside the caller's transaction, return the counts per
model and the stored files to remove after commit."""

StillExpired = Callable[[str, "RetentionRule", datetime.date], bool]
"""``still_expired(root_key, rule, today)``: checked right before destroying (a new case opened after the
proposal makes a client current again)."""


@dataclass(frozen=True)
class GraphSpec:
    """A kind destroyed through the model graph: the root tables and their root column (``"pk"`` or a
    foreign key's name) and the generic edges (content type + object id) of the dossier."""

    roots: Sequence[tuple[type[models.Model], str]]
    generic: Sequence[GenericEdge] = ()


@dataclass(frozen=True)
class RetentionKind:
    key: str
    label: str | Promise
    # What a root is: "client", "case", "episode" (HoldSubject values), or "" for a period of rows.
    root: str
    counts_from: tuple[str, ...]
    candidates: Candidates
    destroy: Destroyer
    # The root's model (graph kinds) or the table of the rows (period kinds): its verbose name in pages.
    model: type[models.Model]
    still_expired: StillExpired | None = None
    # Whether items of this kind can be asked for early (a granted erasure request).
    on_request: bool = False

    @property
    def is_period(self) -> bool:
        return not self.root


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


def register_subject_resolver(subject: str, resolver: SubjectResolver) -> None:
    _registry.resolvers[subject] = resolver


def resolve_subject(subject: str, reference: str) -> ResolvedSubject | None:
    resolver = _registry.resolvers.get(subject)
    return resolver(reference.strip()) if resolver is not None else None
