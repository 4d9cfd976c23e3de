"""Seed step for notifications (``notifications.Notification``): ~2 per case, from the seeded deadlines.

What is written mirrors the deadline scanner (``deadlines/services/scanner.py``): a due-soon message to the
owners when a deadline enters its warning period, step 1 (overdue) to the owners, step 2 to the owner's
coordinator, step 3 to the case's process managers; each with the scanner's dedupe key (unique per recipient),
title, body, link and the kind's default channel. A random share of all those events is kept to reach the
wanted number; the benchmark user keeps ``bench_notifications`` of its own. Older messages are mostly read,
recent ones mostly unread; e-mail and digest messages carry the time they were mailed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from notifications.models import DEFAULT_CHANNELS, Channel, Notification, NotificationKind
from ops.bench.bulk import copy_rows
from ops.bench.deadline_data import Calendar, Rule, case_rules, process_managers
from ops.bench.people import F
from ops.bench.state import Person, PlannedCase, SeedState, added_later

K = NotificationKind
STEPS = {
    0: (K.DEADLINE_DUE_SOON, "Termijn verloopt binnenkort"),
    1: (K.DEADLINE_OVERDUE, "Termijn verlopen"),
    2: (K.DEADLINE_ESCALATED, "Opgeschaald"),
    3: (K.DEADLINE_ESCALATED, "Opgeschaald"),
}
COLUMNS = [
    "recipient_id", "kind", "title", "body", "url", "case_id", "deadline_id", "dedupe_key", "channel",
    "created_at", "read_at", "emailed_at",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Deadline:
    id: int
    rule: Rule
    case: PlannedCase
    due: dt.date
    status: str
    level: int
    owner_user_id: int | None
    owner_organisation_id: int | None
    created_at: dt.datetime
    done_at: dt.datetime | None


class _Events:
    """Every notification the scanner would have sent so far, as (moment, deadline, step, recipient)."""

    def __init__(self, state: SeedState) -> None:
        self.state, self.calendar = state, Calendar()
        self.now, self.today = state.now, timezone.localdate(state.now)
        self.tz = timezone.get_current_timezone()
        self.people = {p.id: p for p in state.users}
        self.organisations = {o.id: o.name for o in state.orgs}
        self.staff: dict[int, list[Person]] = defaultdict(list)
        self.coordinators: dict[int, list[Person]] = defaultdict(list)
        for person in state.users:
            target = self.coordinators if person.function == F.COORDINATOR else self.staff
            target[person.org.id].append(person)

    def at(self, day: dt.date, hour: float = 7) -> dt.datetime:
        moment = dt.datetime.combine(day, dt.time(), tzinfo=self.tz) + dt.timedelta(hours=hour)
        return min(moment, self.now)

    def owners(self, d: _Deadline) -> list[Person]:
        if d.owner_user_id:
            return [self.people[d.owner_user_id]]
        return self.staff.get(d.owner_organisation_id or 0, [])

    def escalation_coordinators(self, d: _Deadline) -> list[Person]:
        owner = self.people.get(d.owner_user_id or 0)
        if owner is not None and owner.coordinator_id:
            return [self.people[owner.coordinator_id]]
        organisation = d.owner_organisation_id or (owner.org.id if owner else 0)
        return self.coordinators.get(organisation, [])

    def __call__(self, d: _Deadline) -> Iterator[tuple[dt.datetime, int, Person]]:
        rule, calendar = d.rule, self.calendar
        warned_on = d.due - dt.timedelta(days=rule.due_soon_days)
        if (
            warned_on <= self.today
            and d.created_at.date() <= d.due
            and (d.done_at is None or d.done_at.date() >= warned_on)
        ):
            moment = max(self.at(warned_on), d.created_at)
            for person in self.owners(d):
                yield moment, 0, person
        steps = (
            (1, calendar.working_day(d.due + dt.timedelta(days=1)), self.owners),
            (2, calendar.add_working_days(d.due, rule.second_step_after + 1), self.escalation_coordinators),
            (
                3,
                calendar.add_working_days(d.due, rule.third_step_after + 1),
                lambda d: process_managers(d.case),
            ),
        )
        for level, day, recipients in steps:
            if d.level >= level:
                moment = max(self.at(day), d.created_at)
                for person in {p.id: p for p in recipients(d)}.values():
                    yield moment, level, person


def _deadlines(state: SeedState) -> list[_Deadline]:
    rules = {rule.id: rule for rule in case_rules()}
    cases = {case.id: case for case in state.cases}
    state.cursor.execute(
        """SELECT id, rule_id, case_id, due_on, status, escalation_level, owner_user_id, owner_organisation_id,
                  created_at, done_at
             FROM deadlines_deadline
            WHERE status <> 'vervallen' AND due_on <= %s AND case_id IS NOT NULL
            ORDER BY id""",
        [
            timezone.localdate(state.now)
            + dt.timedelta(days=max((r.due_soon_days for r in rules.values()), default=0))
        ],
    )
    return [
        _Deadline(pk, rules[rule_id], cases[case_id], *rest)
        for pk, rule_id, case_id, *rest in state.cursor.fetchall()
        if rule_id in rules and case_id in cases
    ]


def _pick(
    state: SeedState, deadlines: list[_Deadline], events: _Events
) -> list[tuple[dt.datetime, _Deadline, int, Person]]:
    bench, config = state.bench_user, state.config
    total, for_bench = 0, []
    for d in deadlines:
        for moment, level, person in events(d):
            if person is bench:
                for_bench.append((moment, d, level, person))
            else:
                total += 1
    for_bench.sort(key=lambda e: (e[0], e[1].id, e[2]))
    for_bench = state.step_rng("bench notifications").sample(
        for_bench, min(config.bench_notifications, len(for_bench))
    )
    wanted = max(config.notifications - len(for_bench), 0)
    share = min(1.0, wanted / total) if total else 0.0
    rng = state.step_rng("notifications")
    picked = [
        (moment, d, level, person)
        for d in deadlines
        for moment, level, person in events(d)
        if person is not bench and rng.random() < share
    ]
    picked += for_bench
    picked.sort(key=lambda e: (e[0], e[1].id, e[2], e[3].id))
    return picked


def _rows(
    state: SeedState, picked: list[tuple[dt.datetime, _Deadline, int, Person]], events: _Events
) -> Iterator[tuple[Any, ...]]:
    rng, now = state.step_rng("notification reads"), state.now
    for moment, d, level, person in picked:
        kind, label = STEPS[level]
        channel = DEFAULT_CHANNELS.get(kind, Channel.INBOX)
        owner = events.people.get(d.owner_user_id or 0)
        if owner is not None:
            owner_label = f"{owner.first_name} {owner.last_name}".strip() or owner.email
        else:
            owner_label = events.organisations.get(d.owner_organisation_id or 0, "")
        age = now - moment
        chance = 0.95 if age > dt.timedelta(days=14) else 0.6 if age > dt.timedelta(days=2) else 0.25
        read_at = moment + min(age, dt.timedelta(days=3)) * rng.random() if rng.random() < chance else None
        emailed_at = None
        if channel == Channel.EMAIL:
            emailed_at = min(moment + dt.timedelta(minutes=2), now)
        elif channel == Channel.DIGEST:
            digest = events.at(moment.astimezone(events.tz).date() + dt.timedelta(days=1))
            emailed_at = digest if digest < now else None
        key = f"deadline:{d.id}:due_soon:{d.due}" if level == 0 else f"deadline:{d.id}:step:{level}:{d.due}"
        yield (
            person.id, kind.value, f"{label}: {d.rule.title} in casus {d.case.reference}"[:200],
            f"Uiterlijk op {d.due:%d-%m-%Y} ({d.rule.name}). Eigenaar: {owner_label}.", f"/termijnen/{d.id}/",
            d.case.id, d.id, key, str(channel), moment, read_at, emailed_at,
        )  # fmt: skip


@added_later(done=lambda: Notification.objects.exists())
def seed_notifications(state: SeedState) -> None:
    if not state.cases:
        return
    events = _Events(state)
    picked = _pick(state, _deadlines(state), events)
    state.count(Notification, copy_rows(state.cursor, Notification, COLUMNS, _rows(state, picked, events)))
    bench = [e for e in picked if e[3] is state.bench_user]
    state.log(f"    the benchmark user has {len(bench)} notifications")
