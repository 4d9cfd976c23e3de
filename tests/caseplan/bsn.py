"""Helpers for the BSN isolation tests (issue 11): the world's client with addresses and a child, the two
ways to open a case, and a snapshot of a client to compare. The intruder is the world's ``other_pm``."""

from __future__ import annotations

from typing import Any

from django.forms.models import model_to_dict
from django.http import HttpResponse

from caseplan.models import Client
from caseplan.services.clients import client_child_add, client_update
from privacy.models import Purpose, User
from tests.factories import valid_bsn
from tests.world import World, verified_client

UNKNOWN_BSN = valid_bsn(4242)
# What the world's client holds and nobody outside its team may read.
SECRETS = ("Jansen", "Piet de Haas", "Hoofdstraat 1", "Kerkpad 7", "Sam Jansen")


def known_client(world: World) -> Client:
    """The world's client, with addresses and a child."""
    client = client_update(
        client=world.case.client,
        by=world.owner,
        expected_revision=world.case.client.revision,
        alias="Piet de Haas",
        brp_adres="Hoofdstraat 1, Enschede",
        verblijfsadres="Kerkpad 7, Enschede",
    )
    client_child_add(client=client, by=world.owner, naam="Sam Jansen")
    return client


def snapshot(client: Client) -> dict[str, Any]:
    """Everything of a client that a foreign case must not change."""
    fresh = Client.objects.get(pk=client.pk)
    return {
        **model_to_dict(fresh, exclude=["foto"]),
        "revision": fresh.revision,
        "updated_at": fresh.updated_at,
        "children": list(fresh.kinderen.values_list("naam", flat=True)),
        "cases": list(fresh.cases.values_list("pk", flat=True)),
        "history": fresh.history.count(),
    }


def web_new_case(user: User, bsn: str, achternaam: str = "Anders") -> HttpResponse:
    return verified_client(user).post(
        "/casussen/nieuw/",
        {
            "achternaam": achternaam,
            "voornamen": "Alex",
            "bsn": bsn,
            "gemeente": user.organisation_id,
            "purpose": Purpose.objects.get(code="pga").pk,
            "role": "procesmanager_gemeente",
            "prioritisation_reason": "Aanmelding",
        },
    )


def api_new_case(user: User, bsn: str, achternaam: str = "Anders") -> HttpResponse:
    return verified_client(user).post(
        "/api/v1/cases/",
        {
            "client": {"achternaam": achternaam, "voornamen": "Alex", "bsn": bsn},
            "gemeente": user.organisation.cbs_code,  # type: ignore[union-attr]
            "purpose": "pga",
            "prioritisation_reason": "Aanmelding",
        },
        content_type="application/json",
    )
