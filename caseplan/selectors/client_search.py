"""The privacy officer's client search for the access-log viewer (privacy/access_log/hooks.py): name, date
of birth and BSN to client ids. Registered in CaseplanConfig.ready; it sees every client, because the
privacy officer answers for all of them, and the viewer logs each client it shows."""

from __future__ import annotations

from django.db.models import Q

from caseplan.models import Client
from privacy.access_log.hooks import MAX_CLIENTS, ClientFound, ClientSearch


def _label(client: Client) -> str:
    name = " ".join(part for part in (client.voornamen, client.voorvoegsel, client.achternaam) if part)
    born = f" ({client.geboortedatum:%d-%m-%Y})" if client.geboortedatum else ""
    return f"{name}{born}"


def clients_for_privacy_search(search: ClientSearch) -> list[ClientFound]:
    if not search:
        return []
    query = Q()
    for word in search.name.split():
        query &= (
            Q(achternaam__icontains=word)
            | Q(voornamen__icontains=word)
            | Q(roepnaam__icontains=word)
            | Q(alias__icontains=word)
        )
    if search.birth_date:
        query &= Q(geboortedatum=search.birth_date)
    if search.bsn.strip():
        query &= Q(bsn=search.bsn.strip())
    clients = Client.objects.filter(query).only(
        "pk", "voornamen", "voorvoegsel", "achternaam", "geboortedatum"
    )[:MAX_CLIENTS]
    return [ClientFound(client_id=client.pk, label=_label(client)) for client in clients]
