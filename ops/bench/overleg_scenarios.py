"""Benchmark scenarios for the casusoverleg: the meeting page (a held meeting with about 12 items, as an attendee
who is on the team of some of its cases and not of the others), the case's Overleggen tab (the case discussed
most often), the meetings list and the API's meeting detail, each with the hand-written SQL that fetches the
same data.

They run as the benchmark process manager, which attends its region's weekly meetings in person
(``ops.bench.overleg_data``); the context names the meeting and the case.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from django.db.models import Count, F, Q

from caseplan.access import cases_visible_to
from deadlines.models import ACTIVE_STATUSES
from ops.bench.context import CONTEXT_BUILDERS, BenchContext, build_context
from ops.bench.scenarios import CASE_HEADER, Scenario, case_sql, has_permission, register
from ops.bench.state import BENCH_EMAIL
from overleg.models import AgendaItem, Meeting, MeetingStatus

OVERLEG = "procesmanager (overleg)"
AGENDA_SIZE = 12
UPCOMING_SHOWN, PAST_SHOWN = 50, 25  # overleg.views.meetings.meeting_list


@dataclass(frozen=True)
class OverlegContext(BenchContext):
    """The meeting whose page is measured, and the case (``case_ids[0]``) whose tab is."""

    meeting_id: int = 0
    meeting_items: int = 0
    shown_items: int = 0
    discussions: int = 0
    case_items: int = 0

    def params(self, iteration: int) -> dict[str, Any]:
        return {
            **super().params(iteration),
            "meeting_id": self.meeting_id,
            "upcoming_shown": UPCOMING_SHOWN,
            "past_shown": PAST_SHOWN,
            "active": list(ACTIVE_STATUSES),
        }


def overleg_context() -> OverlegContext:
    """The benchmark process manager at the newest held meeting it attends with about 12 items, some on its
    cases and some not, and its case with the most agenda items."""
    base = build_context(BENCH_EMAIL)
    visible = cases_visible_to(base.user).values("pk")
    meetings = (
        Meeting.objects.filter(attendees__user=base.user, status=MeetingStatus.HELD)
        .annotate(
            n=Count("items", distinct=True),
            shown=Count("items", filter=Q(items__case__in=visible), distinct=True),
        )
        .order_by("-starts_at", "-id")
    )
    # preferably a meeting with both: items on the user's cases and cases it is not on
    candidates = list(meetings.filter(shown__gt=0, shown__lt=F("n"))[:20]) or list(meetings[:20])
    if not candidates:
        raise LookupError(f"{BENCH_EMAIL} attends no meeting: the benchmark data has no casusoverleg.")
    meeting = min(candidates, key=lambda m: (abs(m.n - AGENDA_SIZE), -m.starts_at.timestamp()))
    busiest = (
        AgendaItem.objects.filter(case__in=visible)
        .values("case_id")
        .annotate(n=Count("id"), discussed=Count("id", filter=Q(discussed=True)))
        .order_by("-n", "case_id")
        .first()
    )
    assert busiest is not None
    values = {f.name: getattr(base, f.name) for f in fields(BenchContext)}
    values["case_ids"] = (busiest["case_id"],)
    return OverlegContext(
        **values,
        meeting_id=meeting.pk,
        meeting_items=meeting.n,
        shown_items=meeting.shown,
        discussions=busiest["discussed"],
        case_items=busiest["n"],
    )


CONTEXT_BUILDERS[OVERLEG] = overleg_context


# --- SQL building blocks ----------------------------------------------------------------------------------


def attends(meeting: str = "m") -> str:
    """SQL condition: the user attends the meeting in person, through its organisation, or runs it."""
    return f"""(
        EXISTS (SELECT 1 FROM overleg_attendee a WHERE a.meeting_id = {meeting}.id AND a.user_id = %(user_id)s)
        OR EXISTS (SELECT 1 FROM overleg_attendee a
                    WHERE a.meeting_id = {meeting}.id AND a.user_id IS NULL AND a.organisation_id = %(org_id)s)
        OR {meeting}.chair_id = %(user_id)s OR {meeting}.minute_taker_id = %(user_id)s
        OR {meeting}.created_by_id = %(user_id)s)"""


MEETING_FRAME = f"""
SELECT m.id, m.title, m.starts_at, m.duration_minutes, m.location, m.video_link, m.status, m.revision,
       m.chair_id, m.minute_taker_id, m.created_by_id, t.name AS type_name, t.abbreviation, pu.name AS purpose,
       ch.first_name, ch.last_name, ch.email, mt.first_name, mt.last_name, mt.email
  FROM overleg_meeting m
  JOIN overleg_meetingtype t ON t.id = m.meeting_type_id
  JOIN privacy_purpose pu ON pu.id = t.purpose_id
  JOIN privacy_user ch ON ch.id = m.chair_id
  LEFT JOIN privacy_user mt ON mt.id = m.minute_taker_id
 WHERE m.id = %(meeting_id)s AND {attends()}"""
ATTENDEES = """
SELECT a.id, a.role, a.user_id, o.name AS organisation, u.first_name, u.last_name, u.email
  FROM overleg_attendee a
  JOIN privacy_organisation o ON o.id = a.organisation_id
  LEFT JOIN privacy_user u ON u.id = a.user_id
 WHERE a.meeting_id = %(meeting_id)s
 ORDER BY o.name, u.last_name, a.id"""
GUESTS = """
SELECT id, name, organisation_name, reason, statement_signed_on
  FROM overleg_guest WHERE meeting_id = %(meeting_id)s ORDER BY name, id"""
# Every position of the agenda; the item's content and the case only where the user is on the team.
AGENDA = f"""
SELECT i.id, i.position, shown.*
  FROM overleg_agendaitem i
  LEFT JOIN LATERAL (
        SELECT i.case_id, i.reason, i.discussed, i.situation, i.decisions, i.revision, i.minuted_at,
               c.reference, c.status, c.client_id, cl.achternaam, cl.voorvoegsel, cl.voornamen, cl.roepnaam,
               cl.geboortedatum, pu.name AS purpose, {has_permission("change_perm")} AS writable
          FROM caseplan_case c
          JOIN caseplan_client cl ON cl.id = c.client_id
          JOIN privacy_purpose pu ON pu.id = c.purpose_id
         WHERE c.id = i.case_id AND {has_permission("view_perm")}) shown ON TRUE
 WHERE i.meeting_id = %(meeting_id)s
 ORDER BY i.position, i.id"""
ACTION_COLUMNS = """ac.id, ac.item_id, ac.description, ac.due_on, ac.owner_user_id, ac.owner_organisation_id,
       u.first_name, u.last_name, u.email, o.name AS owner_organisation, d.status, d.escalation_level"""
ACTION_JOINS = """
  LEFT JOIN privacy_user u ON u.id = ac.owner_user_id
  LEFT JOIN privacy_organisation o ON o.id = ac.owner_organisation_id
  LEFT JOIN deadlines_deadline d ON d.id = ac.deadline_id"""
MEETING_ACTIONS = f"""
SELECT {ACTION_COLUMNS}
  FROM overleg_action ac
  JOIN overleg_agendaitem i ON i.id = ac.item_id
  JOIN caseplan_case c ON c.id = i.case_id{ACTION_JOINS}
 WHERE i.meeting_id = %(meeting_id)s AND {has_permission("view_perm")}
 ORDER BY ac.due_on, ac.id"""
# Open actions from earlier meetings of the same series, on the user's teams' cases.
SERIES_OPEN_ACTIONS = f"""
SELECT {ACTION_COLUMNS}, i.case_id, c.reference, cl.achternaam, cl.voornamen, earlier.starts_at
  FROM overleg_meeting m
  JOIN overleg_meeting earlier ON earlier.meeting_type_id = m.meeting_type_id AND earlier.title = m.title
                              AND earlier.starts_at < m.starts_at
  JOIN overleg_agendaitem i ON i.meeting_id = earlier.id
  JOIN overleg_action ac ON ac.item_id = i.id
  JOIN caseplan_case c ON c.id = i.case_id
  JOIN caseplan_client cl ON cl.id = c.client_id{ACTION_JOINS}
 WHERE m.id = %(meeting_id)s AND m.title <> '' AND d.status = ANY(%(active)s) AND {has_permission("view_perm")}
 ORDER BY ac.due_on, ac.id"""


def meeting_list(*, upcoming: bool) -> str:
    when = (
        "m.starts_at >= now() - interval '12 hours'"
        if upcoming
        else "m.starts_at < now() - interval '12 hours'"
    )
    order = "m.starts_at, m.id" if upcoming else "m.starts_at DESC, m.id DESC"
    limit = "upcoming_shown" if upcoming else "past_shown"
    return f"""
SELECT m.id, m.title, m.starts_at, m.location, m.status, t.name, t.abbreviation, ch.first_name, ch.last_name,
       (SELECT count(*) FROM overleg_agendaitem i WHERE i.meeting_id = m.id) AS items
  FROM overleg_meeting m
  JOIN overleg_meetingtype t ON t.id = m.meeting_type_id
  JOIN privacy_user ch ON ch.id = m.chair_id
 WHERE {when} AND {attends()}
 ORDER BY {order}
 LIMIT %({limit})s"""


# The case's agenda items, newest meeting first, with meeting, type, chair, plan version and minute taker.
CASE_ITEMS = """
SELECT i.id, i.position, i.reason, i.discussed, i.situation, i.decisions, i.minuted_at, i.revision,
       m.id AS meeting_id, m.title, m.starts_at, m.status, t.name, t.abbreviation, ch.first_name, ch.last_name,
       pv.number AS plan_version, mb.first_name, mb.last_name
  FROM overleg_agendaitem i
  JOIN overleg_meeting m ON m.id = i.meeting_id
  JOIN overleg_meetingtype t ON t.id = m.meeting_type_id
  JOIN privacy_user ch ON ch.id = m.chair_id
  LEFT JOIN caseplan_planversion pv ON pv.id = i.plan_version_id
  LEFT JOIN privacy_user mb ON mb.id = i.minuted_by_id
 WHERE i.case_id = %(case_id)s
 ORDER BY m.starts_at DESC, i.id DESC"""
CASE_ACTIONS = f"""
SELECT {ACTION_COLUMNS}
  FROM overleg_action ac
  JOIN overleg_agendaitem i ON i.id = ac.item_id{ACTION_JOINS}
 WHERE i.case_id = %(case_id)s
 ORDER BY ac.due_on, ac.id"""
# The form's choice: upcoming meetings the user attends that do not have the case on their agenda yet.
CASE_UPCOMING = f"""
SELECT m.id, m.title, m.starts_at, t.name, t.abbreviation
  FROM overleg_meeting m
  JOIN overleg_meetingtype t ON t.id = m.meeting_type_id
 WHERE m.status = 'gepland' AND m.starts_at >= now() - interval '12 hours' AND {attends()}
   AND NOT EXISTS (SELECT 1 FROM overleg_agendaitem i WHERE i.meeting_id = m.id AND i.case_id = %(case_id)s)
 ORDER BY m.starts_at"""


# --- the scenarios ------------------------------------------------------------------------------------------


def _meeting(ctx: BenchContext) -> int:
    return ctx.meeting_id  # type: ignore[attr-defined]


register(
    Scenario(
        name="Overlegpagina (12 agendapunten)",
        url=lambda ctx, i: f"/overleggen/{_meeting(ctx)}/",
        raw_sql=(MEETING_FRAME, ATTENDEES, GUESTS, AGENDA, MEETING_ACTIONS, SERIES_OPEN_ACTIONS),
        description="a held weekly casusoverleg as an attendee: frame, attendees and guests, the agenda with each "
        "item's minutes and actions where the user is on the case team (the others as 'casus op de agenda'), "
        "and the series' open actions on the user's cases",
        identity=OVERLEG,
    )
)
register(
    Scenario(
        name="Overleggen van een casus (~50 besprekingen)",
        url=lambda ctx, i: f"/overleggen/casus/{ctx.case_ids[0]}/",
        raw_sql=(case_sql(CASE_HEADER), CASE_ITEMS, CASE_ACTIONS, CASE_UPCOMING),
        description="the case's Overleggen tab for the case discussed most often: every agenda item with its "
        "meeting, minutes and actions, and the upcoming meetings to put it on",
        identity=OVERLEG,
    )
)
register(
    Scenario(
        name="Overleggen (lijst)",
        url=lambda ctx, i: "/overleggen/",
        raw_sql=(meeting_list(upcoming=True), meeting_list(upcoming=False)),
        description="the meetings the user attends: the next 50 and the last 25, with type, chair and the "
        "number of agenda items",
        identity=OVERLEG,
    )
)
register(
    Scenario(
        name="API GET /api/v1/overleg/meetings/<pk>/",
        url=lambda ctx, i: f"/api/v1/overleg/meetings/{_meeting(ctx)}/",
        raw_sql=(MEETING_FRAME, ATTENDEES, GUESTS, AGENDA, MEETING_ACTIONS),
        description="the same meeting as JSON: frame, attendees, guests, and the agenda with each item's content "
        "and actions for the case team, null for the others",
        identity=OVERLEG,
    )
)
