"""The meeting page and the case's meetings tab keep their query counts, whatever the number of agenda
items, attendees, guests and actions."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from caseplan.models import CaseRole
from caseplan.services.team import case_member_add
from overleg.models import Meeting
from overleg.services.agenda import agenda_add
from overleg.services.meetings import attendee_add, guest_add, meeting_schedule
from overleg.services.minutes import action_add, item_minutes_save
from tests.factories import CaseFactory, UserFactory
from tests.world import MeetingParties, pga_type

# session, user, otp device, meeting with type/purpose/chair/minute taker/organiser, attendees, guests,
# agenda positions, the user's cases among them, their write access, the items shown with case and client,
# their actions, the open actions of the series, the user's organisation (access log and page header),
# access-log insert, the organisation list of the
# attendee form (chair only), unread notifications, session save (savepoint, update, release)
MEETING_PAGE_QUERIES = 19
# the attendee on no team: no write check, no items shown, no actions, no access log, no attendee form
MEETING_PAGE_QUERIES_NO_TEAM = 14
# session, user, otp device, case with client/gemeente/purpose/co24, team, write check, the user's
# organisation and the access-log insert, the case's items with their meetings, their actions, unread
# notifications, whether there are upcoming meetings to put it on, session save (3)
CASE_TAB_QUERIES = 15


def _grow(mw: MeetingParties, meeting: Meeting, extra: int) -> None:
    for index in range(extra):
        case = CaseFactory(gemeente=mw.gemeente)
        case_member_add(case=case, by=mw.pm, user=mw.pm, role=CaseRole.PROCESMANAGER_GEMEENTE)
        case_member_add(case=case, by=mw.pm, user=mw.agent, role=CaseRole.PARTNER)
        item = agenda_add(meeting=meeting, case=case, by=mw.pm)
        item_minutes_save(item=item, by=mw.pm, expected_revision=1, discussed=True, situation="x")
        action_add(
            item=item,
            by=mw.pm,
            description="Bellen",
            due_on=timezone.localtime(meeting.starts_at).date(),
            owner_user=mw.agent,
        )
        attendee_add(
            meeting=meeting, by=mw.pm, user=UserFactory(organisation=mw.ggz, email=f"g{index}@x.test")
        )
        guest_add(meeting=meeting, by=mw.pm, name=f"Gast {index}", statement_signed_on=timezone.localdate())


def _count(http, url: str, django_assert_num_queries, expected: int) -> None:
    with django_assert_num_queries(expected):
        assert http.get(url).status_code == 200


def test_meeting_page_query_count_is_flat(mw: MeetingParties, django_assert_num_queries):
    url = reverse("overleg:meeting_detail", args=[mw.meeting.pk])
    for who, expected in (("pm", MEETING_PAGE_QUERIES), ("agent", MEETING_PAGE_QUERIES - 1)):
        _count(mw.http(who), url, django_assert_num_queries, expected)
    _count(mw.http("ggz_worker"), url, django_assert_num_queries, MEETING_PAGE_QUERIES_NO_TEAM)
    _grow(mw, mw.meeting, 8)
    _count(mw.http("pm"), url, django_assert_num_queries, MEETING_PAGE_QUERIES)
    _count(mw.http("agent"), url, django_assert_num_queries, MEETING_PAGE_QUERIES - 1)
    _count(mw.http("ggz_worker"), url, django_assert_num_queries, MEETING_PAGE_QUERIES_NO_TEAM)


def test_case_tab_query_count_is_flat(mw: MeetingParties, django_assert_num_queries):
    url = reverse("overleg:case_meetings", args=[mw.first.pk])
    _count(mw.http("pm"), url, django_assert_num_queries, CASE_TAB_QUERIES)
    for weeks in range(1, 9):
        meeting = meeting_schedule(
            meeting_type=pga_type(),
            starts_at=timezone.now() - datetime.timedelta(weeks=weeks),
            chair=mw.pm,
            by=mw.pm,
        )
        item = agenda_add(meeting=meeting, case=mw.first, by=mw.pm)
        item_minutes_save(item=item, by=mw.pm, expected_revision=1, discussed=True, situation="x")
        action_add(
            item=item, by=mw.pm, description="Bellen", due_on=timezone.localdate(), owner_user=mw.writer
        )
    _count(mw.http("pm"), url, django_assert_num_queries, CASE_TAB_QUERIES)
