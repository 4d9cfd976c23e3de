"""The casusoverleg seen from the case: the case's "Overleggen" tab (its minutes, part of its history, and
putting it on an upcoming agenda), and the dashboard's list of cases not discussed for some weeks."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from caseplan.access import case_get_for_user, user_can_change_case
from caseplan.selectors.cases import case_detail_queryset
from caseplan.selectors.dashboard import dashboard_cases
from common.form_errors import add_service_errors
from common.paging import query_without_page
from common.pdf import pdf_response
from overleg.access import may_organise, meetings_visible_to
from overleg.access_log import log_case_meetings_read, log_cases_listed
from overleg.forms import AgendaFromCaseForm
from overleg.hooks import REFERRAL_REASON_LENGTH
from overleg.models import MeetingStatus
from overleg.selectors import (
    NOT_DISCUSSED_WEEKS,
    case_meeting_items,
    cases_not_discussed_since,
    not_discussed_since,
)
from overleg.services.agenda import agenda_add
from overleg.services.minutes_pdf import case_minutes_pdf
from privacy.http import AuthenticatedRequest

PAGE_SIZE = 25


@require_http_methods(["GET", "POST"])
def case_meetings(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    write = request.method == "POST"
    case = case_get_for_user(user=request.user, pk=pk, write=write, queryset=case_detail_queryset())
    can_edit = write or user_can_change_case(request.user, case)
    upcoming = (
        meetings_visible_to(request.user)
        .filter(status=MeetingStatus.PLANNED, starts_at__gte=timezone.now() - datetime.timedelta(hours=12))
        .exclude(items__case=case)
        .select_related("meeting_type")
        .order_by("starts_at")
    )
    # a referral from elsewhere (nazorg's "Aanmelden voor casusoverleg") fills in its reason
    initial = {"reason": request.GET.get("aanleiding", "")[:REFERRAL_REASON_LENGTH]}
    form = (
        AgendaFromCaseForm(request.POST if write else None, meetings=upcoming, initial=initial)
        if can_edit
        else None
    )
    if write and form is not None and form.is_valid():
        meeting = form.cleaned_data["meeting"]
        try:
            agenda_add(meeting=meeting, case=case, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("De casus staat op de agenda van %(meeting)s.") % {"meeting": meeting}
            )
            return redirect("overleg:case_meetings", pk=case.pk)
    log_case_meetings_read(user=request.user, case=case, shown="overleggen van de casus", request=request)
    return render(
        request,
        "overleg/case_meetings.html",
        {
            "case": case,
            "client": case.client,
            "items": case_meeting_items(case),
            "can_edit": can_edit,
            "form": form,
            "may_organise": may_organise(request.user),
        },
    )


@require_GET
def case_minutes_print(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The minutes of every meeting about the case, as a PDF for its team."""
    case = case_get_for_user(user=request.user, pk=pk, queryset=case_detail_queryset())
    data = case_minutes_pdf(case=case, items=case_meeting_items(case), user=request.user)
    log_case_meetings_read(
        user=request.user, case=case, shown="overleggen van de casus (PDF)", request=request
    )
    return pdf_response(data, f"verslagen-{case.reference}-{timezone.localdate():%Y-%m-%d}.pdf")


def _weeks(value: str | None) -> int:
    try:
        return min(max(int(value or NOT_DISCUSSED_WEEKS), 0), 520)
    except ValueError:
        return NOT_DISCUSSED_WEEKS


@require_GET
def not_discussed(request: AuthenticatedRequest) -> HttpResponse:
    """The dashboard's click-through: the user's open cases not discussed for N weeks (with its filters)."""
    weeks = _weeks(request.GET.get("weken"))
    gemeente = request.GET.get("gemeente", "")
    cases = dashboard_cases(
        request.user, int(gemeente) if gemeente.isdigit() else None, request.GET.get("team") == "1"
    )
    queryset = (
        cases_not_discussed_since(not_discussed_since(weeks), cases)
        .select_related("client", "gemeente", "purpose")
        .order_by("discussed_or_created", "id")
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("pagina"))
    log_cases_listed(
        user=request.user, cases=page.object_list, shown="niet besproken in overleg", request=request
    )
    return render(
        request,
        "overleg/not_discussed.html",
        {"page": page, "weeks": weeks, "query_without_page": query_without_page(request)},
    )
