"""The CO24dak signals of the benchmark seeding (``ops.bench.co24_data``), written in the order they came in.

All signals of all enrolled cases are put in time order first, so ids follow the time of receipt and one case's
signals lie scattered over the table as in real use (one call after another, for many clients). Then they are
replayed one by one, as ``signal_record`` and ``rules_evaluate`` would have handled them: the checklist version
in use at that moment, the caller, two or three answers, and the alerts the two default rules raise (3 risk
signals within 7 days; a red flag), at most one alert per rule until it is handled. Rows go out with COPY in
chunks; nothing is kept for the whole run but the time keys.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from co24.models import Alert, Signal, SignalAnswer
from ops.bench import co24_texts as texts
from ops.bench.bulk import copy_rows, next_id

if TYPE_CHECKING:
    from ops.bench.co24_setup import Enrolled, Item, Version
    from ops.bench.state import SeedState

SHIFT = 22  # a time key: epoch seconds << SHIFT | the index of the enrolled case
CHUNK = 50_000
WINDOW = 7 * 86_400  # the count rule: 3 risk signals within 7 days
THRESHOLD = 3
NEVER = 2**62
SIGNAL_COLUMNS = [
    "id", "case_id", "backoffice_id", "received_at", "caller_id", "caller_name", "caller_relation",
    "caller_phone", "account", "urgency", "medical", "follow_up", "checklist_id", "channel", "external_id",
    "recorded_by_id", "created_at",
]  # fmt: skip
ALERT_COLUMNS = ["case_id", "rule_id", "signal_id", "summary", "fired_at", "status", "acknowledged_by_id",
                 "acknowledged_at", "handled_by_id", "handled_at", "handled_note"]  # fmt: skip
# (answer, weight) for a risk signal and for a protective factor
RISK_ANSWERS = (("ja", 45), ("nee", 45), ("onbekend", 10))
PROTECTIVE_ANSWERS = (("ja", 55), ("nee", 35), ("onbekend", 10))


def _moment(seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)


class _Tracker:
    """Per enrolled case while replaying: the version in use, recent risk signals, open alerts per rule."""

    __slots__ = ("caller_cum", "next_version", "open_until", "recent", "version")

    def __init__(self, entry: Enrolled) -> None:
        self.version: Version = entry.versions[0]
        self.next_version: Version | None = entry.versions[1] if len(entry.versions) > 1 else None
        self.recent: deque[int] = deque()
        self.open_until = [0, 0]
        cumulative, total = [], 0.0
        for weight in entry.caller_weights:
            total += weight
            cumulative.append(total)
        self.caller_cum = cumulative


class Replay:
    def __init__(self, state: SeedState, enrolled: Sequence[Enrolled], *, anchor: int) -> None:
        self.state, self.enrolled, self.anchor = state, enrolled, anchor
        self.rng = state.step_rng("co24 signals")
        self.signals = self.answers = self.alerts = 0
        self._signal_rows: list[tuple[Any, ...]] = []
        self._answer_rows: list[tuple[int, int, str]] = []
        self._alert_rows: list[tuple[Any, ...]] = []

    def _keys(self) -> list[int]:
        rng, keys = self.rng, []
        for index, entry in enumerate(self.enrolled):
            # one case's signals never share a second, so "within 7 days" has one answer, as in the database
            moments = rng.sample(range(entry.start, entry.end), min(entry.signals, entry.end - entry.start))
            keys.extend((moment << SHIFT) | index for moment in moments)
        keys.sort()
        return keys

    def run(self) -> None:
        trackers = [_Tracker(entry) for entry in self.enrolled]
        signal_id, mask = next_id(self.state.cursor, Signal), (1 << SHIFT) - 1
        for key in self._keys():
            index = key & mask
            self._signal(signal_id, key >> SHIFT, self.enrolled[index], trackers[index])
            signal_id += 1
            if len(self._signal_rows) >= CHUNK:
                self._flush()
        self._flush()

    def _answers(self, items: list[Item]) -> list[tuple[Item, str]]:
        rng, chosen = self.rng, {}
        wanted = rng.choice((2, 2, 3, 3, 3))
        weights = [(0.6 if item.red_flag else 3.0) if item.kind == "risico" else 2.0 for item in items]
        while len(chosen) < min(wanted, len(items)):
            item = rng.choices(items, weights=weights)[0]
            chosen.setdefault(item.id, item)
        answers = []
        for item in chosen.values():
            options = RISK_ANSWERS if item.kind == "risico" else PROTECTIVE_ANSWERS
            answers.append((item, rng.choices([a for a, _ in options], weights=[w for _, w in options])[0]))
        return answers

    def _signal(self, signal_id: int, at: int, entry: Enrolled, tracker: _Tracker) -> None:
        rng = self.rng
        if tracker.next_version is not None and at >= tracker.next_version.active_from:
            tracker.version, tracker.next_version = tracker.next_version, None
        caller_id, name, relation, phone = None, "", "", ""
        if entry.callers and rng.random() < 0.85:
            caller_id = rng.choices(entry.callers, cum_weights=tracker.caller_cum)[0]
        else:
            name, relation = rng.choice(texts.UNKNOWN_CALLERS)
            phone = f"06-{rng.randrange(10_000_000, 99_999_999)}" if rng.random() < 0.7 else ""
        answers = self._answers(tracker.version.items)
        said = [(item.kind, item.category, answer) for item, answer in answers]
        red = [
            item.text
            for item, answer in answers
            if answer == "ja" and item.kind == "risico" and item.red_flag
        ]
        risk = any(answer == "ja" and item.kind == "risico" for item, answer in answers)
        if red:
            urgency = rng.choices(("hoog", "verhoogd"), weights=(60, 40))[0]
        else:
            urgency = rng.choices(("normaal", "verhoogd", "hoog"), weights=(88, 10, 2))[0]
        medical = rng.random() < 0.08
        follow_up = rng.choice(texts.FOLLOW_UPS) if rng.random() < 0.3 else ""
        if rng.random() < 0.9:  # taken by the back office, some through its telephony system (the API)
            backoffice_id, recorder = entry.office.id, rng.choice(entry.operators).id
            channel = "api" if rng.random() < 0.15 else "web"
        else:  # recorded by a team member with write access
            backoffice_id, recorder, channel = None, entry.case.creator.id, "web"
        external_id = f"TEL-{signal_id}" if channel == "api" else ""
        created = min(at + rng.randint(60, 1_200), self.anchor)
        self._signal_rows.append((
            signal_id, entry.case.id, backoffice_id, _moment(at), caller_id, name, relation, phone,
            texts.account(rng, said), urgency, medical, follow_up, tracker.version.id, channel, external_id, recorder,
            _moment(created),
        ))  # fmt: skip
        self._answer_rows.extend((signal_id, item.id, answer) for item, answer in answers)
        self._rules(signal_id, at, created, entry, tracker, risk=risk, red=red)

    def _rules(
        self,
        signal_id: int,
        at: int,
        created: int,
        entry: Enrolled,
        tracker: _Tracker,
        *,
        risk: bool,
        red: list[str],
    ) -> None:
        recent = tracker.recent
        if risk:
            recent.append(at)
        while recent and recent[0] <= at - WINDOW:
            recent.popleft()
        if len(recent) >= THRESHOLD and at >= tracker.open_until[0]:
            summary = f"{len(recent)} risicosignalen binnen 7 dagen"
            tracker.open_until[0] = self._alert(entry, entry.rules[0], signal_id, summary, created)
        if red and at >= tracker.open_until[1]:
            summary = ("Rode vlag: " + "; ".join(red))[:300]
            tracker.open_until[1] = self._alert(entry, entry.rules[1], signal_id, summary, created)

    def _alert(self, entry: Enrolled, rule_id: int, signal_id: int, summary: str, fired: int) -> int:
        """The alert, seen within a day and a half and handled within two weeks; until when it stays open."""
        rng, by = self.rng, entry.responder.id
        seen = fired + rng.randint(900, 36 * 3_600)
        handled = seen + rng.randint(86_400, 14 * 86_400)
        if handled <= self.anchor:
            row = ("afgehandeld", by, _moment(seen), by, _moment(handled), rng.choice(texts.HANDLED_NOTES))
            until = handled
        elif seen <= self.anchor:
            row, until = ("gezien", by, _moment(seen), None, None, ""), NEVER
        else:
            row, until = ("open", None, None, None, None, ""), NEVER
        self._alert_rows.append((entry.case.id, rule_id, signal_id, summary, _moment(fired), *row))
        return until

    def _flush(self) -> None:
        cursor, state = self.state.cursor, self.state
        if self._signal_rows:
            self.signals += copy_rows(cursor, Signal, SIGNAL_COLUMNS, self._signal_rows)
            self.answers += copy_rows(
                cursor, SignalAnswer, ["signal_id", "item_id", "answer"], self._answer_rows
            )
        if self._alert_rows:
            self.alerts += copy_rows(cursor, Alert, ALERT_COLUMNS, self._alert_rows)
        state.count(Signal, len(self._signal_rows))
        state.count(SignalAnswer, len(self._answer_rows))
        state.count(Alert, len(self._alert_rows))
        self._signal_rows, self._answer_rows, self._alert_rows = [], [], []
