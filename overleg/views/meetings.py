"""The meetings list, scheduling, and the meeting page: its frame for every attendee, the agenda with each
item's content for the case team only, and the chair's preparation (attendees, guests, order)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from caseplan.access import cases_visible_to, cases_writable_by
from caseplan.models import Case
from common.errors import EditConflict
from common.form_errors import add_service_errors
from common.form_helpers import set_bound_value
from common.pdf import pdf_response
from common.stash import pop_stashed_post
from overleg.access import may_manage, may_organise, meeting_get_for_user
from overleg.access_log import log_agenda_read
from overleg.forms import AgendaAddForm, AttendeeForm, GuestForm, MeetingEditForm, MeetingForm
from overleg.models import AgendaItem, Attendee, Meeting
from overleg.selectors import meeting_list_for_user, meeting_page, series_open_actions
from overleg.services.agenda import agenda_add, agenda_move, agenda_remove
from overleg.services.invitations import meeting_invite
from overleg.services.meetings import (
    attendee_add,
    attendee_remove,
    guest_add,
    meeting_schedule,
    meeting_update,
)
from overleg.services.minutes_pdf import meeting_pdf
from privacy.http import AuthenticatedRequest

UPCOMING_SHOWN = 50
PAST_SHOWN = 25


@require_GET
def meeting_list(request: AuthenticatedRequest) -> HttpResponse:
    """The meetings the user attends: their frames only, no client data."""
    return render(
        request,
        "overleg/meeting_list.html",
        {
            "upcoming": list(meeting_list_for_user(user=request.user, upcoming=True)[:UPCOMING_SHOWN]),
            "past": list(meeting_list_for_user(user=request.user, upcoming=False)[:PAST_SHOWN]),
            "may_organise": may_organise(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_new(request: AuthenticatedRequest) -> HttpResponse:
    if not may_organise(request.user):
        raise PermissionDenied(
            _("Alleen procesmanagers, casuscoördinatoren en coördinatoren plannen een overleg.")
        )
    stashed = None if request.method == "POST" else pop_stashed_post(request)
    data = request.POST if request.method == "POST" else stashed
    form = MeetingForm(data, initial={"chair": request.user.email})
    if request.method == "POST" and form.is_valid():
        fields = form.cleaned_data
        try:
            meeting = meeting_schedule(
                meeting_type=fields["meeting_type"],
                starts_at=form.starts_at(),
                chair=fields["chair"],
                minute_taker=fields["minute_taker"],
                title=fields["title"],
                location=fields["location"],
                video_link=fields["video_link"],
                duration_minutes=fields["duration_minutes"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Het overleg is gepland. Voeg deelnemers en casussen toe."))
            return redirect("overleg:meeting_detail", pk=meeting.pk)
    return render(request, "overleg/meeting_new.html", {"form": form, "restored": stashed is not None})


def _detail(
    request: AuthenticatedRequest,
    meeting: Meeting,
    *,
    attendee_form: AttendeeForm | None = None,
    guest_form: GuestForm | None = None,
    agenda_form: AgendaAddForm | None = None,
    status: int = 200,
) -> HttpResponse:
    page = meeting_page(user=request.user, meeting=meeting)
    follow_up = series_open_actions(user=request.user, meeting=meeting)
    log_agenda_read(
        user=request.user,
        meeting=meeting,
        items=[*page.shown_items, *(action.item for action in follow_up)],
        shown="overleg: agenda, verslag en open acties van de reeks",
        request=request,
    )
    manager = may_manage(request.user, meeting)
    return render(
        request,
        "overleg/meeting_detail.html",
        {
            "meeting": meeting,
            "page": page,
            "follow_up": follow_up,
            "may_manage": manager,
            "attendee_form": attendee_form or (AttendeeForm(meeting=meeting) if manager else None),
            "guest_form": guest_form or (GuestForm() if manager else None),
            "agenda_form": agenda_form or AgendaAddForm(cases=Case.objects.none()),
        },
        status=status,
    )


@require_GET
def meeting_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _detail(request, meeting_get_for_user(user=request.user, pk=pk))


@require_http_methods(["GET", "POST"])
def meeting_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The chair's side changes the frame (date, place, name) or the status (held, cancelled), under the
    meeting's revision: a concurrent change is shown, not overwritten."""
    meeting = meeting_get_for_user(user=request.user, pk=pk, manage=True)
    form = MeetingEditForm(
        request.POST if request.method == "POST" else None, initial=MeetingEditForm.initial_for(meeting)
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            meeting_update(
                meeting=meeting,
                by=request.user,
                expected_revision=form.cleaned_data["revision"],
                **form.changes(),
            )
        except EditConflict as exc:
            conflict = exc.current
            form.add_error(
                None,
                _(
                    "Iemand anders heeft dit overleg intussen gewijzigd. Uw invoer is niet opgeslagen maar staat "
                    "hieronder nog; vergelijk met de opgeslagen gegevens en sla opnieuw op."
                ),
            )
            set_bound_value(form, "revision", str(conflict.revision))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Het overleg is opgeslagen."))
            return redirect("overleg:meeting_detail", pk=meeting.pk)
    return render(
        request, "overleg/meeting_edit.html", {"meeting": meeting, "form": form, "conflict": conflict}
    )


@require_GET
def meeting_print(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The agenda and minutes as a PDF, with exactly what the page shows this user; logged like the page."""
    meeting = meeting_get_for_user(user=request.user, pk=pk)
    page = meeting_page(user=request.user, meeting=meeting)
    data = meeting_pdf(page=page, user=request.user)
    log_agenda_read(
        user=request.user,
        meeting=meeting,
        items=page.shown_items,
        shown="overleg: agenda en verslag (PDF)",
        request=request,
    )
    return pdf_response(data, f"overleg-{timezone.localtime(meeting.starts_at):%Y-%m-%d}-{meeting.pk}.pdf")


@require_POST
def attendee_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_get_for_user(user=request.user, pk=pk, manage=True)
    form = AttendeeForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            attendee = attendee_add(
                meeting=meeting,
                by=request.user,
                user=form.cleaned_data.get("user"),
                organisation=form.cleaned_data.get("organisation"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(who)s neemt deel.") % {"who": attendee.label})
            return redirect("overleg:meeting_detail", pk=meeting.pk)
    return _detail(request, meeting, attendee_form=form)


@require_POST
def attendee_delete(request: AuthenticatedRequest, pk: int, attendee_pk: int) -> HttpResponse:
    meeting = meeting_get_for_user(user=request.user, pk=pk, manage=True)
    attendee = get_object_or_404(
        Attendee.objects.select_related("organisation", "user"), pk=attendee_pk, meeting=meeting
    )
    try:
        attendee_remove(attendee=attendee, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(who)s neemt niet meer deel.") % {"who": attendee.label})
    return redirect("overleg:meeting_detail", pk=meeting.pk)


@require_POST
def guest_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_get_for_user(user=request.user, pk=pk, manage=True)
    form = GuestForm(request.POST)
    if form.is_valid():
        try:
            guest = guest_add(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Gast %(name)s is toegevoegd.") % {"name": guest.name})
            return redirect("overleg:meeting_detail", pk=meeting.pk)
    return _detail(request, meeting, guest_form=form)


@require_POST
def invite(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_get_for_user(user=request.user, pk=pk, manage=True)
    sent = meeting_invite(meeting=meeting, by=request.user)
    if sent:
        messages.success(
            request,
            ngettext("%(n)d uitnodiging verstuurd.", "%(n)d uitnodigingen verstuurd.", sent) % {"n": sent},
        )
    else:
        messages.info(request, _("Iedereen heeft deze uitnodiging al; er is niets nieuw verstuurd."))
    return redirect("overleg:meeting_detail", pk=meeting.pk)


@require_POST
def agenda_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Put a case on the agenda by its number: only a case of one's own teams, with write access."""
    meeting = meeting_get_for_user(user=request.user, pk=pk)
    reference = request.POST.get("reference", "").strip()
    if (
        reference
        and cases_visible_to(request.user).filter(reference__iexact=reference).exists()
        and not cases_writable_by(request.user).filter(reference__iexact=reference).exists()
    ):
        raise PermissionDenied(_("U mag deze casus alleen inzien."))
    form = AgendaAddForm(request.POST, cases=cases_writable_by(request.user))
    if form.is_valid():
        try:
            agenda_add(
                meeting=meeting,
                case=form.cleaned_data["reference"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("De casus staat op de agenda."))
            return redirect("overleg:meeting_detail", pk=meeting.pk)
    return _detail(request, meeting, agenda_form=form)


@require_POST
def agenda_reorder(request: AuthenticatedRequest, pk: int, item_pk: int) -> HttpResponse:
    """The chair moves an item up or down; the meeting's revision catches two people reordering at once."""
    meeting = meeting_get_for_user(user=request.user, pk=pk, manage=True)
    get_object_or_404(AgendaItem.objects.only("pk"), pk=item_pk, meeting=meeting)
    offset = -1 if request.POST.get("richting") == "omhoog" else 1
    try:
        revision = int(request.POST.get("revision", ""))
    except ValueError:
        revision = -1
    try:
        agenda_move(
            meeting=meeting, by=request.user, item_id=item_pk, offset=offset, expected_revision=revision
        )
    except EditConflict:
        messages.info(
            request, _("Iemand anders heeft de agenda intussen gewijzigd. Dit is de huidige volgorde.")
        )
    return redirect(f"{meeting_url(meeting)}#agenda")


@require_POST
def agenda_delete(request: AuthenticatedRequest, pk: int, item_pk: int) -> HttpResponse:
    """Off the agenda: by the chair's side, or by a team member with write access to the case."""
    meeting = meeting_get_for_user(user=request.user, pk=pk)
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    if not (
        may_manage(request.user, meeting) or cases_writable_by(request.user).filter(pk=item.case_id).exists()
    ):
        raise PermissionDenied(_("Alleen de voorzitter of het casusteam haalt een casus van de agenda."))
    try:
        agenda_remove(item=item, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Het agendapunt is van de agenda gehaald."))
    return redirect(f"{meeting_url(meeting)}#agenda")


def meeting_url(meeting: Meeting) -> str:
    return reverse("overleg:meeting_detail", args=[meeting.pk])
