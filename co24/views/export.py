"""The dossier export page: choose a period and a purpose, download the PDF. Write team members only: a
read-only member gets 403, back offices and outsiders 404 (the back office takes calls, it builds no
grounds for measures)."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from caseplan.access_log import log_case_read
from co24.access import Role, co24_case_get_for_user
from co24.models import DossierExport, ExportPurpose
from co24.services.export import MAX_SIGNALS, dossier_export
from co24.views.manage import co24_context
from common.form_errors import add_service_errors
from common.form_helpers import DATE_INPUT
from common.stash import pop_stashed_post
from privacy.http import AuthenticatedRequest

RECENT_EXPORTS = 10


class DossierExportForm(forms.Form):
    period_from = forms.DateField(label=_("Van"), widget=DATE_INPUT)
    period_to = forms.DateField(label=_("Tot en met"), widget=DATE_INPUT)
    purpose = forms.ChoiceField(label=_("Doel van de export"), choices=ExportPurpose.choices)
    reason = forms.CharField(
        label=_("Toelichting"),
        max_length=300,
        required=False,
        help_text=_("Verplicht bij doel ‘Anders’. Komt in de export en in het logboek."),
    )


@require_http_methods(["GET", "POST"])
def export(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case, role = co24_case_get_for_user(user=request.user, pk=pk, write=True)
    enrolment = getattr(case, "co24", None)  # select_related by the access function: no query
    if role == Role.BACKOFFICE or enrolment is None:
        raise Http404("Casus niet gevonden")
    stashed = None if request.method == "POST" else pop_stashed_post(request)
    data = request.POST if request.method == "POST" else stashed
    today = timezone.localdate()
    form = DossierExportForm(
        data,
        initial={
            "period_from": max(enrolment.started_on, today - datetime.timedelta(days=90)),
            "period_to": today,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = dossier_export(case=case, by=request.user, request=request, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            response = HttpResponse(result.content, content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
            response["Cache-Control"] = "private, no-store"
            return response
    log_case_read(user=request.user, case=case, shown="co24 dossierexport (formulier)", request=request)
    exports = DossierExport.objects.filter(case=case).select_related("requested_by__organisation")
    context = co24_context(
        case,
        role,
        "export",
        form=form,
        restored=stashed is not None,
        exports=exports[:RECENT_EXPORTS],
        max_signals=MAX_SIGNALS,
    )
    return render(request, "co24/export.html", context)
