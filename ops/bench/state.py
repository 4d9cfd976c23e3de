"""The shared state of a benchmark seeding: the configuration and the planned organisations, users, cases.

Seed steps (``ops/bench/seed.py`` ``SEED_STEPS``) read and extend it; everything is generated and fictitious.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group
from django.db import models

from caseplan.models import (
    Case,
    CaseGroupObjectPermission,
    CaseMember,
    CaseUserObjectPermission,
    Client,
    ClientChild,
)
from co24 import models as co24
from deadlines.models import Deadline
from nazorg.models import (
    Consent,
    DetentionEpisode,
    EpisodeShare,
    HandoverEvent,
    NazorgDocument,
    ReleaseDateChange,
)
from notifications.models import Notification
from overleg import models as overleg
from privacy.models import AccessLog, Organisation, User

BENCH_EMAIL = "bench-pm@bench.example"
BENCH_COORDINATOR_EMAIL = "bench-coordinator@bench.example"
BENCH_PASSWORD = "bench-only-not-a-real-password"  # noqa: S105 (fictitious accounts, one shared hash)
EMAIL_DOMAIN = "bench.example"
PURPOSE_CODE = "pga"


@dataclass(frozen=True)
class SeedConfig:
    cases: int = 100_000
    users: int = 20_000
    orgs: int = 600
    access_log_rows: int | None = None  # default: three reads per case
    bench_direct_cases: int = 200
    bench_group_cases: int = 120
    deadline_rows: int | None = None  # default: five per case
    notification_rows: int | None = None  # default: two per case
    bench_active_deadlines: int = 150  # open, overdue or escalated deadlines the benchmark user owns
    bench_notifications: int = 100
    bench_coordinated_users: int = 300  # users whose coordinator is the benchmark user
    coordinator_cases: int = 2_000  # cases the benchmark coordinator reads through its organisation
    nazorg_episodes: int | None = None  # default: one detention episode per case
    seed: int = 2026

    @property
    def log_rows(self) -> int:
        return 3 * self.cases if self.access_log_rows is None else self.access_log_rows

    @property
    def deadlines(self) -> int:
        return 5 * self.cases if self.deadline_rows is None else self.deadline_rows

    @property
    def notifications(self) -> int:
        return 2 * self.cases if self.notification_rows is None else self.notification_rows

    @property
    def episodes(self) -> int:
        return self.cases if self.nazorg_episodes is None else self.nazorg_episodes


@dataclass(slots=True)
class Org:
    id: int
    name: str
    type: str
    region: int
    group_id: int


@dataclass(slots=True)
class Person:
    id: int
    org: Org
    function: str
    first_name: str
    last_name: str
    email: str
    coordinator_id: int | None = None

    @property
    def label(self) -> str:
        return f"{self.first_name} {self.last_name} <{self.email}>"


@dataclass(slots=True)
class Member:
    id: int
    user: Person | None
    org: Org | None
    role: str
    access: str
    removed_at: dt.datetime | None = None


@dataclass(slots=True)
class PlannedCase:
    id: int
    client_id: int
    gemeente: Org
    created_at: dt.datetime
    updated_at: dt.datetime
    status: str
    creator: Person
    members: list[Member] = field(default_factory=list)
    reference: str = ""
    closed_on: dt.date | None = None

    def active_users(self) -> list[Person]:
        return [m.user for m in self.members if m.user is not None and m.removed_at is None]


@dataclass
class SeedState:
    config: SeedConfig
    cursor: Any
    rng: random.Random
    log: Callable[[str], None]
    now: dt.datetime
    purpose_id: int
    purpose_name: str
    view_permission_id: int
    change_permission_id: int
    orgs: list[Org] = field(default_factory=list)
    users: list[Person] = field(default_factory=list)
    bench_user: Person | None = None
    bench_coordinator: Person | None = None
    cases: list[PlannedCase] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)

    def count(self, model: type[models.Model], rows: int) -> None:
        label = model._meta.db_table
        self.rows[label] = self.rows.get(label, 0) + rows

    def step_rng(self, name: str) -> random.Random:
        """A random generator of the step's own: a step run later, on data seeded earlier (``--reuse``), writes
        the same rows as it would in a fresh seeding of that data on the same day."""
        return random.Random(f"{self.config.seed}:{name}")


@dataclass(frozen=True)
class SeedResult:
    seconds: float
    rows: dict[str, int]


def history_model(model: type[models.Model]) -> type[models.Model]:
    return model.history.model  # type: ignore[attr-defined]


Step = Callable[[SeedState], None]


def added_later(*, done: Callable[[], bool]) -> Callable[[Step], Step]:
    """Mark a seed step that came after benchmark databases were already seeded. ``benchmark --reuse`` runs
    it on its own (on the state read back from the database, see ``ops.bench.existing``) when ``done()``
    says its rows are not there yet; a fresh seeding runs it like any other step."""

    def mark(step: Step) -> Step:
        step.is_done = done  # type: ignore[attr-defined]
        return step

    return mark


def is_done(step: Step) -> bool:
    check = getattr(step, "is_done", None)
    return True if check is None else bool(check())


# Models that a feature's own seed step writes: listed here they are counted in the report, emptied before a
# new seeding and analysed after it, like the core tables below.
EXTRA_MODELS: list[type[models.Model]] = [
    Deadline,
    history_model(Deadline),
    Notification,
    DetentionEpisode,
    history_model(DetentionEpisode),
    NazorgDocument,
    history_model(NazorgDocument),
    HandoverEvent,
    ReleaseDateChange,
    Consent,
    EpisodeShare,
    co24.BackOfficeService,
    co24.Enrolment,
    co24.Caller,
    co24.Checklist,
    co24.ChecklistItem,
    co24.TippingRule,
    co24.Signal,
    co24.SignalAnswer,
    co24.Alert,
    overleg.Meeting,
    overleg.Attendee,
    overleg.Guest,
    overleg.AgendaItem,
    overleg.Action,
]


def seeded_models() -> list[type[models.Model]]:
    """Every table the seeding writes (flushed before a new seeding, analysed after it, counted in the report)."""
    return [
        Group,
        Organisation,
        User,
        User.groups.through,
        Client,
        history_model(Client),
        ClientChild,
        Case,
        history_model(Case),
        CaseMember,
        history_model(CaseMember),
        CaseUserObjectPermission,
        CaseGroupObjectPermission,
        AccessLog,
        *EXTRA_MODELS,
    ]
