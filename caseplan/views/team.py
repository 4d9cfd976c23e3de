"""The case team page: who is on it, adding a person found by name (or a whole organisation), removing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from caseplan.access import case_get_for_user, user_can_change_case
from caseplan.access_log import log_case_read
from caseplan.forms.cases import TeamMemberForm
from caseplan.models import Case, CaseMember
from caseplan.selectors.cases import case_detail_queryset, case_team
from caseplan.selectors.team import CandidateSearch, team_candidates
from caseplan.services.team import case_member_add, case_member_remove
from common.form_errors import add_service_errors
from privacy.http import AuthenticatedRequest


def _render_team(
    request: AuthenticatedRequest, case: Case, form: TeamMemberForm, search: CandidateSearch | None
) -> HttpResponse:
    log_case_read(user=request.user, case=case, shown="casusteam", request=request)
    members = case_team(case)
    return render(
        request,
        "caseplan/team.html",
        {
            "case": case,
            "client": case.client,
            "active": [m for m in members if m.removed_at is None],
            "former": [m for m in members if m.removed_at is not None],
            "form": form,
            "search": search,
            "can_edit": user_can_change_case(request.user, case),
        },
    )


@require_http_methods(["GET", "POST"])
def team(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    write = request.method == "POST"
    case = case_get_for_user(user=request.user, pk=pk, write=write, queryset=case_detail_queryset())
    form = TeamMemberForm(request.POST if write else None)
    search = None
    if write:
        if form.is_valid():
            data = form.cleaned_data
            try:
                member = case_member_add(
                    case=case,
                    by=request.user,
                    role=data["role"],
                    user=data.get("user"),
                    organisation=data.get("organisation"),
                    access=data["access"],
                    ends_on=data.get("ends_on"),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(member)s is toegevoegd aan het casusteam.") % {"member": member.member_label},
                )
                return redirect("caseplan:team", pk=case.pk)
        # the results the choice was made from stay on the page, with the choice
        search = team_candidates(case_id=case.pk, term=request.POST.get("q", ""))
    return _render_team(request, case, form, search)


@require_GET
def team_search(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """People to add, found by name, e-mail address or organisation: only for who may change the team.
    With htmx the results alone (name, organisation and function: nothing of the case, so no access-log
    row); without JavaScript, or on a reload, the whole team page with them."""
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    case = case_get_for_user(
        user=request.user, pk=pk, write=True, queryset=None if partial else case_detail_queryset()
    )
    search = team_candidates(case_id=case.pk, term=request.GET.get("q", ""))
    if partial:
        return render(
            request, "caseplan/_partials/team_candidates.html", {"search": search, "form": TeamMemberForm()}
        )
    return _render_team(request, case, TeamMemberForm(), search)


@require_POST
def team_remove(request: AuthenticatedRequest, pk: int, member_pk: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, pk=pk, write=True)
    member = get_object_or_404(
        CaseMember.objects.select_related("user", "organisation__group", "case"), pk=member_pk, case=case
    )
    try:
        case_member_remove(member=member, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("%(member)s is uit het casusteam verwijderd.") % {"member": member.member_label}
        )
    return redirect("caseplan:team", pk=case.pk)
