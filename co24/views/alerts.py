"""Tipping-point alerts of a case: open, acknowledged (gezien) and handled, with the signal that fired each.
Write members of the team (the casusregisseur in the first place) acknowledge in one click and handle with
a note; read-only members see them; the back office does not (it is not part of casusregie)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from caseplan.access_log import log_case_read
from caseplan.models import Case
from co24.access import Role, may_see_medical
from co24.forms.manage import AlertHandleForm
from co24.models import Alert, AlertStatus
from co24.services.rules import alert_acknowledge, alert_handle
from co24.views.manage import co24_case, co24_context
from common.form_errors import add_service_errors
from common.stash import pop_stashed_post
from privacy.http import AuthenticatedRequest

HANDLED_SHOWN = 50


def _render(
    request: AuthenticatedRequest,
    case: Case,
    role: Role,
    *,
    form_for: Alert | None = None,
    form: AlertHandleForm | None = None,
    restored: bool = False,
) -> HttpResponse:
    alerts = Alert.objects.filter(case=case).select_related(
        "rule", "signal__caller", "acknowledged_by", "handled_by"
    )
    pending = list(alerts.exclude(status=AlertStatus.HANDLED))
    handled = list(alerts.filter(status=AlertStatus.HANDLED).order_by("-handled_at", "-id")[:HANDLED_SHOWN])
    log_case_read(user=request.user, case=case, shown="co24 kantelmomenten", request=request)
    context = co24_context(
        case,
        role,
        "alerts",
        groups=[
            (
                AlertStatus.OPEN,
                _("Open"),
                [a for a in pending if a.status == AlertStatus.OPEN],
                _("Geen open kantelmomenten."),
            ),
            (
                AlertStatus.ACKNOWLEDGED,
                _("Gezien, nog af te handelen"),
                [a for a in pending if a.status == AlertStatus.ACKNOWLEDGED],
                _("Niets dat op afhandeling wacht."),
            ),
            (AlertStatus.HANDLED, _("Afgehandeld"), handled, _("Nog niets afgehandeld.")),
        ],
        handled_limit=HANDLED_SHOWN,
        form_for=form_for,
        handle_form=form,
        restored=restored,
        can_see_medical=may_see_medical(request.user, case),
    )
    return render(request, "co24/alerts.html", context)


@require_GET
def alerts(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case, role = co24_case(request, pk)
    return _render(request, case, role)


@require_POST
def acknowledge(request: AuthenticatedRequest, pk: int, alert_pk: int) -> HttpResponse:
    case, _role = co24_case(request, pk, write=True)
    alert = get_object_or_404(Alert, pk=alert_pk, case=case)
    if alert.status == AlertStatus.OPEN:
        alert_acknowledge(alert=alert, by=request.user)
        messages.success(
            request, _("Gezien: “%(summary)s”. Handel het af met een notitie.") % {"summary": alert.summary}
        )
    return redirect("co24:alerts", pk=case.pk)


@require_http_methods(["GET", "POST"])
def handle(request: AuthenticatedRequest, pk: int, alert_pk: int) -> HttpResponse:
    case, role = co24_case(request, pk, write=True)
    alert = get_object_or_404(Alert, pk=alert_pk, case=case)
    if alert.status == AlertStatus.HANDLED:
        messages.info(request, _("Dit kantelmoment is al afgehandeld."))
        return redirect("co24:alerts", pk=case.pk)
    data = request.POST if request.method == "POST" else pop_stashed_post(request)
    form = AlertHandleForm(data)
    if request.method == "POST" and form.is_valid():
        try:
            alert_handle(alert=alert, by=request.user, note=form.cleaned_data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Het kantelmoment is afgehandeld."))
            return redirect("co24:alerts", pk=case.pk)
    return _render(
        request, case, role, form_for=alert, form=form, restored=request.method == "GET" and data is not None
    )
