"""What nazorg plugs into caseplan's hooks (caseplan/hooks.py), registered in ``NazorgConfig.ready``: the
nazorg figure on the caseload dashboard. And what it plugs into privacy's retention (privacy/hooks.py): the
episode never imported into a case, the API's idempotency records, "no running detention" for the case
dossier, and the episode number as the subject of holds and early deletion."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import BigIntegerField, CharField, Exists, F, OuterRef, QuerySet, Value
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.utils.translation import gettext_lazy

from nazorg.models import DetentionEpisode, HandoverStatus, IdempotencyRecord
from nazorg.selectors.episodes import releasing_soon
from privacy.context_processors import NAZORG_FUNCTIONS
from privacy.hooks import (
    GraphSpec,
    PeriodSpec,
    ResolvedSubject,
    RetentionKind,
    apply_candidate_filters,
    register_candidate_filter,
    register_retention_kind,
    register_subject_resolver,
)
from privacy.models import CountsFrom, User


def release_figure(user: User) -> tuple[int, str] | None:
    """Detainees released within eight weeks, for MMD'ers and municipal contact persons only (DPAN's
    authorised users); None for everyone else, without a query."""
    if user.function not in NAZORG_FUNCTIONS:
        return None
    return releasing_soon(user)


# --- retention (privacy/hooks.py) --------------------------------------------------------------------


def _not_imported() -> QuerySet[DetentionEpisode]:
    """Episodes never taken into a case (nor linked to a client, whose dossier they would belong to)."""
    return DetentionEpisode.objects.filter(case__isnull=True, client__isnull=True).exclude(
        handover_status=HandoverStatus.IMPORTED
    )


def episode_candidates(counts_from: str, cutoff: datetime.date) -> QuerySet[Any, Any]:
    """Episodes never imported whose release date (else the expected one, else creation) is on or before
    ``cutoff``; ``created`` counts from creation only."""
    if counts_from == CountsFrom.CREATED:
        anchor: Any = TruncDate("created_at")
    else:
        anchor = Coalesce(F("released_on"), F("expected_release"), TruncDate("created_at"))
    queryset = apply_candidate_filters("nazorg_episode", _not_imported())
    return (
        queryset.order_by()
        .annotate(r_anchor=anchor)
        .filter(r_anchor__lte=cutoff)
        .values(
            r_key=Cast("pk", CharField()),
            r_id=F("pk"),
            r_client=Value(None, output_field=BigIntegerField()),
            r_episode=F("pk"),
            r_reference=F("reference"),
            r_anchor=F("r_anchor"),
        )
    )


def without_running_detention(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """A client (the case dossier's root) with a detention still running is not proposed."""
    return queryset.exclude(
        Exists(DetentionEpisode.objects.filter(client_id=OuterRef("pk"), released_on__isnull=True))
    )


def resolve_episode_number(reference: str) -> ResolvedSubject | None:
    episode = (
        DetentionEpisode.objects.filter(reference__iexact=reference)
        .only("pk", "reference", "client_id", "case_id", "released_on", "handover_status")
        .first()
    )
    if episode is None:
        return None
    imported = episode.client_id is not None or episode.case_id is not None
    return ResolvedSubject(
        subject="episode",
        subject_id=episode.pk,
        reference=episode.reference,
        client_id=episode.client_id,
        episode_id=episode.pk,
        kind="case_dossier" if imported and episode.client_id else "nazorg_episode",
        root_id=episode.client_id if imported and episode.client_id else episode.pk,
        in_use=episode.released_on is None and not imported,
    )


def register_retention() -> None:
    register_retention_kind(
        RetentionKind(
            key="nazorg_episode",
            label=gettext_lazy("Nazorgdetentie (niet overgenomen)"),
            root="episode",
            counts_from=(CountsFrom.RELEASE_DATE, CountsFrom.CREATED),
            graph=GraphSpec(roots=((DetentionEpisode, "pk"),)),
            candidates=episode_candidates,
            on_request=True,
        )
    )
    register_retention_kind(
        RetentionKind(
            key="idempotency",
            label=gettext_lazy("Idempotentiesleutels (API)"),
            root="",
            counts_from=(CountsFrom.CREATED,),
            period=PeriodSpec(model=IdempotencyRecord, field="created_at", unit="day"),
        )
    )
    register_candidate_filter("case_dossier", without_running_detention)
    register_subject_resolver("episode", resolve_episode_number)
