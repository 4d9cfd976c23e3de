"""Seed step for the casusoverleg: a year of weekly PGA casusoverleggen per region (one Zorg- en
Veiligheidshuis is one region, as in ``ops.bench.people``), each with its attendees, an agenda of 8 to 15 of
the region's cases, the minutes of the meetings held, and the actions agreed there with their deadlines.

What is written mirrors the services (``overleg/services``):
- ``meeting_schedule``: the meeting type "pga" (its admitted organisation kinds), a chair (a process manager of
  the Veiligheidshuis) and a minute taker who attend in person, the region's partner organisations of admitted
  kinds as a whole, and in person whoever put a case on the agenda without attending already; the benchmark
  process manager attends its own region's meetings in person. Meetings held or cancelled were updated once
  (``meeting_update``: revision 2); a tenth have a guest who signed the statement before the meeting;
- ``agenda_add``: a case that existed and was not closed at the time, put on by a team member with write
  access, positions 1..n; cases come back: about half of every agenda is cases from the last eight weeks;
- ``item_minutes_save``: in held meetings every item is minuted by a writer on the team (revision 2), nine in
  ten discussed, linked to the plan version published then; cancelled meetings keep their agenda unminuted;
- ``action_add``: on some discussed items, an owner on the team (a person, or a whole organisation that is a
  member), due one to four weeks after the meeting, kept as an ``overleg-actie`` deadline (one creation and
  one last change in its history, as ``nazorg_deadlines``): done, or open / overdue / escalated by today.
Decisions are text only (no status changes through ``case_update``); the overleg tables' own history and
access-log rows are not seeded: the measured pages do not read them. A case's "laatst besproken" is derived
from its discussed items, so nothing on the case itself changes.

The benchmark process manager's region has one case on every agenda: its oldest open case with write access
outside the ten the case pages rotate over and outside CO24dak (discussed about 48 times), and three to five of
its own cases on each agenda among cases it is not on. Dates follow today's date, so a rerun on the same day
writes the same rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from caseplan.models import CaseStatus, PlanVersion, VersionStatus
from deadlines.models import DayKind, Deadline, DeadlineRule, DeadlineStatus, Direction
from ops.bench.bulk import copy_rows, next_id, sync_sequence
from ops.bench.cases import HISTORY_COLUMNS
from ops.bench.context import ROTATE_CASES
from ops.bench.deadline_data import COLUMNS as DEADLINE_COLUMNS
from ops.bench.deadline_data import Calendar, Rule
from ops.bench.people import WRITE, F, T
from ops.bench.state import Org, Person, PlannedCase, SeedState, added_later, history_model
from overleg.models import (
    Action,
    AgendaItem,
    Attendee,
    AttendeeRole,
    Guest,
    Meeting,
    MeetingStatus,
    MeetingType,
)
from overleg.services.minutes import ACTION_KIND, ACTION_RULE

S = DeadlineStatus
MEETING_TYPE = "pga"
WEEKS_PAST, WEEKS_AHEAD = 48, 4  # 52 weekly meetings per region: 48 before this week, this week and 3 ahead
ITEMS = (8, 15)
OWN_ITEMS = (3, 5)  # of the benchmark process manager's cases, per meeting in its region
RECURRING = 0.5  # share of an agenda taken from the cases of the last eight weeks
CANCELLED = 0.03
DISCUSSED = 0.9
ACTIONS = 0.45
GUESTS = 0.1
DONE = 0.85  # actions past their due date that were done
TITLE = "Casusoverleg PGA regio {region:02d}"
ADMITTED_PARTNERS = {T.GGZ, T.POLITIE, T.RECLASSERING, T.PENITENTIAIRE_INRICHTING, T.WONINGCORPORATIE,
                     T.VERSLAVINGSZORG, T.MAATSCHAPPELIJK_WERK, T.OM}  # fmt: skip
SITUATIONS = (
    "Cliënt is stabiel, woont nog op hetzelfde adres; contact met de wijkagent loopt goed.",
    "Nieuwe melding van overlast bij de woningcorporatie; verslavingszorg ziet cliënt wekelijks.",
    "Cliënt heeft de afspraken bij de reclassering gemist; de GGZ-behandeling is onderbroken.",
    "Schulden zijn in beeld gebracht; aanvraag schuldhulpverlening loopt.",
    "Na detentie terug in de gemeente; huisvesting is nog niet geregeld.",
)
DECISIONS = (
    "Procesmanager zoekt contact met de huisarts en meldt terug in het volgende overleg.",
    "Zorgmachtiging wordt voorbereid; de GGZ neemt het voortouw.",
    "Afspraak met de woningcorporatie over een gedragsaanwijzing.",
    "Geen nieuwe besluiten; plan loopt volgens afspraak.",
)
ACTION_TEXTS = (
    "Huisbezoek afleggen",
    "Contact opnemen met de reclassering",
    "Aanvraag beschermd wonen indienen",
    "Terugkoppeling aan de wijkagent",
    "Afspraak maken bij de schuldhulpverlening",
)
REASONS = ("Nieuwe meldingen", "Voortgang plan", "Terugkeer na detentie", "Escalatie", "")
MEETING_COLUMNS = ["id", "meeting_type_id", "title", "starts_at", "duration_minutes", "location", "video_link",
                   "chair_id", "minute_taker_id", "status", "revision", "created_at", "created_by_id"]  # fmt: skip
ATTENDEE_COLUMNS = ["id", "meeting_id", "organisation_id", "user_id", "role", "added_by_id"]
GUEST_COLUMNS = [
    "id",
    "meeting_id",
    "name",
    "organisation_name",
    "reason",
    "statement_signed_on",
    "added_by_id",
]
ITEM_COLUMNS = ["id", "meeting_id", "case_id", "position", "reason", "discussed", "situation", "decisions",
                "plan_version_id", "revision", "added_by_id", "minuted_at", "minuted_by_id"]  # fmt: skip
ACTION_COLUMNS = ["id", "item_id", "description", "owner_user_id", "owner_organisation_id", "due_on",
                  "deadline_id", "created_at", "created_by_id"]  # fmt: skip


def _meeting_type() -> MeetingType:
    return MeetingType.objects.get(code=MEETING_TYPE)


def _action_rule() -> Rule:
    r = DeadlineRule.objects.get(code=ACTION_RULE)
    return Rule(r.pk, r.code, r.name, r.name, r.amount, r.unit == DayKind.WORKING,
                r.direction == Direction.AFTER, r.due_soon_days, r.second_step_after, r.third_step_after, 1)  # fmt: skip


def writers(case: PlannedCase) -> list[Person]:
    """Team members in person with write access who were never removed (so on the team at any time)."""
    return [m.user for m in case.members if m.user is not None and m.access == WRITE and m.removed_at is None]


def heavy_case(state: SeedState, enrolled: set[int]) -> PlannedCase | None:
    """The benchmark process manager's oldest open case with write access in its region, outside the ten
    newest (the case pages rotate over them) and outside CO24dak."""
    bench = state.bench_user
    if bench is None:
        return None
    mine = [c for c in state.cases if any(m.user is bench and m.removed_at is None for m in c.members)]
    newest = {c.id for c in sorted(mine, key=lambda c: -c.id)[:ROTATE_CASES]}
    candidates = [
        c
        for c in mine
        if c.id not in newest
        and c.id not in enrolled
        and c.status != CaseStatus.AFGESLOTEN
        and c.gemeente.region == bench.org.region
        and bench in writers(c)
    ]
    return min(candidates, key=lambda c: (c.created_at, c.id), default=None)


@dataclass
class _Region:
    index: int
    house: Org
    chair: Person
    minute_taker: Person
    partners: list[Org]
    cases: list[PlannedCase]  # in creation order
    recent: list[list[PlannedCase]] = field(default_factory=list)  # the agendas of the last weeks


@dataclass
class _Planned:
    meetings: list[tuple[Any, ...]] = field(default_factory=list)
    attendees: list[tuple[Any, ...]] = field(default_factory=list)
    guests: list[tuple[Any, ...]] = field(default_factory=list)
    items: list[tuple[Any, ...]] = field(default_factory=list)
    actions: list[tuple[Any, ...]] = field(default_factory=list)
    deadlines: list[tuple[Any, ...]] = field(default_factory=list)
    history: list[tuple[Any, ...]] = field(default_factory=list)


class _Planner:
    def __init__(self, state: SeedState, heavy: PlannedCase | None) -> None:
        self.state, self.rng = state, state.step_rng("overleg")
        self.tz = timezone.get_current_timezone()
        self.today = timezone.localdate(state.now)
        self.midnight = dt.datetime.combine(self.today, dt.time(), tzinfo=self.tz)
        self.bench, self.heavy = state.bench_user, heavy
        self.meeting_type = _meeting_type()
        self.admitted = set(self.meeting_type.organisation_types)
        self.rule, self.calendar = _action_rule(), Calendar()
        self.action_type = ContentType.objects.get_for_model(Action).pk
        self.bench_cases = self._bench_visible()
        self.versions = self._plan_versions()
        self.out = _Planned()
        self.ids = {
            m: next_id(state.cursor, m) for m in (Meeting, Attendee, Guest, AgendaItem, Action, Deadline)
        }

    def _next(self, model: type) -> int:
        self.ids[model] += 1
        return self.ids[model] - 1

    def _bench_visible(self) -> set[int]:
        bench = self.bench
        if bench is None:
            return set()
        return {
            c.id
            for c in self.state.cases
            if any(m.removed_at is None and (m.user is bench or m.org is bench.org) for m in c.members)
        }

    def _plan_versions(self) -> dict[int, list[tuple[dt.datetime, int]]]:
        found: dict[int, list[tuple[dt.datetime, int]]] = defaultdict(list)
        published = PlanVersion.objects.filter(status=VersionStatus.PUBLISHED, published_at__isnull=False)
        for case_id, published_at, pk in published.values_list("plan__case_id", "published_at", "pk"):
            found[case_id].append((published_at, pk))
        return found

    def _plan_version(self, case_id: int, moment: dt.datetime) -> int | None:
        earlier = [(at, pk) for at, pk in self.versions.get(case_id, ()) if at <= moment]
        return max(earlier)[1] if earlier else None

    # --- regions -------------------------------------------------------------------------------------------

    def regions(self) -> list[_Region]:
        orgs, users, cases = self.state.orgs, self.state.users, self.state.cases
        houses = sorted((o for o in orgs if o.type == T.VEILIGHEIDSHUIS), key=lambda o: o.region)
        by_org: dict[int, list[Person]] = defaultdict(list)
        for person in users:
            by_org[person.org.id].append(person)
        by_region: dict[int, list[PlannedCase]] = defaultdict(list)
        for case in cases:
            by_region[case.gemeente.region].append(case)
        found = []
        for house in houses:
            staff = [p for p in by_org[house.id] if p is not self.bench]
            pms = [p for p in staff if p.function == F.PROCESMANAGER] or staff
            takers = [p for p in staff if p.function in (F.CASUSCOORDINATOR, F.COORDINATOR)] or pms
            if not pms:
                continue
            partners = [o for o in orgs if o.region == house.region and o.type in ADMITTED_PARTNERS]
            partners = [o for o in partners if o.type in self.admitted]
            region_cases = sorted(by_region.get(house.region, []), key=lambda c: (c.created_at, c.id))
            chair = pms[0]
            taker = next((p for p in takers if p is not chair), chair)
            found.append(_Region(house.region, house, chair, taker, partners, region_cases))
        return found

    # --- one meeting ---------------------------------------------------------------------------------------

    def _eligible(self, case: PlannedCase, day: dt.date) -> bool:
        if case.created_at.date() > day - dt.timedelta(days=14):
            return False
        if case.status == CaseStatus.AFGESLOTEN and (case.closed_on is None or case.closed_on <= day):
            return False
        return bool(writers(case))

    def _agenda(self, region: _Region, day: dt.date, own: bool) -> list[PlannedCase]:
        rng = self.rng
        size = rng.randint(*ITEMS)
        chosen: dict[int, PlannedCase] = {}
        if own and self.heavy is not None and self._eligible(self.heavy, day):
            chosen[self.heavy.id] = self.heavy
        if own:
            mine = [c for c in region.cases if c.id in self.bench_cases and self._eligible(c, day)]
            for case in rng.sample(mine, min(rng.randint(*OWN_ITEMS), len(mine))):
                chosen.setdefault(case.id, case)
        recent = {c.id: c for agenda in region.recent[-8:] for c in agenda if self._eligible(c, day)}
        recent_pool = [c for c in recent.values() if c.id not in chosen and c.id not in self.bench_cases]
        for case in rng.sample(recent_pool, min(int(size * RECURRING), len(recent_pool))):
            if len(chosen) < size:
                chosen[case.id] = case
        tries = 0
        while len(chosen) < size and tries < 20 * size and region.cases:
            tries += 1
            # created before the meeting: the region's cases are in creation order
            case = region.cases[int(len(region.cases) * rng.random() ** 0.7)]
            if case.id not in chosen and case.id not in self.bench_cases and self._eligible(case, day):
                chosen[case.id] = case
        agenda = list(chosen.values())
        rng.shuffle(agenda)
        return agenda

    def meeting(self, region: _Region, week: int) -> None:
        rng, out = self.rng, self.out
        monday = self.today - dt.timedelta(days=self.today.weekday()) + dt.timedelta(weeks=week)
        day = monday + dt.timedelta(days=region.index % 5)
        hour = 9.5 if region.index % 2 == 0 else 13.5
        starts_at = dt.datetime.combine(day, dt.time(), tzinfo=self.tz) + dt.timedelta(hours=hour)
        if day < self.today:
            status = MeetingStatus.CANCELLED if rng.random() < CANCELLED else MeetingStatus.HELD
        else:
            status = MeetingStatus.PLANNED
        meeting_id = self._next(Meeting)
        chair, taker = region.chair, region.minute_taker
        created_at = min(starts_at - dt.timedelta(days=21), self.midnight)
        out.meetings.append((
            meeting_id, self.meeting_type.pk, TITLE.format(region=region.index + 1), starts_at, 120,
            region.house.name, "", chair.id, taker.id, status.value,
            1 if status == MeetingStatus.PLANNED else 2, created_at, chair.id,
        ))  # fmt: skip
        own = self.bench is not None and region.index == self.bench.org.region
        agenda = self._agenda(region, day, own)
        region.recent.append(agenda)
        # attendees: chair and minute taker, the region's partners as a whole, then in person whoever else
        persons: dict[int, str] = {
            chair.id: AttendeeRole.CHAIR.value,
            taker.id: AttendeeRole.MINUTE_TAKER.value,
        }
        whole = {o.id for o in region.partners}
        if own and self.bench is not None:
            persons.setdefault(self.bench.id, AttendeeRole.PARTICIPANT.value)
        adders: list[Person] = []
        for case in agenda:
            team = writers(case)
            adder = self.bench if own and self.bench in team else rng.choice(team)
            adders.append(adder)
            if adder.org.id not in whole and adder.org.type in self.admitted:
                persons.setdefault(adder.id, AttendeeRole.PARTICIPANT.value)
        people = {p.id: p for p in (chair, taker, *adders, *([self.bench] if own and self.bench else []))}
        for person_id, role in persons.items():
            org = people[person_id].org
            out.attendees.append((self._next(Attendee), meeting_id, org.id, person_id, role, chair.id))
        for org in region.partners:
            out.attendees.append(
                (self._next(Attendee), meeting_id, org.id, None, AttendeeRole.PARTICIPANT.value, chair.id)
            )
        if rng.random() < GUESTS:
            out.guests.append((
                self._next(Guest), meeting_id, f"Gast {meeting_id}", "Stichting Buurtbemiddeling",
                "Betrokken bij een casus op de agenda", day - dt.timedelta(days=rng.randint(0, 7)), chair.id,
            ))  # fmt: skip
        for position, (case, adder) in enumerate(zip(agenda, adders, strict=True), start=1):
            self._item(meeting_id, starts_at, status, position, case, adder)

    def _item(
        self,
        meeting_id: int,
        starts_at: dt.datetime,
        status: MeetingStatus,
        position: int,
        case: PlannedCase,
        adder: Person,
    ) -> None:
        rng, item_id = self.rng, self._next(AgendaItem)
        reason = rng.choice(REASONS)
        if status != MeetingStatus.HELD:
            self.out.items.append(
                (item_id, meeting_id, case.id, position, reason, None, "", "", None, 1, adder.id, None, None)
            )
            return
        discussed = case is self.heavy or rng.random() < DISCUSSED
        minuted_at = min(starts_at + dt.timedelta(hours=rng.uniform(2, 48)), self.midnight)
        by = rng.choice(writers(case))
        self.out.items.append((
            item_id, meeting_id, case.id, position, reason, discussed,
            rng.choice(SITUATIONS) if discussed else "Niet aan toegekomen.",
            rng.choice(DECISIONS) if discussed else "", self._plan_version(case.id, minuted_at), 2,
            adder.id, minuted_at, by.id,
        ))  # fmt: skip
        if discussed and rng.random() < ACTIONS:
            for _ in range(rng.choice((1, 1, 2))):
                self._action(item_id, starts_at, minuted_at, by, case)

    def _action(
        self, item_id: int, starts_at: dt.datetime, created_at: dt.datetime, by: Person, case: PlannedCase
    ) -> None:
        rng = self.rng
        # not the benchmark user: its own deadline figures stay as configured (``bench_active_deadlines``)
        people = [
            m.user
            for m in case.members
            if m.user is not None and m.removed_at is None and m.user is not self.bench
        ]
        orgs = [m.org for m in case.members if m.org is not None and m.removed_at is None]
        if orgs and (not people or rng.random() < 0.2):
            owner_user, owner_org = None, rng.choice(orgs)
        elif people:
            owner_user, owner_org = rng.choice(people), None
        else:
            return
        day = timezone.localtime(starts_at).date()
        due_on = day + dt.timedelta(weeks=rng.randint(1, 4))
        action_id, deadline_id = self._next(Action), self._next(Deadline)
        self.out.actions.append((
            action_id, item_id, rng.choice(ACTION_TEXTS), owner_user.id if owner_user else None,
            owner_org.id if owner_org else None, due_on, deadline_id, created_at, by.id,
        ))  # fmt: skip
        self._deadline(deadline_id, action_id, day, due_on, created_at, by, case, owner_user, owner_org)

    def _deadline(
        self,
        deadline_id: int,
        action_id: int,
        day: dt.date,
        anchor: dt.date,
        created_at: dt.datetime,
        by: Person,
        case: PlannedCase,
        owner_user: Person | None,
        owner_org: Org | None,
    ) -> None:
        """``deadline_set`` at the action's creation, then the scanner or ``action_complete``."""
        rng, rule, calendar = self.rng, self.rule, self.calendar
        due = calendar.due(rule, anchor)
        title = f"Actie uit {self.meeting_type.short_name} van {day:%d-%m-%Y}"
        owner = (owner_user.id if owner_user else None, owner_org.id if owner_org else None)
        done_at = done_by = changed_at = None
        reason = ""
        if due < self.today and rng.random() < DONE:
            late = rng.randint(-5, 2)
            done_day = min(
                max(due + dt.timedelta(days=late), created_at.date()), self.today - dt.timedelta(days=1)
            )
            done_at = max(
                dt.datetime.combine(done_day, dt.time(), tzinfo=self.tz) + dt.timedelta(hours=11), created_at
            )
            level = calendar.escalation_level(rule, due, done_at.date())
            status = S.DONE.value
            done_by = owner_user.id if owner_user else by.id
            changed_at, reason = done_at, "termijn afgerond"
        else:
            level = calendar.escalation_level(rule, due, self.today)
            status = S.OPEN.value if level == 0 else S.OVERDUE.value if level == 1 else S.ESCALATED.value
            if level:
                step_day = calendar.working_day(due + dt.timedelta(days=1))
                if level > 1:
                    step_day = calendar.add_working_days(due, rule.second_step_after + 1)
                at = dt.datetime.combine(step_day, dt.time(), tzinfo=self.tz) + dt.timedelta(hours=7)
                changed_at, reason = max(min(at, self.state.now), created_at), f"opschalingsstap {level}"
        row = (
            deadline_id, ACTION_KIND, title, rule.id, case.id, self.action_type, action_id, anchor, due, *owner,
            status, level, done_at, done_by, created_at,
        )  # fmt: skip
        self.out.deadlines.append(row)
        first = (*row[:11], S.OPEN.value, 0, None, None, created_at)
        self.out.history.append((*first, created_at, "termijn gesteld", "+", by.id))
        if changed_at is not None:
            self.out.history.append((*row, changed_at, reason, "~", done_by))


def _enrolled(state: SeedState) -> set[int]:
    state.cursor.execute("SELECT case_id FROM co24_enrolment")
    return {row[0] for row in state.cursor.fetchall()}


def _write(state: SeedState, out: _Planned) -> None:
    cursor = state.cursor
    for model, columns, rows in (
        (Meeting, MEETING_COLUMNS, out.meetings),
        (Attendee, ATTENDEE_COLUMNS, out.attendees),
        (Guest, GUEST_COLUMNS, out.guests),
        (AgendaItem, ITEM_COLUMNS, out.items),
        (Deadline, DEADLINE_COLUMNS, out.deadlines),
        (Action, ACTION_COLUMNS, out.actions),
    ):
        state.count(model, copy_rows(cursor, model, columns, rows))
        sync_sequence(cursor, model)
    hist = history_model(Deadline)
    state.count(hist, copy_rows(cursor, hist, DEADLINE_COLUMNS + HISTORY_COLUMNS, out.history))


def plan_overleg(state: SeedState) -> _Planned:
    planner = _Planner(state, heavy_case(state, _enrolled(state)))
    for region in planner.regions():
        for week in range(-WEEKS_PAST, WEEKS_AHEAD):
            planner.meeting(region, week)
    return planner.out


@added_later(done=lambda: AgendaItem.objects.exists())
def seed_overleg(state: SeedState) -> None:
    if not state.cases:
        return
    out = plan_overleg(state)
    _write(state, out)
    held = sum(row[9] == MeetingStatus.HELD for row in out.meetings)
    active = sum(row[11] in (S.OPEN, S.OVERDUE, S.ESCALATED) for row in out.deadlines)
    state.log(
        f"    {len(out.meetings):,} meetings ({held:,} held), {len(out.items):,} agenda items, "
        f"{len(out.actions):,} actions ({active:,} active)"
    )
