"""Figures for the coordinators' caseload dashboard: a fixed number of aggregate queries, whatever the
caseload. Every figure carries the query string of the list behind it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from caseplan.access import cases_visible_to
from caseplan.hooks import case_figures, deadline_figures
from caseplan.models import Case, CaseMember, CaseStatus
from caseplan.selectors.contracts import cases_with_refused_contract
from caseplan.selectors.plans import cases_with_flagged_domains, cases_with_published_plan
from privacy.models import Organisation, User

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

OPEN_CASE_STATUSES = [CaseStatus.AANGEMELD, CaseStatus.ACTIEF, CaseStatus.NAZORG]


@dataclass
class Figure:
    label: str
    value: int
    url: str
    caption: str = ""  # what the dashboard shows under the value, for figures of other apps (hooks.py)


@dataclass
class MonthFlow:
    month: datetime.date
    inflow: int
    outflow: int
    inflow_url: str
    outflow_url: str


class StatusRow(TypedDict):
    status: StrOrPromise
    total: Figure
    high: Figure  # high priority
    normal: Figure


@dataclass
class Dashboard:
    gemeenten: list[Organisation]
    by_status: list[StatusRow] = field(default_factory=list)
    deadline_figures: list[Figure] = field(default_factory=list)
    plan_figures: list[Figure] = field(default_factory=list)
    case_figures: list[Figure] = field(default_factory=list)
    months: list[MonthFlow] = field(default_factory=list)
    total_open: int = 0
    total_url: str = ""


def _months_back(today: datetime.date, count: int) -> list[datetime.date]:
    first = today.replace(day=1)
    months = []
    for _ in range(count):
        months.append(first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return list(reversed(months))


def dashboard_cases(user: User, gemeente_id: int | None, team: bool) -> QuerySet[Case]:
    cases = cases_visible_to(user)
    if gemeente_id:
        cases = cases.filter(gemeente_id=gemeente_id)
    if team:
        coordinated = CaseMember.objects.filter(removed_at__isnull=True, user__coordinator_id=user.pk)
        cases = cases.filter(pk__in=coordinated.values("case_id"))
    return cases


def build_dashboard(*, user: User, gemeente_id: int | None = None, team: bool = False) -> Dashboard:
    base_params = {k: v for k, v in (("gemeente", gemeente_id or ""), ("team", "1" if team else "")) if v}

    def link(path: str, **params: object) -> str:
        return f"{path}?{urlencode({**base_params, **{k: v for k, v in params.items() if v != ''}})}"

    cases = dashboard_cases(user, gemeente_id, team)
    case_ids = cases.values("pk")
    gemeenten = list(
        Organisation.objects.filter(pk__in=cases_visible_to(user).values("gemeente_id")).order_by("name")
    )
    dashboard = Dashboard(gemeenten=gemeenten, total_url=link("/casussen/", lopend="1"))

    counts = {
        (row["status"], row["high_priority"]): row["n"]
        for row in Case.objects.filter(pk__in=case_ids, status__in=OPEN_CASE_STATUSES)
        .values("status", "high_priority")
        .annotate(n=Count("pk"))
    }
    for status in OPEN_CASE_STATUSES:
        high, normal = counts.get((status, True), 0), counts.get((status, False), 0)
        dashboard.by_status.append(
            {
                "status": status.label,
                "total": Figure(str(status.label), high + normal, link("/casussen/", status=status.value)),
                "high": Figure(
                    str(status.label), high, link("/casussen/", status=status.value, prioriteit="1")
                ),
                "normal": Figure(
                    str(status.label), normal, link("/casussen/", status=status.value, prioriteit="0")
                ),
            }
        )
        dashboard.total_open += high + normal

    today = timezone.localdate()
    dashboard.deadline_figures = deadline_figures(case_ids, link, today)  # from deadlines (hooks.py)
    dashboard.case_figures = case_figures(case_ids, link, today)  # from overleg (hooks.py)
    plan_counts = Case.objects.filter(pk__in=case_ids, status__in=OPEN_CASE_STATUSES).aggregate(
        without_plan=Count("pk", filter=~Q(pk__in=cases_with_published_plan())),
        escalate=Count("pk", filter=Q(pk__in=cases_with_flagged_domains())),
        coercion=Count("pk", filter=Q(pk__in=cases_with_refused_contract())),
    )
    dashboard.plan_figures = [
        Figure("zonder plan", plan_counts["without_plan"], link("/casussen/", zonder_plan="1")),
        Figure("opschalen", plan_counts["escalate"], link("/casussen/", opschalen="1", lopend="1")),
        Figure("drang en dwang", plan_counts["coercion"], link("/casussen/", drang_dwang="1", lopend="1")),
    ]

    months = _months_back(today, 12)
    since = timezone.make_aware(datetime.datetime.combine(months[0], datetime.time.min))
    inflow = dict(
        Case.objects.filter(pk__in=case_ids, created_at__gte=since)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    outflow = dict(
        Case.objects.filter(pk__in=case_ids, closed_on__gte=months[0])
        .annotate(month=TruncMonth("closed_on"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    inflow = {(key.date() if isinstance(key, datetime.datetime) else key): n for key, n in inflow.items()}
    for month in months:
        dashboard.months.append(
            MonthFlow(
                month=month,
                inflow=inflow.get(month, 0),
                outflow=outflow.get(month, 0),
                inflow_url=link("/casussen/", instroom=month.strftime("%Y-%m")),
                outflow_url=link("/casussen/", uitstroom=month.strftime("%Y-%m")),
            )
        )
    return dashboard
