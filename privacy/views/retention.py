"""The privacy officer's landing, the holds (bewaarplicht: place, list, lift), the retention rules
(read-only: the functional administrator changes them in beheer) and early deletion on request."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from common.errors import EditConflict
from common.form_errors import add_service_errors
from common.form_helpers import set_bound_value
from privacy.access import privacy_officer_required
from privacy.forms.retention import EarlyDeletionForm, HoldForm, HoldLiftForm
from privacy.http import AuthenticatedRequest
from privacy.models import HoldKind, RetentionHold
from privacy.selectors.retention import retention_rules
from privacy.selectors.retention_pages import (
    kind_labels,
    retention_counts,
    retention_hold_for_lift,
    retention_holds_page,
)
from privacy.services.retention import destruction_request_early, retention_hold_lift, retention_hold_place

HOLD_CONFLICT = gettext_lazy(
    "Iemand anders heeft deze bewaarplicht intussen gewijzigd. Er is niets opgeheven; hieronder staat de "
    "opgeslagen versie."
)


@privacy_officer_required
@require_GET
def home(request: AuthenticatedRequest) -> HttpResponse:
    """The privacy officer's pages in one place (until the privacy home of a later issue)."""
    return render(request, "privacy/retention/home.html", {"counts": retention_counts()})


@privacy_officer_required
@require_http_methods(["GET", "POST"])
def holds(request: AuthenticatedRequest) -> HttpResponse:
    """Active holds (or all, ``?alle=1``), and the form to place one by case number or episode number."""
    form = HoldForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        fields = form.cleaned_data
        try:
            hold = retention_hold_place(
                subject=fields["subject"],
                reference=fields["reference"],
                reason=fields["reason"],
                explanation=fields["explanation"],
                until=fields["until"],
                kind=HoldKind.HOLD,
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Bewaarplicht geplaatst op %(ref)s. Er wordt niets van vernietigd tot hij is opgeheven.")
                % {"ref": hold.reference},
            )
            return redirect("privacy:retention_holds")
    show_all = request.GET.get("alle") == "1"
    return render(
        request,
        "privacy/retention/holds.html",
        {
            "form": form,
            "holds": retention_holds_page(user=request.user, active_only=not show_all, request=request),
            "show_all": show_all,
        },
    )


@privacy_officer_required
@require_http_methods(["GET", "POST"])
def hold_lift(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    hold = retention_hold_for_lift(user=request.user, pk=pk, request=request)
    if hold.lifted_at is not None:
        messages.info(request, _("Deze bewaarplicht is al opgeheven."))
        return redirect("privacy:retention_holds")
    form = HoldLiftForm(
        request.POST if request.method == "POST" else None, initial={"revision": hold.revision}
    )
    conflict: RetentionHold | None = None
    if request.method == "POST" and form.is_valid():
        try:
            retention_hold_lift(
                hold=hold,
                reason=form.cleaned_data["lift_reason"],
                revision=form.cleaned_data["revision"],
                by=request.user,
            )
        except EditConflict as exc:
            conflict = exc.current
            form.add_error(None, HOLD_CONFLICT)
            set_bound_value(form, "revision", str(exc.current.revision))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("De bewaarplicht op %(ref)s is opgeheven.") % {"ref": hold.reference})
            return redirect("privacy:retention_holds")
    return render(
        request, "privacy/retention/hold_lift.html", {"hold": hold, "form": form, "conflict": conflict}
    )


@privacy_officer_required
@require_GET
def rules(request: AuthenticatedRequest) -> HttpResponse:
    labels = kind_labels()
    return render(
        request,
        "privacy/retention/rules.html",
        {"rules": [(rule, labels.get(rule.kind, rule.kind)) for rule in retention_rules()]},
    )


@privacy_officer_required
@require_http_methods(["GET", "POST"])
def early_deletion(request: AuthenticatedRequest) -> HttpResponse:
    """A granted erasure request, or a record entered by mistake: a list of its own, reviewed like any."""
    form = EarlyDeletionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        fields = form.cleaned_data
        try:
            destruction_list = destruction_request_early(
                subject=fields["subject"],
                reference=fields["reference"],
                reason=fields["reason"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Lijst %(number)s is aangemaakt. Er is nog niets vernietigd: beoordeel de lijst en stel "
                    "hem vast."
                )
                % {"number": destruction_list.number},
            )
            return redirect("privacy:destruction_list", pk=destruction_list.pk)
    return render(request, "privacy/retention/early_deletion.html", {"form": form})
