"""The gedragscontract in the browser: prepare it from the published plan, record both signatures (a scan
or a signature drawn on a tablet), refuse, change by a new version, terminate; download the frozen PDF;
register a police mutation on a contract that counts months without them (art. 9)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from caseplan.access import case_get_for_user, may_record_police_records, user_can_change_case
from caseplan.access_log import log_case_read
from caseplan.forms.contracts import (
    ContractTermsForm,
    NewVersionForm,
    PoliceRecordForm,
    RefuseForm,
    SignClientForm,
    SignPartnersForm,
    TerminateForm,
)
from caseplan.models import Case, Contract, ContractStatus, DurationKind, PlanVersion, VersionStatus
from caseplan.selectors.cases import case_detail_queryset
from caseplan.selectors.contracts import (
    contract_for_case,
    contract_pdf_bytes,
    contract_police_records,
    contracts_for_case,
)
from caseplan.services import contracts as contract_services
from caseplan.services.contract_pdf import articles, duration_text
from common.errors import EditConflict
from common.form_errors import add_service_errors
from common.form_helpers import set_bound_value
from privacy.http import AuthenticatedRequest


def _case(request: AuthenticatedRequest, pk: int, write: bool = False) -> Case:
    return case_get_for_user(user=request.user, pk=pk, write=write, queryset=case_detail_queryset())


def _published_plan(case: Case) -> PlanVersion | None:
    return (
        PlanVersion.objects.filter(plan__case=case, status=VersionStatus.PUBLISHED)
        .select_related("plan__template")
        .order_by("-published_at")
        .first()
    )


def _detail_url(case: Case, contract: Contract) -> str:
    return reverse("caseplan:contract_detail", kwargs={"pk": case.pk, "contract_pk": contract.pk})


@require_http_methods(["GET", "POST"])
def contract_home(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = _case(request, pk, write=request.method == "POST")
    contracts = list(contracts_for_case(case))
    plan = _published_plan(case)
    can_edit = user_can_change_case(request.user, case)
    form = ContractTermsForm(request.POST or None, case_id=case.pk)
    if request.method == "POST" and plan is not None and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != "revision"}
        try:
            contract = contract_services.contract_prepare(plan_version=plan, by=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Het gedragscontract is voorbereid. Controleer het en laat het tekenen.")
            )
            return redirect(_detail_url(case, contract))
    if contracts and request.method == "GET":
        return redirect(_detail_url(case, contracts[0]))
    log_case_read(user=request.user, case=case, shown="gedragscontract (nog geen)", request=request)
    return render(
        request,
        "caseplan/contract/home.html",
        {"case": case, "client": case.client, "plan": plan, "form": form, "can_edit": can_edit},
    )


def contract_detail(request: AuthenticatedRequest, pk: int, contract_pk: int) -> HttpResponse:
    case = _case(request, pk)
    contract = contract_for_case(case, contract_pk)
    return _render_detail(request, case, contract)


def _render_detail(
    request: AuthenticatedRequest, case: Case, contract: Contract, forms: dict[str, Any] | None = None
) -> HttpResponse:
    log_case_read(user=request.user, case=case, shown=f"gedragscontract v{contract.number}", request=request)
    can_edit = user_can_change_case(request.user, case)
    counts_months = (
        contract.status == ContractStatus.IN_FORCE and contract.duration_kind == DurationKind.MONTHS
    )
    context = {
        "case": case,
        "client": case.client,
        "contract": contract,
        "contracts": list(contracts_for_case(case)),
        "articles": articles(contract),
        "duration": duration_text(contract),
        "can_edit": can_edit,
        "terms_form": ContractTermsForm(
            instance=contract, initial={"revision": contract.revision}, case_id=case.pk, contract=contract
        ),
        "partners_form": SignPartnersForm(
            initial={"partner_signatory_name": contract.partner_signatory_name}
        ),
        "client_form": SignClientForm(initial={"place": contract.place}),
        "refuse_form": RefuseForm(),
        "new_version_form": NewVersionForm(),
        "terminate_form": TerminateForm(),
        "police_records": contract_police_records(contract),
        "counts_months": counts_months,
        "may_record_police": counts_months and can_edit and may_record_police_records(request.user),
        "police_form": PoliceRecordForm(initial={"revision": contract.revision}),
        **(forms or {}),
    }
    return render(request, "caseplan/contract/detail.html", context)


def _act(
    request: AuthenticatedRequest,
    pk: int,
    contract_pk: int,
    form_class: type,
    form_key: str,
    action: Callable[[Contract, dict[str, Any]], Contract],
    success: str,
) -> HttpResponse:
    case = _case(request, pk, write=True)
    contract = contract_for_case(case, contract_pk)
    if form_class is SignClientForm:
        form = form_class(request.POST, request.FILES)
    elif form_class is ContractTermsForm:
        form = form_class(request.POST, case_id=case.pk, contract=contract)
    else:
        form = form_class(request.POST)
    if form.is_valid():
        try:
            result = action(contract, form.cleaned_data)
        except contract_services.ContractStateError as exc:
            messages.error(request, " ".join(exc.messages))  # e.g. signed meanwhile: the form is gone
            return redirect(_detail_url(case, contract))
        except EditConflict as exc:
            form.add_error(
                None, _("Iemand anders heeft dit contract intussen gewijzigd; uw invoer staat nog hieronder.")
            )
            contract = exc.current
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(_detail_url(case, result))
    return _render_detail(request, case, contract, {form_key: form, "open_form": form_key})


@require_POST
def contract_update(request: AuthenticatedRequest, pk: int, contract_pk: int) -> HttpResponse:
    def action(contract: Contract, data: dict[str, Any]) -> Contract:
        fields = {name: value for name, value in data.items() if name != "revision"}
        if fields.get("casemanager") is None:
            fields.pop("casemanager", None)  # an older contract keeps its casemanager typed as text
        return contract_services.contract_update(
            contract=contract, by=request.user, expected_revision=data.get("revision") or 0, **fields
        )

    return _act(
        request, pk, contract_pk, ContractTermsForm, "terms_form", action, _("Het contract is bijgewerkt.")
    )


@require_POST
def contract_sign_partners(request: AuthenticatedRequest, pk: int, contract_pk: int) -> HttpResponse:
    def action(contract: Contract, data: dict[str, Any]) -> Contract:
        return contract_services.contract_sign_partners(contract=contract, by=request.user, **data)

    return _act(
        request,
        pk,
        contract_pk,
        SignPartnersForm,
        "partners_form",
        action,
        _("Vastgelegd: getekend namens de gemeentepartners."),
    )


@require_POST
def contract_sign_client(request: AuthenticatedRequest, pk: int, contract_pk: int) -> HttpResponse:
    def action(contract: Contract, data: dict[str, Any]) -> Contract:
        drawn = contract_services.signature_from_data_url(data["drawn"]) if data.get("drawn") else None
        return contract_services.contract_sign_client(
            contract=contract,
            by=request.user,
            signed_on=data["signed_on"],
            place=data["place"],
            scan=data.get("scan"),
            drawn_png=drawn,
        )

    return _act(
        request,
        pk,
        contract_pk,
        SignClientForm,
        "client_form",
        action,
        _("De cliënt heeft getekend: het contract is in werking en de PDF is vastgelegd."),
    )


@require_POST
def contract_refuse(request: AuthenticatedRequest, pk: int, contract_pk: int) -> HttpResponse:
    def action(contract: Contract, data: dict[str, Any]) -> Contract:
        return contract_services.contract_refuse(contract=contract, by=request.user, **data)

    return _act(
        request,
        pk,
        contract_pk,
        RefuseForm,
        "refuse_form",
        action,
        _("De weigering is vastgelegd. De drang- en dwangcomponenten zijn gestart: zie uw termijnen."),
    )


@require_POST
def contract_new_version(request: AuthenticatedRequest, pk: int, contract_pk: int) -> HttpResponse:
    def action(contract: Contract, data: dict[str, Any]) -> Contract:
        return contract_services.contract_new_version(contract=contract, by=request.user, **data)

    return _act(
        request,
        pk,
        contract_pk,
        NewVersionForm,
        "new_version_form",
        action,
        _("Een nieuwe versie is voorbereid."),
    )


@require_POST
def contract_terminate(request: AuthenticatedRequest, pk: int, contract_pk: int) -> HttpResponse:
    def action(contract: Contract, data: dict[str, Any]) -> Contract:
        return contract_services.contract_terminate(contract=contract, by=request.user, **data)

    return _act(
        request, pk, contract_pk, TerminateForm, "terminate_form", action, _("Het contract is beëindigd.")
    )


@require_POST
def contract_police_record(request: AuthenticatedRequest, pk: int, contract_pk: int) -> HttpResponse:
    """Art. 9: register a police mutation; the months count again from its date."""
    case = _case(request, pk, write=True)
    contract = contract_for_case(case, contract_pk)
    form = PoliceRecordForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            record = contract_services.contract_police_record_add(
                contract=contract,
                by=request.user,
                registered_on=data["registered_on"],
                reference=data["reference"],
                expected_revision=data["revision"],
            )
        except contract_services.ContractStateError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(_detail_url(case, contract))
        except EditConflict as exc:
            contract = exc.current
            form.add_error(
                None,
                _(
                    "Iemand anders heeft dit contract intussen gewijzigd (zie de politiemutaties hieronder); "
                    "uw invoer staat er nog. Registreer opnieuw als deze mutatie er nog niet bij staat."
                ),
            )
            set_bound_value(form, "revision", str(contract.revision))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("De politiemutatie is geregistreerd; het gedragscontract loopt nu af op %(date)s.")
                % {"date": f"{record.contract.months_end_date:%d-%m-%Y}"},
            )
            return redirect(_detail_url(case, contract))
    return _render_detail(request, case, contract, {"police_form": form, "open_form": "police_form"})


def contract_pdf(request: AuthenticatedRequest, pk: int, contract_pk: int) -> HttpResponse:
    """Exactly the frozen bytes, every time; each print is logged."""
    case = _case(request, pk)
    contract = contract_for_case(case, contract_pk)
    data = contract_pdf_bytes(contract)
    log_case_read(
        user=request.user, case=case, shown=f"PDF gedragscontract v{contract.number}", request=request
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="gedragscontract-{case.reference}-v{contract.number}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-SHA256"] = contract.pdf_sha256
    return response
