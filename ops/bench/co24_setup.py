"""The enrolments of the CO24dak benchmark seeding (``ops.bench.co24_data``) and what ``co24_enrol`` and the team
set up for them: the back offices' municipalities, a first checklist from the standard template (a second
version on some cases, keeping the item keys), the default tipping-point rules and the callers on the list.
Each is planned in memory and written with COPY; the signals follow in ``ops.bench.co24_signals``."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from co24.models import BackOfficeService, Caller, Checklist, ChecklistItem, Enrolment, TippingRule
from ops.bench import co24_texts as texts
from ops.bench import names
from ops.bench.bulk import copy_rows, next_id
from ops.bench.state import Org, Person, PlannedCase, SeedState

TEMPLATE_CODE = "co24-standaard"
SECOND_VERSION_SHARE = 0.25
CALLER_COLUMNS = ["id", "case_id", "name", "kind", "organisation_id", "relation", "phone", "reports", "agreements",
                  "active", "created_by_id", "created_at"]  # fmt: skip
CALL_WEIGHTS = {"professional": 4, "netwerk": 2, "buurt": 2, "client": 1}


@dataclass(slots=True)
class Item:
    id: int
    key: uuid.UUID
    kind: str
    category: str
    text: str
    red_flag: bool
    source: str
    order: int


@dataclass(slots=True)
class Version:
    id: int
    number: int
    active_from: int  # epoch seconds
    items: list[Item]


@dataclass(slots=True)
class Enrolled:
    case: PlannedCase
    office: Org
    operators: list[Person]
    start: int  # epoch seconds
    end: int
    ended_on: dt.date | None
    responder: Person
    signals: int = 0
    versions: list[Version] = field(default_factory=list)
    rules: tuple[int, int] = (0, 0)  # the count rule, the red-flag rule
    callers: list[int] = field(default_factory=list)
    caller_weights: list[float] = field(default_factory=list)


def _person_name(rng: random.Random) -> str:
    prefix, surname = rng.choice(names.SURNAMES)
    return f"{rng.choice(names.FIRST_NAMES)} {prefix} {surname}".replace("  ", " ")


def _phone(rng: random.Random) -> str:
    return f"06-{rng.randrange(10_000_000, 99_999_999)}"


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def plan_checklists(
    cursor: Any, rng: random.Random, enrolled: list[Enrolled], template: list[tuple[Any, ...]]
) -> None:
    """Version 1 from the template for every case; on some (always the first) a version 2 activated later."""
    checklist_id, item_id = next_id(cursor, Checklist), next_id(cursor, ChecklistItem)
    for index, entry in enumerate(enrolled):
        items = []
        for kind, category, text, red_flag, order in template:
            items.append(Item(item_id, _uuid(rng), kind, category, text, red_flag, "sjabloon", order))
            item_id += 1
        entry.versions.append(Version(checklist_id, 1, entry.start, items))
        checklist_id += 1
        if index == 0 or rng.random() < SECOND_VERSION_SHARE:
            since = entry.start + int((entry.end - entry.start) * rng.uniform(0.3, 0.7))
            copies = []
            for item in items:
                copies.append(Item(item_id, item.key, item.kind, item.category, item.text, item.red_flag,
                                   item.source, item.order))  # fmt: skip
                item_id += 1
            order = max(item.order for item in items)
            for kind, category, text, red_flag, source in rng.sample(texts.EXTRA_ITEMS, rng.randint(1, 2)):
                order += 1
                copies.append(Item(item_id, _uuid(rng), kind, category, text, red_flag, source, order))
                item_id += 1
            entry.versions.append(Version(checklist_id, 2, since, copies))
            checklist_id += 1


def _callers(rng: random.Random, entry: Enrolled, caller_id: int) -> Iterator[tuple[Any, ...]]:
    case = entry.case
    created = dt.datetime.fromtimestamp(entry.start, tz=dt.UTC)
    professionals = [
        m.user for m in case.members if m.user is not None and m.user.org.type in texts.PROFESSIONAL_RELATIONS
    ] + [m.org for m in case.members if m.org is not None and m.org.type in texts.PROFESSIONAL_RELATIONS]
    rows: list[tuple[str, str, int | None, str]] = []
    for who in professionals[: rng.randint(1, 2)]:
        org = who.org if isinstance(who, Person) else who
        name = f"{who.first_name} {who.last_name}" if isinstance(who, Person) else _person_name(rng)
        rows.append(("professional", name, org.id, texts.PROFESSIONAL_RELATIONS[org.type]))
    for _ in range(rng.randint(1, 2)):
        rows.append(("netwerk", _person_name(rng), None, rng.choice(texts.NETWORK_RELATIONS)))
    if rng.random() < 0.7:
        rows.append(("buurt", _person_name(rng), None, rng.choice(texts.NEIGHBOUR_RELATIONS)))
    if rng.random() < 0.1:
        rows.append(("client", "De cliënt zelf", None, "cliënt"))
    for kind, name, org_id, relation in rows:
        entry.callers.append(caller_id)
        entry.caller_weights.append(CALL_WEIGHTS[kind] * rng.uniform(0.5, 1.5))
        yield (
            caller_id, case.id, name, kind, org_id, relation, _phone(rng), texts.CALLER_REPORTS[kind],
            texts.CALLER_AGREEMENTS[kind], rng.random() < 0.9, case.creator.id, created,
        )  # fmt: skip
        caller_id += 1


def template_items(state: SeedState) -> tuple[int, list[tuple[Any, ...]]]:
    state.cursor.execute(
        "SELECT t.id, i.kind, i.category, i.text, i.red_flag, i.order FROM co24_checklisttemplate t "
        "JOIN co24_templateitem i ON i.template_id = t.id WHERE t.code = %s ORDER BY i.order, i.id",
        [TEMPLATE_CODE],
    )
    rows = state.cursor.fetchall()
    if not rows:
        raise LookupError(f"The checklist template {TEMPLATE_CODE!r} is missing: run the co24 migrations.")
    return rows[0][0], [row[1:] for row in rows]


def write_setup(
    state: SeedState,
    rng: random.Random,
    served: dict[int, Org],
    enrolled: list[Enrolled],
    *,
    template_id: int,
    since: dt.date,
) -> None:
    """BackOfficeService per served municipality, then per enrolled case its enrolment, checklists, rules, callers."""
    cursor = state.cursor
    services = ((office.id, gemeente_id, since) for gemeente_id, office in sorted(served.items()))
    state.count(BackOfficeService, copy_rows(cursor, BackOfficeService, ["backoffice_id", "gemeente_id", "since"],
                                             services))  # fmt: skip

    def moment(seconds: int) -> dt.datetime:
        return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)

    rows = ((e.case.id, e.office.id, moment(e.start).date(), e.ended_on, e.case.creator.id) for e in enrolled)
    columns = ["case_id", "backoffice_id", "started_on", "ended_on", "started_by_id"]
    state.count(Enrolment, copy_rows(cursor, Enrolment, columns, rows))
    checklists = (
        (v.id, e.case.id, v.number, "actief" if v is e.versions[-1] else "vervangen", template_id,
         "" if v.number == 1 else rng.choice(texts.VERSION_NOTES), e.case.creator.id,
         moment(v.active_from - (0 if v.number == 1 else 86_400)), moment(v.active_from))
        for e in enrolled
        for v in e.versions
    )  # fmt: skip
    columns = ["id", "case_id", "number", "status", "based_on_id", "note", "created_by_id", "created_at",
               "activated_at"]  # fmt: skip
    state.count(Checklist, copy_rows(cursor, Checklist, columns, checklists))
    items = (
        (i.id, v.id, i.key, i.kind, i.category, i.text, i.red_flag, i.source, i.order)
        for e in enrolled
        for v in e.versions
        for i in v.items
    )
    columns = ["id", "checklist_id", "key", "kind", "category", "text", "red_flag", "source", "order"]
    state.count(ChecklistItem, copy_rows(cursor, ChecklistItem, columns, items))
    rule_id, rules = next_id(cursor, TippingRule), []
    for entry in enrolled:  # co24_enrol's DEFAULT_RULES
        entry.rules = (rule_id, rule_id + 1)
        by, created = entry.case.creator.id, moment(entry.start)
        rules.append((rule_id, entry.case.id, "aantal", 3, 7, True, by, created))
        rules.append((rule_id + 1, entry.case.id, "rode_vlag", None, None, True, by, created))
        rule_id += 2
    columns = ["id", "case_id", "kind", "threshold", "window_days", "active", "created_by_id", "created_at"]
    state.count(TippingRule, copy_rows(cursor, TippingRule, columns, rules))
    caller_id = next_id(cursor, Caller)
    callers = []
    for entry in enrolled:
        callers += list(_callers(rng, entry, caller_id))
        caller_id += len(entry.callers)
    state.count(Caller, copy_rows(cursor, Caller, CALLER_COLUMNS, callers))
