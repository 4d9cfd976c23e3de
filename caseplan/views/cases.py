from __future__ import annotations

from typing import Any, TypedDict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from caseplan.access import case_get_for_user, user_can_change_case
from caseplan.access_log import log_case_list, log_case_read
from caseplan.forms.cases import CaseForm, NewCaseForm
from caseplan.hooks import case_facts
from caseplan.models import CaseStatus, Client
from caseplan.selectors.cases import (
    case_detail_queryset,
    case_list_for_user,
    case_recent_changes,
    process_managers,
)
from caseplan.selectors.contracts import case_has_refused_contract
from caseplan.services.cases import case_create, case_update
from caseplan.services.clients import client_for_new_case
from common.errors import EditConflict
from common.form_errors import add_service_errors
from common.form_helpers import set_bound_value
from common.paging import query_without_page
from common.stash import pop_stashed_post
from privacy.http import AuthenticatedRequest

PAGE_SIZE = 25


class _CaseFilters(TypedDict):
    """The dashboard's click-through filters of the case list."""

    priority: str
    gemeente_id: int | None
    team: bool
    open_only: bool
    inflow: str
    outflow: str
    without_plan: bool
    escalate: bool
    coercion: bool


def my_cases(request: AuthenticatedRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    if status not in CaseStatus.values:
        status = ""
    gemeente = request.GET.get("gemeente", "")
    filters: _CaseFilters = {
        "priority": request.GET.get("prioriteit", ""),
        "gemeente_id": int(gemeente) if gemeente.isdigit() else None,
        "team": request.GET.get("team") == "1",
        "open_only": request.GET.get("lopend") == "1",
        "inflow": request.GET.get("instroom", ""),
        "outflow": request.GET.get("uitstroom", ""),
        "without_plan": request.GET.get("zonder_plan") == "1",
        "escalate": request.GET.get("opschalen") == "1",
        "coercion": request.GET.get("drang_dwang") == "1",
    }
    queryset = case_list_for_user(user=request.user, search=search, status=status, **filters)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("pagina"))
    rows = [(case, process_managers(case)) for case in page.object_list]
    log_case_list(user=request.user, cases=page.object_list, shown="casuslijst", request=request)
    template = "caseplan/_partials/case_rows.html" if request.htmx else "caseplan/my_cases.html"
    return render(
        request,
        template,
        {
            "page": page,
            "rows": rows,
            "search": search,
            "status": status,
            "statuses": CaseStatus.choices,
            "dashboard_filter": any(filters.values()),
            "query_without_page": query_without_page(request),
        },
    )


@require_http_methods(["GET", "POST"])
def case_new(request: AuthenticatedRequest) -> HttpResponse:
    if not request.user.may_open_cases:
        raise PermissionDenied(
            _("Alleen procesmanagers, casuscoördinatoren en coördinatoren openen een casus.")
        )
    stashed = None if request.method == "POST" else pop_stashed_post(request)
    data = request.POST if request.method == "POST" else stashed
    form = NewCaseForm(data)
    if request.method == "POST" and form.is_valid():
        fields = form.cleaned_data
        try:
            with transaction.atomic():
                client = _client_for_new_case(request, fields)
                case = case_create(
                    client=client,
                    gemeente=fields["gemeente"],
                    purpose=fields["purpose"],
                    by=request.user,
                    creator_role=fields["role"],
                    high_priority=fields["high_priority"],
                    prioritised_on=fields["prioritised_on"],
                    prioritised_by=fields["prioritised_by"],
                    prioritisation_reason=fields["prioritisation_reason"],
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Casus %(ref)s is aangemaakt.") % {"ref": case.reference})
            return redirect("caseplan:case_detail", pk=case.pk)
    return render(request, "caseplan/case_new.html", {"form": form, "restored": stashed is not None})


def _client_for_new_case(request: AuthenticatedRequest, fields: dict[str, Any]) -> Client:
    return client_for_new_case(
        by=request.user,
        bsn=fields["bsn"],
        achternaam=fields["achternaam"],
        voorvoegsel=fields["voorvoegsel"],
        voornamen=fields["voornamen"],
        roepnaam=fields["roepnaam"],
        geboortedatum=fields["geboortedatum"],
    )


def case_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, pk=pk, queryset=case_detail_queryset())
    log_case_read(user=request.user, case=case, shown="casusoverzicht", request=request)
    return render(
        request,
        "caseplan/case_detail.html",
        {
            "case": case,
            "client": case.client,
            "members": case.active_members,  # type: ignore[attr-defined]  # the prefetch's to_attr
            "process_managers": process_managers(case),
            "can_edit": user_can_change_case(request.user, case),
            "changes": case_recent_changes(case),
            "coercion": case_has_refused_contract(case),
            "facts": case_facts(case),  # from the apps that build on caseplan (hooks.py)
        },
    )


@require_http_methods(["GET", "POST"])
def case_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, pk=pk, write=True, queryset=case_detail_queryset())
    stashed = None if request.method == "POST" else pop_stashed_post(request)
    data = request.POST if request.method == "POST" else stashed
    form = CaseForm(data, instance=case, initial={"revision": case.revision})
    conflict = None
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in CaseForm.Meta.fields}
        try:
            case_update(case=case, by=request.user, expected_revision=form.cleaned_data["revision"], **fields)
        except EditConflict as exc:
            conflict = exc.current
            form.add_error(
                None,
                _(
                    "Iemand anders heeft deze casus intussen gewijzigd. Uw invoer is niet opgeslagen maar "
                    "staat hieronder nog; vergelijk met de opgeslagen versie en sla opnieuw op."
                ),
            )
            set_bound_value(form, "revision", str(conflict.revision))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("De casus is opgeslagen."))
            return redirect("caseplan:case_detail", pk=case.pk)
    log_case_read(user=request.user, case=case, shown="casusgegevens (bewerken)", request=request)
    return render(
        request,
        "caseplan/case_edit.html",
        {"case": case, "client": case.client, "form": form, "conflict": conflict},
    )
