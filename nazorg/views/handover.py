"""The municipality's answers to a hand-over: accept, reject, forward, import after release and its first
contact after release; and the coordinator's placement of an episode from the queue."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.form_errors import add_service_errors
from nazorg.access import Party, episode_get_for_user
from nazorg.forms import AssignForm, FirstContactForm, ForwardForm, ReasonForm
from nazorg.models import DetentionEpisode
from nazorg.services.episodes import (
    episode_first_contact,
    handover_accept,
    handover_assign,
    handover_forward,
    handover_reject,
)
from nazorg.services.importing import episode_import
from nazorg.views.episodes import render_detail
from privacy.http import AuthenticatedRequest


def _municipal_episode(request: AuthenticatedRequest, pk: int) -> DetentionEpisode:
    episode, _party = episode_get_for_user(user=request.user, pk=pk, party=Party.MUNICIPALITY)
    if episode.gemeente_id != request.user.organisation_id:
        raise PermissionDenied(_("Alleen de gemeente die de overdracht heeft, kan hierop antwoorden."))
    return episode


@require_POST
def accept(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    episode = _municipal_episode(request, pk)
    try:
        handover_accept(episode=episode, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Overdracht geaccepteerd: uw gemeente pakt de nazorg op."))
    return redirect("nazorg:episode_detail", pk=episode.pk)


@require_POST
def reject(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    episode = _municipal_episode(request, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            handover_reject(episode=episode, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Overdracht afgewezen; de melding staat in de wachtrij van de coördinatoren.")
            )
            return redirect("nazorg:inbox")
    return render_detail(request, episode, Party.MUNICIPALITY, status=400, reject_form=form)


@require_POST
def forward(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    episode = _municipal_episode(request, pk)
    form = ForwardForm(request.POST)
    if form.is_valid():
        try:
            handover_forward(episode=episode, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Doorgestuurd naar %(to)s.") % {"to": form.cleaned_data["to"].name})
            return redirect("nazorg:inbox")
    return render_detail(request, episode, Party.MUNICIPALITY, status=400, forward_form=form)


@require_POST
def assign(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    episode, _party = episode_get_for_user(user=request.user, pk=pk, party=Party.QUEUE)
    form = AssignForm(request.POST)
    if form.is_valid():
        try:
            handover_assign(episode=episode, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Toegewezen aan %(to)s.") % {"to": form.cleaned_data["to"].name})
            return redirect("nazorg:queue")
    return render_detail(request, episode, Party.QUEUE, status=400, assign_form=form)


@require_POST
def import_episode(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    episode, _party = episode_get_for_user(user=request.user, pk=pk, party=Party.MUNICIPALITY)
    try:
        case = episode_import(episode=episode, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("nazorg:episode_detail", pk=episode.pk)
    messages.success(
        request,
        _("Overgenomen in casus %(ref)s; de basisvoorwaarden staan in de diagnostiek van het maatwerkplan.")
        % {"ref": case.reference},
    )
    return redirect("caseplan:case_detail", pk=case.pk)


@require_POST
def first_contact(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """'Eerste contact gehad op': completes the municipality's first-contact deadline."""
    episode = _municipal_episode(request, pk)
    form = FirstContactForm(request.POST)
    if form.is_valid():
        try:
            episode_first_contact(
                episode=episode, by=request.user, contacted_on=form.cleaned_data["contacted_on"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Het eerste contact na ontslag is vastgelegd."))
            return redirect("nazorg:episode_detail", pk=episode.pk)
    return render_detail(request, episode, Party.MUNICIPALITY, status=400, first_contact_form=form)
