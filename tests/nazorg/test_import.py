"""Issue 20: the import of a released detainee takes the address after release and the children from the
documents into the client, and puts the contact person in the case team in the role that goes with their
function. A client the contact person already knows keeps what is filled in."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from caseplan.models import Case, CaseAccess, CaseMember, CaseRole, Client
from caseplan.services.cases import case_create
from caseplan.services.clients import client_child_add, client_create
from caseplan.services.team import case_member_add, case_role_of
from nazorg.models import DetentionEpisode
from nazorg.services.importing import Child, children_in
from privacy.models import Function, OrganisationType, Purpose, User
from tests.nazorg.documents import BASISDOCUMENT, GEMEENTEBLAD, MELDINGSBLAD, ONTSLAGBERICHT
from tests.world import NazorgParties

KIND_CHECK = {
    **GEMEENTEBLAD,
    "kinderen": "ja",
    "kinderen_verzorgers": ["familie"],
    "kinderen_op_adres": "Sam Bakker, 12-03-2015\nLisa Bakker 01-02-2018",
    "kinderen_elders": "Tim Bakker, 2016-05-06, Dorpsstraat 1, 7556 AA Hengelo",
    "brp_adres": "Laan 5, 7511 AB Enschede",
}
RELEASE = {**ONTSLAGBERICHT, "adres_na_ontslag": "De Herberg (MO), Enschede"}


def _released(nw: NazorgParties, *, gemeenteblad: dict[str, Any], basis: dict[str, Any]) -> DetentionEpisode:
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    nw.submit(nw.episode, "gemeenteblad", gemeenteblad)
    nw.submit(nw.episode, "basisdocument", basis)
    nw.submit(nw.episode, "ontslagbericht", {**RELEASE, "ontslagdatum": datetime.date.today().isoformat()})
    nw.episode.refresh_from_db()
    return nw.episode


def _import(nw: NazorgParties, by: User | None = None) -> Case:
    response = nw.world.http(by or nw.contact).post(reverse("nazorg:episode_import", args=[nw.episode.pk]))
    assert response.status_code == 302, response.content[:500]
    nw.episode.refresh_from_db()
    assert nw.episode.case is not None
    return nw.episode.case


def _children(client: Client) -> list[tuple[str, datetime.date | None, str]]:
    return list(
        client.kinderen.order_by("naam", "geboortedatum").values_list("naam", "geboortedatum", "brp_adres")
    )


def test_a_new_client_gets_the_addresses_and_the_children_of_the_documents(nw: NazorgParties):
    _released(nw, gemeenteblad=KIND_CHECK, basis=BASISDOCUMENT)

    case = _import(nw)

    client = case.client
    assert client.verblijfsadres == "De Herberg (MO), Enschede", "where he stays after release"
    assert client.brp_adres == "Laan 5, 7511 AB Enschede", "the last known BRP address (gemeenteblad)"
    assert _children(client) == [
        ("Lisa Bakker", datetime.date(2018, 2, 1), "Laan 5, 7511 AB Enschede"),
        ("Sam Bakker", datetime.date(2015, 3, 12), "Laan 5, 7511 AB Enschede"),
        ("Tim Bakker", datetime.date(2016, 5, 6), "Dorpsstraat 1, 7556 AA Hengelo"),
    ]
    page = nw.http("contact").get(reverse("caseplan:client_detail", args=[case.pk])).content.decode()
    assert "De Herberg (MO), Enschede" in page and "Tim Bakker" in page and "06-05-2016" in page


def test_the_brp_address_at_release_goes_before_the_last_known_one(nw: NazorgParties):
    _released(
        nw, gemeenteblad=KIND_CHECK, basis={**BASISDOCUMENT, "brp_adres_vestiging": "Markt 2, Enschede"}
    )
    assert _import(nw).client.brp_adres == "Markt 2, Enschede"


def test_without_documents_to_take_the_client_is_made_as_before(nw: NazorgParties):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    nw.submit(
        nw.episode, "ontslagbericht", {**ONTSLAGBERICHT, "ontslagdatum": datetime.date.today().isoformat()}
    )
    client = _import(nw).client
    assert (client.achternaam, client.brp_adres, client.verblijfsadres) == ("Bakker", "", "")
    assert not client.kinderen.exists()


def test_a_known_client_keeps_what_is_filled_in_and_gets_only_new_children(nw: NazorgParties):
    pm = nw.world.other_pm
    client = client_create(
        by=pm, achternaam="Bakker", voornamen="Jan", bsn=nw.episode.bsn, brp_adres="Hoofdstraat 1, Hengelo"
    )
    client_child_add(client=client, by=pm, naam="Sam  bakker", geboortedatum=datetime.date(2015, 3, 12))
    client_child_add(client=client, by=pm, naam="Lisa Bakker", geboortedatum=datetime.date(2019, 1, 1))
    known = case_create(
        client=client, gemeente=nw.other_gemeente, purpose=Purpose.objects.get(code="pga"), by=pm
    )
    case_member_add(case=known, by=pm, user=nw.contact, role=CaseRole.PARTNER, access=CaseAccess.WRITE)
    revision = Client.objects.get(pk=client.pk).revision
    _released(nw, gemeenteblad=KIND_CHECK, basis=BASISDOCUMENT)

    case = _import(nw)

    assert case.client_id == client.pk
    client.refresh_from_db()
    assert client.brp_adres == "Hoofdstraat 1, Hengelo", "a filled-in address stays"
    assert client.verblijfsadres == "De Herberg (MO), Enschede", "an empty one is filled in"
    assert client.revision == revision + 1 and client.history.first().history_user == nw.contact
    assert [(naam, born) for naam, born, _address in _children(client)] == [
        ("Lisa Bakker", datetime.date(2018, 2, 1)),  # another child of the same name: another date of birth
        ("Lisa Bakker", datetime.date(2019, 1, 1)),
        ("Sam  bakker", datetime.date(2015, 3, 12)),  # the same child, written a little differently
        ("Tim Bakker", datetime.date(2016, 5, 6)),
    ]


# --- the contact person's role ------------------------------------------------------------------------------


def test_the_contact_person_joins_the_team_as_contact_person(nw: NazorgParties):
    _released(nw, gemeenteblad=GEMEENTEBLAD, basis=BASISDOCUMENT)
    case = _import(nw)
    member = CaseMember.objects.get(case=case)
    assert (member.user, member.role, member.access) == (
        nw.contact,
        CaseRole.CONTACTPERSOON_NAZORG,
        CaseAccess.WRITE,
    )
    page = nw.http("contact").get(reverse("caseplan:case_detail", args=[case.pk])).content.decode()
    assert "Contactpersoon nazorg · inzien en bewerken" in page


@pytest.mark.parametrize(
    ("function", "organisation_type", "role"),
    [
        (Function.CONTACTPERSOON_NAZORG, OrganisationType.GEMEENTE, CaseRole.CONTACTPERSOON_NAZORG),
        (Function.PROCESMANAGER, OrganisationType.GEMEENTE, CaseRole.PROCESMANAGER_GEMEENTE),
        (Function.PROCESMANAGER, OrganisationType.VEILIGHEIDSHUIS, CaseRole.PROCESMANAGER_VH),
        (Function.CASUSCOORDINATOR, OrganisationType.GGZ, CaseRole.CASUSCOORDINATOR),
        (Function.PARTNER, OrganisationType.POLITIE, CaseRole.PARTNER),
        (Function.COORDINATOR, OrganisationType.GEMEENTE, CaseRole.CASEMANAGER),
    ],
)
def test_the_case_role_goes_with_the_function(
    nw: NazorgParties, function: str, organisation_type: str, role: str
):
    organisation = (
        nw.gemeente
        if organisation_type == OrganisationType.GEMEENTE
        else nw.world.organisation(f"Organisatie {organisation_type}", type=organisation_type)
    )
    user = nw.world.person(f"{function}@rol.test", organisation, function=function)
    assert case_role_of(user) == role


def test_a_coordinator_who_imports_works_the_case_as_casemanager(nw: NazorgParties):
    coordinator = nw.world.person("coordinator@enschede.test", nw.gemeente, function=Function.COORDINATOR)
    _released(nw, gemeenteblad=GEMEENTEBLAD, basis=BASISDOCUMENT)
    case = _import(nw, coordinator)
    assert CaseMember.objects.get(case=case).role == CaseRole.CASEMANAGER


# --- reading the kind-check ---------------------------------------------------------------------------------


def test_the_kind_check_lines_are_read_one_child_a_line():
    gemeenteblad = {
        "kinderen": "onbekend",
        "brp_adres": "Laan 5",
        "kinderen_op_adres": "\n- Sam Bakker (12-3-2015)\n  \nNoor\n31-01-2016\nBo Bakker, 30-02-2017\n",
        "kinderen_elders": "Tim Bakker, 6.5.2016, Dorpsstraat 1, Hengelo\nTwee kinderen bij hun moeder in Almelo",
    }
    assert children_in(gemeenteblad) == [
        Child("Sam Bakker", datetime.date(2015, 3, 12), "Laan 5"),
        Child("Tim Bakker", datetime.date(2016, 5, 6), "Dorpsstraat 1, Hengelo"),
    ], "a line is a child with a name and a date of birth that exists"
    assert children_in({**gemeenteblad, "kinderen": "nee"}) == [], "no children when the answer is no"
