"""Seed step for the deadlines of the detention episodes (seed 003's table), derived from the episodes and
their documents as the database holds them, the way ``nazorg.services.deadlines.episode_sync_deadlines``
leaves them after every change in an episode's life.

Each kind gets one row from the moment it applied (registration, the verdict, the notice, the municipality's
turn): completed when its document was first submitted, cancelled ("niet meer van toepassing") on the day of
release if it was not, and active while the person is still detained: open, or overdue and escalated as far
as the scanner has taken it by today. The owner is the episode's MMD'er (else the prison), the gemeenteblad's
is the municipality. One history row for the creation and one for the last change, as simple-history writes.

The municipality's first contact after release (``eerste-contact``) applies from the notice once a release
date is known, anchored on the release (the expected one until then); the release does not end it, and the
benchmark records no first contacts, so it stays active. Its owner is the municipality: the benchmark's
episodes have no contact person.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from deadlines.models import Deadline, DeadlineStatus
from nazorg.models import DetentionEpisode, DocumentKind
from nazorg.services.deadlines import KINDS, TITLES
from ops.bench.bulk import copy_rows, next_id, sync_sequence
from ops.bench.cases import HISTORY_COLUMNS
from ops.bench.deadline_data import COLUMNS, Calendar, Rule, case_rules
from ops.bench.state import SeedState, added_later, history_model

S = DeadlineStatus
DONE_BY = {
    "melding": DocumentKind.MELDINGSBLAD,
    "screening": DocumentKind.BASISDOCUMENT,
    "basisdocument": DocumentKind.BASISDOCUMENT,
    "gemeenteblad": DocumentKind.GEMEENTEBLAD,
    "langverblijf": DocumentKind.OVERDRACHTSDOCUMENT,
    "ontslagbericht": DocumentKind.ONTSLAGBERICHT,
}
FIRST_CONTACT = "eerste-contact"  # done by a recorded first contact, not by a document
EPISODES = """
SELECT id, reference, prison_id, mmd_id, gemeente_id, detention_start, status, sentenced_on, expected_release,
       released_on, not_screened, notice_received_on, gemeente_since, created_at, created_by_id
  FROM nazorg_detentionepisode
 ORDER BY id"""
# The first submission of each document (a correction supersedes it later; the deadline was done by then).
SUBMISSIONS = """
SELECT DISTINCT ON (episode_id, kind) episode_id, kind, submitted_at, submitted_by_id
  FROM nazorg_nazorgdocument
 WHERE submitted_at IS NOT NULL
 ORDER BY episode_id, kind, submitted_at"""


class _Calendar(Calendar):
    """The seeding's calendar with working days counted from a running total: the escalation step of a
    deadline cancelled months after it fell due is one subtraction, not a walk over every day."""

    def __init__(self, first: dt.date, last: dt.date) -> None:
        super().__init__()
        self.first, self.last = first, last
        self.total: dict[dt.date, int] = {}
        count, day = 0, first
        while day <= last:
            count += self.is_working_day(day)
            self.total[day] = count
            day += dt.timedelta(days=1)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        if end <= start:
            return 0
        if start in self.total and end in self.total:
            return self.total[end] - self.total[start]
        return super().working_days_between(start, end)


@dataclass(frozen=True, slots=True)
class _Episode:
    id: int
    reference: str
    prison_id: int
    mmd_id: int | None
    gemeente_id: int | None
    start: dt.date
    status: str
    sentenced_on: dt.date | None
    expected_release: dt.date | None
    released_on: dt.date | None
    not_screened: str
    notice: dt.date | None
    since: dt.date | None
    created_at: dt.datetime
    created_by_id: int


class _Lifecycle:
    def __init__(self, state: SeedState, rules: dict[str, Rule], calendar: Calendar) -> None:
        self.rules, self.calendar = rules, calendar
        self.now, self.tz = state.now, timezone.get_current_timezone()
        self.today = timezone.localdate(state.now)

    def at(self, day: dt.date, hour: float) -> dt.datetime:
        moment = dt.datetime.combine(day, dt.time(), tzinfo=self.tz) + dt.timedelta(hours=hour)
        return min(moment, self.now)

    def rows(
        self, ep: _Episode, submitted: dict[str, tuple[dt.datetime, int]]
    ) -> Iterator[tuple[tuple[Any, ...], list[tuple[Any, ...]]]]:
        """Per deadline of the episode: its row (``COLUMNS`` without the id) and its history changes."""
        screened = not ep.not_screened
        noticed_at = (
            submitted[DocumentKind.MELDINGSBLAD][0] if DocumentKind.MELDINGSBLAD in submitted else None
        )
        verdict_at = max(self.at(ep.sentenced_on or ep.start, 10), ep.created_at)
        long_stay = DetentionEpisode(
            status=ep.status,
            detention_start=ep.start,
            sentenced_on=ep.sentenced_on,
            expected_release=ep.expected_release,
        ).is_long_stay
        since_at = None
        if ep.since is not None and ep.gemeente_id is not None:
            since_at = noticed_at if ep.since == ep.notice and noticed_at else self.at(ep.since, 11)
        prison = (ep.mmd_id, None) if ep.mmd_id else (None, ep.prison_id)
        plan: list[tuple[str, dt.date | None, dt.datetime | None, tuple[int | None, int | None]]] = [
            ("melding", ep.start, ep.created_at, prison),
            ("screening", ep.start if screened else None, ep.created_at, prison),
            ("basisdocument", ep.notice if screened else None, noticed_at, prison),
            ("gemeenteblad", ep.since, since_at, (None, ep.gemeente_id)),
            ("langverblijf", ep.expected_release if long_stay else None, verdict_at, prison),
            ("ontslagbericht", ep.expected_release, verdict_at, prison),
        ]
        released_at = None
        if ep.released_on is not None:
            release = submitted.get(DocumentKind.ONTSLAGBERICHT)
            released_at = release[0] if release else self.at(ep.released_on, 12)
        if ep.gemeente_id is not None and noticed_at is not None:
            known_at = max(noticed_at, verdict_at) if ep.expected_release is not None else released_at
            release = ep.released_on or ep.expected_release
            if release is not None and known_at is not None:
                yield self._deadline(
                    ep, FIRST_CONTACT, release, known_at, None, ep.gemeente_id, submitted, released_at
                )
        for name, anchor, created_at, (owner_user, owner_org) in plan:
            if anchor is None or created_at is None or (released_at is not None and created_at > released_at):
                continue  # never applied while the person was detained
            yield self._deadline(ep, name, anchor, created_at, owner_user, owner_org, submitted, released_at)

    def _deadline(
        self,
        ep: _Episode,
        name: str,
        anchor: dt.date,
        created_at: dt.datetime,
        owner_user: int | None,
        owner_org: int | None,
        submitted: dict[str, tuple[dt.datetime, int]],
        released_at: dt.datetime | None,
    ) -> tuple[tuple[Any, ...], list[tuple[Any, ...]]]:
        rule, calendar = self.rules[KINDS[name]], self.calendar
        due = calendar.due(rule, anchor)
        done = submitted.get(DONE_BY[name]) if name in DONE_BY else None
        done_at = done_by = changed_at = None
        reason = ""
        if done is not None and (released_at is None or done[0] <= released_at):
            status, done_at, done_by = S.DONE.value, max(done[0], created_at), done[1]
            level = calendar.escalation_level(rule, due, done_at.date())
            changed_at, reason = done_at, "termijn afgerond"
        elif released_at is not None and name != FIRST_CONTACT:
            status, changed_at, reason = (
                S.CANCELLED.value,
                max(released_at, created_at),
                "niet meer van toepassing",
            )
            level = calendar.escalation_level(rule, due, released_at.date())
        else:
            level = calendar.escalation_level(rule, due, self.today)
            status = S.OPEN.value if level == 0 else S.OVERDUE.value if level == 1 else S.ESCALATED.value
            if level:
                step_day = calendar.working_day(due + dt.timedelta(days=1))
                if level > 1:
                    step_day = calendar.add_working_days(due, rule.second_step_after + 1)
                changed_at, reason = max(self.at(step_day, 7), created_at), f"opschalingsstap {level}"
        title = f"{TITLES[name]} · {ep.reference}"
        row = (
            f"nazorg-{name}", title, rule.id, None, self.subject_type, ep.id, anchor, due, owner_user, owner_org,
            status, level, done_at, done_by, created_at,
        )  # fmt: skip
        first = (*row[:10], S.OPEN.value, 0, None, None, created_at)
        history = [(*first, created_at, "termijn gesteld", "+", ep.created_by_id)]
        if changed_at is not None:
            history.append((*row, changed_at, reason, "~", done_by))
        return row, history

    subject_type: int = 0


def _read(state: SeedState) -> tuple[list[_Episode], dict[int, dict[str, tuple[dt.datetime, int]]]]:
    cursor = state.cursor
    cursor.execute(EPISODES)
    episodes = [_Episode(*row) for row in cursor.fetchall()]
    cursor.execute(SUBMISSIONS)
    submitted: dict[int, dict[str, tuple[dt.datetime, int]]] = defaultdict(dict)
    for episode_id, kind, submitted_at, submitted_by in cursor.fetchall():
        submitted[episode_id][kind] = (submitted_at, submitted_by)
    return episodes, submitted


def _episode_type() -> int:
    return ContentType.objects.get_for_model(DetentionEpisode).pk


@added_later(done=lambda: Deadline.objects.filter(subject_type_id=_episode_type()).exists())
def seed_nazorg_deadlines(state: SeedState) -> None:
    episodes, submitted = _read(state)
    if not episodes:
        return
    rules = {rule.code: rule for rule in case_rules()}
    today = timezone.localdate(state.now)
    first = min(ep.start for ep in episodes) - dt.timedelta(days=30)
    lifecycle = _Lifecycle(state, rules, _Calendar(first, today + dt.timedelta(days=4 * 365)))
    lifecycle.subject_type = _episode_type()
    planned = [item for ep in episodes for item in lifecycle.rows(ep, submitted.get(ep.id, {}))]
    first_id = next_id(state.cursor, Deadline)
    rows = ((first_id + index, *row) for index, (row, _history) in enumerate(planned))
    state.count(Deadline, copy_rows(state.cursor, Deadline, COLUMNS, rows))
    history = (
        (first_id + index, *change) for index, (_row, changes) in enumerate(planned) for change in changes
    )
    hist = history_model(Deadline)
    state.count(hist, copy_rows(state.cursor, hist, COLUMNS + HISTORY_COLUMNS, history))
    sync_sequence(state.cursor, Deadline)
    active = sum(row[10] in (S.OPEN, S.OVERDUE, S.ESCALATED) for row, _history in planned)
    state.log(f"    {active:,} of {len(planned):,} nazorg deadlines active")
