"""Seed steps for organisations (each with its auth group) and users (each in their organisation's group)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from caseplan.models import CaseAccess
from ops.bench import names
from ops.bench.bulk import copy_rows, next_id
from ops.bench.state import BENCH_EMAIL, BENCH_PASSWORD, EMAIL_DOMAIN, Org, Person, SeedState
from privacy.models import Function, Organisation, OrganisationType, User

T = OrganisationType
# Share of the organisations per type: about 340 gemeenten and 25 regions (Veiligheidshuizen) at 600.
ORG_TYPE_SHARES: tuple[tuple[str, float], ...] = (
    (T.GEMEENTE, 0.57),
    (T.VEILIGHEIDSHUIS, 0.04),
    (T.GGZ, 0.08),
    (T.POLITIE, 0.05),
    (T.RECLASSERING, 0.04),
    (T.PENITENTIAIRE_INRICHTING, 0.04),
    (T.WONINGCORPORATIE, 0.07),
    (T.VERSLAVINGSZORG, 0.04),
    (T.MAATSCHAPPELIJK_WERK, 0.05),
    (T.OM, 0.01),
    (T.CO24_BACKOFFICE, 0.01),
)
ORG_LABELS = {
    T.GGZ: "GGZ",
    T.POLITIE: "Politie basisteam",
    T.RECLASSERING: "Reclassering",
    T.PENITENTIAIRE_INRICHTING: "PI",
    T.WONINGCORPORATIE: "Woningcorporatie",
    T.VERSLAVINGSZORG: "Verslavingszorg",
    T.MAATSCHAPPELIJK_WERK: "Maatschappelijk werk",
    T.OM: "Openbaar Ministerie",
    T.CO24_BACKOFFICE: "CO24 back office",
}
# Relative number of users per organisation of a type.
USER_WEIGHTS = {
    T.GEMEENTE: 1,
    T.VEILIGHEIDSHUIS: 6,
    T.GGZ: 4,
    T.POLITIE: 6,
    T.RECLASSERING: 4,
    T.PENITENTIAIRE_INRICHTING: 3,
    T.WONINGCORPORATIE: 2,
    T.VERSLAVINGSZORG: 3,
    T.MAATSCHAPPELIJK_WERK: 3,
    T.OM: 2,
    T.CO24_BACKOFFICE: 2,
}
F = Function
FUNCTIONS: dict[str, tuple[tuple[str, int], ...]] = {
    T.GEMEENTE: ((F.PROCESMANAGER, 6), (F.CONTACTPERSOON_NAZORG, 2), (F.COORDINATOR, 1), (F.PARTNER, 1)),
    T.VEILIGHEIDSHUIS: (
        (F.PROCESMANAGER, 14),
        (F.COORDINATOR, 2),
        (F.CASUSCOORDINATOR, 2),
        (F.PRIVACY_OFFICER, 1),
        (F.FUNCTIONEEL_BEHEERDER, 1),
    ),
    T.GGZ: ((F.CASUSCOORDINATOR, 2), (F.PARTNER, 3)),
    T.PENITENTIAIRE_INRICHTING: ((F.MMD, 7), (F.PARTNER, 3)),
    T.CO24_BACKOFFICE: ((F.BACKOFFICE, 1),),
}
# Organisations that join case teams as a whole (through their group).
WHOLE_ORG_TYPES = {
    T.POLITIE,
    T.RECLASSERING,
    T.GGZ,
    T.VERSLAVINGSZORG,
    T.WONINGCORPORATIE,
    T.MAATSCHAPPELIJK_WERK,
}
NON_PARTNER_TYPES = {T.GEMEENTE, T.VEILIGHEIDSHUIS, T.CO24_BACKOFFICE}
WRITE, READ = CaseAccess.WRITE.value, CaseAccess.READ.value


def _org_type_counts(total: int) -> list[tuple[str, int]]:
    counts = {kind: int(total * share) for kind, share in ORG_TYPE_SHARES}
    counts[T.VEILIGHEIDSHUIS] = max(counts[T.VEILIGHEIDSHUIS], 1 if total >= 2 else 0)
    counts[T.GEMEENTE] = max(counts[T.GEMEENTE], 1)
    leftover = total - sum(counts.values())
    kinds = [kind for kind, _ in ORG_TYPE_SHARES if kind not in (T.GEMEENTE, T.VEILIGHEIDSHUIS)]
    index = 0
    while leftover > 0:  # partners first, so small runs still have whole organisations to add to teams
        counts[kinds[index % len(kinds)]] += 1
        index += 1
        leftover -= 1
    while leftover < 0:
        kind = max(kinds, key=lambda k: counts[k])
        counts[kind] -= 1
        leftover += 1
    return [(kind, counts[kind]) for kind, _ in ORG_TYPE_SHARES]


def _gemeente_name(index: int) -> str:
    place = names.PLACES[index % len(names.PLACES)]
    return (
        f"Gemeente {place}"
        if index < len(names.PLACES)
        else f"Gemeente {place} {index // len(names.PLACES) + 1}"
    )


def seed_organisations(state: SeedState) -> None:
    counts = _org_type_counts(state.config.orgs)
    regions = max(dict(counts)[T.VEILIGHEIDSHUIS], 1)
    group_id, org_id = next_id(state.cursor, Group), next_id(state.cursor, Organisation)
    cbs = 0
    for kind, count in counts:
        for index in range(count):
            if kind == T.GEMEENTE:
                name, region = _gemeente_name(index), index % regions
            elif kind == T.VEILIGHEIDSHUIS:
                name, region = f"Zorg- en Veiligheidshuis regio {index + 1:02d}", index
            else:
                region = index % regions
                name = f"{ORG_LABELS[kind]} {index + 1:03d} (regio {region + 1:02d})"
            state.orgs.append(Org(org_id, name, str(kind), region, group_id))
            org_id += 1
            group_id += 1
    state.count(
        Group,
        copy_rows(state.cursor, Group, ["id", "name"], ((o.group_id, f"org:{o.name}") for o in state.orgs)),
    )

    def org_rows() -> Iterator[tuple[Any, ...]]:
        nonlocal cbs
        for org in state.orgs:
            code = ""
            if org.type == T.GEMEENTE:
                cbs += 1
                code = f"GM{cbs:04d}"
            yield (org.id, org.name, org.type, code, True, org.group_id)

    columns = ["id", "name", "type", "cbs_code", "is_active", "group_id"]
    state.count(Organisation, copy_rows(state.cursor, Organisation, columns, org_rows()))


def _person_name(rng: random.Random) -> tuple[str, str]:
    prefix, surname = rng.choice(names.SURNAMES)
    return rng.choice(names.FIRST_NAMES), f"{prefix} {surname}".strip()


def seed_users(state: SeedState) -> None:
    rng, orgs = state.rng, state.orgs
    bench_org = next((o for o in orgs if o.type == T.VEILIGHEIDSHUIS), orgs[0])
    regular = max(state.config.users - 1, 0)
    per_org = [1 if regular >= len(orgs) else 0 for _ in orgs]
    weights = [USER_WEIGHTS.get(o.type, 1) for o in orgs]
    for index in rng.choices(range(len(orgs)), weights=weights, k=regular - sum(per_org)):
        per_org[index] += 1
    user_id = next_id(state.cursor, User)
    for org, count in zip(orgs, per_org, strict=True):
        functions = FUNCTIONS.get(org.type, ((F.PARTNER, 1),))
        picks = rng.choices([str(f) for f, _ in functions], weights=[w for _, w in functions], k=count)
        for function in picks:
            first, last = _person_name(rng)
            email = f"{first.lower()}.{user_id:06d}@{EMAIL_DOMAIN}"
            state.users.append(Person(user_id, org, function, first, last, email))
            user_id += 1
    state.bench_user = Person(user_id, bench_org, str(F.PROCESMANAGER), "Bente", "Benchmark", BENCH_EMAIL)
    state.users.append(state.bench_user)

    password = make_password(BENCH_PASSWORD)
    joined = state.now - dt.timedelta(days=800)

    def user_rows() -> Iterator[tuple[Any, ...]]:
        for p in state.users:
            phone = f"06-{rng.randrange(10_000_000, 99_999_999)}"
            yield (
                p.id,
                password,
                False,
                p.email,
                p.first_name,
                p.last_name,
                phone,
                p.function,
                False,
                True,
                joined,
                p.org.id,
            )

    columns = [
        "id", "password", "is_superuser", "email", "first_name", "last_name", "phone", "function", "is_staff",
        "is_active", "date_joined", "organisation_id",
    ]  # fmt: skip
    state.count(User, copy_rows(state.cursor, User, columns, user_rows()))
    through = User.groups.through
    rows = ((p.id, p.org.group_id) for p in state.users)
    state.count(through, copy_rows(state.cursor, through, ["user_id", "group_id"], rows))
