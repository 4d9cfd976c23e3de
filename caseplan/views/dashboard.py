from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from caseplan.hooks import release_figure
from caseplan.selectors.dashboard import Dashboard, build_dashboard
from common.csv_export import csv_response
from privacy.http import AuthenticatedRequest


def _params(request: AuthenticatedRequest) -> tuple[int | None, bool]:
    gemeente = request.GET.get("gemeente", "")
    return (int(gemeente) if gemeente.isdigit() else None), request.GET.get("team") == "1"


def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    gemeente_id, team = _params(request)
    data = build_dashboard(user=request.user, gemeente_id=gemeente_id, team=team)
    peak = max([1] + [max(m.inflow, m.outflow) for m in data.months])
    status_peak = max([1] + [row["total"].value for row in data.by_status])
    return render(
        request,
        "caseplan/dashboard.html",
        {
            "data": data,
            "gemeente_id": gemeente_id,
            "team": team,
            "peak": peak,
            "status_peak": status_peak,
            "query": request.GET.urlencode(),
            "releasing_soon": release_figure(request.user),  # from nazorg (hooks.py)
        },
    )


def _csv_rows(data: Dashboard) -> list[list[object]]:
    rows: list[list[object]] = [["onderdeel", "categorie", "aantal"]]
    for row in data.by_status:
        rows.append(["casussen", f"{row['status']} (hoge prioriteit)", row["high"].value])
        rows.append(["casussen", f"{row['status']} (overig)", row["normal"].value])
    for figure in data.deadline_figures:
        rows.append(["termijnen", figure.label, figure.value])
    for figure in data.plan_figures:
        rows.append(["plannen", figure.label, figure.value])
    for figure in data.case_figures:
        rows.append(["casussen", figure.label, figure.value])
    for month in data.months:
        rows.append(["instroom", month.month.strftime("%Y-%m"), month.inflow])
        rows.append(["uitstroom", month.month.strftime("%Y-%m"), month.outflow])
    return rows


def dashboard_csv(request: AuthenticatedRequest) -> HttpResponse:
    gemeente_id, team = _params(request)
    data = build_dashboard(user=request.user, gemeente_id=gemeente_id, team=team)
    return csv_response(_csv_rows(data), filename=f"caseload-{timezone.localdate():%Y-%m-%d}.csv")
