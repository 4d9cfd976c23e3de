"""Reads for the privacy officer's access-log viewer (/privacy/inzagelog/, issue 15).

Every query filters on what an index serves (client and time, user and time, or time alone, newest first)
and fetches one page plus one row, so that it stays fast at ten million rows: no count over the table.
Resolving a client by name, date of birth or BSN is itself a read of client data and is logged with the
purpose ``PURPOSE``; so is opening the log of one client ("wie heeft mijn gegevens bekeken").
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, QuerySet
from django.http import HttpRequest

from privacy.access_log.hooks import ClientFound, ClientSearch, resolve_clients
from privacy.models import AccessLog, Function, User
from privacy.services import Viewed, access_log_record

PURPOSE = "privacyverzoek/controle inzagelog"
PAGE_SIZE = 50
MAX_PAGES = 200  # deeper than this, narrow the search (offset paging costs what it skips)
CSV_MAX_ROWS = 100_000


@dataclass(frozen=True)
class LogFilter:
    """The search: ``client_ids`` None means any client; an empty tuple matches nothing (a client search
    that found no one)."""

    client_ids: tuple[int, ...] | None = None
    user_id: int | None = None
    organisation: str = ""
    start: datetime.datetime | None = None
    end: datetime.datetime | None = None
    action: str = ""
    channel: str = ""


def _filtered(search: LogFilter) -> QuerySet[AccessLog]:
    rows = AccessLog.objects.all()
    if search.client_ids is not None:
        rows = rows.filter(client_id__in=search.client_ids)
    if search.user_id is not None:
        rows = rows.filter(user_id=search.user_id)
    if search.organisation:
        rows = rows.filter(organisation_label__iexact=search.organisation)
    if search.start is not None:
        rows = rows.filter(at__gte=search.start)
    if search.end is not None:
        rows = rows.filter(at__lt=search.end)
    if search.action:
        rows = rows.filter(action=search.action)
    if search.channel:
        rows = rows.filter(channel=search.channel)
    return rows.order_by("-at", "-id")


@dataclass
class LogPage:
    rows: list[AccessLog]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def access_log_page(search: LogFilter, *, number: int = 1) -> LogPage:
    """One page of the rows, newest first; one query."""
    number = max(1, min(number, MAX_PAGES))
    if search.client_ids == ():
        return LogPage(rows=[], number=1, has_next=False)
    offset = (number - 1) * PAGE_SIZE
    rows = list(_filtered(search)[offset : offset + PAGE_SIZE + 1])
    has_next = len(rows) > PAGE_SIZE and number < MAX_PAGES
    return LogPage(rows=rows[:PAGE_SIZE], number=number, has_next=has_next)


CSV_HEADER: list[object] = [
    "tijdstip",
    "gebruiker",
    "organisatie",
    "functie",
    "cliënt-id",
    "casus-id",
    "detentie-id",
    "handeling",
    "getoonde gegevens",
    "doel",
    "kanaal",
    "adres",
    "IP-adres",
]


def function_label(code: str) -> str:
    return str(Function(code).label) if code in Function.values else code


def access_log_csv_rows(search: LogFilter) -> Iterator[list[object]]:
    """The header and at most CSV_MAX_ROWS rows, newest first, read in chunks."""
    yield CSV_HEADER
    if search.client_ids == ():
        return
    rows = _filtered(search)[:CSV_MAX_ROWS]
    for row in rows.iterator(chunk_size=2000):
        yield [
            row.at.isoformat(),
            row.user_label,
            row.organisation_label,
            function_label(row.function),
            row.client_id,
            row.case_id,
            row.detention_id,
            row.action,
            row.shown,
            row.purpose,
            row.channel,
            row.path,
            row.ip_address,
        ]


def access_log_export_record(*, user: User, search: LogFilter, request: HttpRequest | None) -> None:
    """The CSV export is on record: one row per client it was about, or one row without a client."""
    clients = search.client_ids or (None,)
    access_log_record(
        user=user,
        viewed=[Viewed(client_id=client_id, case_id=None, purpose=PURPOSE) for client_id in clients],
        action="export",
        shown="inzagelog (CSV)",
        request=request,
    )


def clients_search_for_officer(
    *, user: User, search: ClientSearch, request: HttpRequest | None
) -> list[ClientFound]:
    """The clients a name, date of birth or BSN points to; showing them is a read, logged per client."""
    found = resolve_clients(search)
    access_log_record(
        user=user,
        viewed=[Viewed(client_id=match.client_id, case_id=None, purpose=PURPOSE) for match in found],
        action="zoeken",
        shown="cliënten gezocht (naam, geboortedatum, BSN) voor het inzagelog",
        request=request,
    )
    return found


@dataclass
class ReaderGroup:
    """The reads of one client by one organisation and function: per staff member, how often and when."""

    organisation: str
    function: str
    reads: int = 0
    first: datetime.datetime | None = None
    last: datetime.datetime | None = None
    staff: list[dict[str, object]] = field(default_factory=list)


def access_log_who_viewed(*, user: User, client_id: int, request: HttpRequest | None) -> list[ReaderGroup]:
    """Who viewed the client's data ("wie heeft mijn gegevens bekeken"): every read, grouped by organisation
    and function, with the staff members' names (for the privacy officer). One query, logged as a read."""
    per_reader = (
        AccessLog.objects.filter(client_id=client_id)
        .values("organisation_label", "function", "user_label")
        .annotate(reads=Count("id"), first=Min("at"), last=Max("at"))
        .order_by("organisation_label", "function", "user_label")
    )
    groups: dict[tuple[str, str], ReaderGroup] = {}
    for reader in per_reader:
        key = (reader["organisation_label"], reader["function"])
        group = groups.setdefault(key, ReaderGroup(organisation=key[0], function=function_label(key[1])))
        group.reads += reader["reads"]
        group.first = min(filter(None, [group.first, reader["first"]]))
        group.last = max(filter(None, [group.last, reader["last"]]))
        group.staff.append(reader)
    access_log_record(
        user=user,
        viewed=[Viewed(client_id=client_id, case_id=None, purpose=PURPOSE)],
        action="inzien",
        shown="inzagelog van de cliënt (wie heeft mijn gegevens bekeken)",
        request=request,
    )
    return list(groups.values())
