"""The back office's phone screen: find the client while the caller is talking, record the signal, and be
back at the search for the next call."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from caseplan.access_log import log_case_list, log_case_read
from caseplan.models import Case
from co24.access import Role, co24_case_get_for_user, is_backoffice_user
from co24.forms.signals import SignalForm
from co24.models import Answer, Signal
from co24.selectors import (
    checklist_items,
    intake_callers,
    intake_cases,
    plan_co24_section,
    signal_alerts,
)
from co24.services.checklists import active_checklist
from co24.services.rules import responders
from co24.services.signals import signal_record
from common.form_errors import add_service_errors
from common.stash import pop_stashed_post
from privacy.http import AuthenticatedRequest


def _require_backoffice(request: AuthenticatedRequest) -> None:
    if not is_backoffice_user(request.user):
        raise Http404("Alleen voor het CO24 back office")


def _search_context(request: AuthenticatedRequest) -> dict[str, object]:
    search = request.GET.get("q", "").strip()[:100]
    results = intake_cases(user=request.user, term=search)
    if results:
        log_case_list(
            user=request.user, cases=results, shown="CO24dak intake: zoekresultaten", request=request
        )
    return {"search": search, "results": results}


@require_GET
def intake(request: AuthenticatedRequest) -> HttpResponse:
    _require_backoffice(request)
    return render(request, "co24/intake.html", _search_context(request))


@require_GET
def intake_search(request: AuthenticatedRequest) -> HttpResponse:
    """The results as you type (htmx); a reload or a history restore gets the whole page."""
    _require_backoffice(request)
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    template = "co24/_partials/intake_results.html" if partial else "co24/intake.html"
    return render(request, template, _search_context(request))


@require_http_methods(["GET", "POST"])
def signal_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case, role = co24_case_get_for_user(user=request.user, pk=pk, write=True)
    enrolment = getattr(case, "co24", None)
    if enrolment is None or not enrolment.active:
        messages.warning(request, _("Deze casus is niet (meer) aangemeld bij CO24dak."))
        return redirect("co24:journal", pk=case.pk)
    checklist = active_checklist(case)
    callers = intake_callers(case)
    stashed = None if request.method == "POST" else pop_stashed_post(request)
    data = request.POST if request.method == "POST" else stashed
    form = SignalForm(data, callers=callers, items=checklist_items(checklist))
    if request.method == "POST" and form.is_valid():
        backoffice_id = request.user.organisation_id if role == Role.BACKOFFICE else None
        try:
            signal = signal_record(
                case=case, by=request.user, backoffice_id=backoffice_id, **form.service_kwargs()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            _confirm(request, case, signal)
            if role == Role.BACKOFFICE:
                return redirect("co24:intake")
            return redirect("co24:journal", pk=case.pk)
    log_case_read(
        user=request.user, case=case, shown="CO24dak intake: inbellers, checklist, plan", request=request
    )
    return render(
        request,
        "co24/signal_form.html",
        {
            "case": case,
            "client": case.client,
            "form": form,
            "callers": callers,
            "checklist": checklist,
            "plan": plan_co24_section(case),
            "urgent_contact": next(iter(responders(case)), None),
            "restored": stashed is not None,
            "is_backoffice": role == Role.BACKOFFICE,
            "answer_choices": Answer.choices,
        },
    )


def _confirm(request: AuthenticatedRequest, case: Case, signal: Signal) -> None:
    messages.success(
        request,
        _("Signaal opgeslagen voor %(name)s (%(ref)s), binnengekomen op %(at)s.")
        % {
            "name": case.client.full_name,
            "ref": case.reference,
            "at": timezone.localtime(signal.received_at).strftime("%d-%m-%Y %H:%M"),
        },
    )
    for alert in signal_alerts(signal):
        messages.warning(
            request,
            _("Kantelmoment: %(summary)s. De casusregisseur en de procesmanager zijn gewaarschuwd.")
            % {"summary": alert.summary},
        )
