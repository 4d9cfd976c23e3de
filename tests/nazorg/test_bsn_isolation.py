"""Issue 11, finding 1, for the nazorg import: the detainee's BSN links only a client the importing contact
person can already change through a case team; a client of another municipality stays out of reach."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from caseplan.models import Case, CaseAccess, CaseRole, Client
from caseplan.services.cases import case_create
from caseplan.services.clients import client_child_add, client_create
from caseplan.services.team import case_member_add
from nazorg.models import DetentionEpisode
from privacy.models import Purpose, User
from tests.caseplan.bsn import snapshot
from tests.factories import valid_bsn
from tests.nazorg.documents import MELDINGSBLAD, ONTSLAGBERICHT
from tests.world import NazorgParties

# The contact person's import of a released detainee, for an unknown BSN and for one known elsewhere alike.
IMPORT_QUERIES = 86

SECRETS = ("Zwiersma", "Hoofdstraat 1", "Sam Zwiersma", "Piet de Haas")


def _hengelo_client(nw: NazorgParties, bsn: str) -> tuple[Client, Case, User]:
    """A client of the other municipality's case, with the detainee's BSN."""
    pm = nw.world.other_pm
    client = client_create(
        by=pm,
        achternaam="Zwiersma",
        voornamen="Pieter",
        alias="Piet de Haas",
        bsn=bsn,
        brp_adres="Hoofdstraat 1, Hengelo",
    )
    client_child_add(client=client, by=pm, naam="Sam Zwiersma")
    case = case_create(
        client=client, gemeente=nw.other_gemeente, purpose=Purpose.objects.get(code="pga"), by=pm
    )
    return client, case, pm


def _released(nw: NazorgParties, episode: DetentionEpisode) -> DetentionEpisode:
    nw.submit(episode, "meldingsblad", MELDINGSBLAD)
    nw.submit(
        episode, "ontslagbericht", {**ONTSLAGBERICHT, "ontslagdatum": datetime.date.today().isoformat()}
    )
    episode.refresh_from_db()
    return episode


def _import(nw: NazorgParties, episode: DetentionEpisode) -> Case:
    response = nw.http("contact").post(reverse("nazorg:episode_import", kwargs={"pk": episode.pk}))
    assert response.status_code == 302, response.content[:500]
    episode.refresh_from_db()
    assert episode.case is not None and response["Location"] == f"/casussen/{episode.case.pk}/"
    return episode.case


def test_the_import_gives_a_new_client_when_another_municipality_knows_the_bsn(nw: NazorgParties):
    existing, existing_case, _pm = _hengelo_client(nw, nw.episode.bsn)
    before = snapshot(existing)

    case = _import(nw, _released(nw, nw.episode))

    assert case.client_id != existing.pk
    assert (case.client.achternaam, case.client.bsn) == ("Bakker", nw.episode.bsn)
    assert nw.episode.client_id == case.client_id
    http = nw.http("contact")
    for url in (f"/casussen/{case.pk}/", f"/casussen/{case.pk}/client/", f"/api/v1/cases/{case.pk}/client/"):
        body = http.get(url).content.decode()
        assert "Bakker" in body, url
        for secret in SECRETS:
            assert secret not in body, (url, secret)
    assert http.get(f"/casussen/{existing_case.pk}/client/").status_code == 404
    assert snapshot(existing) == before


@pytest.mark.parametrize(("access", "linked"), [(CaseAccess.WRITE, True), (CaseAccess.READ, False)])
def test_the_import_links_the_client_only_of_a_case_the_contact_may_change(
    nw: NazorgParties, access: str, linked: bool
):
    existing, existing_case, pm = _hengelo_client(nw, nw.episode.bsn)
    case_member_add(case=existing_case, by=pm, user=nw.contact, role=CaseRole.PARTNER, access=access)
    before = snapshot(existing)

    case = _import(nw, _released(nw, nw.episode))

    assert (case.client_id == existing.pk) is linked
    if not linked:
        assert snapshot(existing) == before


def test_the_import_takes_the_same_path_for_a_bsn_known_elsewhere_as_for_an_unknown_one(
    nw: NazorgParties, django_assert_num_queries: DjangoAssertNumQueries
):
    existing, _case, _pm = _hengelo_client(nw, valid_bsn(4545))
    _import(nw, _released(nw, nw.register(bsn=valid_bsn(4646), achternaam="Warm")))  # warm the caches

    unknown = _released(nw, nw.register(bsn=valid_bsn(4747), achternaam="Onbekend"))
    with django_assert_num_queries(IMPORT_QUERIES):
        _import(nw, unknown)
    known = _released(nw, nw.register(bsn=existing.bsn, achternaam="Bekend"))
    with django_assert_num_queries(
        IMPORT_QUERIES, info="a known BSN takes another path through the database"
    ):
        _import(nw, known)
