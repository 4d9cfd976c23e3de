"""The maatwerkplan in the browser: read a version, edit a draft section by section (htmx partial saves
with optimistic locking), publish, start the next version, compare two versions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from caseplan.access import case_get_for_user, user_can_change_case
from caseplan.access_log import log_case_read
from caseplan.forms.plans import (
    DomainForm,
    GoalForm,
    InterventionForm,
    NewPlanForm,
    PublishForm,
    SanctionForm,
    section_form_class,
)
from caseplan.models import (
    Case,
    Goal,
    Intervention,
    PdfStatus,
    PlanDomain,
    PlanPdf,
    PlanSanction,
    PlanSection,
    PlanTemplate,
)
from caseplan.plan_schema import SECTIONS_BY_KEY
from caseplan.selectors.cases import case_detail_queryset
from caseplan.selectors.plans import (
    compare,
    current_version_pk,
    domain_flag,
    goals_to_evaluate,
    plan_versions,
    section_rows,
    version_for_case,
)
from caseplan.services import plans as plan_services
from caseplan.services.plan_pdf import plan_pdf_request
from common.errors import EditConflict
from common.form_errors import add_service_errors
from common.form_helpers import model_choice_field, set_bound_value
from privacy.http import AuthenticatedRequest


def _case(request: AuthenticatedRequest, pk: int, write: bool = False) -> Case:
    return case_get_for_user(user=request.user, pk=pk, write=write, queryset=case_detail_queryset())


def _version_url(case: Case, version_pk: int, anchor: str = "") -> str:
    url = reverse("caseplan:plan_version", kwargs={"pk": case.pk, "version_pk": version_pk})
    return f"{url}#{anchor}" if anchor else url


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _render_read(
    request: AuthenticatedRequest,
    case: Case,
    template: str,
    context: dict[str, object],
    *,
    shown: str,
    status: int = 200,
) -> HttpResponse:
    """Render plan content (a form filled with it counts too) and log the read: every render shows client data."""
    log_case_read(user=request.user, case=case, shown=shown, request=request)
    return render(request, template, context, status=status)


def _section_shown(section: PlanSection) -> str:
    return f"maatwerkplan v{section.version.number}: {SECTIONS_BY_KEY[section.key].title}"


def _domain_shown(domain: PlanDomain) -> str:
    return f"maatwerkplan v{domain.version.number}: leefgebied {domain.number} {domain.name}"


@require_http_methods(["GET", "POST"])
def plan_home(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = _case(request, pk, write=request.method == "POST")
    can_edit = user_can_change_case(request.user, case)
    form = NewPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = plan_services.plan_create(
                case=case, template=form.cleaned_data["template"], by=request.user
            )
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _("Het plan is aangemaakt als concept (versie 1)."))
            return redirect(_version_url(case, version.pk))
    version_pk = current_version_pk(case, prefer_draft=can_edit)
    if version_pk and request.method == "GET":
        return redirect(_version_url(case, version_pk))
    log_case_read(user=request.user, case=case, shown="maatwerkplan (nog geen plan)", request=request)
    return render(
        request,
        "caseplan/plan/home.html",
        {
            "case": case,
            "client": case.client,
            "form": form,
            "can_edit": can_edit,
            "templates": PlanTemplate.objects.filter(is_active=True),
        },
    )


def plan_version(request: AuthenticatedRequest, pk: int, version_pk: int) -> HttpResponse:
    case = _case(request, pk)
    version = version_for_case(case, version_pk)
    can_edit = version.is_draft and user_can_change_case(request.user, case)
    log_case_read(user=request.user, case=case, shown=f"maatwerkplan v{version.number}", request=request)
    domains = [(domain, domain_flag(domain)) for domain in version.domains.all()]
    return render(
        request,
        "caseplan/plan/version.html",
        {
            "case": case,
            "client": case.client,
            "version": version,
            "sections": section_rows(version),
            "domains": domains,
            "flag_count": sum(1 for _domain, flag in domains if flag.flagged),
            "sanctions": list(version.sanctions.all()),
            "versions": plan_versions(case),
            "can_edit": can_edit,
            "can_change_case": user_can_change_case(request.user, case),
            "goal_form": GoalForm(),
            **_partner_choices(case),
            "sanction_form": SanctionForm(),
            "publish_form": PublishForm(),
            "pdf": version.pdfs.order_by("-requested_at").first(),
            "version_pk": version.pk,
            "adding_to": request.GET.get("toevoegen", ""),
        },
    )


def _partner_choices(case: Case) -> dict[str, Any]:
    """The organisations on the case team that an intervention can name, read once per page rather than
    once per form on it. A partner named before it left the team is shown on its own intervention only
    (``partner_ids`` tells the template which those are)."""
    field = model_choice_field(InterventionForm(case_id=case.pk), "responsible_organisation")
    choices = list(field.iterator(field))
    return {"partner_choices": choices, "partner_ids": {str(value) for value, _label in choices if value}}


def _section_context(case: Case, section: PlanSection, **extra: object) -> dict[str, object]:
    definition = SECTIONS_BY_KEY[section.key]
    values = section.data
    rows = [(field, values.get(field.key, "")) for field in definition.fields]
    return {"case": case, "section": section, "definition": definition, "rows": rows, **extra}


@require_http_methods(["GET", "POST"])
def section_edit(request: AuthenticatedRequest, pk: int, version_pk: int, key: str) -> HttpResponse:
    case = _case(request, pk, write=True)
    section = get_object_or_404(
        PlanSection.objects.select_related("version"),
        version_id=version_pk,
        version__plan__case=case,
        key=key,
    )
    if key not in SECTIONS_BY_KEY:
        return redirect(_version_url(case, version_pk))
    form_class = section_form_class(SECTIONS_BY_KEY[key])
    if request.method == "GET":
        form = form_class(initial={**section.data, "revision": section.revision})
        return _render_read(
            request,
            case,
            "caseplan/plan/_section_form.html",
            _section_context(case, section, form=form),
            shown=_section_shown(section),
        )
    form = form_class(request.POST)
    conflict = None
    if form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != "revision"}
        try:
            section = plan_services.section_update(
                section=section, by=request.user, expected_revision=form.cleaned_data["revision"], data=data
            )
        except EditConflict as exc:
            conflict = exc.current
            set_bound_value(form, "revision", str(conflict.revision))
        except ValidationError as exc:
            add_service_errors(form, exc)  # a field error shows at its field
        else:
            if request.htmx:
                return _render_read(
                    request,
                    case,
                    "caseplan/plan/_section.html",
                    _section_context(case, section, can_edit=True),
                    shown=_section_shown(section),
                )
            return redirect(_version_url(case, version_pk, f"section-{key}"))
    context = _section_context(case, section, form=form, conflict=conflict)
    if conflict is not None:
        saved = conflict.data
        context["conflict_rows"] = [
            (field.label, saved.get(field.key, ""), form.data.get(field.key, ""))
            for field in SECTIONS_BY_KEY[key].fields
        ]
    return _render_read(
        request,
        case,
        "caseplan/plan/_section_form.html",
        context,
        shown=_section_shown(section),
        status=409 if conflict else 200,
    )


def _domain(case: Case, version_pk: int, domain_pk: int) -> PlanDomain:
    return get_object_or_404(
        PlanDomain.objects.select_related("version", "template_domain").prefetch_related(
            "goals", "interventions__responsible_organisation"
        ),
        pk=domain_pk,
        version_id=version_pk,
        version__plan__case=case,
    )


def _domain_context(case: Case, domain: PlanDomain, **extra: object) -> dict[str, object]:
    return {
        "case": case,
        "version": domain.version,
        "domain": domain,
        "flag": domain_flag(domain),
        "goal_form": GoalForm(),
        **_partner_choices(case),
        **extra,
    }


@require_http_methods(["GET", "POST"])
def domain_edit(request: AuthenticatedRequest, pk: int, version_pk: int, domain_pk: int) -> HttpResponse:
    case = _case(request, pk, write=True)
    domain = _domain(case, version_pk, domain_pk)
    if request.method == "GET":
        form = DomainForm(instance=domain, initial={"revision": domain.revision})
        return _render_read(
            request,
            case,
            "caseplan/plan/_domain_form.html",
            _domain_context(case, domain, form=form),
            shown=_domain_shown(domain),
        )
    form = DomainForm(request.POST, instance=PlanDomain(kind=domain.kind))
    conflict = None
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields if name in form.cleaned_data}
        try:
            domain = plan_services.domain_update(
                domain=domain, by=request.user, expected_revision=form.cleaned_data["revision"], **fields
            )
        except EditConflict as exc:
            conflict = exc.current
            set_bound_value(form, "revision", str(conflict.revision))
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            if request.htmx:
                domain = _domain(case, version_pk, domain_pk)
                return _render_read(
                    request,
                    case,
                    "caseplan/plan/_domain.html",
                    _domain_context(case, domain, can_edit=True),
                    shown=_domain_shown(domain),
                )
            return redirect(_version_url(case, version_pk, f"domain-{domain.number}"))
    context = _domain_context(case, domain, form=form, conflict=conflict)
    if conflict is not None:
        context["conflict_rows"] = [
            (form.fields[name].label, getattr(conflict, name), form.data.get(name, ""))
            for name in form.Meta.fields
            if name in form.fields
        ]
    return _render_read(
        request,
        case,
        "caseplan/plan/_domain_form.html",
        context,
        shown=_domain_shown(domain),
        status=409 if conflict else 200,
    )


def _after_domain_change(
    request: AuthenticatedRequest,
    case: Case,
    version_pk: int,
    domain: PlanDomain,
    *,
    keep_adding: bool = False,
) -> HttpResponse:
    """Back to the domain; after an addition its add forms stay open for the next goal or intervention."""
    url = _version_url(case, version_pk, f"domain-{domain.number}")
    if keep_adding:
        url = url.replace("#", f"?toevoegen={domain.pk}#", 1)
    return redirect(url)


def _attempt(request: AuthenticatedRequest, action: Callable[[], object], success: str = "") -> None:
    """Run a service; its refusal (a published version, invalid data) becomes a message, not an error page."""
    try:
        action()
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        if success:
            messages.success(request, success)


def _save_to_domain(
    request: AuthenticatedRequest,
    pk: int,
    version_pk: int,
    domain_pk: int,
    form_class: type[GoalForm] | type[InterventionForm],
    save: Callable[..., object],
    invalid: str,
    instance_model: type[Goal] | type[Intervention] | None = None,
    instance_pk: int | None = None,
) -> HttpResponse:
    case = _case(request, pk, write=True)
    domain = _domain(case, version_pk, domain_pk)
    instance = get_object_or_404(instance_model, pk=instance_pk, domain=domain) if instance_model else None
    form: GoalForm | InterventionForm
    if issubclass(form_class, InterventionForm):
        form = form_class(request.POST, instance=instance, case_id=case.pk)  # partners from the case team
    else:
        form = form_class(request.POST, instance=instance)
    if form.is_valid():
        extra: dict[str, object] = {instance_model.__name__.lower(): instance} if instance_model else {}
        if instance_model is Goal and request.POST.get("revision", "").isdigit():
            extra["expected_revision"] = int(request.POST["revision"])
        try:
            _attempt(
                request,
                lambda: save(domain=domain, by=request.user, **extra, **form.cleaned_data),
                _("Opgeslagen.") if instance else "",
            )
        except EditConflict as exc:
            messages.error(
                request,
                _(
                    "Iemand anders heeft dit doel intussen gewijzigd in “%(saved)s”. Uw tekst is niet opgeslagen: "
                    "“%(typed)s”. Pas het doel zo nodig opnieuw aan."
                )
                % {"saved": exc.current.text, "typed": form.cleaned_data.get("text", "")},
            )
    elif "responsible_organisation" in form.errors:
        messages.error(
            request,
            _("De interventie is niet opgeslagen: %(error)s")
            % {"error": form.errors["responsible_organisation"][0]},
        )
    else:
        messages.error(request, invalid)
    return _after_domain_change(request, case, version_pk, domain, keep_adding=instance is None)


@require_POST
def goal_add(request: AuthenticatedRequest, pk: int, version_pk: int, domain_pk: int) -> HttpResponse:
    return _save_to_domain(
        request,
        pk,
        version_pk,
        domain_pk,
        GoalForm,
        plan_services.goal_save,
        _("Het doel is niet opgeslagen: vul de omschrijving in."),
    )


@require_POST
def goal_update(
    request: AuthenticatedRequest, pk: int, version_pk: int, domain_pk: int, goal_pk: int
) -> HttpResponse:
    return _save_to_domain(
        request,
        pk,
        version_pk,
        domain_pk,
        GoalForm,
        plan_services.goal_save,
        _("Het doel is niet opgeslagen: vul de omschrijving in."),
        Goal,
        goal_pk,
    )


@require_POST
def intervention_add(request: AuthenticatedRequest, pk: int, version_pk: int, domain_pk: int) -> HttpResponse:
    return _save_to_domain(
        request,
        pk,
        version_pk,
        domain_pk,
        InterventionForm,
        plan_services.intervention_save,
        _("De interventie is niet opgeslagen: beschrijf de interventie."),
    )


@require_POST
def intervention_update(
    request: AuthenticatedRequest, pk: int, version_pk: int, domain_pk: int, intervention_pk: int
) -> HttpResponse:
    return _save_to_domain(
        request,
        pk,
        version_pk,
        domain_pk,
        InterventionForm,
        plan_services.intervention_save,
        _("De interventie is niet opgeslagen: beschrijf de interventie."),
        Intervention,
        intervention_pk,
    )


@require_POST
def goal_delete(
    request: AuthenticatedRequest, pk: int, version_pk: int, domain_pk: int, goal_pk: int
) -> HttpResponse:
    case = _case(request, pk, write=True)
    domain = _domain(case, version_pk, domain_pk)
    goal = get_object_or_404(Goal, pk=goal_pk, domain=domain)
    _attempt(request, lambda: plan_services.goal_delete(goal=goal, by=request.user))
    return _after_domain_change(request, case, version_pk, domain)


@require_POST
def intervention_delete(
    request: AuthenticatedRequest, pk: int, version_pk: int, domain_pk: int, intervention_pk: int
) -> HttpResponse:
    case = _case(request, pk, write=True)
    domain = _domain(case, version_pk, domain_pk)
    intervention = get_object_or_404(Intervention, pk=intervention_pk, domain=domain)
    _attempt(request, lambda: plan_services.intervention_delete(intervention=intervention, by=request.user))
    return _after_domain_change(request, case, version_pk, domain)


@require_POST
def sanction_add(request: AuthenticatedRequest, pk: int, version_pk: int) -> HttpResponse:
    case = _case(request, pk, write=True)
    version = version_for_case(case, version_pk)
    form = SanctionForm(request.POST)
    if form.is_valid():
        try:
            plan_services.sanction_add(version=version, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
    else:
        messages.error(request, " ".join(str(error) for error in form.non_field_errors()))
    return redirect(_version_url(case, version_pk, "sancties"))


@require_POST
def sanction_delete(
    request: AuthenticatedRequest, pk: int, version_pk: int, sanction_pk: int
) -> HttpResponse:
    case = _case(request, pk, write=True)
    sanction = get_object_or_404(
        PlanSanction, pk=sanction_pk, version_id=version_pk, version__plan__case=case
    )
    try:
        plan_services.sanction_delete(sanction=sanction, by=request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    return redirect(_version_url(case, version_pk, "sancties"))


@require_POST
def version_publish(request: AuthenticatedRequest, pk: int, version_pk: int) -> HttpResponse:
    """Vaststellen is final, so it is asked first: a page that names what is still open (no evaluation date,
    goals not yet evaluated, leefgebieden to escalate); only the confirmed form publishes."""
    case = _case(request, pk, write=True)
    version = version_for_case(case, version_pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vul een geldige evaluatiedatum in."))
        return redirect(_version_url(case, version_pk))
    evaluation_date = form.cleaned_data["evaluation_date"]
    if request.POST.get("bevestigd") != "1":
        domains = [(domain, domain_flag(domain)) for domain in version.domains.all()]
        return _render_read(
            request,
            case,
            "caseplan/plan/publish_confirm.html",
            {
                "case": case,
                "client": case.client,
                "version": version,
                "evaluation_date": evaluation_date,
                "open_goals": goals_to_evaluate(version),
                "flagged": [domain for domain, flag in domains if flag.flagged],
            },
            shown=f"maatwerkplan v{version.number}: vaststellen bevestigen",
        )
    try:
        version = plan_services.version_publish(
            version=version, by=request.user, evaluation_date=evaluation_date
        )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("Versie %(number)d is vastgesteld.") % {"number": version.number})
    return redirect(_version_url(case, version_pk))


@require_POST
def version_next(request: AuthenticatedRequest, pk: int, version_pk: int) -> HttpResponse:
    case = _case(request, pk, write=True)
    version = version_for_case(case, version_pk)
    try:
        draft = plan_services.version_start_next(plan=version.plan, by=request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return redirect(_version_url(case, version_pk))
    messages.success(
        request,
        _("Versie %(number)d is gestart als kopie van versie %(previous)d. Evalueer per doel hoe het ging.")
        % {"number": draft.number, "previous": version.number},
    )
    return redirect(_version_url(case, draft.pk))


def version_compare(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    versions = plan_versions(case)
    ids = [v.pk for v in versions]
    left_pk = (
        int(request.GET["a"]) if request.GET.get("a", "").isdigit() else (ids[1] if len(ids) > 1 else None)
    )
    right_pk = int(request.GET["b"]) if request.GET.get("b", "").isdigit() else (ids[0] if ids else None)
    rows = []
    left = right = None
    shown = "maatwerkplan: versies (niets vergeleken)"
    if left_pk and right_pk:
        left, right = version_for_case(case, left_pk), version_for_case(case, right_pk)
        rows = compare(left, right)
        shown = f"maatwerkplan v{left.number} en v{right.number} vergeleken"
    log_case_read(user=request.user, case=case, shown=shown, request=request)
    only_changes = request.GET.get("alles") != "1"
    return render(
        request,
        "caseplan/plan/compare.html",
        {
            "case": case,
            "client": case.client,
            "versions": versions,
            "left": left,
            "right": right,
            "rows": [row for row in rows if row.changed] if only_changes else rows,
            "only_changes": only_changes,
            "change_count": sum(1 for row in rows if row.changed),
            "can_change_case": user_can_change_case(request.user, case),
        },
    )


def _pdf_context(case: Case, version_pk: int, pdf: PlanPdf | None) -> dict[str, object]:
    return {"case": case, "version_pk": version_pk, "pdf": pdf}


@require_POST
def pdf_request(request: AuthenticatedRequest, pk: int, version_pk: int) -> HttpResponse:
    """Any team member may print; the PDF is made by a worker and its production is logged."""
    case = _case(request, pk)
    version = version_for_case(case, version_pk)
    pdf = plan_pdf_request(version=version, by=request.user, request=request)
    if request.htmx:
        return render(request, "caseplan/plan/_pdf.html", _pdf_context(case, version_pk, pdf))
    return redirect(_version_url(case, version_pk, "pdf-box"))


def pdf_status(request: AuthenticatedRequest, pk: int, version_pk: int, pdf_pk: int) -> HttpResponse:
    case = _case(request, pk)
    pdf = get_object_or_404(PlanPdf, pk=pdf_pk, version_id=version_pk, version__plan__case=case)
    return render(request, "caseplan/plan/_pdf.html", _pdf_context(case, version_pk, pdf))


def pdf_download(request: AuthenticatedRequest, pk: int, version_pk: int, pdf_pk: int) -> FileResponse:
    case = _case(request, pk)
    pdf = get_object_or_404(
        PlanPdf.objects.select_related("version"), pk=pdf_pk, version_id=version_pk, version__plan__case=case
    )
    if pdf.status != PdfStatus.DONE or not pdf.file:
        raise Http404(_("Deze PDF is (nog) niet beschikbaar."))
    log_case_read(
        user=request.user,
        case=case,
        shown=f"PDF maatwerkplan v{pdf.version.number} (download)",
        request=request,
    )
    response = FileResponse(
        pdf.file.open("rb"),
        as_attachment=True,
        filename=f"maatwerkplan-{case.reference}-v{pdf.version.number}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
