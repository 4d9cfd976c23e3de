"""Reads of the casusoverleg, each with the joins its page needs so query counts stay flat, and the
case's ``laatst besproken`` date (the covenant's five-year retention counts from it)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, DateTimeField, F, Max, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from caseplan.access import cases_visible_to
from caseplan.models import Case, CaseStatus
from deadlines.models import ACTIVE_STATUSES
from overleg.access import meetings_visible_to, visible_case_ids, writable_case_ids
from overleg.models import Action, AgendaItem, Attendee, Guest, Meeting, MeetingStatus
from privacy.models import User

OPEN_CASE_STATUSES = (CaseStatus.AANGEMELD, CaseStatus.ACTIEF, CaseStatus.NAZORG)
NOT_DISCUSSED_WEEKS = 8  # the dashboard's "niet besproken in 8 weken"


# --- laatst besproken --------------------------------------------------------------------------------


def discussed_items() -> QuerySet[AgendaItem]:
    """Agenda items where the case was actually discussed, in a meeting that was not cancelled."""
    return AgendaItem.objects.filter(discussed=True).exclude(meeting__status=MeetingStatus.CANCELLED)


def last_discussed() -> Subquery:
    """An annotation for a Case queryset: when the case was last discussed (None: never).
    ``Case.objects.annotate(last_discussed=last_discussed())``; retention counts its five years from it."""
    latest = (
        discussed_items()
        .filter(case_id=OuterRef("pk"))
        .order_by("-meeting__starts_at")
        .values("meeting__starts_at")[:1]
    )
    return Subquery(latest, output_field=DateTimeField())


def last_discussed_max() -> Subquery:
    """The same moment as ``last_discussed`` for a Case queryset, as an aggregate over the case's own agenda
    items (found by the case's index): the plan the retention proposal needs over every case at once."""
    latest = (
        discussed_items()
        .filter(case_id=OuterRef("pk"))
        .order_by()
        .values("case_id")
        .annotate(latest=Max("meeting__starts_at"))
        .values("latest")
    )
    return Subquery(latest, output_field=DateTimeField())


def case_last_discussed(case: Case) -> datetime.datetime | None:
    return (
        discussed_items()
        .filter(case=case)
        .order_by("-meeting__starts_at")
        .values_list("meeting__starts_at", flat=True)
        .first()
    )


def cases_not_discussed_since(
    since: datetime.datetime, queryset: QuerySet[Case] | None = None
) -> QuerySet[Case]:
    """Open cases not discussed since ``since``; a case never discussed counts from its creation."""
    queryset = Case.objects.all() if queryset is None else queryset
    return (
        queryset.filter(status__in=OPEN_CASE_STATUSES)
        .annotate(last_discussed=last_discussed())
        .annotate(discussed_or_created=Coalesce(F("last_discussed"), F("created_at")))
        .filter(discussed_or_created__lt=since)
    )


def not_discussed_since(weeks: int = NOT_DISCUSSED_WEEKS) -> datetime.datetime:
    """The moment a case must have been discussed after, not to count as "niet besproken in N weken"."""
    return timezone.now() - datetime.timedelta(weeks=weeks)


# --- meetings ----------------------------------------------------------------------------------------


def meeting_list_for_user(*, user: User, upcoming: bool) -> QuerySet[Meeting]:
    now = timezone.now()
    queryset = (
        meetings_visible_to(user)
        .select_related("meeting_type", "chair")
        .annotate(item_count=Count("items", distinct=True))
    )
    if upcoming:
        return queryset.filter(starts_at__gte=now - datetime.timedelta(hours=12)).order_by("starts_at", "id")
    return queryset.filter(starts_at__lt=now - datetime.timedelta(hours=12)).order_by("-starts_at", "-id")


def meetings_for_user(*, user: User) -> QuerySet[Meeting]:
    """Every meeting the user attends, newest first (the API's list)."""
    return (
        meetings_visible_to(user)
        .select_related("meeting_type__purpose", "chair", "minute_taker")
        .order_by("-starts_at", "-id")
    )


@dataclass
class AgendaRow:
    """One line of the agenda. For someone outside the case's team ``item`` is None: the page can show
    only that a case is on the agenda, and nothing of the case leaves this selector."""

    position: int
    item: AgendaItem | None
    actions: list[Action] = field(default_factory=list)
    writable: bool = False  # on the team with write access: may record the minutes
    item_id: int = 0  # for the chair's reordering, which needs no content


@dataclass
class MeetingPage:
    meeting: Meeting
    attendees: list[Attendee]
    guests: list[Guest]
    rows: list[AgendaRow] = field(default_factory=list)

    @property
    def shown_items(self) -> list[AgendaItem]:
        return [row.item for row in self.rows if row.item is not None]


def _actions() -> Prefetch:
    return Prefetch(
        "actions",
        queryset=Action.objects.select_related("owner_user", "owner_organisation", "deadline").order_by(
            "due_on", "id"
        ),
    )


def meeting_page(*, user: User, meeting: Meeting) -> MeetingPage:
    """The frame for every attendee; each item's content only when the user is on the case's team. A fixed
    number of queries, whatever the number of attendees, guests and items."""
    attendees = list(
        Attendee.objects.filter(meeting=meeting)
        .select_related("organisation", "user")
        .order_by("organisation__name", "user__last_name", "id")
    )
    guests = list(Guest.objects.filter(meeting=meeting))
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .only("pk", "case_id", "position")
        .order_by("position", "id")
    )
    visible = visible_case_ids(user, [item.case_id for item in items])
    writable = writable_case_ids(user, list(visible))
    shown = (
        {
            item.pk: item
            for item in AgendaItem.objects.filter(meeting=meeting, case_id__in=visible)
            .select_related("case__client", "case__purpose")
            .prefetch_related(_actions())
        }
        if visible
        else {}
    )
    page = MeetingPage(meeting=meeting, attendees=attendees, guests=guests)
    for position, item in enumerate(items, start=1):
        full = shown.get(item.pk)
        if full is not None:
            full.meeting = meeting
        page.rows.append(
            AgendaRow(
                position=position,
                item=full,
                actions=list(full.actions.all()) if full is not None else [],
                writable=item.case_id in writable,
                item_id=item.pk,
            )
        )
    return page


def series_open_actions(*, user: User, meeting: Meeting) -> list[Action]:
    """Open actions from earlier meetings of the same series (same type and name), on the user's teams'
    cases only: what the meeting follows up on."""
    if not meeting.title:
        return []
    return list(
        Action.objects.filter(
            item__meeting__meeting_type_id=meeting.meeting_type_id,
            item__meeting__title=meeting.title,
            item__meeting__starts_at__lt=meeting.starts_at,
            deadline__status__in=ACTIVE_STATUSES,
            item__case__in=cases_visible_to(user).values("pk"),
        )
        .select_related("item__case__client", "item__meeting", "owner_user", "owner_organisation", "deadline")
        .order_by("due_on", "id")
    )


def item_actions(item: AgendaItem) -> list[Action]:
    return list(
        item.actions.select_related("owner_user", "owner_organisation", "deadline").order_by("due_on", "id")
    )


def case_meeting_items(case: Case) -> list[AgendaItem]:
    """The case's agenda items, newest meeting first, with their meetings and actions: the case's
    "Overleggen" tab. Every item belongs to the case, so the team sees them all."""
    return list(
        AgendaItem.objects.filter(case=case)
        .select_related(
            "meeting__meeting_type", "meeting__chair", "plan_version__plan__template", "minuted_by"
        )
        .prefetch_related(_actions())
        .order_by("-meeting__starts_at", "-id")
    )
