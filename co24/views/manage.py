"""Managing a client's CO24dak set-up: enrolment, the callers, the versioned checklist and the tipping-point
rules. The case team reads everything and its write members change it; the back office that serves the case
reads the callers and the checklist in use (it needs them on the phone) and nothing else here."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from caseplan.access_log import log_case_read
from caseplan.models import Case
from co24.access import Role, co24_case_get_for_user
from co24.forms.manage import (
    ActivateForm,
    CallerForm,
    ChecklistItemForm,
    EnrolForm,
    RuleForm,
    SuggestionForm,
)
from co24.models import Caller, Checklist, ChecklistItem, ChecklistStatus, ItemKind, TippingRule
from co24.selectors import plan_co24_section
from co24.services import checklists as lists
from co24.services.callers import caller_save
from co24.services.enrolment import co24_end, co24_enrol
from co24.services.rules import rule_save
from common.form_errors import add_service_errors
from common.stash import pop_stashed_post
from privacy.http import AuthenticatedRequest


def co24_case(
    request: AuthenticatedRequest, pk: int, *, write: bool = False, backoffice_reads: bool = False
) -> tuple[Case, Role]:
    """The case and the user's role; the back office only where it may read, and never to write."""
    case, role = co24_case_get_for_user(user=request.user, pk=pk, write=write)
    if role == Role.BACKOFFICE and (write or not backoffice_reads):
        raise PermissionDenied(_("Dit onderdeel is alleen voor het casusteam."))
    return case, role


def co24_context(case: Case, role: Role, tab: str, **extra: Any) -> dict[str, Any]:
    enrolment = getattr(case, "co24", None)  # select_related by the access function: no query
    return {
        "case": case,
        "client": case.client,
        "co24_role": role,
        "co24_tab": tab,
        "is_backoffice": role == Role.BACKOFFICE,
        "can_edit": role == Role.TEAM_WRITE,
        "enrolment": enrolment,
        "enrolled": enrolment is not None and enrolment.ended_on is None,
        **extra,
    }


def _input(request: AuthenticatedRequest) -> QueryDict | None:
    """What was posted, or what was typed before the session expired (once, on the GET after login)."""
    return request.POST if request.method == "POST" else pop_stashed_post(request)


# Enrolment ----------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def enrol(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    posted = request.method == "POST"
    case, role = co24_case(request, pk, write=posted)
    data = _input(request)
    form = EnrolForm(data, case=case)
    enrolment = getattr(case, "co24", None)
    if posted and request.POST.get("action") == "beeindigen":
        if enrolment is not None and enrolment.ended_on is None:
            co24_end(enrolment=enrolment, by=request.user)
            messages.success(request, _("De CO24dak-inzet is beëindigd. Het journaal blijft bewaard."))
        return redirect("co24:enrol", pk=case.pk)
    if posted and form.is_valid():
        try:
            co24_enrol(case=case, backoffice=form.cleaned_data["backoffice"], by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("De casus is aangemeld bij CO24dak. Maak de checklist nu op maat voor deze cliënt."),
            )
            return redirect("co24:checklist", pk=case.pk)
    log_case_read(user=request.user, case=case, shown="co24 aanmelding", request=request)
    context = co24_context(case, role, "enrol", form=form, restored=not posted and data is not None)
    return render(request, "co24/manage_enrol.html", context)


# Callers ------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def callers(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    posted = request.method == "POST"
    case, role = co24_case(request, pk, write=posted, backoffice_reads=True)
    data = _input(request)
    form = CallerForm(data) if role == Role.TEAM_WRITE else None
    if posted and form is not None and form.is_valid():
        try:
            caller = caller_save(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s staat op de lijst van inbellers.") % {"name": caller.name})
            return redirect("co24:callers", pk=case.pk)
    log_case_read(user=request.user, case=case, shown="co24 inbellers", request=request)
    rows = list(Caller.objects.filter(case=case).select_related("organisation"))
    plan = None if role == Role.BACKOFFICE else plan_co24_section(case)
    context = co24_context(
        case,
        role,
        "callers",
        callers=rows,
        form=form,
        plan=plan,
        restored=not posted and data is not None,
    )
    return render(request, "co24/manage_callers.html", context)


@require_http_methods(["GET", "POST"])
def caller_edit(request: AuthenticatedRequest, pk: int, caller_pk: int) -> HttpResponse:
    case, role = co24_case(request, pk, write=True)
    caller = get_object_or_404(Caller.objects.select_related("organisation"), pk=caller_pk, case=case)
    action = request.POST.get("action")
    if action in ("deactiveren", "activeren"):
        caller_save(case=case, by=request.user, caller=caller, active=action == "activeren")
        message = _("%(name)s kan weer inbellen.") if caller.active else _("%(name)s is gedeactiveerd.")
        messages.success(request, message % {"name": caller.name})
        return redirect("co24:callers", pk=case.pk)
    data = _input(request)
    form = CallerForm(data, instance=caller)
    if request.method == "POST" and form.is_valid():
        try:
            caller_save(case=case, by=request.user, caller=caller, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("De gegevens van %(name)s zijn opgeslagen.") % {"name": caller.name})
            return redirect("co24:callers", pk=case.pk)
    log_case_read(user=request.user, case=case, shown="co24 inbeller", request=request)
    context = co24_context(
        case, role, "callers", caller=caller, form=form, restored=request.method == "GET" and data is not None
    )
    return render(request, "co24/manage_caller_edit.html", context)


# Checklist ----------------------------------------------------------------------------------------------


def _split(items: list[ChecklistItem]) -> list[tuple[str, str, list[ChecklistItem]]]:
    return [
        (ItemKind.RISK, _("Risicosignalen"), [item for item in items if item.kind == ItemKind.RISK]),
        (
            ItemKind.PROTECTIVE,
            _("Beschermende factoren"),
            [item for item in items if item.kind == ItemKind.PROTECTIVE],
        ),
    ]


def _render_checklist(
    request: AuthenticatedRequest,
    case: Case,
    role: Role,
    *,
    item_form: ChecklistItemForm | None = None,
    activate_form: ActivateForm | None = None,
    restored: bool = False,
) -> HttpResponse:
    team = role != Role.BACKOFFICE
    versions = list(Checklist.objects.filter(case=case).select_related("created_by"))
    active = next((v for v in versions if v.status == ChecklistStatus.ACTIVE), None)
    draft = next((v for v in versions if v.status == ChecklistStatus.DRAFT), None) if team else None
    asked = request.GET.get("versie", "")
    older = next((v for v in versions if str(v.number) == asked and v not in (active, draft)), None)
    shown = [v for v in (active, draft, older) if v is not None]
    items: dict[int, list[ChecklistItem]] = {v.pk: [] for v in shown}
    for item in ChecklistItem.objects.filter(checklist__in=shown):
        items[item.checklist_id].append(item)
    can_edit = role == Role.TEAM_WRITE
    plan = plan_co24_section(case) if team else None
    log_case_read(user=request.user, case=case, shown="co24 checklist", request=request)
    context = co24_context(
        case,
        role,
        "checklist",
        versions=versions if team else [v for v in versions if v.status != ChecklistStatus.DRAFT],
        active=active,
        active_items=_split(items[active.pk]) if active else None,
        draft=draft,
        draft_items=_split(items[draft.pk]) if draft else None,
        older=older,
        older_items=_split(items[older.pk]) if older else None,
        suggestions=lists.checklist_suggestions(case) if can_edit and draft else [],
        item_form=item_form or ChecklistItemForm(),
        activate_form=activate_form or ActivateForm(),
        plan=plan,
        restored=restored,
    )
    return render(request, "co24/manage_checklist.html", context)


@require_GET
def checklist(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case, role = co24_case(request, pk, backoffice_reads=True)
    return _render_checklist(request, case, role)


@require_POST
def checklist_new_version(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case, _role = co24_case(request, pk, write=True)
    draft = lists.checklist_start_version(case=case, by=request.user)
    messages.success(
        request, _("Versie %(n)s is een concept: pas hem aan en neem hem in gebruik.") % {"n": draft.number}
    )
    return redirect("co24:checklist", pk=case.pk)


def _draft(case: Case) -> Checklist | None:
    return Checklist.objects.filter(case=case, status=ChecklistStatus.DRAFT).first()


def _draft_item(case: Case, item_pk: str | int) -> ChecklistItem:
    try:
        return ChecklistItem.objects.select_related("checklist").get(
            pk=int(item_pk), checklist__case=case, checklist__status=ChecklistStatus.DRAFT
        )
    except (ValueError, ChecklistItem.DoesNotExist) as exc:
        raise Http404(_("Dit item staat niet in de conceptversie.")) from exc


@require_http_methods(["GET", "POST"])
def checklist_item_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Add an item to the draft (own text, or a suggestion in one click), or with ``rode_vlag`` toggle the
    red flag of a draft item."""
    case, role = co24_case(request, pk, write=True)
    if request.method == "GET":
        stashed = pop_stashed_post(request)
        restored = ChecklistItemForm(stashed) if stashed is not None else None
        return _render_checklist(request, case, role, item_form=restored, restored=stashed is not None)
    if "rode_vlag" in request.POST:
        item = lists.checklist_item_toggle_red_flag(item=_draft_item(case, request.POST["rode_vlag"]))
        message = (
            _("“%(text)s” is een rode vlag.") if item.red_flag else _("“%(text)s” is geen rode vlag meer.")
        )
        messages.success(request, message % {"text": item.text})
        return redirect("co24:checklist", pk=case.pk)
    suggestion = "suggestie" in request.POST
    form: ChecklistItemForm | SuggestionForm = (
        SuggestionForm(request.POST) if suggestion else ChecklistItemForm(request.POST)
    )
    if form.is_valid():
        draft = lists.checklist_start_version(case=case, by=request.user)
        try:
            item = lists.checklist_item_add(checklist=draft, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("“%(text)s” is toegevoegd aan het concept.") % {"text": item.text})
            return redirect("co24:checklist", pk=case.pk)
    if suggestion:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("co24:checklist", pk=case.pk)
    assert isinstance(form, ChecklistItemForm)
    return _render_checklist(request, case, role, item_form=form)


@require_POST
def checklist_item_remove(request: AuthenticatedRequest, pk: int, item_pk: int) -> HttpResponse:
    case, _role = co24_case(request, pk, write=True)
    item = _draft_item(case, item_pk)
    lists.checklist_item_remove(item=item)
    messages.success(request, _("“%(text)s” is uit het concept gehaald.") % {"text": item.text})
    return redirect("co24:checklist", pk=case.pk)


@require_http_methods(["GET", "POST"])
def checklist_activate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case, role = co24_case(request, pk, write=True)
    draft = _draft(case)
    if draft is None:
        messages.error(request, _("Er is geen conceptversie om in gebruik te nemen."))
        return redirect("co24:checklist", pk=case.pk)
    data = _input(request)
    form = ActivateForm(data)
    if request.method == "POST" and form.is_valid():
        try:
            lists.checklist_activate(checklist=draft, by=request.user, note=form.cleaned_data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Versie %(n)s is in gebruik: het back office vraagt voortaan deze vragen.")
                % {"n": draft.number},
            )
            return redirect("co24:checklist", pk=case.pk)
    restored = request.method == "GET" and data is not None
    return _render_checklist(request, case, role, activate_form=form, restored=restored)


# Tipping-point rules ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def rules(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    posted = request.method == "POST"
    case, role = co24_case(request, pk, write=posted)
    current = lists.active_checklist(case)
    factors = list(current.items.filter(kind=ItemKind.PROTECTIVE)) if current else []
    data = _input(request)
    form = RuleForm(data, factors=factors) if role == Role.TEAM_WRITE else None
    if posted and form is not None and form.is_valid():
        try:
            rule = rule_save(case=case, by=request.user, **form.rule_fields())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("De regel “%(rule)s” is toegevoegd.") % {"rule": rule})
            return redirect("co24:rules", pk=case.pk)
    log_case_read(user=request.user, case=case, shown="co24 kantelmomentregels", request=request)
    in_use = {item.key for item in factors}
    rows = [
        (rule, rule.item_key is not None and rule.item_key not in in_use)
        for rule in TippingRule.objects.filter(case=case)
        .select_related("created_by")
        .order_by("-active", "id")
    ]
    context = co24_context(
        case, role, "rules", rules=rows, form=form, restored=not posted and data is not None
    )
    return render(request, "co24/manage_rules.html", context)


@require_POST
def rule_disable(request: AuthenticatedRequest, pk: int, rule_pk: int) -> HttpResponse:
    case, _role = co24_case(request, pk, write=True)
    rule = get_object_or_404(TippingRule, pk=rule_pk, case=case)
    if rule.active:
        rule_save(case=case, by=request.user, rule=rule, active=False)
        messages.success(request, _("De regel “%(rule)s” staat uit.") % {"rule": rule})
    return redirect("co24:rules", pk=case.pk)
