"""Seed steps for cases: plan the teams, then COPY clients, cases, team members, permissions, access log.

What is written mirrors ``caseplan/services/team.py`` exactly: every active team member holds guardian's
``view_case`` on the case as a direct object permission, writers also ``change_case``; a whole organisation
holds them through its group. Removed members keep their row (``removed_at``) and hold no permission.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

from django.utils import timezone

from caseplan.models import (
    Case,
    CaseGroupObjectPermission,
    CaseMember,
    CaseRole,
    CaseStatus,
    CaseUserObjectPermission,
    Client,
    ClientChild,
    PrioritisedBy,
)
from ops.bench import names
from ops.bench.bulk import copy_rows, next_id
from ops.bench.people import NON_PARTNER_TYPES, READ, WHOLE_ORG_TYPES, WRITE, F, T
from ops.bench.state import Member, Org, Person, PlannedCase, SeedState, history_model
from privacy.access_log.partitions import access_log_partitions_ensure
from privacy.models import AccessLog

REFERENCE_SEQUENCE = "caseplan_case_reference_seq"


def _status(rng: random.Random, age_days: float) -> str:
    if age_days > 550:
        weights = (0, 15, 10, 75)
    elif age_days > 180:
        weights = (5, 45, 20, 30)
    else:
        weights = (25, 65, 5, 5)
    return rng.choices(
        (CaseStatus.AANGEMELD, CaseStatus.ACTIEF, CaseStatus.NAZORG, CaseStatus.AFGESLOTEN), weights=weights
    )[0].value


class _Pools:
    """Who can be on a case team, per gemeente and per region (partners work in their own region)."""

    def __init__(self, state: SeedState) -> None:
        bench = state.bench_user
        self.pm_by_gemeente: dict[int, list[Person]] = defaultdict(list)
        self.pm_by_region: dict[int, list[Person]] = defaultdict(list)
        self.partners_by_region: dict[int, list[Person]] = defaultdict(list)
        self.orgs_by_region: dict[int, list[Org]] = defaultdict(list)
        for person in state.users:
            if person is bench:
                continue
            org = person.org
            if org.type == T.GEMEENTE and person.function == F.PROCESMANAGER:
                self.pm_by_gemeente[org.id].append(person)
            elif org.type == T.VEILIGHEIDSHUIS and person.function == F.PROCESMANAGER:
                self.pm_by_region[org.region].append(person)
            elif org.type not in NON_PARTNER_TYPES:
                self.partners_by_region[org.region].append(person)
        for org in state.orgs:
            if org.type in WHOLE_ORG_TYPES and (bench is None or org is not bench.org):
                self.orgs_by_region[org.region].append(org)
        everyone = [p for p in state.users if p is not bench]
        self.all_pms = [
            p for group in (*self.pm_by_gemeente.values(), *self.pm_by_region.values()) for p in group
        ]
        self.all_pms = self.all_pms or everyone
        self.all_partners = [p for group in self.partners_by_region.values() for p in group] or everyone
        self.all_orgs = [o for group in self.orgs_by_region.values() for o in group]

    def process_manager(self, rng: random.Random, gemeente: Org) -> tuple[Person, str]:
        local = self.pm_by_gemeente.get(gemeente.id)
        if local and rng.random() < 0.7:
            return rng.choice(local), CaseRole.PROCESMANAGER_GEMEENTE.value
        regional = self.pm_by_region.get(gemeente.region) or self.all_pms
        return rng.choice(regional), CaseRole.PROCESMANAGER_VH.value

    def partners(self, rng: random.Random, region: int, count: int) -> list[Person]:
        pool = self.partners_by_region.get(region) or self.all_partners
        return rng.sample(pool, min(count, len(pool)))

    def organisation(self, rng: random.Random, region: int) -> Org | None:
        pool = self.orgs_by_region.get(region) or self.all_orgs
        return rng.choice(pool) if pool else None


def plan_cases(state: SeedState) -> None:
    rng, config, now = state.rng, state.config, state.now
    gemeenten = [o for o in state.orgs if o.type == T.GEMEENTE]
    rng.shuffle(gemeenten)  # a few large cities, a long tail of small gemeenten
    chosen = rng.choices(
        gemeenten, weights=[1 / (rank + 1) ** 0.7 for rank in range(len(gemeenten))], k=config.cases
    )
    pools = _Pools(state)
    span = dt.timedelta(days=5 * 365).total_seconds()
    start = now - dt.timedelta(seconds=span)
    case_id, client_id = next_id(state.cursor, Case), next_id(state.cursor, Client)
    member_id = next_id(state.cursor, CaseMember)

    def member(user: Person | None, org: Org | None, role: str, access: str) -> Member:
        nonlocal member_id
        member_id += 1
        return Member(member_id - 1, user, org, role, access)

    for index, gemeente in enumerate(chosen):
        created = start + dt.timedelta(seconds=span * (index + rng.random()) / config.cases)
        age = (now - created).total_seconds()
        status = _status(rng, age / 86400)
        updated = (
            created if status == CaseStatus.AANGEMELD else created + dt.timedelta(seconds=age * rng.random())
        )
        creator, pm_role = pools.process_manager(rng, gemeente)
        case = PlannedCase(case_id + index, client_id + index, gemeente, created, updated, status, creator)
        case.members.append(member(creator, None, pm_role, WRITE))
        for partner in pools.partners(rng, gemeente.region, rng.choice((1, 2, 2, 3))):
            if partner is creator:
                continue
            role = (
                CaseRole.CASUSCOORDINATOR
                if partner.org.type == T.GGZ and rng.random() < 0.4
                else CaseRole.PARTNER
            )
            case.members.append(member(partner, None, role.value, WRITE if rng.random() < 0.7 else READ))
        if rng.random() < 0.3:
            org = pools.organisation(rng, gemeente.region)
            if org is not None:
                access = WRITE if rng.random() < 0.5 else READ
                role = CaseRole.PARTNER if access == WRITE else CaseRole.MEELEZER
                case.members.append(member(None, org, role.value, access))
        if rng.random() < 0.08:
            taken = {m.user.id for m in case.members if m.user is not None}
            former = [p for p in pools.partners(rng, gemeente.region, 3) if p.id not in taken]
            if former:
                gone = member(former[0], None, CaseRole.CASEMANAGER.value, WRITE)
                gone.removed_at = created + dt.timedelta(seconds=age * rng.random())
                case.members.append(gone)
        state.cases.append(case)
    _plan_bench_caseload(state, member)


def _plan_bench_caseload(state: SeedState, member: Callable[..., Member]) -> None:
    """The benchmark user: ~200 cases directly, more through the group of its Veiligheidshuis."""
    bench, rng, config = state.bench_user, state.rng, state.config
    if bench is None or not state.cases:
        return
    region = [c for c in state.cases if c.gemeente.region == bench.org.region]
    others = [c for c in state.cases if c.gemeente.region != bench.org.region]
    direct = rng.sample(region, min(config.bench_direct_cases, len(region)))
    if len(direct) < config.bench_direct_cases:
        direct += rng.sample(others, min(config.bench_direct_cases - len(direct), len(others)))
    for case in direct:
        role = CaseRole.PROCESMANAGER_VH.value
        case.members.append(member(bench, None, role, WRITE if rng.random() < 0.85 else READ))
    for case in rng.sample(region, min(config.bench_group_cases, len(region))):
        case.members.append(
            member(None, bench.org, CaseRole.PARTNER.value, WRITE if rng.random() < 0.6 else READ)
        )


# --- clients, cases, teams, access log ------------------------------------------------------------------


def _bsns(rng: random.Random) -> Iterator[str]:
    """Unique 9-digit numbers that pass the elfproef (weights 9..2 and -1)."""
    prefix = rng.randrange(10_000_000, 20_000_000)
    while True:
        digits = f"{prefix:08d}"
        check = sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2), strict=True)) % 11
        if check < 10:
            yield digits + str(check)
        prefix += 1


CLIENT_COLUMNS = [
    "id", "achternaam", "voorvoegsel", "voornamen", "roepnaam", "alias", "geboortedatum", "geboorteplaats",
    "geboorteland", "crisiskaart", "brp_adres", "verblijfsadres", "burgerlijke_staat", "nationaliteit",
    "spreektaal", "bsn", "zorgverzekeraar", "uitkering_soort", "uitkering_sinds", "revision", "created_at",
    "updated_at",
]  # fmt: skip
HISTORY_COLUMNS = ["history_date", "history_change_reason", "history_type", "history_user_id"]


def _address(rng: random.Random) -> str:
    postcode = f"{rng.randrange(1000, 9999)} {chr(65 + rng.randrange(26))}{chr(65 + rng.randrange(26))}"
    return f"{rng.choice(names.STREETS)} {rng.randrange(1, 250)}, {postcode} {rng.choice(names.PLACES)}"


def seed_clients(state: SeedState) -> None:
    rng, bsns = state.rng, _bsns(state.rng)
    civil = ["ongehuwd", "ongehuwd", "ongehuwd", "gescheiden", "gehuwd", "samenwonend", "onbekend"]
    rows = []
    for case in state.cases:
        prefix, surname = rng.choice(names.SURNAMES)
        first = rng.choice(names.FIRST_NAMES)
        given = f"{first} {rng.choice(names.MIDDLE_NAMES)}" if rng.random() < 0.5 else first
        born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 56 * 365))
        address = _address(rng)
        benefit = rng.choice(names.BENEFITS)
        rows.append(
            (
                case.client_id, surname, prefix, given, first,
                rng.choice(names.ALIASES) if rng.random() < 0.1 else "",
                born, rng.choice(names.PLACES), "Nederland", rng.random() < 0.05, address,
                address if rng.random() < 0.7 else _address(rng), rng.choice(civil), "Nederlandse", "Nederlands",
                next(bsns) if rng.random() < 0.7 else "", rng.choice(names.INSURERS), benefit,
                (case.created_at.date() - dt.timedelta(days=rng.randrange(30, 3000))) if benefit else None,
                1, case.created_at, case.created_at,
            )
        )  # fmt: skip
    state.count(Client, copy_rows(state.cursor, Client, CLIENT_COLUMNS, rows))
    history = (
        (*row, case.created_at, "cliënt aangemaakt", "+", case.creator.id)
        for row, case in zip(rows, state.cases, strict=True)
    )
    state.count(
        history_model(Client),
        copy_rows(state.cursor, history_model(Client), CLIENT_COLUMNS + HISTORY_COLUMNS, history),
    )


def seed_client_children(state: SeedState) -> None:
    """About a third of the clients have one to three children (the client page lists them)."""
    rng = state.rng

    def rows() -> Iterator[tuple[Any, ...]]:
        for case in state.cases:
            if rng.random() < 0.33:
                for _ in range(rng.choice((1, 1, 2, 3))):
                    born = case.created_at.date() - dt.timedelta(days=rng.randrange(0, 18 * 365))
                    name = f"{rng.choice(names.FIRST_NAMES)} {rng.choice(names.SURNAMES)[1]}"
                    yield (case.client_id, name, born, _address(rng))

    columns = ["client_id", "naam", "geboortedatum", "brp_adres"]
    state.count(ClientChild, copy_rows(state.cursor, ClientChild, columns, rows()))


CASE_COLUMNS = [
    "id", "reference", "client_id", "gemeente_id", "purpose_id", "status", "high_priority", "prioritised_on",
    "prioritised_by", "prioritisation_reason", "approach", "closed_on", "closed_reason", "revision",
    "created_at", "created_by_id", "updated_at",
]  # fmt: skip


def seed_cases(state: SeedState) -> None:
    rng, today = state.rng, timezone.localdate(state.now)
    state.cursor.execute("SELECT nextval(%s)", [REFERENCE_SEQUENCE])
    first_number = int(state.cursor.fetchone()[0])
    approaches = ["", "", "Persoonsgerichte aanpak", "Top X-aanpak", "Levensloopaanpak"]
    rows, history = [], []
    for number, case in enumerate(state.cases, start=first_number):
        created_on = case.created_at.date()
        prioritised = rng.random() < 0.6
        closed = case.status == CaseStatus.AFGESLOTEN
        closed_on = min(created_on + dt.timedelta(days=rng.randrange(60, 500)), today) if closed else None
        revision = 1 if case.status == CaseStatus.AANGEMELD else 2
        case.reference, case.closed_on = f"PGA-{created_on.year}-{number:06d}", closed_on
        row = (
            case.id, case.reference, case.client_id, case.gemeente.id, state.purpose_id,
            case.status, rng.random() < 0.15, created_on - dt.timedelta(days=rng.randrange(0, 30)) if prioritised else None,
            rng.choice(PrioritisedBy.values) if prioritised else "",
            rng.choice(names.PRIORITISATION_REASONS) if prioritised else "", rng.choice(approaches),
            closed_on, "Doelen van het plan bereikt." if closed else "", revision, case.created_at, case.creator.id,
            case.updated_at,
        )  # fmt: skip
        rows.append(row)
        first = (*row[:5], CaseStatus.AANGEMELD.value, *row[6:11], None, "", 1, *row[14:16], case.created_at)
        history.append((*first, case.created_at, "casus aangemaakt", "+", case.creator.id))
        if revision == 2:
            history.append((*row, case.updated_at, "casus gewijzigd", "~", case.creator.id))
    state.count(Case, copy_rows(state.cursor, Case, CASE_COLUMNS, rows))
    state.count(
        history_model(Case),
        copy_rows(state.cursor, history_model(Case), CASE_COLUMNS + HISTORY_COLUMNS, history),
    )
    state.cursor.execute("SELECT setval(%s, %s)", [REFERENCE_SEQUENCE, first_number + max(len(rows) - 1, 0)])


MEMBER_COLUMNS = [
    "id", "case_id", "user_id", "organisation_id", "role", "access", "starts_on", "added_by_id", "removed_at",
    "removed_by_id",
]  # fmt: skip


def _member_row(case: PlannedCase, m: Member, removed: bool) -> tuple[Any, ...]:
    removed_at = m.removed_at if removed else None
    return (
        m.id, case.id, m.user.id if m.user else None, m.org.id if m.org else None, m.role, m.access,
        case.created_at.date(), case.creator.id, removed_at, case.creator.id if removed_at else None,
    )  # fmt: skip


def seed_case_teams(state: SeedState) -> None:
    """Team members, their history, and exactly the guardian permissions ``case_member_add`` grants."""
    rows = ((_member_row(case, m, removed=True)) for case in state.cases for m in case.members)
    state.count(CaseMember, copy_rows(state.cursor, CaseMember, MEMBER_COLUMNS, rows))

    def history_rows() -> Iterator[tuple[Any, ...]]:
        for case in state.cases:
            by = case.creator.id
            for m in case.members:
                row = _member_row(case, m, removed=False)
                yield (*row, case.created_at, "teamlid toegevoegd", "+", by)
                if m.removed_at is not None:
                    yield (*row[:8], m.removed_at, by, m.removed_at, "teamlid verwijderd", "~", by)

    hist = history_model(CaseMember)
    state.count(hist, copy_rows(state.cursor, hist, MEMBER_COLUMNS + HISTORY_COLUMNS, history_rows()))

    view, change = state.view_permission_id, state.change_permission_id

    def permissions(for_users: bool) -> Iterator[tuple[int, int, int]]:
        for case in state.cases:
            for m in case.members:
                if m.removed_at is not None or (m.user is not None) != for_users:
                    continue
                principal = m.user.id if m.user is not None else m.org.group_id  # type: ignore[union-attr]
                yield (principal, view, case.id)
                if m.access == WRITE:
                    yield (principal, change, case.id)

    columns = ["user_id", "permission_id", "content_object_id"]
    rows = copy_rows(state.cursor, CaseUserObjectPermission, columns, permissions(for_users=True))
    state.count(CaseUserObjectPermission, rows)
    columns = ["group_id", "permission_id", "content_object_id"]
    rows = copy_rows(state.cursor, CaseGroupObjectPermission, columns, permissions(for_users=False))
    state.count(CaseGroupObjectPermission, rows)


ACCESS_LOG_COLUMNS = [
    "at", "user_id", "user_label", "organisation_label", "client_id", "case_id", "action", "shown", "purpose",
    "channel", "path", "ip_address",
]  # fmt: skip
SHOWN = (("casusoverzicht", ""), ("cliëntgegevens", "client/"), ("casusteam", "team/"))


def seed_access_log(state: SeedState) -> None:
    rng, now, cases = state.rng, state.now, state.cases
    if not cases:
        return
    # A partition for every month the reads span, so that none of them piles up in the default partition.
    access_log_partitions_ensure(since=timezone.localtime(min(case.created_at for case in cases)).date())

    def rows() -> Iterator[tuple[Any, ...]]:
        for _ in range(state.config.log_rows):
            case = cases[rng.randrange(len(cases))]
            readers = case.active_users() or [case.creator]
            reader = rng.choice(readers)
            at = case.created_at + (now - case.created_at) * rng.random()
            api = rng.random() < 0.1
            if rng.random() < 0.2:
                action, shown, path = "lijst", "casuslijst", "/api/v1/cases/" if api else "/casussen/"
            else:
                shown, suffix = rng.choice(SHOWN)
                action = "inzien"
                path = f"/api/v1/cases/{case.id}/" if api else f"/casussen/{case.id}/{suffix}"
            yield (
                at, reader.id, reader.label, reader.org.name, case.client_id, case.id, action, shown,
                state.purpose_name, "api" if api else "web", path, f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}",
            )  # fmt: skip

    state.count(AccessLog, copy_rows(state.cursor, AccessLog, ACCESS_LOG_COLUMNS, rows()))
