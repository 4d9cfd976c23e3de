"""Seed step for deadlines (``deadlines.Deadline``): ~5 per case over the past year and the next three months.

What is written mirrors ``deadlines/services``: the subject is the case (its content type and id), the kind is
a rule code (``maatwerkplan-opstellen``, ``plan-evaluatie``, ``nazorg-*``) with that rule, the due date follows
from the anchor on the Algemene termijnenwet calendar, at most one deadline per case and kind is active
(``one_active_deadline_per_subject_and_kind``), active deadlines sit on running cases only, and overdue ones
carry the escalation step the scanner gives them (``verlopen`` step 1, ``opgeschaald`` step 2 or 3). The owner
is mostly a process manager on the case team, sometimes the case's gemeente as an organisation; the
benchmark user owns ``bench_active_deadlines`` active ones. One history row per creation and one per later
change, as simple-history writes them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.utils import timezone

from caseplan.models import Case, CaseRole, CaseStatus
from deadlines.models import DayKind, Deadline, DeadlineRule, DeadlineStatus, Direction, Holiday
from ops.bench.bulk import copy_rows, next_id, sync_sequence
from ops.bench.cases import HISTORY_COLUMNS
from ops.bench.state import Org, Person, PlannedCase, SeedState, added_later, history_model

S = DeadlineStatus
STATUS_SHARES: tuple[tuple[str, float], ...] = (
    (S.DONE, 0.59),
    (S.OPEN, 0.25),
    (S.OVERDUE, 0.10),
    (S.ESCALATED, 0.05),
    (S.CANCELLED, 0.01),
)
ACTIVE = frozenset({S.OPEN.value, S.OVERDUE.value, S.ESCALATED.value})
# Relative frequency of the rules that hang off a case (avg-inzage hangs off a data-subject request).
KIND_WEIGHTS = {
    "maatwerkplan-opstellen": 16,
    "plan-evaluatie": 30,
    "nazorg-melding-pi": 8,
    "nazorg-screening": 8,
    "nazorg-gemeenteblad": 8,
    "nazorg-basisdocument": 10,
    "nazorg-langverblijf": 6,
    "nazorg-ontslagbericht": 14,
    # never drawn for a case: the released detainee's first contact is seeded on its episode
    # (ops.bench.nazorg_deadlines); left out of the draw, the others are drawn as before
    "nazorg-eerste-contact": 0,
}
TITLES = {"maatwerkplan-opstellen": "Maatwerkplan opstellen"}  # as caseplan.services.cases sets it
PROCESS_MANAGER_ROLES = frozenset({CaseRole.PROCESMANAGER_GEMEENTE.value, CaseRole.PROCESMANAGER_VH.value})
ORGANISATION_OWNED = 0.1
LATE_SHARE = 0.2  # completed deadlines that were completed after their due date
PAST_DAYS, AHEAD_DAYS = 365, 90
ONE_DAY = dt.timedelta(days=1)
COLUMNS = [
    "id", "kind", "title", "rule_id", "case_id", "subject_type_id", "subject_id", "anchor_date", "due_on",
    "owner_user_id", "owner_organisation_id", "status", "escalation_level", "done_at", "done_by_id", "created_at",
]  # fmt: skip


@dataclass(frozen=True)
class Rule:
    id: int
    code: str
    title: str
    name: str
    amount: int
    working_days: bool
    after: bool
    due_soon_days: int
    second_step_after: int
    third_step_after: int
    weight: int


def case_rules() -> list[Rule]:
    """The deadline rules whose subject is a case, as the migrations put them in the database."""
    rules = DeadlineRule.objects.filter(
        Q(code__in=list(KIND_WEIGHTS)) | Q(code__startswith="nazorg-")
    ).order_by("code")
    found = [
        Rule(
            r.pk,
            r.code,
            TITLES.get(r.code, r.name),
            r.name,
            r.amount,
            r.unit == DayKind.WORKING,
            r.direction == Direction.AFTER,
            r.due_soon_days,
            r.second_step_after,
            r.third_step_after,
            KIND_WEIGHTS.get(r.code, 5),
        )
        for r in rules
    ]
    if not found:
        raise ImproperlyConfigured("No deadline rules in the database: run `manage.py migrate` first.")
    return found


class Calendar:
    """``deadlines.services.calendar`` on a holiday set read once (the seeding computes hundreds of thousands)."""

    def __init__(self) -> None:
        self.holidays = frozenset(Holiday.objects.values_list("date", flat=True))
        self._added: dict[tuple[dt.date, int], dt.date] = {}

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        key = (start, days)
        if key not in self._added:
            step, day, remaining = (ONE_DAY if days >= 0 else -ONE_DAY), start, abs(days)
            while remaining:
                day += step
                if self.is_working_day(day):
                    remaining -= 1
            self._added[key] = day
        return self._added[key]

    def working_day(self, day: dt.date, *, backwards: bool = False) -> dt.date:
        while not self.is_working_day(day):
            day += -ONE_DAY if backwards else ONE_DAY
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        count, day = 0, start
        while day < end:
            day += ONE_DAY
            count += self.is_working_day(day)
        return count

    def due(self, rule: Rule, anchor: dt.date) -> dt.date:
        """``deadlines.services.calendar.compute_due``."""
        sign = 1 if rule.after else -1
        if rule.working_days:
            due = self.add_working_days(anchor, sign * rule.amount) if rule.amount else anchor
        else:
            due = anchor + sign * dt.timedelta(days=rule.amount)
        return self.working_day(due, backwards=not rule.after)

    def anchor(self, rule: Rule, due: dt.date) -> dt.date:
        """The anchor whose due date is ``due`` (a working day): the inverse of ``due``."""
        sign = 1 if rule.after else -1
        if rule.working_days:
            return self.add_working_days(due, -sign * rule.amount) if rule.amount else due
        return due - sign * dt.timedelta(days=rule.amount)

    def escalation_level(self, rule: Rule, due: dt.date, day: dt.date) -> int:
        """The step the scanner has reached on ``day`` for a deadline due on ``due``."""
        late = self.working_days_between(due, day)
        if late < 1:
            return 0
        return 3 if late > rule.third_step_after else 2 if late > rule.second_step_after else 1


@dataclass(slots=True)
class PlannedDeadline:
    case: PlannedCase
    rule: Rule
    status: str
    anchor: dt.date
    due: dt.date
    level: int
    created_at: dt.datetime
    done_at: dt.datetime | None = None
    changed_at: dt.datetime | None = None  # escalated or cancelled
    owner_user: Person | None = None
    owner_org: Org | None = None
    done_by: Person | None = None
    id: int = 0


class _Planner:
    def __init__(self, state: SeedState, rules: list[Rule], calendar: Calendar) -> None:
        self.state, self.rules, self.calendar = state, rules, calendar
        self.rng = state.step_rng("deadlines")
        self.now, self.tz = state.now, timezone.get_current_timezone()
        self.today = timezone.localdate(state.now)
        self.running = [c for c in state.cases if c.status != CaseStatus.AFGESLOTEN]
        earliest = self.today - dt.timedelta(days=PAST_DAYS - 30)
        self.past = self.running + [
            c
            for c in state.cases
            if c.status == CaseStatus.AFGESLOTEN and c.closed_on is not None and c.closed_on > earliest
        ]
        self.active_kinds: dict[int, set[str]] = defaultdict(set)

    def at(self, day: dt.date, hour: float) -> dt.datetime:
        """``day`` at ``hour`` local time (zoneinfo: a plain replace is what make_aware does), not after now."""
        moment = dt.datetime.combine(day, dt.time(), tzinfo=self.tz) + dt.timedelta(hours=hour)
        return min(moment, self.now)

    def _window(self, status: str, rule: Rule, case: PlannedCase) -> tuple[dt.date, dt.date]:
        today, days = self.today, dt.timedelta
        low, high = {
            S.OPEN: (today, today + days(AHEAD_DAYS)),
            S.OVERDUE: (today - days(21), today - days(1)),
            S.ESCALATED: (today - days(120), today - days(3)),
            S.DONE: (today - days(PAST_DAYS), today + days(60)),
            S.CANCELLED: (today - days(PAST_DAYS), today + days(30)),
        }[status]
        lead = days(rule.amount * 7 // 5 + 2 if rule.working_days else rule.amount) if rule.after else days()
        low = max(low, case.created_at.date() + lead)
        if case.closed_on is not None:
            high = min(high, case.closed_on)
        return low, high

    def _dates(self, status: str, rule: Rule, case: PlannedCase) -> tuple[dt.date, dt.date] | None:
        low, high = self._window(status, rule, case)
        if low > high:
            return None
        target = low + dt.timedelta(days=self.rng.randrange((high - low).days + 1))
        due = self.calendar.working_day(
            target, backwards=status in (S.OVERDUE, S.ESCALATED) or not rule.after
        )
        anchor = self.calendar.anchor(rule, due)
        if (status == S.OPEN and due < self.today) or (
            status in (S.OVERDUE, S.ESCALATED) and due >= self.today
        ):
            return None
        if status == S.DONE and min(anchor, due) >= self.today:
            return None
        return anchor, due

    def _kind(self, case: PlannedCase, active: bool) -> Rule | None:
        taken = self.active_kinds[case.id] if active else set()
        free = [r for r in self.rules if r.code not in taken and r.weight]
        return self.rng.choices(free, weights=[r.weight for r in free])[0] if free else None

    def plan(self, status: str) -> PlannedDeadline | None:
        active = status in ACTIVE
        cases = self.running if active else self.past
        if not cases:
            return None
        for _ in range(25):
            case = cases[self.rng.randrange(len(cases))]
            rule = self._kind(case, active)
            dates = self._dates(status, rule, case) if rule else None
            if rule is None or dates is None:
                continue
            if active:
                self.active_kinds[case.id].add(rule.code)
            return self._complete(status, rule, case, *dates)
        return None

    def _complete(
        self, status: str, rule: Rule, case: PlannedCase, anchor: dt.date, due: dt.date
    ) -> PlannedDeadline:
        rng, today = self.rng, self.today
        set_on = max(min(anchor, due, today) - dt.timedelta(days=rng.randrange(3)), case.created_at.date())
        created_at = max(self.at(set_on, 8 + 10 * rng.random()), case.created_at)
        deadline = PlannedDeadline(case, rule, status, anchor, due, 0, created_at)
        if status == S.DONE:
            if due < today and rng.random() < LATE_SHARE:
                done_on = min(due + dt.timedelta(days=rng.randint(1, 15)), today)
                deadline.level = self.calendar.escalation_level(rule, due, done_on)
            else:
                start = max(min(anchor, due), set_on)
                end = min(due, today)
                done_on = start + dt.timedelta(days=rng.randrange(max((end - start).days, 0) + 1))
            deadline.done_at = max(self.at(done_on, 8 + 10 * rng.random()), created_at)
        elif status == S.OVERDUE:
            deadline.level = 1
            deadline.changed_at = max(self.at(self.calendar.working_day(due + ONE_DAY), 7), created_at)
        elif status == S.ESCALATED:
            deadline.level = max(self.calendar.escalation_level(rule, due, today), 2)
            deadline.changed_at = max(self.at(self.calendar.add_working_days(due, 2), 7), created_at)
        elif status == S.CANCELLED:
            cancelled_on = min(case.closed_on or due, today)
            deadline.changed_at = max(self.at(cancelled_on, 10 + 6 * rng.random()), created_at)
        return deadline


def _status_counts(total: int) -> list[tuple[str, int]]:
    counts = [(str(status), int(total * share)) for status, share in STATUS_SHARES]
    counts[0] = (counts[0][0], total - sum(n for _, n in counts[1:]))
    return counts


def process_managers(case: PlannedCase) -> list[Person]:
    managers = [
        m.user
        for m in case.members
        if m.user is not None and m.removed_at is None and m.role in PROCESS_MANAGER_ROLES
    ]
    return managers or [case.creator]


def _assign_owners(state: SeedState, planned: list[PlannedDeadline]) -> None:
    """Mostly a process manager on the team; the benchmark user owns exactly ``bench_active_deadlines``
    active ones (when its cases hold that many) and a like share of the others on its cases."""
    rng, bench = state.step_rng("deadline owners"), state.bench_user
    by_organisation = [rng.random() < ORGANISATION_OWNED for _ in planned]
    on_bench_cases = [
        index
        for index, (deadline, org_owned) in enumerate(zip(planned, by_organisation, strict=True))
        if not org_owned and bench is not None and bench in process_managers(deadline.case)
    ]
    active = [index for index in on_bench_cases if planned[index].status in ACTIVE]
    wanted = min(state.config.bench_active_deadlines, len(active))
    for_bench = set(rng.sample(active, wanted))
    share = wanted / len(active) if active else 0.0
    for index, (deadline, org_owned) in enumerate(zip(planned, by_organisation, strict=True)):
        managers = process_managers(deadline.case)
        if org_owned:
            deadline.owner_org = deadline.case.gemeente
        elif bench is not None and bench in managers:
            others = [m for m in managers if m is not bench]
            mine = index in for_bench if deadline.status in ACTIVE else rng.random() < share
            deadline.owner_user = bench if mine or not others else rng.choice(others)
        else:
            deadline.owner_user = rng.choice(managers)
        if deadline.status == S.DONE:
            deadline.done_by = deadline.owner_user or rng.choice(managers)


def plan_deadlines(state: SeedState, rules: list[Rule], calendar: Calendar) -> list[PlannedDeadline]:
    planner = _Planner(state, rules, calendar)
    statuses = [status for status, count in _status_counts(state.config.deadlines) for _ in range(count)]
    planner.rng.shuffle(statuses)
    planned = []
    for status in statuses:
        deadline = planner.plan(status)
        if deadline is None and status in ACTIVE:  # no free case and kind left: it was completed instead
            deadline = planner.plan(S.DONE)
        if deadline is not None:
            planned.append(deadline)
    planned.sort(key=lambda d: (d.created_at, d.case.id, d.rule.code))
    _assign_owners(state, planned)
    return planned


def _row(d: PlannedDeadline, subject_type: int) -> tuple[Any, ...]:
    return (
        d.id, d.rule.code, d.rule.title, d.rule.id, d.case.id, subject_type, d.case.id, d.anchor, d.due,
        d.owner_user.id if d.owner_user else None, d.owner_org.id if d.owner_org else None, d.status, d.level,
        d.done_at, d.done_by.id if d.done_by else None, d.created_at,
    )  # fmt: skip


def _history(planned: list[PlannedDeadline], subject_type: int) -> Iterator[tuple[Any, ...]]:
    for d in planned:
        row = _row(d, subject_type)
        setter = (d.owner_user or d.case.creator).id
        first = (*row[:11], S.OPEN.value, 0, None, None, row[15])
        yield (*first, d.created_at, "termijn gesteld", "+", setter)
        if d.status == S.DONE:
            yield (*row, d.done_at, "termijn afgerond", "~", d.done_by.id if d.done_by else None)
        elif d.status in (S.OVERDUE, S.ESCALATED):
            yield (*row, d.changed_at, f"opschalingsstap {d.level}", "~", None)
        elif d.status == S.CANCELLED:
            yield (*row, d.changed_at, "casus afgesloten of niet geprioriteerd", "~", d.case.creator.id)


@added_later(done=lambda: Deadline.objects.exists())
def seed_deadlines(state: SeedState) -> None:
    if not state.cases:
        return
    planned = plan_deadlines(state, case_rules(), Calendar())
    first_id = next_id(state.cursor, Deadline)
    for offset, deadline in enumerate(planned):
        deadline.id = first_id + offset
    subject_type = ContentType.objects.get_for_model(Case).pk
    rows = (_row(d, subject_type) for d in planned)
    state.count(Deadline, copy_rows(state.cursor, Deadline, COLUMNS, rows))
    hist = history_model(Deadline)
    state.count(
        hist, copy_rows(state.cursor, hist, COLUMNS + HISTORY_COLUMNS, _history(planned, subject_type))
    )
    sync_sequence(state.cursor, Deadline)
    active = [d for d in planned if d.status in ACTIVE and d.owner_user is state.bench_user]
    overdue = sum(d.status != S.OPEN for d in active)
    state.log(f"    the benchmark user owns {len(active)} active deadlines, {overdue} of them overdue")
