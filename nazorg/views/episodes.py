"""The episode page (everything about one detention, per party) and the prison's own writes on it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from caseplan.hooks import meeting_referral
from common.errors import EditConflict
from common.form_errors import add_service_errors
from common.stash import pop_stashed_post
from deadlines.models import ACTIVE_STATUSES, Deadline
from nazorg.access import Party, episode_get_for_user, is_prison_user
from nazorg.access_log import log_episode_read
from nazorg.forms import (
    AssignForm,
    ConsentForm,
    EpisodeForm,
    FirstContactForm,
    ForwardForm,
    ReasonForm,
    ShareForm,
)
from nazorg.models import Consent, DetentionEpisode, DocumentKind, DocumentStatus, HandoverStatus
from nazorg.schema import SPECS
from nazorg.selectors.documents import may_read_draft
from nazorg.selectors.episodes import (
    DEADLINE_FOR_DOCUMENT,
    FIRST_CONTACT,
    episode_deadlines,
    episode_documents,
)
from nazorg.services import consent as consent_services
from nazorg.services.episodes import episode_register, episode_update
from privacy.http import AuthenticatedRequest
from privacy.models import User


def _documents_by_kind(
    episode: DetentionEpisode, party: Party, deadlines: list[Deadline], user: User
) -> list[dict[str, Any]]:
    visible_kinds = [DocumentKind.BASISDOCUMENT] if party == Party.CARE else list(DocumentKind)
    documents = episode_documents(episode, include_drafts_of=party.value)
    active = {d.kind: d for d in deadlines if d.status in ACTIVE_STATUSES}
    rows = []
    for kind in visible_kinds:
        versions = [d for d in documents if d.kind == kind]
        draft = next((d for d in versions if d.status == DocumentStatus.DRAFT), None)
        rows.append(
            {
                "kind": kind.value,
                "label": kind.label,
                "current": next((d for d in versions if d.status == DocumentStatus.SUBMITTED), None),
                "draft": draft,
                "draft_printable": draft is not None
                and may_read_draft(user=user, episode=episode, party=party, kind=kind),
                "versions": [d for d in versions if d.status != DocumentStatus.DRAFT],
                "writable": SPECS[kind].party == party.value,
                "applicable": kind != DocumentKind.OVERDRACHTSDOCUMENT or episode.is_long_stay,
                "deadline": active.get(DEADLINE_FOR_DOCUMENT[kind]),
            }
        )
    return rows


def _vh_prioritised(documents: list[dict[str, Any]]) -> bool:
    """The municipality's gemeenteblad says the detainee is prioritised at the Veiligheidshuis."""
    sheet = next((row["current"] for row in documents if row["kind"] == DocumentKind.GEMEENTEBLAD), None)
    return sheet is not None and sheet.data.get("vh_geprioriteerd") == "ja"


def _referral_url(request: AuthenticatedRequest, episode: DetentionEpisode, prioritised: bool) -> str | None:
    """'Aanmelden voor casusoverleg': once the detention is a case, whoever may put that case on an agenda
    goes to the casusoverleg's page for it (offered by overleg through caseplan's hook; nazorg and overleg
    do not import each other)."""
    if episode.case is None:
        return None
    reason = (
        _("Nazorg na detentie (%(ref)s); geprioriteerd bij het Veiligheidshuis")
        if prioritised
        else _("Nazorg na detentie (%(ref)s)")
    ) % {"ref": episode.reference}
    return meeting_referral(episode.case, request.user, reason)


def detail_context(
    request: AuthenticatedRequest, episode: DetentionEpisode, party: Party, **forms: Any
) -> dict[str, Any]:
    # the municipality that has the hand-over answers it and records the first contact after release
    ours = party == Party.MUNICIPALITY and episode.gemeente_id == request.user.organisation_id
    may_handover = ours and episode.handover_status != HandoverStatus.IMPORTED
    deadlines = episode_deadlines(episode)
    consents = [] if party == Party.CARE else list(episode.consents.all())
    documents = _documents_by_kind(episode, party, deadlines, request.user)
    prioritised = _vh_prioritised(documents)
    return {
        "episode": episode,
        "party": party.value,
        "documents": documents,
        "deadlines": [] if party == Party.CARE else deadlines,
        "events": []
        if party == Party.CARE
        else list(episode.handover_events.select_related("from_gemeente", "to_gemeente", "by")),
        "release_changes": list(episode.release_changes.select_related("changed_by")),
        "consents": consents,
        "has_consent": any(consent.withdrawn_on is None for consent in consents),
        "shares": [] if party == Party.CARE else list(episode.shares.select_related("organisation")),
        "may_edit": party == Party.PRISON,
        "may_handover": may_handover,
        "may_import": party == Party.MUNICIPALITY
        and episode.title_ended
        and episode.handover_status != HandoverStatus.IMPORTED,
        "may_assign": party == Party.QUEUE,
        "may_first_contact": ours and episode.released_on is not None and episode.first_contact_on is None,
        "first_contact_deadline": next(
            (d for d in deadlines if d.kind == FIRST_CONTACT and d.status in ACTIVE_STATUSES), None
        ),
        "first_contact_form": forms.get("first_contact_form") or FirstContactForm(),
        "vh_prioritised": prioritised,
        "referral_url": _referral_url(request, episode, prioritised),
        "reject_form": forms.get("reject_form") or ReasonForm(),
        "forward_form": forms.get("forward_form") or ForwardForm(),
        "assign_form": forms.get("assign_form") or AssignForm(),
        "share_form": forms.get("share_form") or ShareForm(),
    }


def render_detail(
    request: AuthenticatedRequest, episode: DetentionEpisode, party: Party, status: int = 200, **forms: Any
) -> HttpResponse:
    log_episode_read(user=request.user, episode=episode, shown="nazorg detentie", request=request)
    return render(
        request, "nazorg/episode_detail.html", detail_context(request, episode, party, **forms), status=status
    )


def episode_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    episode, party = episode_get_for_user(user=request.user, pk=pk)
    return render_detail(request, episode, party)


def _episode_fields(form: EpisodeForm) -> dict[str, Any]:
    return {
        name: value
        for name, value in form.cleaned_data.items()
        if name not in ("release_reason", "release_note")
    }


def episode_new(request: AuthenticatedRequest) -> HttpResponse:
    prison = request.user.organisation
    if not is_prison_user(request.user) or prison is None:
        raise Http404
    stashed = pop_stashed_post(request)
    data = request.POST if request.method == "POST" else stashed
    form = EpisodeForm(data, prison=prison, initial={"mmd": request.user.pk, "status": "veroordeeld"})
    if request.method == "POST" and form.is_valid():
        try:
            episode = episode_register(by=request.user, prison=prison, **_episode_fields(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if episode.gemeente_id is None:
                messages.warning(
                    request,
                    _(
                        "Geen gemeente van herkomst bekend: na het meldingsblad gaat de melding naar de wachtrij van de coördinatoren."
                    ),
                )
            messages.success(
                request,
                _("Detentie %(ref)s geregistreerd. Vul nu het meldingsblad in.") % {"ref": episode.reference},
            )
            return redirect("nazorg:document_edit", pk=episode.pk, kind=DocumentKind.MELDINGSBLAD)
    return render(
        request,
        "nazorg/episode_form.html",
        {"form": form, "episode": None, "restored": stashed is not None},
        status=400 if request.method == "POST" and form.errors else 200,
    )


def episode_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    episode, _party = episode_get_for_user(user=request.user, pk=pk, party=Party.PRISON)
    stashed = pop_stashed_post(request)
    data = request.POST if request.method == "POST" else stashed
    form = EpisodeForm(data, instance=DetentionEpisode.objects.get(pk=episode.pk), prison=episode.prison)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            episode_update(
                episode=episode,
                by=request.user,
                expected_revision=int(request.POST.get("revision", 0)),
                release_reason=form.cleaned_data.get("release_reason", ""),
                release_note=form.cleaned_data.get("release_note", ""),
                **_episode_fields(form),
            )
        except EditConflict as exc:
            conflict = exc.current
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Detentiegegevens opgeslagen."))
            return redirect("nazorg:episode_detail", pk=episode.pk)
    log_episode_read(user=request.user, episode=episode, shown="nazorg detentie bewerken", request=request)
    status = 409 if conflict else (400 if request.method == "POST" and form.errors else 200)
    revision = conflict.revision if conflict else episode.revision
    return render(
        request,
        "nazorg/episode_form.html",
        {
            "form": form,
            "episode": episode,
            "conflict": conflict,
            "revision": revision,
            "restored": stashed is not None,
        },
        status=status,
    )


def consent_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    episode, _party = episode_get_for_user(user=request.user, pk=pk, party=Party.PRISON)
    form = ConsentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            consent_services.consent_record(episode=episode, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Toestemming vastgelegd."))
            return redirect("nazorg:episode_detail", pk=episode.pk)
    log_episode_read(user=request.user, episode=episode, shown="nazorg toestemming", request=request)
    return render(
        request,
        "nazorg/consent_form.html",
        {"form": form, "episode": episode},
        status=400 if form.errors else 200,
    )


@require_POST
def consent_withdraw(request: AuthenticatedRequest, pk: int, consent_pk: int) -> HttpResponse:
    episode, _party = episode_get_for_user(user=request.user, pk=pk, party=Party.PRISON)
    consent = get_object_or_404(Consent, pk=consent_pk, episode=episode, withdrawn_on__isnull=True)
    consent_services.consent_withdraw(consent=consent, by=request.user)
    messages.success(request, _("Toestemming ingetrokken; delen onder deze toestemming is beëindigd."))
    return redirect("nazorg:episode_detail", pk=episode.pk)


@require_POST
def episode_share(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    episode, party = episode_get_for_user(user=request.user, pk=pk)
    if party not in (Party.PRISON, Party.MUNICIPALITY):
        raise PermissionDenied(_("Alleen de PI of de gemeente kan het basisdocument delen."))
    form = ShareForm(request.POST)
    if form.is_valid():
        try:
            consent_services.episode_share(episode=episode, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Basisdocument gedeeld met %(org)s.") % {"org": form.cleaned_data["organisation"].name},
            )
            return redirect("nazorg:episode_detail", pk=episode.pk)
    return render_detail(request, episode, party, status=400, share_form=form)
