"""The hook that turns the privacy officer's client search (name, date of birth, BSN) into client ids.

Clients live in caseplan, which privacy may not import: caseplan registers its resolver here in its
AppConfig.ready (caseplan/selectors/client_search.py). The caller logs what the search showed
(privacy.access_log.viewer.clients_search_for_officer).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

MAX_CLIENTS = 50


@dataclass(frozen=True)
class ClientSearch:
    """What the privacy officer typed: any of a name (part of it), a date of birth, a BSN."""

    name: str = ""
    birth_date: datetime.date | None = None
    bsn: str = ""

    def __bool__(self) -> bool:
        return bool(self.name.strip() or self.birth_date or self.bsn.strip())


@dataclass(frozen=True)
class ClientFound:
    client_id: int
    label: str  # name and date of birth, for the privacy officer to pick the right person


ClientResolver = Callable[[ClientSearch], list[ClientFound]]

_resolvers: list[ClientResolver] = []


def register_client_resolver(resolver: ClientResolver) -> None:
    """Called from an AppConfig.ready; registering the same resolver twice keeps one."""
    if resolver not in _resolvers:
        _resolvers.append(resolver)


def resolve_clients(search: ClientSearch) -> list[ClientFound]:
    """Every registered resolver's matches, once per client id, at most MAX_CLIENTS."""
    found: dict[int, ClientFound] = {}
    if search:
        for resolver in _resolvers:
            for match in resolver(search):
                found.setdefault(match.client_id, match)
    return list(found.values())[:MAX_CLIENTS]
