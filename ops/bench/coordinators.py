"""Seed step for coordinators: who escalates to whom (``User.coordinator``) and the benchmark coordinator.

Most users get a coordinator of their own organisation (a user with the function *coordinator* there). The
benchmark user coordinates a few hundred people who work on its cases, so the dashboard's team filter has
work. A second benchmark identity, a coordinator at another Veiligheidshuis, reads a large caseload the way
coordinators do: its organisation is a read-only member (meelezer) of ~2,000 case teams, with the matching
``view_case`` group permissions, exactly as ``case_member_add`` grants them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.hashers import make_password

from caseplan.models import CaseGroupObjectPermission, CaseMember, CaseRole
from ops.bench.bulk import copy_rows, next_id, raw_cursor
from ops.bench.cases import HISTORY_COLUMNS, MEMBER_COLUMNS, _member_row
from ops.bench.people import READ, F, T
from ops.bench.state import (
    BENCH_COORDINATOR_EMAIL,
    BENCH_PASSWORD,
    Member,
    Org,
    Person,
    PlannedCase,
    SeedState,
    added_later,
    history_model,
)
from privacy.models import User

USER_COLUMNS = [
    "id", "password", "is_superuser", "email", "first_name", "last_name", "phone", "function", "is_staff",
    "is_active", "date_joined", "organisation_id",
]  # fmt: skip


def _coordinator_org(state: SeedState) -> Org:
    """Another Veiligheidshuis than the benchmark user's, so the two caseloads stay apart."""
    bench_org = state.bench_user.org if state.bench_user else None
    others = [o for o in state.orgs if bench_org is None or o.id != bench_org.id]
    for kind in (T.VEILIGHEIDSHUIS, T.GEMEENTE):
        candidates = [o for o in others if o.type == kind]
        if candidates:
            return candidates[0]
    return others[0] if others else state.orgs[0]


def _create_coordinator(state: SeedState) -> Person:
    org = _coordinator_org(state)
    person = Person(
        next_id(state.cursor, User), org, str(F.COORDINATOR), "Cora", "Coördinator", BENCH_COORDINATOR_EMAIL
    )
    joined = state.now - dt.timedelta(days=800)
    row = (
        person.id, make_password(BENCH_PASSWORD), False, person.email, person.first_name, person.last_name,
        "06-12345678", person.function, False, True, joined, org.id,
    )  # fmt: skip
    state.count(User, copy_rows(state.cursor, User, USER_COLUMNS, [row]))
    through = User.groups.through
    state.count(
        through, copy_rows(state.cursor, through, ["user_id", "group_id"], [(person.id, org.group_id)])
    )
    state.users.append(person)
    state.bench_coordinator = person
    return person


def _assign_coordinators(state: SeedState, coordinator: Person) -> dict[int, int]:
    rng, bench = state.step_rng("coordinators"), state.bench_user
    special = {p.id for p in (bench, coordinator) if p is not None}
    by_org: dict[int, list[Person]] = defaultdict(list)
    for person in state.users:
        if person.id not in special:
            by_org[person.org.id].append(person)
    chosen: dict[int, int] = {}
    for people in by_org.values():
        coordinators = [p for p in people if p.function == F.COORDINATOR]
        for person in people:
            if coordinators and person.function != F.COORDINATOR and rng.random() < 0.9:
                chosen[person.id] = rng.choice(coordinators).id
    for person in by_org.get(coordinator.org.id, []):
        if person.function != F.COORDINATOR:
            chosen[person.id] = coordinator.id
    if bench is not None:
        # people on the benchmark user's cases (directly or through its organisation), not the coordinator's
        on_cases = {
            m.user.id: m.user
            for case in state.cases
            if any(
                m.removed_at is None and (m.user is bench or (m.org is not None and m.org.id == bench.org.id))
                for m in case.members
            )
            for m in case.members
            if m.user is not None and m.removed_at is None and m.user.id not in special
        }
        pool = [p for p in on_cases.values() if p.org.id != coordinator.org.id]
        pool.sort(key=lambda p: p.id)
        picked = rng.sample(pool, min(state.config.bench_coordinated_users, len(pool)))
        if len(picked) < state.config.bench_coordinated_users:
            taken = {p.id for p in picked}
            rest = [p for people in by_org.values() for p in people if p.id not in taken]
            rest = [p for p in rest if p.org.id != coordinator.org.id]
            picked += rng.sample(rest, min(state.config.bench_coordinated_users - len(picked), len(rest)))
        for person in picked:
            chosen[person.id] = bench.id
    return chosen


def _write_coordinators(state: SeedState, chosen: dict[int, int]) -> None:
    cursor = state.cursor
    cursor.execute(
        "CREATE TEMPORARY TABLE bench_user_coordinator (user_id bigint PRIMARY KEY, coordinator_id bigint) "
        "ON COMMIT DROP"
    )
    with raw_cursor(cursor).copy("COPY bench_user_coordinator (user_id, coordinator_id) FROM STDIN") as copy:
        for user_id, coordinator_id in chosen.items():
            copy.write_row((user_id, coordinator_id))
    cursor.execute(
        "UPDATE privacy_user u SET coordinator_id = t.coordinator_id FROM bench_user_coordinator t "
        "WHERE u.id = t.user_id"
    )
    cursor.execute("DROP TABLE bench_user_coordinator")
    for person in state.users:
        person.coordinator_id = chosen.get(person.id, person.coordinator_id)
    state.log(f"    {len(chosen):,} users have a coordinator")


def _coordinator_caseload(state: SeedState, coordinator: Person) -> list[tuple[PlannedCase, Member]]:
    rng, org = state.step_rng("coordinator caseload"), coordinator.org
    wanted = state.config.coordinator_cases

    def free(case: PlannedCase) -> bool:
        return not any(
            m.org is not None and m.org.id == org.id and m.removed_at is None for m in case.members
        )

    region = [c for c in state.cases if c.gemeente.region == org.region and free(c)]
    picked = rng.sample(region, min(wanted, len(region)))
    if len(picked) < wanted:
        taken = {c.id for c in picked}
        rest = [c for c in state.cases if c.id not in taken and free(c)]
        picked += rng.sample(rest, min(wanted - len(picked), len(rest)))
    member_id = next_id(state.cursor, CaseMember)
    added = []
    for offset, case in enumerate(sorted(picked, key=lambda c: c.id)):
        member = Member(member_id + offset, None, org, CaseRole.MEELEZER.value, READ)
        case.members.append(member)
        added.append((case, member))
    return added


def _write_caseload(state: SeedState, added: list[tuple[PlannedCase, Member]]) -> None:
    cursor = state.cursor
    rows = [_member_row(case, member, removed=True) for case, member in added]
    state.count(CaseMember, copy_rows(cursor, CaseMember, MEMBER_COLUMNS, rows))

    def history() -> Iterator[tuple[Any, ...]]:
        for row, (case, _member) in zip(rows, added, strict=True):
            yield (*row, case.created_at, "teamlid toegevoegd", "+", case.creator.id)

    hist = history_model(CaseMember)
    state.count(hist, copy_rows(cursor, hist, MEMBER_COLUMNS + HISTORY_COLUMNS, history()))
    permissions = ((m.org.group_id, state.view_permission_id, case.id) for case, m in added)  # type: ignore[union-attr]
    columns = ["group_id", "permission_id", "content_object_id"]
    state.count(CaseGroupObjectPermission, copy_rows(cursor, CaseGroupObjectPermission, columns, permissions))


@added_later(done=lambda: User.objects.filter(email=BENCH_COORDINATOR_EMAIL).exists())
def seed_coordinators(state: SeedState) -> None:
    if not state.orgs:
        return
    coordinator = _create_coordinator(state)
    _write_coordinators(state, _assign_coordinators(state, coordinator))
    _write_caseload(state, _coordinator_caseload(state, coordinator))
