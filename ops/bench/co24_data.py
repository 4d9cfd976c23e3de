"""Seed step for CO24dak: back offices serving municipalities, enrolled cases with callers, versioned checklists
and the default tipping-point rules, and 20 signals per case in the database (2,000,000 at national scale),
each with two or three checklist answers, and the alerts the rules raised.

What is written mirrors the services (``co24/services``):
- ``co24_enrol``: one case in 50 (2,000 at national scale) is enrolled with the back office that serves its
  municipality (``BackOfficeService``; a back office serves 14 municipalities, as in "10 in Twente"), with a
  first checklist from the standard template "co24-standaard" and the default rules (3 risk signals in 7
  days; a red flag); a quarter of the cases later activated a second version (same item keys, plus items
  from the plan's goals or the risk profile), which superseded the first;
- ``signal_record``: received over the enrolment (the last three years at most), from a caller on the list
  or flagged as unknown, answered against the checklist version in use at that moment, recorded by the back
  office (some through the API with an ``external_id``) or by a team member;
- ``rules_evaluate``: replayed signal by signal in time order, so an alert fires exactly when the service would
  fire it (never a second while one is open for that rule); alerts are seen, then handled with a note.
  (The deadline and notifications an alert also sets are not seeded: the measured pages do not read them.)

The benchmark process manager is on the team (with write access) of the case with 5,000 signals, its oldest
open case outside the ten the other scenarios rotate over. The back-office identity (``BENCH_CO24_EMAIL``)
works at the back office that serves that case. Times stop at midnight, so a rerun on the same day writes the
same rows.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from caseplan.models import CaseRole, CaseStatus
from co24.models import (
    Caller,
    Checklist,
    ChecklistItem,
    Signal,
    TippingRule,
)
from ops.bench.bulk import copy_rows, next_id, sync_sequence
from ops.bench.co24_setup import Enrolled, plan_checklists, template_items, write_setup
from ops.bench.co24_signals import Replay
from ops.bench.context import ROTATE_CASES
from ops.bench.people import WRITE, F, T
from ops.bench.state import (
    BENCH_PASSWORD,
    EMAIL_DOMAIN,
    EXTRA_MODELS,
    Org,
    Person,
    PlannedCase,
    SeedState,
    added_later,
)
from privacy.models import Organisation, User

BENCH_CO24_EMAIL = f"bench-co24@{EMAIL_DOMAIN}"
BACKOFFICE_NAME = "CO24 back office Benchmark"
SIGNALS_PER_CASE = 20  # in the database as a whole: 2,000,000 at 100,000 cases
ENROLLED_EVERY = 50  # one case in 50 is enrolled: 2,000 at 100,000 cases
HEAVY_SIGNALS = 5_000
SERVED_PER_BACKOFFICE = 14
YEARS = 3
ENDED_SHARE = 0.08
CO24_MODELS = tuple(model for model in EXTRA_MODELS if model._meta.app_label == "co24")
USER_COLUMNS = ["id", "password", "is_superuser", "email", "first_name", "last_name", "phone", "function",
                "is_staff", "is_active", "date_joined", "organisation_id"]  # fmt: skip
RESPONDER_ROLES = (CaseRole.CASUSCOORDINATOR, CaseRole.PROCESMANAGER_GEMEENTE, CaseRole.PROCESMANAGER_VH)


def sizes(cases: int) -> tuple[int, int, int]:
    """Signals in all, enrolled cases, and signals on the benchmark process manager's case."""
    total = SIGNALS_PER_CASE * cases
    heavy = max(min(HEAVY_SIGNALS, total // 4), 1)
    return total, max(cases // ENROLLED_EVERY, 2 * total // heavy), heavy  # enough cases to hold the rest


# --- who: back offices, the back-office identity, the benchmark process manager's case ---------------------


def _backoffices(state: SeedState) -> list[Org]:
    """The seeded CO24 back offices; a database seeded with very few organisations gets one of its own."""
    offices = [o for o in state.orgs if o.type == T.CO24_BACKOFFICE]
    if offices:
        return offices
    org = Org(next_id(state.cursor, Organisation), BACKOFFICE_NAME, T.CO24_BACKOFFICE.value, 0, 0)
    org.group_id = next_id(state.cursor, Group)
    state.count(Group, copy_rows(state.cursor, Group, ["id", "name"], [(org.group_id, f"org:{org.name}")]))
    columns = ["id", "name", "type", "cbs_code", "is_active", "group_id"]
    row = (org.id, org.name, org.type, "", True, org.group_id)
    state.count(Organisation, copy_rows(state.cursor, Organisation, columns, [row]))
    state.orgs.append(org)
    return [org]


def _operator(state: SeedState, office: Org) -> Person:
    known = next((p for p in state.users if p.email == BENCH_CO24_EMAIL), None)
    if known is not None:
        return known
    person = Person(
        next_id(state.cursor, User), office, F.BACKOFFICE.value, "Bo", "Benchmark", BENCH_CO24_EMAIL
    )
    row = (
        person.id, make_password(BENCH_PASSWORD), False, person.email, person.first_name, person.last_name,
        "06-34567890", person.function, False, True, state.now - dt.timedelta(days=800), office.id,
    )  # fmt: skip
    state.count(User, copy_rows(state.cursor, User, USER_COLUMNS, [row]))
    through = User.groups.through
    state.count(
        through, copy_rows(state.cursor, through, ["user_id", "group_id"], [(person.id, office.group_id)])
    )
    state.users.append(person)
    return person


def _heavy_case(state: SeedState) -> PlannedCase | None:
    """The benchmark process manager's oldest open case with write access, outside the ten newest (which the
    case-page scenarios rotate over)."""
    bench = state.bench_user
    if bench is None:
        return None
    direct = [
        (case, member)
        for case in state.cases
        for member in case.members
        if member.user is not None and member.user.id == bench.id and member.removed_at is None
    ]
    newest = {case.id for case, _ in sorted(direct, key=lambda pair: -pair[0].id)[:ROTATE_CASES]}
    mine = [
        case
        for case, member in direct
        if case.id not in newest and member.access == WRITE and case.status != CaseStatus.AFGESLOTEN
    ]
    return min(mine, key=lambda case: (case.created_at, case.id), default=None)


def _responder(case: PlannedCase) -> Person:
    """Who the service alerts first (``co24.services.rules.responders``): the casusregisseur, else a PM."""
    for role in RESPONDER_ROLES:
        for member in case.members:
            if member.user is not None and member.removed_at is None and member.role == role:
                return member.user
    return case.creator


# --- which cases, from when, how many signals --------------------------------------------------------------


def _allocate(total: int, weights: list[float], cap: int) -> list[int]:
    """``total`` split over ``weights`` proportionally, none above ``cap``."""
    counts = [0] * len(weights)
    free, remaining = list(range(len(weights))), total
    while free and remaining > 0:
        weight = sum(weights[i] for i in free)
        over = [i for i in free if remaining * weights[i] / weight >= cap]
        if not over:
            shares = [(remaining * weights[i] / weight, i) for i in free]
            for share, i in shares:
                counts[i] = int(share)
            left = remaining - sum(counts[i] for i in free)
            for _share, i in sorted(shares, key=lambda pair: (-(pair[0] % 1), pair[1]))[:left]:
                counts[i] += 1
            break
        for i in over:
            counts[i] = cap
            free.remove(i)
            remaining -= cap
    return counts


class _Planner:
    def __init__(self, state: SeedState) -> None:
        self.state, self.rng = state, state.step_rng("co24")
        tz = timezone.get_current_timezone()
        midnight = dt.datetime.combine(timezone.localdate(state.now), dt.time(), tzinfo=tz)
        self.anchor = int(midnight.timestamp())
        self.horizon = int((midnight - dt.timedelta(days=365 * YEARS)).timestamp())

    def enrol(self, heavy: PlannedCase | None, offices: list[Org], operator: Person) -> list[Enrolled]:
        state, rng = self.state, self.rng
        total, wanted, heavy_signals = sizes(len(state.cases))
        gemeenten = sorted((o for o in state.orgs if o.type == T.GEMEENTE), key=lambda o: o.id)
        rng.shuffle(gemeenten)
        if heavy is not None:
            gemeenten.remove(heavy.gemeente)
            gemeenten.insert(0, heavy.gemeente)
        self.served: dict[int, Org] = {}
        for index, office in enumerate(offices):
            for gemeente in gemeenten[index * SERVED_PER_BACKOFFICE : (index + 1) * SERVED_PER_BACKOFFICE]:
                self.served[gemeente.id] = office
        staff: dict[int, list[Person]] = {office.id: [] for office in offices}
        for person in state.users:
            if person.org.id in staff and person.function == F.BACKOFFICE and person is not operator:
                staff[person.org.id].append(person)
        staff[operator.org.id].insert(0, operator)
        latest = self.anchor - 30 * 86_400
        candidates = [
            case
            for case in state.cases
            if case.gemeente.id in self.served
            and case.status != CaseStatus.AFGESLOTEN
            and case.created_at.timestamp() <= latest
            and case is not heavy
        ]
        chosen = rng.sample(candidates, min(wanted - (heavy is not None), len(candidates)))
        enrolled = [
            self._enrolled(case, staff, latest, heavy=False) for case in sorted(chosen, key=lambda c: c.id)
        ]
        weights = [(e.end - e.start) / 86_400 * rng.lognormvariate(0, 0.5) for e in enrolled]
        if heavy is not None:
            enrolled.insert(0, self._enrolled(heavy, staff, latest, heavy=True))
            enrolled[0].signals = heavy_signals
            total -= heavy_signals
        rest = enrolled[1:] if heavy is not None else enrolled
        for entry, count in zip(rest, _allocate(total, weights, heavy_signals - 1), strict=True):
            entry.signals = count
        return enrolled

    def _enrolled(
        self, case: PlannedCase, staff: dict[int, list[Person]], latest: int, *, heavy: bool
    ) -> Enrolled:
        rng = self.rng
        office = self.served[case.gemeente.id]
        earliest = max(int(case.created_at.timestamp()), self.horizon)
        start = earliest if heavy else earliest + int(rng.random() * max(latest - earliest, 0))
        end, ended_on = self.anchor - 3_600, None
        if not heavy and rng.random() < ENDED_SHARE:
            end = start + int((end - start) * rng.uniform(0.3, 0.9))
            ended_on = dt.datetime.fromtimestamp(end, tz=dt.UTC).date()
        return Enrolled(
            case, office, staff[office.id] or [case.creator], start, end, ended_on, _responder(case)
        )


@added_later(done=lambda: Signal.objects.exists())
def seed_co24(state: SeedState) -> None:
    if not state.cases:
        return
    planner = _Planner(state)
    offices = _backoffices(state)
    operator = _operator(state, offices[0])
    heavy = _heavy_case(state)
    enrolled = planner.enrol(heavy, offices, operator)
    template_id, template = template_items(state)
    plan_checklists(state.cursor, planner.rng, enrolled, template)
    since = dt.datetime.fromtimestamp(planner.horizon, tz=dt.UTC).date()
    write_setup(state, planner.rng, planner.served, enrolled, template_id=template_id, since=since)
    replay = Replay(state, enrolled, anchor=planner.anchor)
    replay.run()
    for model in (Checklist, ChecklistItem, TippingRule, Caller, Signal):
        sync_sequence(state.cursor, model)
    first = enrolled[0]
    state.log(
        f"    {replay.signals:,} signals on {len(enrolled):,} enrolled cases, {replay.answers:,} answers, "
        f"{replay.alerts:,} alerts; {len(offices)} back offices serve {len(planner.served)} municipalities; "
        f"case {first.case.reference or first.case.id} has {first.signals:,} signals"
        + (" (the benchmark process manager's)" if heavy is not None else "")
    )
