"""The minutes of one agenda item and its actions: for attendees on the case's team with write access."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.errors import EditConflict
from common.form_errors import add_service_errors
from common.form_helpers import set_bound_value
from common.stash import pop_stashed_post
from overleg.access import item_get_for_user, meeting_get_for_user
from overleg.access_log import log_agenda_read
from overleg.forms import ActionForm, MinutesForm
from overleg.models import Action, AgendaItem
from overleg.selectors import item_actions
from overleg.services.minutes import action_add, action_complete, item_minutes_save
from privacy.http import AuthenticatedRequest

CONFLICT = _(
    "Iemand anders heeft het verslag van dit agendapunt intussen gewijzigd. Uw invoer is niet opgeslagen maar "
    "staat hieronder nog; vergelijk met de opgeslagen versie en sla opnieuw op."
)


def _initial(item: AgendaItem) -> dict[str, object]:
    return {
        "revision": item.revision,
        "discussed": "" if item.discussed is None else ("ja" if item.discussed else "nee"),
        "situation": item.situation,
        "decisions": item.decisions,
    }


def _render(
    request: AuthenticatedRequest,
    item: AgendaItem,
    form: MinutesForm,
    *,
    action_form: ActionForm | None = None,
    conflict: AgendaItem | None = None,
    restored: bool = False,
) -> HttpResponse:
    log_agenda_read(
        user=request.user,
        meeting=item.meeting,
        items=[item],
        shown="overleg: verslag agendapunt",
        request=request,
    )
    return render(
        request,
        "overleg/item_minutes.html",
        {
            "meeting": item.meeting,
            "item": item,
            "case": item.case,
            "form": form,
            "action_form": action_form or ActionForm(case=item.case),
            "actions": item_actions(item),
            "conflict": conflict,
            "restored": restored,
        },
    )


@require_http_methods(["GET", "POST"])
def item_minutes(request: AuthenticatedRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = meeting_get_for_user(user=request.user, pk=pk)
    item = item_get_for_user(user=request.user, meeting=meeting, pk=item_pk, write=True)
    stashed = None if request.method == "POST" else pop_stashed_post(request)
    data = request.POST if request.method == "POST" else stashed
    form = MinutesForm(data, initial=_initial(item))
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            item_minutes_save(
                item=item,
                by=request.user,
                expected_revision=form.cleaned_data["revision"],
                **form.decisions_kwargs(),
            )
        except EditConflict as exc:
            conflict = exc.current
            form.add_error(None, CONFLICT)
            set_bound_value(form, "revision", str(conflict.revision))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Het verslag van %(ref)s is opgeslagen.") % {"ref": item.case.reference}
            )
            return redirect("overleg:item_minutes", pk=meeting.pk, item_pk=item.pk)
    return _render(request, item, form, conflict=conflict, restored=stashed is not None)


@require_POST
def action_new(request: AuthenticatedRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = meeting_get_for_user(user=request.user, pk=pk)
    item = item_get_for_user(user=request.user, meeting=meeting, pk=item_pk, write=True)
    form = ActionForm(request.POST, case=item.case)
    if form.is_valid():
        owner_user, owner_organisation = form.owners()
        try:
            action_add(
                item=item,
                by=request.user,
                description=form.cleaned_data["description"],
                due_on=form.cleaned_data["due_on"],
                owner_user=owner_user,
                owner_organisation=owner_organisation,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("De actie is vastgelegd en staat als termijn bij de eigenaar."))
            return redirect("overleg:item_minutes", pk=meeting.pk, item_pk=item.pk)
    return _render(request, item, MinutesForm(initial=_initial(item)), action_form=form)


@require_POST
def action_done(request: AuthenticatedRequest, pk: int, item_pk: int, action_pk: int) -> HttpResponse:
    meeting = meeting_get_for_user(user=request.user, pk=pk)
    item = item_get_for_user(user=request.user, meeting=meeting, pk=item_pk, write=True)
    action = get_object_or_404(Action, pk=action_pk, item=item)
    if action_complete(action=action, by=request.user) is None:
        messages.info(request, _("Deze actie was al afgerond of vervallen."))
    else:
        messages.success(request, _("De actie is afgerond."))
    return redirect("overleg:item_minutes", pk=meeting.pk, item_pk=item.pk)
