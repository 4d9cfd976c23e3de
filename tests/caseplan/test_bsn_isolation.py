"""Issue 11, finding 1: typing a BSN never gives access to a client, nor tells whether the BSN is known.

A process manager of another municipality who opens a case with the BSN of the world's client gets a new
client of their own, exactly as for an unknown BSN; only a client the user can already change through a
case team is linked again."""

from __future__ import annotations

import re
from typing import Any

import pytest
from pytest_django import DjangoAssertNumQueries

from caseplan.models import Case, CaseAccess, CaseRole
from caseplan.services.team import case_member_add
from privacy.models import Function
from tests.caseplan.bsn import (
    SECRETS,
    UNKNOWN_BSN,
    api_new_case,
    known_client,
    snapshot,
    web_new_case,
)
from tests.factories import UserFactory, valid_bsn
from tests.world import World, verified_client

# Opening a case (with the login of a fresh session), for an unknown BSN and for one known elsewhere alike.
NEW_CASE_QUERIES = {"web": 85, "api": 88}

NEW_CASE = {"web": web_new_case, "api": api_new_case}


def _created_case(response: Any, channel: str) -> Case:
    if channel == "web":
        assert response.status_code == 302, response.content[:500]
        match = re.fullmatch(r"/casussen/(\d+)/", response["Location"])
        assert match, response["Location"]
        return Case.objects.select_related("client").get(pk=match.group(1))
    assert response.status_code == 201, response.content[:500]
    return Case.objects.select_related("client").get(pk=response.json()["id"])


def _assert_shows_nothing_of_the_world(body: str) -> None:
    for secret in SECRETS:
        assert secret not in body, f"{secret!r} of another team's client is shown"


@pytest.mark.parametrize("channel", ["web", "api"])
def test_another_teams_bsn_gives_a_new_client_and_shows_nothing_of_the_known_one(world: World, channel: str):
    existing = known_client(world)
    before = snapshot(existing)
    intruder = world.other_pm

    response = NEW_CASE[channel](intruder, existing.bsn)
    case = _created_case(response, channel)

    assert case.client_id != existing.pk
    assert (case.client.achternaam, case.client.voornamen, case.client.bsn) == (
        "Anders",
        "Alex",
        existing.bsn,
    )
    assert not case.client.brp_adres and not case.client.kinderen.exists()
    _assert_shows_nothing_of_the_world(response.content.decode())
    http = verified_client(intruder)
    for url in (
        f"/casussen/{case.pk}/",
        f"/casussen/{case.pk}/client/",
        f"/api/v1/cases/{case.pk}/",
        f"/api/v1/cases/{case.pk}/client/",
    ):
        page = http.get(url)
        assert page.status_code == 200, url
        assert "Anders" in page.content.decode()
        _assert_shows_nothing_of_the_world(page.content.decode())
    for url in (f"/casussen/{world.case.pk}/client/", f"/api/v1/cases/{world.case.pk}/client/"):
        assert http.get(url).status_code == 404
    assert snapshot(existing) == before


@pytest.mark.parametrize("channel", ["web", "api"])
def test_editing_the_new_client_leaves_the_known_one_unchanged(world: World, channel: str):
    existing = known_client(world)
    before = snapshot(existing)
    intruder = world.other_pm
    case = _created_case(NEW_CASE[channel](intruder, existing.bsn), channel)
    http = verified_client(intruder)

    if channel == "web":
        response = http.post(
            f"/casussen/{case.pk}/client/bewerken/",
            {
                "revision": case.client.revision,
                "achternaam": "Anders-Gewijzigd",
                "bsn": existing.bsn,
                "brp_adres": "Elders 2, Hengelo",
            },
        )
        assert response.status_code == 302, response.content[:500]
    else:
        response = http.patch(
            f"/api/v1/cases/{case.pk}/client/",
            {
                "version": case.client.revision,
                "achternaam": "Anders-Gewijzigd",
                "brp_adres": "Elders 2, Hengelo",
            },
            content_type="application/json",
        )
        assert response.status_code == 200, response.content[:500]
        _assert_shows_nothing_of_the_world(response.content.decode())
    case.client.refresh_from_db()
    assert (case.client.achternaam, case.client.brp_adres) == ("Anders-Gewijzigd", "Elders 2, Hengelo")
    assert snapshot(existing) == before
    owner_view = world.client_for("owner").get(f"/casussen/{world.case.pk}/client/").content.decode()
    assert "Hoofdstraat 1" in owner_view and "Elders 2" not in owner_view


def _comparable(response: Any, channel: str) -> object:
    """The answer without what differs for any two new cases (ids, reference, times)."""
    if channel == "web":
        return response.status_code, re.sub(r"\d+", "N", response["Location"])
    body = response.json()
    for key in ("id", "reference", "created_at", "updated_at"):
        body.pop(key)
    body["client"].pop("id")
    return response.status_code, body


@pytest.mark.parametrize("channel", ["web", "api"])
def test_the_answer_for_a_bsn_known_elsewhere_is_that_for_an_unknown_bsn(
    world: World, channel: str, django_assert_num_queries: DjangoAssertNumQueries
):
    existing = known_client(world)
    intruder = world.other_pm
    NEW_CASE[channel](intruder, valid_bsn(4343))  # warm the caches

    with django_assert_num_queries(NEW_CASE_QUERIES[channel]):
        unknown = NEW_CASE[channel](intruder, UNKNOWN_BSN)
    with django_assert_num_queries(
        NEW_CASE_QUERIES[channel], info="a known BSN takes another path through the database"
    ):
        known = NEW_CASE[channel](intruder, existing.bsn)

    assert _comparable(known, channel) == _comparable(unknown, channel)


@pytest.mark.parametrize("channel", ["web", "api"])
def test_a_bsn_links_the_client_of_a_case_the_user_may_change(world: World, channel: str):
    existing = known_client(world)
    case = _created_case(NEW_CASE[channel](world.owner, existing.bsn), channel)
    assert case.client_id == existing.pk, "the owner writes the known case: the same person, the same client"

    colleague = UserFactory(
        email="pm2@enschede.test", organisation=world.gemeente, function=Function.PROCESMANAGER
    )
    case_member_add(
        case=world.case,
        by=world.owner,
        organisation=world.gemeente,
        role=CaseRole.PROCESMANAGER_GEMEENTE,
        access=CaseAccess.WRITE,
    )
    case = _created_case(NEW_CASE[channel](colleague, existing.bsn), channel)
    assert case.client_id == existing.pk, "write access through the organisation on the team counts too"


@pytest.mark.parametrize("channel", ["web", "api"])
def test_a_bsn_of_a_case_the_user_may_only_read_gets_a_new_client(world: World, channel: str):
    existing = known_client(world)
    before = snapshot(existing)
    reader = world.other_pm
    case_member_add(
        case=world.case, by=world.owner, user=reader, role=CaseRole.PARTNER, access=CaseAccess.READ
    )

    case = _created_case(NEW_CASE[channel](reader, existing.bsn), channel)

    assert case.client_id != existing.pk, "reading a case is no ground to write its client through another"
    assert snapshot(existing) == before


def test_a_bsn_known_elsewhere_is_accepted_in_the_client_form_like_any_other(world: World):
    existing = known_client(world)
    before = snapshot(existing)
    intruder = world.other_pm
    case = _created_case(web_new_case(intruder, ""), "web")
    http = verified_client(intruder)

    response = http.post(
        f"/casussen/{case.pk}/client/bewerken/",
        {"revision": case.client.revision, "achternaam": "Anders", "bsn": existing.bsn},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    patched = http.patch(
        f"/api/v1/cases/{case.pk}/client/",
        {"version": case.client.revision + 1, "bsn": UNKNOWN_BSN},
        content_type="application/json",
    )
    assert patched.status_code == 200, patched.content[:500]
    patched = http.patch(
        f"/api/v1/cases/{case.pk}/client/",
        {"version": case.client.revision + 2, "bsn": existing.bsn},
        content_type="application/json",
    )
    assert patched.status_code == 200, patched.content[:500]
    assert patched.json()["bsn"] == existing.bsn and patched.json()["achternaam"] == "Anders"
    assert snapshot(existing) == before


def test_searching_a_bsn_finds_only_the_users_own_cases(world: World):
    existing = known_client(world)
    intruder = world.other_pm
    own = _created_case(web_new_case(intruder, existing.bsn), "web")
    http = verified_client(intruder)

    page = http.get("/casussen/", {"q": existing.bsn}).content.decode()
    listed = http.get("/api/v1/cases/", {"q": existing.bsn}).json()

    assert own.reference in page and world.case.reference not in page
    assert [row["id"] for row in listed["results"]] == [own.pk]
    _assert_shows_nothing_of_the_world(page)
