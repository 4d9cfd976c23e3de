"""The plug points of caseplan for the apps that build on it.

deadlines and nazorg import caseplan (the case), so caseplan may not import them: the import rules in
pyproject.toml forbid it, lazy imports included. Where caseplan needs their behaviour it calls a hook here,
and the app registers its implementation in its ``AppConfig.ready()``:

- ``deadline_keeper()``: setting, completing and cancelling the deadlines of cases, plans and contracts
  (registered by deadlines; caseplan's services cannot work without it, so a missing one is an error);
- ``deadline_figures()``: the deadline figures on the caseload dashboard (registered by deadlines);
- ``release_figure()``: the nazorg figure on the dashboard, detainees released within eight weeks
  (registered by nazorg);
- ``case_tabs()``: extra tabs on the case page, after caseplan's own (the casusoverleg's "Overleggen");
- ``case_facts(case)``: extra facts in the case overview (the casusoverleg's "laatst besproken");
- ``case_figures()``: extra figures on the caseload dashboard (cases not discussed for weeks);
- ``last_discussed_expression()``: when a case was last discussed in the casusoverleg, as an expression over
  ``OuterRef("pk")`` of a Case queryset (registered by overleg; the case dossier's retention counts from it,
  and falls back to the case's closed date without it);
- ``meeting_referral(case, user, reason)``: where this user puts the case on the agenda of an upcoming
  casusoverleg, or None when they may not (registered by overleg; called by nazorg, which may not import
  overleg, for "Aanmelden voor casusoverleg" on a detention linked to a case).

What caseplan plugs into privacy's retention (privacy/hooks.py) is at the end: the case dossier (a client with
all its cases), the generated plan PDFs, and the case number as the subject of holds and early deletion.

The dashboard figures, tabs, facts and the meeting referral are optional: without the app that provides
them the pages leave them out.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import QuerySet

from privacy.models import User

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from caseplan.models import Case
    from caseplan.selectors.dashboard import Figure


class DeadlineRecord(Protocol):
    """What caseplan reads of a deadline it set."""

    pk: Any
    due_on: datetime.date
    owner_user_id: int | None
    owner_user: User | None


class DeadlineKeeper(Protocol):
    """The deadline services caseplan calls, with the signatures of ``deadlines.services.deadlines``."""

    def set(
        self,
        *,
        subject: models.Model,
        kind: str,
        rule_code: str,
        anchor: datetime.date,
        title: str,
        case_id: int | None = None,
        owner_user: User | None = None,
        by: User | None = None,
    ) -> DeadlineRecord: ...

    def complete_for(self, *, subject: models.Model, kind: str, by: User | None) -> object: ...

    def cancel_for(self, *, subject: models.Model, kind: str, by: User | None, reason: str) -> object: ...

    def active_on_case(self, *, case_id: int, kind: str) -> DeadlineRecord | None: ...


Link = Callable[..., str]
"""``link(path, **params)``: the URL of a list behind a figure, with the dashboard's own filters."""
DeadlineFigures = Callable[[QuerySet[Any], Link, datetime.date], list["Figure"]]
"""Figures over the dashboard's cases (a queryset of their pks), given ``link`` and today's date."""
ReleaseFigure = Callable[[User], "tuple[int, str] | None"]
"""A count of the user's own and the URL of the list behind it; None when it does not apply to them."""
CaseFigures = DeadlineFigures
"""Figures over the dashboard's cases, shown with their own caption (``Figure.caption``)."""


@dataclass(frozen=True)
class CaseTab:
    """A tab on the case page: ``url_name`` is reversed with the case's pk."""

    key: str
    label: str | Promise
    url_name: str


@dataclass(frozen=True)
class CaseFact:
    """One line in the case overview: a label, its value as text, and where to read more."""

    label: str | Promise
    value: str
    url: str = ""


CaseFactProvider = Callable[["Case"], "CaseFact | None"]
MeetingReferral = Callable[["Case", User, str], "str | None"]
"""``referral(case, user, reason)``: the URL of the page where the user puts the case on the agenda of an
upcoming casusoverleg, the reason filled in; None when the user may not put it on an agenda."""


class _Registry:
    def __init__(self) -> None:
        self.deadline_keeper: DeadlineKeeper | None = None
        self.deadline_figures: list[DeadlineFigures] = []
        self.release_figures: list[ReleaseFigure] = []
        self.case_tabs: list[CaseTab] = []
        self.case_facts: list[CaseFactProvider] = []
        self.case_figures: list[CaseFigures] = []
        self.last_discussed: Callable[[], Any] | None = None
        self.meeting_referral: MeetingReferral | None = None


_registry = _Registry()


def register_deadline_keeper(keeper: DeadlineKeeper) -> None:
    _registry.deadline_keeper = keeper


def deadline_keeper() -> DeadlineKeeper:
    if _registry.deadline_keeper is None:
        raise ImproperlyConfigured(
            "caseplan sets deadlines through the deadlines app: add 'deadlines' to INSTALLED_APPS."
        )
    return _registry.deadline_keeper


def register_deadline_figures(provider: DeadlineFigures) -> None:
    if provider not in _registry.deadline_figures:
        _registry.deadline_figures.append(provider)


def deadline_figures(case_ids: QuerySet[Any], link: Link, today: datetime.date) -> list[Figure]:
    return [figure for provider in _registry.deadline_figures for figure in provider(case_ids, link, today)]


def register_release_figure(provider: ReleaseFigure) -> None:
    if provider not in _registry.release_figures:
        _registry.release_figures.append(provider)


def release_figure(user: User) -> tuple[int, str] | None:
    for provider in _registry.release_figures:
        figure = provider(user)
        if figure is not None:
            return figure
    return None


def register_case_tab(tab: CaseTab) -> None:
    if tab.key not in {known.key for known in _registry.case_tabs}:
        _registry.case_tabs.append(tab)


def case_tabs() -> list[CaseTab]:
    return list(_registry.case_tabs)


def register_case_fact(provider: CaseFactProvider) -> None:
    if provider not in _registry.case_facts:
        _registry.case_facts.append(provider)


def case_facts(case: Case) -> list[CaseFact]:
    return [fact for provider in _registry.case_facts if (fact := provider(case)) is not None]


def register_case_figures(provider: CaseFigures) -> None:
    if provider not in _registry.case_figures:
        _registry.case_figures.append(provider)


def case_figures(case_ids: QuerySet[Any], link: Link, today: datetime.date) -> list[Figure]:
    return [figure for provider in _registry.case_figures for figure in provider(case_ids, link, today)]


def register_last_discussed(expression: Callable[[], Any]) -> None:
    """``expression()`` returns a fresh expression (a Subquery over ``OuterRef("pk")`` of a Case queryset,
    a date-time or None) of when the case was last discussed."""
    _registry.last_discussed = expression


def last_discussed_expression() -> Any | None:
    """When the case was last discussed, as an expression for a Case queryset; None without overleg."""
    return _registry.last_discussed() if _registry.last_discussed is not None else None


def register_meeting_referral(referral: MeetingReferral) -> None:
    _registry.meeting_referral = referral


def meeting_referral(case: Case, user: User, reason: str = "") -> str | None:
    referral = _registry.meeting_referral
    return referral(case, user, reason) if referral is not None else None


# --- retention (privacy/hooks.py) --------------------------------------------------------------------


def case_anchor(counts_from: str) -> Any:
    """The date a case's term counts from: last discussed (else closed), closed, or created."""
    from django.db.models import DateField, F
    from django.db.models.functions import Cast, Coalesce, TruncDate

    from privacy.models import CountsFrom

    if counts_from == CountsFrom.CREATED:
        return TruncDate("created_at")
    if counts_from == CountsFrom.LAST_DISCUSSED:
        discussed = last_discussed_expression()
        if discussed is not None:
            return Coalesce(Cast(TruncDate(discussed), DateField()), F("closed_on"))
    return F("closed_on")


def case_dossier_candidates(counts_from: str, cutoff: datetime.date) -> QuerySet[Any, Any]:
    """Clients all of whose cases are closed and whose latest case anchor (or, without cases, the client's
    creation) is on or before ``cutoff``; nazorg adds "no running detention" as a filter."""
    from django.contrib.postgres.aggregates import StringAgg
    from django.db.models import (
        BigIntegerField,
        CharField,
        Exists,
        F,
        Max,
        OuterRef,
        Subquery,
        TextField,
        Value,
    )
    from django.db.models.functions import Cast, Coalesce, TruncDate

    from caseplan.models import Case, CaseStatus, Client
    from privacy.hooks import apply_candidate_filters

    cases = Case.objects.filter(client_id=OuterRef("pk")).order_by().values("client_id")
    anchor = Subquery(cases.annotate(anchor=Max(case_anchor(counts_from))).values("anchor")[:1])
    references = Subquery(
        cases.annotate(refs=StringAgg("reference", ", ", order_by="reference")).values("refs")[:1]
    )
    queryset = Client.objects.exclude(
        Exists(Case.objects.filter(client_id=OuterRef("pk")).exclude(status=CaseStatus.AFGESLOTEN))
    )
    queryset = apply_candidate_filters("case_dossier", queryset)
    return (
        queryset.order_by()
        .annotate(r_anchor=Coalesce(anchor, TruncDate("created_at")))
        .filter(r_anchor__lte=cutoff)
        .values(
            r_key=Cast("pk", CharField()),
            r_id=F("pk"),
            r_client=F("pk"),
            r_episode=Value(None, output_field=BigIntegerField()),
            r_reference=Coalesce(references, Value(""), output_field=TextField()),
            r_anchor=F("r_anchor"),
        )
    )


def resolve_case_number(reference: str) -> Any:
    """A case number → its client's dossier (holds and early deletion)."""
    from caseplan.models import Case, CaseStatus
    from privacy.hooks import ResolvedSubject

    case = Case.objects.filter(reference__iexact=reference).only("pk", "reference", "client_id").first()
    if case is None:
        return None
    in_use = Case.objects.filter(client_id=case.client_id).exclude(status=CaseStatus.AFGESLOTEN).exists()
    return ResolvedSubject(
        subject="case",
        subject_id=case.pk,
        reference=case.reference,
        client_id=case.client_id,
        episode_id=None,
        kind="case_dossier",
        root_id=case.client_id,
        in_use=in_use,
    )


def register_retention() -> None:
    """caseplan's kinds: the case dossier (root: the client) and the generated plan PDFs (per month)."""
    from django.utils.translation import gettext_lazy

    from caseplan.models import Client, PlanPdf
    from privacy.hooks import (
        GraphSpec,
        PeriodSpec,
        RetentionKind,
        register_retention_kind,
        register_subject_resolver,
    )
    from privacy.models import CountsFrom

    register_retention_kind(
        RetentionKind(
            key="case_dossier",
            label=gettext_lazy("Casusdossier"),
            root="client",
            counts_from=(CountsFrom.LAST_DISCUSSED, CountsFrom.CASE_CLOSED, CountsFrom.CREATED),
            graph=GraphSpec(roots=((Client, "pk"),)),
            candidates=case_dossier_candidates,
            on_request=True,
        )
    )
    register_retention_kind(
        RetentionKind(
            key="generated_files",
            label=gettext_lazy("Gegenereerde bestanden"),
            root="",
            counts_from=(CountsFrom.CREATED,),
            period=PeriodSpec(model=PlanPdf, field="requested_at"),
        )
    )
    register_subject_resolver("case", resolve_case_number)
