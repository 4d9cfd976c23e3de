"""The WODC/MI monitor: figures per period with charts, and the same figures as CSV.

Both answer 200 to every signed-in user: the figures are filtered to the user's own prison or
municipality (nazorg.selectors.monitoring.monitor_scope), and a role without a monitor gets a page that says so
(and a CSV with only its header). The page shows aggregates only and writes no access-log rows; the CSV
export writes one access-log row (no client, case or detention: nothing personal left the system, but
the export itself is on record)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from common.csv_export import csv_response
from nazorg.selectors.monitoring import Monitor, build_monitor, csv_rows, parse_period
from privacy.http import AuthenticatedRequest
from privacy.models import User
from privacy.services import Viewed, access_log_record

PURPOSE = "Verantwoording WODC/MI-monitor nazorg ex-gedetineerden"


def _build(request: AuthenticatedRequest) -> tuple[Monitor, str]:
    today = timezone.localdate()
    period, error = parse_period(request.GET, today=today)
    user: User = request.user
    return build_monitor(user=user, period=period, today=today), error


def monitor(request: AuthenticatedRequest) -> HttpResponse:
    data, error = _build(request)
    return render(
        request,
        "nazorg/monitor.html",
        {"data": data, "error": error, "query": urlencode(data.period.params)},
    )


def monitor_csv(request: AuthenticatedRequest) -> HttpResponse:
    data, _error = _build(request)
    period = data.period
    response = csv_response(
        csv_rows(data), filename=f"wodc-mi-monitor-{period.start:%Y-%m-%d}-{period.end:%Y-%m-%d}.csv"
    )
    if data.has_episodes:
        access_log_record(
            user=request.user,
            viewed=[Viewed(client_id=None, case_id=None, purpose=PURPOSE)],
            action="export",
            shown=f"WODC/MI-monitor {period.start:%Y-%m-%d} t/m {period.end:%Y-%m-%d}: geaggregeerde cijfers (CSV)",
            request=request,
        )
    return response
