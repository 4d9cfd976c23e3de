"""Reads for the nazorg pages: the MMD'er's worklist, the municipal inbox, the coordinators' queue.

Each list is one page query plus two batched reads (the documents' states and the active deadlines of the
episodes on the page), so the query count stays flat however many detainees there are."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from deadlines.models import ACTIVE_STATUSES, Deadline
from nazorg.access import episodes_visible_to, is_municipal_user, is_prison_user
from nazorg.models import (
    DetentionEpisode,
    DocumentKind,
    DocumentStatus,
    HandoverEvent,
    HandoverStatus,
    NazorgDocument,
)
from nazorg.schema import SPECS
from privacy.models import User


@dataclass
class DocumentState:
    kind: str
    label: str
    status: str  # "ingediend", "concept" or "" (not started)
    number: int | None
    deadline: Deadline | None


@dataclass
class EpisodeRow:
    episode: DetentionEpisode
    documents: list[DocumentState]
    deadlines: list[Deadline]

    @property
    def next_deadline(self) -> Deadline | None:
        return min(self.deadlines, key=lambda d: d.due_on, default=None)


DEADLINE_FOR_DOCUMENT = {
    DocumentKind.MELDINGSBLAD: "nazorg-melding",
    DocumentKind.GEMEENTEBLAD: "nazorg-gemeenteblad",
    DocumentKind.BASISDOCUMENT: "nazorg-basisdocument",
    DocumentKind.OVERDRACHTSDOCUMENT: "nazorg-langverblijf",
    DocumentKind.ONTSLAGBERICHT: "nazorg-ontslagbericht",
}
FIRST_CONTACT = "nazorg-eerste-contact"  # the municipality's first contact after release


def active_deadlines(episode_ids: Sequence[int]) -> dict[int, list[Deadline]]:
    found: dict[int, list[Deadline]] = defaultdict(list)
    if not episode_ids:
        return found
    content_type = ContentType.objects.get_for_model(DetentionEpisode)
    for deadline in Deadline.objects.filter(
        subject_type=content_type, subject_id__in=list(episode_ids), status__in=ACTIVE_STATUSES
    ).select_related("rule"):
        found[deadline.subject_id].append(deadline)
    return found


def episode_deadlines(episode: DetentionEpisode) -> list[Deadline]:
    """Every deadline of the episode, done and lapsed ones too, by due date."""
    return list(
        Deadline.objects.filter(
            subject_type=ContentType.objects.get_for_model(DetentionEpisode), subject_id=episode.pk
        )
        .select_related("owner_user", "owner_organisation", "rule")
        .order_by("due_on", "id")
    )


def episode_rows(episodes: Sequence[DetentionEpisode]) -> list[EpisodeRow]:
    ids = [episode.pk for episode in episodes]
    states: dict[int, dict[str, NazorgDocument]] = defaultdict(dict)
    documents = (
        NazorgDocument.objects.filter(episode_id__in=ids)
        .exclude(status=DocumentStatus.SUPERSEDED)
        .only("id", "episode_id", "kind", "status", "number")
        .order_by("episode_id", "kind", "number")
    )
    for document in documents:
        kept = states[document.episode_id].get(document.kind)
        if kept is None or document.status == DocumentStatus.SUBMITTED:
            states[document.episode_id][document.kind] = document
    deadlines = active_deadlines(ids)
    rows = []
    for episode in episodes:
        by_kind = {deadline.kind: deadline for deadline in deadlines.get(episode.pk, [])}
        row_states = []
        for kind in DocumentKind:
            latest = states[episode.pk].get(kind.value)
            row_states.append(
                DocumentState(
                    kind=kind.value,
                    label=str(kind.label),
                    status=latest.status if latest else "",
                    number=latest.number if latest else None,
                    deadline=by_kind.get(DEADLINE_FOR_DOCUMENT[kind]),
                )
            )
        rows.append(EpisodeRow(episode=episode, documents=row_states, deadlines=list(by_kind.values())))
    return rows


def _search(queryset: QuerySet[DetentionEpisode], search: str) -> QuerySet[DetentionEpisode]:
    if not search:
        return queryset
    if search.isdigit() and len(search) == 9:
        return queryset.filter(bsn=search)
    if search.upper().startswith("NZ-"):
        return queryset.filter(reference__iexact=search)
    return queryset.filter(Q(achternaam__istartswith=search) | Q(voornamen__istartswith=search))


def worklist_for(user: User, *, search: str = "", state: str = "") -> QuerySet[DetentionEpisode]:
    """The detainees of the MMD'er's own prison; ``state``: lopend (default), ontslagen, mijn."""
    queryset = episodes_visible_to(user).filter(prison_id=user.organisation_id)
    if state == "ontslagen":
        queryset = queryset.filter(released_on__isnull=False)
    elif state == "binnenkort":
        queryset = _releasing_soon(queryset)
    else:
        queryset = queryset.filter(released_on__isnull=True)
        if state == "mijn":
            queryset = queryset.filter(mmd=user)
    return _search(queryset, search).select_related("gemeente", "mmd").order_by("-detention_start", "-id")


INBOX_TABS = ("nieuw", "lopend", "binnenkort", "ontslagen", "overgenomen")
RELEASE_SOON_DAYS = 56  # the seed's eight weeks before release
RELEASED_RECENT_DAYS = 183


def _releasing_soon(queryset: QuerySet[DetentionEpisode]) -> QuerySet[DetentionEpisode]:
    today = timezone.localdate()
    return queryset.filter(
        released_on__isnull=True,
        expected_release__gte=today,
        expected_release__lte=today + datetime.timedelta(days=RELEASE_SOON_DAYS),
    )


def releasing_soon(user: User) -> tuple[int, str] | None:
    """How many detainees of the user's municipality or prison are released within eight weeks, and the
    list behind the figure; None for other roles."""
    if is_municipal_user(user):
        return _releasing_soon(inbox_for(user, tab="")).count(), reverse("nazorg:inbox") + "?tab=binnenkort"
    if is_prison_user(user):
        return _releasing_soon(worklist_for(user)).count(), reverse("nazorg:worklist") + "?filter=binnenkort"
    return None


def inbox_for(user: User, *, tab: str = "nieuw", search: str = "") -> QuerySet[DetentionEpisode]:
    """The municipal inbox: notices for the user's municipality (or where it is the gemeente van vestiging)."""
    org = user.organisation_id
    queryset = episodes_visible_to(user).filter(
        Q(gemeente_id=org) | Q(gemeente_vestiging_id=org), notice_received_on__isnull=False
    )
    if tab == "nieuw":
        queryset = queryset.filter(handover_status=HandoverStatus.OPEN, gemeente_id=org)
    elif tab == "lopend":
        queryset = queryset.filter(handover_status=HandoverStatus.ACCEPTED, released_on__isnull=True)
    elif tab == "binnenkort":
        queryset = _releasing_soon(queryset)
    elif tab == "ontslagen":  # the last half year: older releases are found by searching
        queryset = queryset.filter(
            released_on__gte=timezone.localdate() - datetime.timedelta(days=RELEASED_RECENT_DAYS)
        ).exclude(handover_status=HandoverStatus.IMPORTED)
    elif tab == "overgenomen":
        queryset = queryset.filter(handover_status=HandoverStatus.IMPORTED)
    return (
        _search(queryset, search).select_related("prison", "gemeente").order_by("-notice_received_on", "-id")
    )


def queue_for(user: User) -> QuerySet[DetentionEpisode]:
    """Unplaced notices, with why they are here (the last hand-over event: rejected by whom, or unknown)."""
    last_event = HandoverEvent.objects.filter(episode=OuterRef("pk")).order_by("-at", "-id")
    return (
        episodes_visible_to(user)
        .filter(gemeente__isnull=True, notice_received_on__isnull=False, released_on__isnull=True)
        .annotate(
            queue_reason=Subquery(last_event.values("reason")[:1]),
            queued_since=Subquery(last_event.values("at")[:1]),
        )
        .select_related("prison")
        .order_by("-notice_received_on", "-id")
    )


def episode_documents(episode: DetentionEpisode, *, include_drafts_of: str | None) -> list[NazorgDocument]:
    """Every version of every document; drafts only for the party that writes them."""
    documents = list(
        episode.documents.select_related("submitted_by", "created_by").order_by("kind", "-number")
    )
    return [
        d for d in documents if d.status != DocumentStatus.DRAFT or SPECS[d.kind].party == include_drafts_of
    ]
