"""Read the planned state back from a database seeded earlier, so steps added later can run on it (``--reuse``).

The result equals what the seeding held in memory after its last step: organisations (with the region the
seeding gave them), users, the benchmark identities, and the cases with their teams, all in id order.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from ops.bench.people import T
from ops.bench.state import (
    BENCH_COORDINATOR_EMAIL,
    BENCH_EMAIL,
    Member,
    Org,
    Person,
    PlannedCase,
    SeedState,
)


def _organisations(state: SeedState) -> dict[int, Org]:
    cursor = state.cursor
    cursor.execute("SELECT id, name, type, group_id FROM privacy_organisation ORDER BY id")
    rows = cursor.fetchall()
    regions = max(sum(1 for row in rows if row[2] == T.VEILIGHEIDSHUIS), 1)
    index_in_type: Counter[str] = Counter()
    orgs: dict[int, Org] = {}
    for org_id, name, kind, group_id in rows:
        # seed_organisations numbers each type from 0 in id order; a Veiligheidshuis is its own region
        index = index_in_type[kind]
        index_in_type[kind] += 1
        region = index if kind == T.VEILIGHEIDSHUIS else index % regions
        orgs[org_id] = Org(org_id, name, kind, region, group_id)
    state.orgs = list(orgs.values())
    return orgs


def _users(state: SeedState, orgs: dict[int, Org]) -> dict[int, Person]:
    state.cursor.execute(
        "SELECT id, organisation_id, function, first_name, last_name, email, coordinator_id "
        "FROM privacy_user ORDER BY id"
    )
    people: dict[int, Person] = {}
    for user_id, org_id, function, first, last, email, coordinator_id in state.cursor.fetchall():
        person = Person(user_id, orgs[org_id], function, first, last, email, coordinator_id)
        people[user_id] = person
        if email == BENCH_EMAIL:
            state.bench_user = person
        elif email == BENCH_COORDINATOR_EMAIL:
            state.bench_coordinator = person
    state.users = list(people.values())
    return people


def load_state(state: SeedState) -> None:
    orgs = _organisations(state)
    people = _users(state, orgs)
    cursor = state.cursor
    cursor.execute(
        "SELECT id, case_id, user_id, organisation_id, role, access, removed_at "
        "FROM caseplan_casemember ORDER BY id"
    )
    members: dict[int, list[Member]] = defaultdict(list)
    for member_id, case_id, user_id, org_id, role, access, removed_at in cursor.fetchall():
        members[case_id].append(
            Member(
                member_id,
                people[user_id] if user_id else None,
                orgs[org_id] if org_id else None,
                role,
                access,
                removed_at,
            )
        )
    cursor.execute(
        "SELECT id, client_id, gemeente_id, created_at, updated_at, status, created_by_id, reference, closed_on "
        "FROM caseplan_case ORDER BY id"
    )
    state.cases = [
        PlannedCase(
            case_id,
            client_id,
            orgs[gemeente_id],
            created_at,
            updated_at,
            status,
            people[created_by_id],
            members.pop(case_id, []),
            reference,
            closed_on,
        )
        for case_id, client_id, gemeente_id, created_at, updated_at, status, created_by_id, reference, closed_on in (
            cursor.fetchall()
        )
    ]
