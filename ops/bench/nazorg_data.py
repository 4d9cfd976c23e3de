"""Seed step for nazorg (detention aftercare hand-over): one detention episode per case by default, so
100,000 at national scale, with the documents, hand-over trail, consents and shares their life so far left.

What is written mirrors the services (``nazorg/services``):
- ``episode_register``: reference NZ-<year>-<number> from ``nazorg_episode_reference_seq``; the gemeente van
  herkomst from the BRP, or two of the three years before detention, else none (the coordinators' queue);
- ``document_start``/``document_submit``: one row per version; a submitted version never changes and a
  correction supersedes it; the meldingsblad sets ``notice_received_on`` (and ``gemeente_since``), the
  ontslagbericht ``released_on``; the MMD'er writes the PI's documents, the municipality the gemeenteblad;
- ``handover_*`` and ``episode_import``: every move leaves a ``HandoverEvent``; an import links the case and
  client the municipality made (here: a seeded case of that gemeente, whose client the detainee becomes);
- ``consent_record``/``episode_share``: a share only under a covering consent, after the basisdocument.
The deadlines follow in ``ops.bench.nazorg_deadlines``, derived from the episodes as the database holds them.

Episodes start over the last three years (~33,000 releases a year, the seed's ~34,000); stays are very short
(< 2 weeks, L561) for 30%, long (≥ 4 months after the verdict, L1694) for ~17%, so ~10% are still detained.
Prisons weigh by size; municipalities by their PGA caseload (a few cities and a long tail). Two identities:
an MMD'er at the largest prison and a contactpersoon nazorg at the municipality with the largest caseload.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from nazorg.models import (
    Consent,
    DetentionEpisode,
    DetentionStatus,
    DocumentKind,
    DocumentStatus,
    EpisodeShare,
    HandoverEvent,
    HandoverEventKind,
    HandoverStatus,
    NazorgDocument,
    NotScreenedReason,
    ReleaseDateChange,
    ReleaseDateReason,
)
from nazorg.models.consent import CARE_PROVIDER_TYPES
from ops.bench import names
from ops.bench.bulk import copy_rows, next_id, sync_sequence
from ops.bench.cases import HISTORY_COLUMNS
from ops.bench.deadline_data import Calendar
from ops.bench.nazorg_documents import as_json, document_data
from ops.bench.people import F, T
from ops.bench.state import (
    BENCH_COORDINATOR_EMAIL,
    BENCH_PASSWORD,
    EMAIL_DOMAIN,
    Org,
    Person,
    PlannedCase,
    SeedState,
    added_later,
    history_model,
)
from privacy.models import Organisation, User

BENCH_MMD_EMAIL = f"bench-mmd@{EMAIL_DOMAIN}"
BENCH_NAZORG_EMAIL = f"bench-nazorg@{EMAIL_DOMAIN}"
REFERENCE_SEQUENCE = "nazorg_episode_reference_seq"
SPAN_DAYS = 3 * 365
K, S, E = DocumentKind, DocumentStatus, HandoverEventKind
CARE_TYPES = tuple(value for value, _label in CARE_PROVIDER_TYPES if value != "overig")
LOCATIONS = ("Huis van Bewaring", "Gevangenis", "Extra Zorgvoorziening", "Beperkt Beveiligde Afdeling")
MOVE_REASONS = (
    "Woont sinds een half jaar bij zijn moeder in deze gemeente; in overleg overgedragen.",
    "Heeft een briefadres bij de maatschappelijke opvang hier.",
    "Niet ingeschreven in onze gemeente; de laatste jaren verbleef hij elders.",
)
CORRECTIONS = ("Einddatum aangepast na uitspraak in hoger beroep", "Adres na ontslag gecorrigeerd",
               "Contactgegevens MMD'er bijgewerkt", "Status onderdak gewijzigd na gesprek")  # fmt: skip
SHARE_REASONS = ("Ambulante behandeling na ontslag voortzetten", "Intake verslavingszorg vóór ontslag",
                 "Woonplek regelen bij ontslag", "Toezicht bijzondere voorwaarden")  # fmt: skip

EPISODE_COLUMNS = [
    "id", "reference", "achternaam", "voornamen", "geboortedatum", "bsn", "prison_id", "locatie", "plaats",
    "mmd_id", "detention_start", "status", "sentenced_on", "expected_release", "released_on", "not_screened",
    "brp_gemeente_id", "gemeente_jaar_1_id", "gemeente_jaar_2_id", "gemeente_jaar_3_id", "gemeente_herkomst_id",
    "gemeente_id", "gemeente_vestiging_id", "handover_status", "notice_received_on", "gemeente_since",
    "client_id", "case_id", "revision", "created_at", "created_by_id",
]  # fmt: skip
DOCUMENT_COLUMNS = [
    "id", "episode_id", "kind", "number", "status", "data", "revision", "channel", "correction_reason",
    "created_by_id", "created_at", "updated_at", "submitted_by_id", "submitted_at",
]  # fmt: skip
EVENT_COLUMNS = ["episode_id", "kind", "from_gemeente_id", "to_gemeente_id", "reason", "by_id", "at"]
RELEASE_COLUMNS = ["episode_id", "old_date", "new_date", "reason", "note", "changed_by_id", "changed_at"]
CONSENT_COLUMNS = ["id", "episode_id", "signed_on", "scope", "evidence", "recorded_by_id", "recorded_at",
                   "withdrawn_on"]  # fmt: skip
SHARE_COLUMNS = [
    "episode_id",
    "organisation_id",
    "consent_id",
    "reason",
    "shared_by_id",
    "shared_at",
    "ended_on",
]
USER_COLUMNS = ["id", "password", "is_superuser", "email", "first_name", "last_name", "phone", "function",
                "is_staff", "is_active", "date_joined", "organisation_id"]  # fmt: skip


@dataclass(slots=True)
class Doc:
    id: int
    kind: str
    number: int
    status: str
    created_at: dt.datetime
    by: Person
    data: str
    submitted_at: dt.datetime | None = None
    correction_reason: str = ""


@dataclass(slots=True)
class Event:
    kind: str
    at: dt.datetime
    by: Person | None
    from_id: int | None = None
    to_id: int | None = None
    reason: str = ""


@dataclass(slots=True)
class Episode:
    id: int
    reference: str
    prison: Org
    registrar: Person
    mmd: Person | None
    created_at: dt.datetime
    person: tuple[str, str, dt.date, str]  # achternaam, voornamen, geboortedatum, bsn
    locatie: str
    plaats: str
    start: dt.date
    status: str
    sentenced_on: dt.date | None
    expected_release: dt.date | None
    released_on: dt.date | None
    not_screened: str
    origin: tuple[Org | None, Org | None, Org | None, Org | None]  # brp, 1, 2 and 3 years before
    herkomst: Org | None
    gemeente: Org | None = None
    vestiging: Org | None = None
    handover: str = HandoverStatus.OPEN.value
    notice: dt.date | None = None
    since: dt.date | None = None
    case: PlannedCase | None = None
    docs: list[Doc] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    release_change: tuple[Any, ...] | None = None
    consent: tuple[Any, ...] | None = None
    share: tuple[Any, ...] | None = None

    @property
    def revision(self) -> int:
        moves = sum(e.kind in (E.FORWARDED, E.ASSIGNED, E.REJECTED, E.IMPORTED) for e in self.events)
        return 1 + moves + (self.notice is not None) + (self.released_on is not None)

    def submitted(self, kind: str) -> Doc | None:
        return next((d for d in self.docs if d.kind == kind and d.submitted_at is not None), None)


def _weighted(items: list[Any], weights: list[float]) -> tuple[list[Any], list[float]]:
    return items, list(accumulate(weights))


class _People:
    """Who does what: prisons with their MMD'ers, municipalities with their contact persons, coordinators."""

    def __init__(self, state: SeedState) -> None:
        self.mmds: dict[int, list[Person]] = defaultdict(list)
        self.municipal: dict[int, list[Person]] = {}
        # the benchmark contactpersoon: stands in where a gemeente has no staff at all
        self.contact: Person | None = None
        by_org: dict[int, dict[str, list[Person]]] = defaultdict(lambda: defaultdict(list))
        for person in state.users:
            by_org[person.org.id][person.function].append(person)
            if person.org.type == T.PENITENTIAIRE_INRICHTING and person.function == F.MMD:
                self.mmds[person.org.id].append(person)
        self.queue_coordinators = [
            p
            for p in state.users
            if p.function == F.COORDINATOR
            and p.org.type in (T.GEMEENTE, T.VEILIGHEIDSHUIS)
            and p.email != BENCH_COORDINATOR_EMAIL  # the benchmark coordinator stays free of nazorg work
        ]
        caseload: dict[int, list[PlannedCase]] = defaultdict(list)
        for case in state.cases:
            caseload[case.gemeente.id].append(case)
        gemeenten = sorted(
            (o for o in state.orgs if o.type == T.GEMEENTE), key=lambda o: -len(caseload[o.id])
        )
        for org in gemeenten:
            functions = by_org[org.id]
            self.municipal[org.id] = (
                functions[F.CONTACTPERSOON_NAZORG]
                or functions[F.COORDINATOR]
                or [p for people in functions.values() for p in people]
            )
        self.gemeenten = _weighted(gemeenten, [len(caseload[o.id]) + 1 for o in gemeenten])
        self.cases = caseload
        self.prisons: list[Org] = [o for o in state.orgs if o.type == T.PENITENTIAIRE_INRICHTING]
        self.care: dict[tuple[int, str], list[Org]] = defaultdict(list)
        for org in state.orgs:
            if org.type in CARE_TYPES:
                self.care[(org.region, org.type)].append(org)


def _create_prison(state: SeedState) -> Org:
    """A database seeded with very few organisations may hold no prison: add one (with its group)."""
    org = Org(
        next_id(state.cursor, Organisation), "PI Benchmark (regio 01)", T.PENITENTIAIRE_INRICHTING, 0, 0
    )
    org.group_id = next_id(state.cursor, Group)
    state.count(Group, copy_rows(state.cursor, Group, ["id", "name"], [(org.group_id, f"org:{org.name}")]))
    columns = ["id", "name", "type", "cbs_code", "is_active", "group_id"]
    row = (org.id, org.name, org.type, "", True, org.group_id)
    state.count(Organisation, copy_rows(state.cursor, Organisation, columns, [row]))
    state.orgs.append(org)
    return org


def _create_user(state: SeedState, org: Org, function: str, first: str, last: str, email: str) -> Person:
    person = Person(next_id(state.cursor, User), org, function, first, last, email)
    row = (
        person.id, make_password(BENCH_PASSWORD), False, email, first, last, "06-23456789", function, False,
        True, state.now - dt.timedelta(days=800), org.id,
    )  # fmt: skip
    state.count(User, copy_rows(state.cursor, User, USER_COLUMNS, [row]))
    through = User.groups.through
    state.count(
        through, copy_rows(state.cursor, through, ["user_id", "group_id"], [(person.id, org.group_id)])
    )
    state.users.append(person)
    return person


def _identities(state: SeedState, people: _People) -> tuple[Person, Person]:
    """The MMD'er at the largest prison and the contactpersoon nazorg at the municipality with the largest
    caseload (municipalities get episodes in proportion to it)."""
    if not people.prisons:
        people.prisons.append(_create_prison(state))
    known = {p.email: p for p in state.users if p.email in (BENCH_MMD_EMAIL, BENCH_NAZORG_EMAIL)}
    mmd = known.get(BENCH_MMD_EMAIL) or _create_user(
        state, people.prisons[0], F.MMD.value, "Mirjam", "Benchmark", BENCH_MMD_EMAIL
    )
    gemeente = people.gemeenten[0][0]
    contact = known.get(BENCH_NAZORG_EMAIL) or _create_user(
        state, gemeente, F.CONTACTPERSOON_NAZORG.value, "Noor", "Benchmark", BENCH_NAZORG_EMAIL
    )
    people.contact = contact
    if mmd not in people.mmds[mmd.org.id]:
        people.mmds[mmd.org.id].append(mmd)
    people.municipal[contact.org.id] = [
        contact,
        *(
            p
            for p in people.municipal.get(contact.org.id, [])
            if p.function == F.CONTACTPERSOON_NAZORG and p.id != contact.id
        ),
    ]
    # prisons without MMD'ers take no detainees; the largest (the first) is the benchmark MMD'er's
    people.prisons = [mmd.org] + [o for o in people.prisons if o.id != mmd.org.id and people.mmds[o.id]]
    return mmd, contact


def _contact(person: Person, phone_prefix: str) -> tuple[str, str, str]:
    return (
        f"{person.first_name} {person.last_name}",
        f"{phone_prefix}-{1_000_000 + person.id % 8_999_999}",
        person.email,
    )


def _bsns(rng: random.Random) -> Iterator[str]:
    number = 30_000_000 + rng.randrange(10_000_000)
    while True:
        digits = f"{number:08d}"
        check = sum(int(d) * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if check < 10:
            yield digits + str(check)
        number += 1


def _duration(rng: random.Random) -> int:
    draw = rng.random()
    if draw < 0.30:
        return rng.randint(1, 13)  # very short stay (L561)
    if draw < 0.83:
        return rng.randint(14, 122)
    return int(125 * 8 ** rng.random())  # long stay: four months up to almost three years


class _Planner:
    def __init__(self, state: SeedState, people: _People, calendar: Calendar) -> None:
        self.state, self.people, self.calendar = state, people, calendar
        self.rng = state.step_rng("nazorg episodes")
        self.data_rng = state.step_rng("nazorg documents")
        self.now, self.tz = state.now, timezone.get_current_timezone()
        self.today = timezone.localdate(state.now)
        self.bsns = _bsns(self.rng)
        self.doc_id = next_id(state.cursor, NazorgDocument)
        self.consent_id = next_id(state.cursor, Consent)
        prisons = people.prisons
        self.prisons = _weighted(prisons, [1 / (rank + 1) ** 0.5 for rank in range(len(prisons))])
        self.case_queue: dict[int, list[PlannedCase]] = {}

    def at(self, day: dt.date, hour: float) -> dt.datetime:
        moment = dt.datetime.combine(day, dt.time(), tzinfo=self.tz) + dt.timedelta(hours=hour)
        return min(moment, self.now)

    def office(self, day: dt.date) -> dt.datetime:
        return self.at(day, 8.5 + 8 * self.rng.random())

    def gemeente(self, not_this: Org | None = None) -> Org:
        items, cumulative = self.people.gemeenten
        for _ in range(10):
            chosen = self.rng.choices(items, cum_weights=cumulative)[0]
            if chosen is not not_this:
                return chosen
        return chosen

    def municipal_user(self, gemeente: Org) -> Person:
        staff = self.people.municipal.get(gemeente.id)
        return self.rng.choice(staff) if staff else self.people.contact  # type: ignore[return-value]

    def case_of(self, gemeente: Org) -> PlannedCase | None:
        """A seeded case of the gemeente (the one the import made); each case takes one episode while it can."""
        if gemeente.id not in self.case_queue:
            cases = list(self.people.cases.get(gemeente.id, []))
            self.rng.shuffle(cases)
            self.case_queue[gemeente.id] = cases
        queue = self.case_queue[gemeente.id]
        return queue.pop() if queue else None

    def document(
        self,
        episode: Episode,
        kind: str,
        day: dt.date,
        by: Person,
        *,
        submit: bool,
        correction: float = 0.0,
        phone: str = "0546",
        fixed: dict[str, Any] | None = None,
    ) -> Doc:
        rng = self.rng
        when = self.office(day)
        created = max(when - dt.timedelta(hours=rng.uniform(0.2, 30)), episode.created_at)
        data = as_json(document_data(self.data_rng, kind, day, _contact(by, phone), fixed))
        doc = Doc(self.doc_id, kind, 1, S.SUBMITTED if submit else S.DRAFT, created, by, data)
        doc.submitted_at = max(when, created) if submit else None
        self.doc_id += 1
        episode.docs.append(doc)
        fix_day = day + dt.timedelta(days=rng.randint(1, 20))
        if submit and rng.random() < correction and fix_day <= self.today:
            doc.status = S.SUPERSEDED
            fixed_at = max(self.office(fix_day), doc.submitted_at)  # type: ignore[type-var]
            again = Doc(
                self.doc_id, kind, 2, S.SUBMITTED, fixed_at, by, data, fixed_at, rng.choice(CORRECTIONS)
            )
            self.doc_id += 1
            episode.docs.append(again)
        return doc

    def plan(self, index: int, total: int, episode_id: int, number: int) -> Episode:
        rng, today, days = self.rng, self.today, dt.timedelta
        start = today - days(SPAN_DAYS) + days(int(SPAN_DAYS * (index + rng.random()) / total))
        prison = rng.choices(self.prisons[0], cum_weights=self.prisons[1])[0]
        mmds = self.people.mmds[prison.id]
        mmd = rng.choice(mmds) if rng.random() < 0.95 else None
        registrar = mmd or rng.choice(mmds)
        end = start + days(_duration(rng))
        # a release date just passed without an ontslagbericht yet: the deadline is overdue
        released = end <= today and not (end > today - days(5) and rng.random() < 0.3)
        long_stay_class = (end - start).days >= 125
        sentenced = (long_stay_class or rng.random() < 0.55) if not released else rng.random() < 0.8
        sentenced_on = None
        if sentenced:
            sentenced_on = start + days(rng.randint(0, max(min(60, (min(end, today) - start).days), 0)))
            if long_stay_class:
                sentenced_on = min(sentenced_on, end - days(125))
        prefix, surname = rng.choice(names.SURNAMES)
        first = rng.choice(names.FIRST_NAMES)
        given = f"{first} {rng.choice(names.MIDDLE_NAMES)}" if rng.random() < 0.5 else first
        born = start - days(rng.randint(18 * 365, 65 * 365))
        draw = rng.random()
        not_screened = (
            NotScreenedReason.FOREIGNER.value
            if draw < 0.04
            else NotScreenedReason.TOO_SHORT.value
            if (end - start).days < 14 and draw < 0.10
            else ""
        )
        home = self.gemeente()
        draw = rng.random()
        if draw < 0.90:  # registered in the BRP
            origin: tuple[Org | None, ...] = (home, None, None, None)
        elif draw < 0.95:  # two of the three years before detention (L364-377)
            origin = (None, home, home, self.gemeente() if rng.random() < 0.5 else None)
        else:  # long without a fixed address: no gemeente van herkomst
            origin = (None, self.gemeente() if rng.random() < 0.5 else None, None, None)
        herkomst = origin[0] or (origin[1] if origin[1] is not None and origin[1] is origin[2] else None)
        episode = Episode(
            id=episode_id,
            reference=f"NZ-{start.year}-{number:06d}",
            prison=prison,
            registrar=registrar,
            mmd=mmd,
            created_at=self.office(start),
            person=(
                f"{prefix} {surname}".strip(),
                given,
                born,
                next(self.bsns) if rng.random() < 0.85 else "",
            ),
            locatie=LOCATIONS[prison.id % len(LOCATIONS)],
            plaats=names.PLACES[prison.id % len(names.PLACES)],
            start=start,
            status=DetentionStatus.VEROORDEELD.value if sentenced else DetentionStatus.PREVENTIEF.value,
            sentenced_on=sentenced_on,
            expected_release=end if sentenced else None,
            released_on=end if released else None,
            not_screened=not_screened,
            origin=origin,  # type: ignore[arg-type]
            herkomst=herkomst,
            gemeente=herkomst,
        )
        self._notice(episode)
        self._documents(episode)
        self._aftercare(episode)
        return episode

    def _notice(self, ep: Episode) -> None:
        """The meldingsblad and what the municipalities did with it."""
        rng, today, days = self.rng, self.today, dt.timedelta
        lag = rng.choices((0, 1, 2, 3, 4, 6), weights=(30, 40, 18, 5, 4, 3))[0]
        notice = self.calendar.add_working_days(ep.start, lag) if lag else ep.start
        if ep.released_on is not None:
            notice = min(notice, ep.released_on)
        elif notice > today or rng.random() < 0.01:  # not sent yet (or forgotten: escalated)
            if rng.random() < 0.6:
                self.document(ep, K.MELDINGSBLAD, min(ep.start, today), ep.registrar, submit=False)
            return
        melding = self.document(ep, K.MELDINGSBLAD, notice, ep.registrar, submit=True, correction=0.02)
        ep.notice, ep.since = notice, notice if ep.gemeente else None
        sent = melding.submitted_at or ep.created_at
        ep.events.append(
            Event(
                E.NOTIFIED if ep.gemeente else E.QUEUED,
                sent,
                ep.registrar,
                None,
                ep.gemeente and ep.gemeente.id,
            )
        )
        last = ep.released_on or today
        coordinators = self.people.queue_coordinators
        if ep.gemeente is None:
            day = notice + days(rng.randint(1, 12))
            if day <= last and rng.random() < 0.85:
                self._assign(ep, day, rng.choice(coordinators) if coordinators else None)
        elif rng.random() < 0.03:  # another municipality of return, in consultation (L391-403)
            day = notice + days(rng.randint(1, 7))
            if day <= last:
                to = self.gemeente(not_this=ep.gemeente)
                by = self.municipal_user(ep.gemeente)
                ep.events.append(
                    Event(E.FORWARDED, self.office(day), by, ep.gemeente.id, to.id, rng.choice(MOVE_REASONS))
                )
                ep.gemeente, ep.since = to, day
        elif rng.random() < 0.01:  # not ours: to the queue, and placed by a coordinator
            day = notice + days(rng.randint(1, 5))
            if day <= last:
                by, reason, at = (
                    self.municipal_user(ep.gemeente),
                    rng.choice(MOVE_REASONS),
                    self.office(day),
                )
                ep.events += [
                    Event(E.REJECTED, at, by, ep.gemeente.id, None, reason),
                    Event(E.QUEUED, at, by, ep.gemeente.id, None, reason),
                    Event(E.QUEUED, at, by, None, None, reason),
                ]
                ep.gemeente, ep.since = None, day
                later = day + days(rng.randint(1, 10))
                if later <= last and rng.random() < 0.8:
                    self._assign(ep, later, rng.choice(coordinators) if coordinators else None)
        if ep.gemeente is not None and ep.since is not None:
            accepted = ep.since + days(int(rng.expovariate(1 / 3)))
            if accepted <= today and rng.random() > 0.02:
                by = self.municipal_user(ep.gemeente)
                ep.events.append(Event(E.ACCEPTED, self.office(accepted), by, None, ep.gemeente.id))
                ep.handover = HandoverStatus.ACCEPTED.value

    def _assign(self, ep: Episode, day: dt.date, by: Person | None) -> None:
        ep.gemeente, ep.since = self.gemeente(), day
        ep.events.append(Event(E.ASSIGNED, self.office(day), by, None, ep.gemeente.id))

    def _documents(self, ep: Episode) -> None:
        rng, today, days = self.rng, self.today, dt.timedelta
        if ep.notice is None:
            return
        running = ep.released_on is None
        by = ep.registrar
        if ep.gemeente is not None and ep.since is not None:
            contact = self.municipal_user(ep.gemeente)
            day = ep.since + days(int(rng.expovariate(1 / 3)))
            if day <= today and rng.random() < 0.85:
                self.document(ep, K.GEMEENTEBLAD, day, contact, submit=True, correction=0.01, phone="14053")
            elif running and rng.random() < 0.5:
                self.document(ep, K.GEMEENTEBLAD, min(day, today), contact, submit=False, phone="14053")
        if not ep.not_screened:
            day = self.calendar.add_working_days(ep.notice, int(rng.triangular(2, 16, 8)))
            late = ep.released_on is not None and day > ep.released_on and rng.random() < 0.5
            if day <= today and not late and rng.random() < 0.92:
                self.document(ep, K.BASISDOCUMENT, day, by, submit=True, correction=0.03)
            elif running and rng.random() < 0.6:
                self.document(ep, K.BASISDOCUMENT, min(ep.notice + days(1), today), by, submit=False)
        model = DetentionEpisode(
            status=ep.status,
            detention_start=ep.start,
            sentenced_on=ep.sentenced_on,
            expected_release=ep.expected_release,
        )
        if model.is_long_stay and ep.expected_release is not None:
            day = max(ep.expected_release - days(56 + rng.randint(-10, 14)), ep.notice)
            if ep.released_on is not None:
                day = min(day, ep.released_on)
            if day <= today and rng.random() < 0.85:
                self.document(ep, K.OVERDRACHTSDOCUMENT, day, by, submit=True, correction=0.02)
            elif running and day - days(21) <= today and rng.random() < 0.5:
                self.document(ep, K.OVERDRACHTSDOCUMENT, min(day, today), by, submit=False)
        if ep.released_on is not None:
            fixed = {"ontslagdatum": ep.released_on.isoformat()}
            self.document(ep, K.ONTSLAGBERICHT, ep.released_on, by, submit=True, fixed=fixed)
        elif (
            ep.expected_release is not None and (ep.expected_release - today).days <= 3 and rng.random() < 0.3
        ):
            self.document(
                ep,
                K.ONTSLAGBERICHT,
                today,
                by,
                submit=False,
                fixed={"ontslagdatum": ep.expected_release.isoformat()},
            )

    def _aftercare(self, ep: Episode) -> None:
        """Release-date changes, the gemeente van vestiging, consent and sharing, and the import."""
        rng, today, days = self.rng, self.today, dt.timedelta
        by = ep.registrar
        if ep.expected_release is not None and ep.sentenced_on is not None and rng.random() < 0.15:
            old = ep.expected_release + days(rng.choice((-1, 1)) * rng.randint(7, 90))
            low, high = ep.sentenced_on, min(today, ep.expected_release)
            day = low + days(rng.randint(0, max((high - low).days, 0)))
            reason = rng.choice(ReleaseDateReason.values)
            ep.release_change = (
                old,
                ep.expected_release,
                reason,
                "",
                by.id,
                max(self.office(day), ep.created_at),
            )
        basis = ep.submitted(K.BASISDOCUMENT)
        if ep.gemeente is not None and (ep.released_on is not None or basis) and rng.random() < 0.6:
            ep.vestiging = ep.gemeente if rng.random() < 0.9 else self.gemeente(not_this=ep.gemeente)
        if ep.notice is not None and not ep.not_screened and rng.random() < 0.45:
            last = ep.released_on or today
            signed = min(ep.notice + days(rng.randint(0, 15)), last)
            scope = rng.sample(CARE_TYPES, rng.randint(1, 3))
            withdrawn = signed + days(rng.randint(10, 200)) if rng.random() < 0.05 else None
            withdrawn = withdrawn if withdrawn is not None and withdrawn <= today else None
            evidence = f"Getekend formulier in het PI-dossier, kenmerk {ep.reference}/T1"
            ep.consent = (
                self.consent_id,
                ep.id,
                signed,
                scope,
                evidence,
                by.id,
                self.office(signed),
                withdrawn,
            )
            self.consent_id += 1
            region = (ep.gemeente or ep.prison).region
            kind = rng.choice(scope)
            organisations = self.people.care.get((region, kind), [])
            if basis is not None and organisations and rng.random() < 0.35:
                shared_at = max(self.office(signed + days(rng.randint(0, 10))), basis.submitted_at)  # type: ignore[type-var]
                if shared_at.date() <= today:
                    org = rng.choice(organisations)
                    ended = withdrawn
                    if ended is None and ep.released_on is not None and rng.random() < 0.3:
                        ended = ep.released_on + days(rng.randint(30, 120))
                        ended = ended if ended <= today else None
                    reason = rng.choice(SHARE_REASONS)
                    ep.share = (ep.id, org.id, ep.consent[0], reason, by.id, shared_at, ended)
                    ep.events.append(Event(E.SHARED, shared_at, by, None, None, f"{org.name}: {reason}"))
        if ep.released_on is not None and ep.handover == HandoverStatus.ACCEPTED and ep.gemeente is not None:
            day = ep.released_on + days(int(rng.expovariate(1 / 7)))
            if day <= today and rng.random() < 0.45:
                case = self.case_of(ep.gemeente)
                if case is not None:
                    ep.case, ep.handover = case, HandoverStatus.IMPORTED.value
                    by = self.municipal_user(ep.gemeente)
                    ep.events.append(
                        Event(E.IMPORTED, self.office(day), by, None, ep.gemeente.id, case.reference)
                    )
        ep.events.sort(key=lambda e: e.at)


# --- writing ---------------------------------------------------------------------------------------------


def _id(org: Org | None) -> int | None:
    return org.id if org is not None else None


def _episode_row(ep: Episode, clients: dict[int, tuple[str, str, dt.date, str]]) -> tuple[Any, ...]:
    achternaam, voornamen, born, bsn = clients.get(ep.case.client_id, ep.person) if ep.case else ep.person
    brp, year_1, year_2, year_3 = ep.origin
    return (
        ep.id, ep.reference, achternaam, voornamen, born, bsn, ep.prison.id, ep.locatie, ep.plaats, ep.mmd and ep.mmd.id,
        ep.start, ep.status, ep.sentenced_on, ep.expected_release, ep.released_on, ep.not_screened, _id(brp),
        _id(year_1), _id(year_2), _id(year_3), _id(ep.herkomst), _id(ep.gemeente), _id(ep.vestiging), ep.handover,
        ep.notice, ep.since, ep.case and ep.case.client_id, ep.case and ep.case.id, ep.revision, ep.created_at,
        ep.registrar.id,
    )  # fmt: skip


def _episode_history(rows: list[tuple[Any, ...]], planned: list[Episode]) -> Iterator[tuple[Any, ...]]:
    """As registered (no notice, no release, no case yet), and as it is now after the last change."""
    for row, ep in zip(rows, planned, strict=True):
        registered = (
            *row[:14],
            None,
            *row[15:21],
            ep.herkomst and ep.herkomst.id,
            None,
            "open",
            None,
            None,
            None,
            None,
            1,
            *row[29:],
        )
        yield (*registered, ep.created_at, "detentie geregistreerd", "+", ep.registrar.id)
        if ep.revision > 1:
            moments = [e.at for e in ep.events] + [d.submitted_at for d in ep.docs if d.submitted_at]
            last = max(moments, default=ep.created_at)
            changer = next((e.by for e in reversed(ep.events) if e.by is not None), ep.registrar)
            yield (*row, last, "detentie gewijzigd", "~", changer.id)


def _document_rows(planned: list[Episode]) -> Iterator[tuple[Any, ...]]:
    for ep in planned:
        for d in ep.docs:
            submitted_by = d.by.id if d.submitted_at else None
            updated = d.submitted_at or d.created_at
            yield (
                d.id, ep.id, str(d.kind), d.number, str(d.status), d.data, 2, "web",
                d.correction_reason, d.by.id, d.created_at, updated, submitted_by, d.submitted_at,
            )  # fmt: skip


def _document_history(planned: list[Episode]) -> Iterator[tuple[Any, ...]]:
    """``document_start`` creates the draft; ``document_submit`` saves the submitted version."""
    for row in _document_rows(planned):
        draft = (*row[:4], S.DRAFT.value, row[5], 1, row[7], "", *row[9:11], row[10], None, None)
        yield (*draft, row[10], "", "+", row[9])
        if row[13] is not None:
            yield (*row, row[13], "", "~", row[9])


def _write(state: SeedState, planned: list[Episode]) -> None:
    cursor = state.cursor
    client_ids = [ep.case.client_id for ep in planned if ep.case is not None]
    clients: dict[int, tuple[str, str, dt.date, str]] = {}
    if client_ids:
        cursor.execute(
            "SELECT id, trim(voorvoegsel || ' ' || achternaam), voornamen, geboortedatum, bsn "
            "FROM caseplan_client WHERE id = ANY(%s)",
            [client_ids],
        )
        clients = {row[0]: (row[1], row[2], row[3], row[4]) for row in cursor.fetchall()}
    rows = [_episode_row(ep, clients) for ep in planned]
    state.count(DetentionEpisode, copy_rows(cursor, DetentionEpisode, EPISODE_COLUMNS, rows))
    hist = history_model(DetentionEpisode)
    columns = EPISODE_COLUMNS + HISTORY_COLUMNS
    state.count(hist, copy_rows(cursor, hist, columns, _episode_history(rows, planned)))
    del rows
    state.count(NazorgDocument, copy_rows(cursor, NazorgDocument, DOCUMENT_COLUMNS, _document_rows(planned)))
    hist = history_model(NazorgDocument)
    columns = DOCUMENT_COLUMNS + HISTORY_COLUMNS
    state.count(hist, copy_rows(cursor, hist, columns, _document_history(planned)))
    events = (
        (ep.id, str(e.kind), e.from_id, e.to_id, e.reason, e.by and e.by.id, e.at)
        for ep in planned
        for e in ep.events
    )
    state.count(HandoverEvent, copy_rows(cursor, HandoverEvent, EVENT_COLUMNS, events))
    changes = ((ep.id, *ep.release_change) for ep in planned if ep.release_change)
    state.count(ReleaseDateChange, copy_rows(cursor, ReleaseDateChange, RELEASE_COLUMNS, changes))
    consents = (ep.consent for ep in planned if ep.consent)
    state.count(Consent, copy_rows(cursor, Consent, CONSENT_COLUMNS, consents))
    shares = (ep.share for ep in planned if ep.share)
    state.count(EpisodeShare, copy_rows(cursor, EpisodeShare, SHARE_COLUMNS, shares))
    for model in (DetentionEpisode, NazorgDocument, Consent):
        sync_sequence(cursor, model)


@added_later(done=lambda: DetentionEpisode.objects.exists())
def seed_nazorg(state: SeedState) -> None:
    if not state.orgs or state.config.episodes < 1:
        return
    people = _People(state)
    if not people.municipal:
        return
    mmd, contact = _identities(state, people)
    cursor = state.cursor
    cursor.execute("SELECT nextval(%s)", [REFERENCE_SEQUENCE])
    first_number = int(cursor.fetchone()[0])
    first_id, total = next_id(cursor, DetentionEpisode), state.config.episodes
    planner = _Planner(state, people, Calendar())
    planned = [planner.plan(i, total, first_id + i, first_number + i) for i in range(total)]
    _write(state, planned)
    cursor.execute("SELECT setval(%s, %s)", [REFERENCE_SEQUENCE, first_number + total - 1])
    running = sum(ep.released_on is None for ep in planned)
    inbox = sum(
        contact.org.id in (_id(ep.gemeente), _id(ep.vestiging)) and ep.notice is not None for ep in planned
    )
    state.log(
        f"    {running:,} of {total:,} detainees still detained; the benchmark MMD'er's prison "
        f"({mmd.org.name}) holds {sum(ep.prison is mmd.org for ep in planned):,} episodes, the benchmark "
        f"contactpersoon's municipality ({contact.org.name}) {inbox:,}"
    )
