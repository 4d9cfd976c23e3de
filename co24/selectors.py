"""Reads of the CO24 app: the back office's client search and the per-case signal journal.

The journal's first page is read with a fixed number of queries whatever the number of signals: the page
of signals in one index scan of ``co24_signal_case_time``, then one prefetch each for the "ja" answers and
the alerts. Filters stay inside that index (case and a received_at range) or are EXISTS probes on
``co24_answer_item`` (item, answer, signal)."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from caseplan.models import Case, PlanSection, VersionStatus
from caseplan.selectors.cases import case_search_filter
from co24.access import backoffice_cases
from co24.models import Alert, Answer, Caller, Checklist, ChecklistItem, ItemKind, Signal, SignalAnswer
from privacy.models import User

INTAKE_LIMIT = 15
UNKNOWN_CALLER = "onbekend"
KIND_RISK = "risico"
KIND_PROTECTIVE = "beschermend"


def intake_cases(*, user: User, term: str, limit: int = INTAKE_LIMIT) -> list[Case]:
    """The back office's reachable cases matching a name, alias, date of birth, exact BSN or case number.

    Digits only count as a BSN when all nine are there: a partial BSN finds nobody, by design."""
    term = term.strip()
    digits = term.replace(" ", "")
    if not term or (digits.isdigit() and len(digits) != 9):
        return []
    queryset = backoffice_cases(user, Case.objects.select_related("client", "gemeente", "purpose"))
    return list(
        queryset.filter(case_search_filter(term)).order_by("client__achternaam", "client__voornamen", "pk")[
            :limit
        ]
    )


def intake_callers(case: Case) -> list[Caller]:
    return list(Caller.objects.filter(case=case, active=True).select_related("organisation"))


def checklist_items(checklist: Checklist | None) -> list[ChecklistItem]:
    return list(checklist.items.all()) if checklist is not None else []


@dataclass(frozen=True)
class PlanCo24:
    """The CO24dak section of the case's latest published plan version (seed 000, "Inzet CO24dak"): the
    back office works from the agreements the team adopted, never from a draft."""

    inbellers: str
    afspraken: str
    vragen_checklist: str
    version_label: str

    @property
    def is_empty(self) -> bool:
        return not (self.inbellers or self.afspraken or self.vragen_checklist)


def plan_co24_section(case: Case) -> PlanCo24 | None:
    section = (
        PlanSection.objects.filter(
            version__plan__case=case, key="co24", version__status=VersionStatus.PUBLISHED
        )
        .select_related("version__plan__template")
        .order_by("-version__published_at", "-version__number")
        .first()
    )
    if section is None:
        return None
    data = section.data or {}
    version = section.version
    return PlanCo24(
        inbellers=str(data.get("inbellers") or ""),
        afspraken=str(data.get("afspraken") or ""),
        vragen_checklist=str(data.get("vragen_checklist") or ""),
        version_label=f"{version.plan.template} v{version.number} ({version.get_status_display()})",
    )


def signal_alerts(signal: Signal) -> list[Alert]:
    return list(Alert.objects.filter(signal=signal).select_related("rule"))


@dataclass(frozen=True)
class JournalFilters:
    kind: str = ""
    caller: str = ""  # a caller's pk, or UNKNOWN_CALLER
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    item_key: uuid.UUID | None = None

    @property
    def active(self) -> bool:
        return bool(self.kind or self.caller or self.date_from or self.date_to or self.item_key)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _yes_on(items: QuerySet[ChecklistItem]) -> Exists:
    """Signals with a "ja" on one of these items: an index probe on (item, answer, signal)."""
    return Exists(
        SignalAnswer.objects.filter(
            item_id__in=items.values("pk"), answer=Answer.YES, signal_id=OuterRef("pk")
        )
    )


def journal_signals(*, case: Case, filters: JournalFilters | None = None) -> QuerySet[Signal]:
    """Every signal of the case, newest first, with what a journal row shows; no per-row queries."""
    filters = filters or JournalFilters()
    queryset = Signal.objects.filter(case=case)
    if filters.date_from:
        queryset = queryset.filter(received_at__gte=_start_of(filters.date_from))
    if filters.date_to:
        queryset = queryset.filter(received_at__lt=_start_of(filters.date_to + datetime.timedelta(days=1)))
    if filters.caller == UNKNOWN_CALLER:
        queryset = queryset.filter(caller__isnull=True)
    elif filters.caller.isdigit():
        queryset = queryset.filter(caller_id=int(filters.caller))
    case_items = ChecklistItem.objects.filter(checklist__case=case)
    if filters.kind in (KIND_RISK, KIND_PROTECTIVE):
        wanted = ItemKind.RISK if filters.kind == KIND_RISK else ItemKind.PROTECTIVE
        queryset = queryset.filter(_yes_on(case_items.filter(kind=wanted)))
    if filters.item_key:
        queryset = queryset.filter(_yes_on(case_items.filter(key=filters.item_key)))
    return (
        queryset.select_related("caller")
        .prefetch_related(
            Prefetch(
                "answers",
                # "risico" sorts after "beschermend": descending puts the risk signals first
                queryset=SignalAnswer.objects.filter(answer=Answer.YES)
                .select_related("item")
                .order_by("-item__kind", "item__order", "item_id"),
                to_attr="yes_answers",
            ),
            Prefetch("alerts", queryset=Alert.objects.order_by("fired_at", "id"), to_attr="fired_alerts"),
        )
        .order_by("-received_at", "-id")
    )


def journal_callers(case: Case) -> list[Caller]:
    """Every caller of the case, inactive ones too: old signals name them."""
    return list(Caller.objects.filter(case=case).order_by("-active", "name"))


def journal_items(case: Case) -> list[ChecklistItem]:
    """One entry per item key across the checklist versions, with the wording of the newest version."""
    latest = (
        ChecklistItem.objects.filter(checklist__case=case)
        .order_by("key", "-checklist__number")
        .distinct("key")
    )
    return sorted(latest, key=lambda item: (item.kind != ItemKind.RISK, item.order, item.pk))


def signal_for_case(*, case: Case, pk: int) -> Signal:
    signal = (
        Signal.objects.filter(case=case, pk=pk)
        .select_related("caller__organisation", "checklist", "recorded_by", "backoffice")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=SignalAnswer.objects.select_related("item").order_by(
                    "-item__kind", "item__order", "item_id"
                ),
                to_attr="all_answers",
            ),
            Prefetch(
                "alerts",
                queryset=Alert.objects.select_related("rule").order_by("fired_at", "id"),
                to_attr="fired_alerts",
            ),
        )
        .first()
    )
    if signal is None:
        raise Http404("Signaal niet gevonden")
    return signal
