from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from caseplan.access_log import log_case_list, log_case_read
from caseplan.selectors.cases import case_list_for_user
from caseplan.selectors.dashboard import dashboard_cases
from common.errors import EditConflict
from deadlines.selectors import FILTERS, deadline_get_for_user, deadline_list
from deadlines.services.deadlines import deadline_complete
from notifications.selectors import notifications_for
from privacy.http import AuthenticatedRequest

STATUS_LABELS = {
    "open": gettext_lazy("Open"),
    "verlopen": gettext_lazy("Verlopen"),
    "opgeschaald": gettext_lazy("Opgeschaald"),
    "afgerond": gettext_lazy("Afgerond"),
}


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def deadlines_index(request: AuthenticatedRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    status = status if status in FILTERS else "open"
    mine = request.GET.get("mijn") == "1"
    due = request.GET.get("termijn", "")
    gemeente_id = _int_or_none(request.GET.get("gemeente"))
    kind = request.GET.get("soort", "")
    cases_only = request.GET.get("casussen") == "1"
    team = request.GET.get("team") == "1"
    queryset = deadline_list(
        user=request.user,
        status=status,
        mine=mine,
        due=due,
        gemeente_id=gemeente_id,
        kind=kind,
        cases=dashboard_cases(request.user, gemeente_id, team) if cases_only else None,
    )
    page = Paginator(queryset, 50).get_page(request.GET.get("pagina"))
    log_case_list(
        user=request.user,
        cases=[d.case for d in page.object_list if d.case_id and d.case_visible],
        shown="termijnenlijst",
        request=request,
    )
    return render(
        request,
        "deadlines/deadline_list.html",
        {
            "page": page,
            "status": status,
            "mine": mine,
            "due": due,
            "gemeente_id": gemeente_id,
            "cases_only": cases_only,
            "status_labels": STATUS_LABELS,
            "query": request.GET.urlencode(),
        },
    )


def deadline_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    from deadlines.selectors import user_may_complete

    deadline = deadline_get_for_user(user=request.user, pk=pk)
    if deadline.case is not None and deadline.case_visible:
        log_case_read(user=request.user, case=deadline.case, shown="termijn", request=request)
    return render(
        request,
        "deadlines/deadline_detail.html",
        {
            "deadline": deadline,
            "can_complete": deadline.is_active and user_may_complete(request.user, deadline),
            "history": list(deadline.history.select_related("history_user").order_by("-history_date")[:10]),
        },
    )


@require_POST
def deadline_done(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    deadline = deadline_get_for_user(user=request.user, pk=pk, write=True)
    try:
        deadline_complete(deadline=deadline, by=request.user)
    except EditConflict:
        messages.info(request, _("Deze termijn was intussen al afgerond of vervallen."))
    else:
        messages.success(request, _("De termijn is afgerond."))
    return redirect("deadlines:deadline_detail", pk=deadline.pk)


def my_work(request: AuthenticatedRequest) -> HttpResponse:
    deadlines = list(deadline_list(user=request.user, status="open", mine=True)[:15])
    cases = list(case_list_for_user(user=request.user)[:10])
    shown_cases = {d.case.pk: d.case for d in deadlines if d.case is not None and d.case_visible} | {
        c.pk: c for c in cases
    }
    log_case_list(user=request.user, cases=shown_cases.values(), shown="mijn werk", request=request)
    return render(
        request,
        "deadlines/my_work.html",
        {
            "deadlines": deadlines,
            "notifications": notifications_for(request.user, unread_only=True)[:10],
            "cases": cases,
        },
    )
