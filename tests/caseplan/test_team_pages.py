"""The case team page: a person is added by searching their name within the partner organisations (not by
typing an exact e-mail address), and whoever joins is told by the case number only."""

from __future__ import annotations

import pytest
from pytest_django import DjangoAssertNumQueries

from caseplan.models import CaseMember, CaseRole
from caseplan.services.team import case_member_add
from notifications.models import Notification, NotificationKind
from privacy.models import AccessLog, Function
from tests.factories import OrganisationFactory, UserFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
# session, user, otp device, the case (team check), the write check, who is on the team, the people found
# with their organisations, session save (savepoint, update, release)
SEARCH_QUERIES = 10


def _search_url(world) -> str:
    return f"/casussen/{world.case.pk}/team/zoeken/"


@pytest.fixture
def gerdien(world):
    ggz = OrganisationFactory(ggz=True, name="GGZ Twente-test")
    return UserFactory(
        email="g.kwakernaat@ggz-twente.test",
        first_name="Gerdien",
        last_name="Kwakernaat",
        organisation=ggz,
        function=Function.CASUSCOORDINATOR,
    )


def test_search_finds_active_partners_by_name_e_mail_or_organisation(world, gerdien):
    http = world.client_for("owner")
    hidden = [
        UserFactory(first_name="Gerdien", last_name="Kwakernaat-Oud", is_active=False),
        UserFactory(first_name="Gerdien", last_name="Kwakernaat-Los", organisation=None),
        UserFactory(
            first_name="Gerdien",
            last_name="Kwakernaat-Opgeheven",
            organisation=OrganisationFactory(is_active=False),
        ),
    ]
    before = AccessLog.objects.count()
    for term in ["kwaker", "GERDIEN kwakernaat", "g.kwakernaat@", "twente-test gerdien"]:
        response = http.get(_search_url(world), {"q": term}, **HTMX)
        body = response.content.decode()
        assert response.status_code == 200, term
        assert "Gerdien Kwakernaat · GGZ Twente-test · Casuscoördinator" in body, term
        assert f'name="user" value="{gerdien.pk}"' in body, term
        for person in hidden:
            assert person.last_name not in body, term
        assert "<html" not in body and "Pieter" not in body and "Jansen" not in body  # nothing of the case
    assert AccessLog.objects.count() == before  # it shows no client data, so it logs no read

    short = http.get(_search_url(world), {"q": "k"}, **HTMX).content.decode()
    assert "Typ minstens 2 tekens" in short and 'name="user"' not in short
    nobody = http.get(_search_url(world), {"q": "Niemandsland"}, **HTMX).content.decode()
    assert "Niemand gevonden" in nobody


def test_search_marks_who_is_already_on_the_team_and_shows_at_most_twenty(world):
    http = world.client_for("owner")
    on_team = http.get(_search_url(world), {"q": world.reader.last_name}, **HTMX).content.decode()
    assert f'value="{world.reader.pk}" id="team-candidate-{world.reader.pk}" disabled' in on_team
    assert "zit al in het casusteam" in on_team

    organisation = OrganisationFactory(name="Stichting Veel-test")
    for index in range(21):
        UserFactory(first_name="Medewerker", last_name=f"Veelvoud {index:02}", organisation=organisation)
    many = http.get(_search_url(world), {"q": "veelvoud"}, **HTMX).content.decode()
    assert many.count('name="user"') == 20
    assert "Er zijn meer mensen gevonden dan hier staan" in many
    assert "Veelvoud 19" in many and "Veelvoud 20" not in many


def test_search_is_for_who_may_change_the_team(world, gerdien):
    assert world.client_for("reader").get(_search_url(world), {"q": "kwaker"}, **HTMX).status_code == 403
    response = world.client_for("outsider").get(_search_url(world), {"q": "kwaker"}, **HTMX)
    assert response.status_code == 404
    assert "Kwakernaat" not in response.content.decode()


def test_without_javascript_the_search_shows_the_whole_team_page(world, gerdien):
    response = world.client_for("owner").get(_search_url(world), {"q": "kwakernaat"})
    body = response.content.decode()
    assert response.status_code == 200
    assert '<h2 id="h-add">Teamlid toevoegen</h2>' in body
    assert 'value="kwakernaat"' in body  # the search box keeps the term
    assert f'name="user" value="{gerdien.pk}"' in body
    assert AccessLog.objects.filter(user=world.owner, case_id=world.case.pk, shown="casusteam").exists()


def test_adding_a_found_person_tells_them_by_case_number_only(world, gerdien):
    http = world.client_for("owner")
    response = http.post(
        f"/casussen/{world.case.pk}/team/",
        {"user": gerdien.pk, "role": CaseRole.CASEMANAGER, "access": "bewerken", "q": "kwaker"},
    )
    assert response.status_code == 302
    member = CaseMember.objects.get(case=world.case, user=gerdien, removed_at__isnull=True)
    assert (member.role, member.access) == ("casemanager", "bewerken")

    note = Notification.objects.get(recipient=gerdien)
    assert note.kind == NotificationKind.CASE_TEAM
    assert note.title == f"U bent toegevoegd aan het casusteam van casus {world.case.reference}"
    assert note.body == "Rol in de casus: Casemanager. Rechten: Inzien en bewerken."
    assert (note.url, note.case_id) == (f"/casussen/{world.case.pk}/", world.case.pk)
    client = world.case.client
    for private in (client.achternaam, client.voornamen, client.bsn):
        assert private not in f"{note.title} {note.body}"
    assert not Notification.objects.filter(recipient=world.owner, kind=NotificationKind.CASE_TEAM).exists()


def test_a_refused_addition_keeps_the_results_and_the_choice(world, gerdien):
    http = world.client_for("owner")
    url = f"/casussen/{world.case.pk}/team/"
    neither = http.post(url, {"role": "partner", "access": "lezen", "q": "kwaker"}).content.decode()
    assert "Kies een persoon uit de zoekresultaten óf een hele organisatie" in neither
    assert f'name="user" value="{gerdien.pk}"' in neither  # the results are still there

    both = http.post(
        url,
        {
            "user": gerdien.pk,
            "organisation": world.politie.pk,
            "role": "partner",
            "access": "lezen",
            "q": "kwaker",
        },
    ).content.decode()
    assert "niet allebei" in both
    assert f'value="{gerdien.pk}" id="team-candidate-{gerdien.pk}" checked' in both

    gone = UserFactory(is_active=False)
    refused = http.post(url, {"user": gone.pk, "role": "partner", "access": "lezen", "q": "kwaker"})
    body = refused.content.decode()
    assert '<a href="#id_user">Persoon: Kies een persoon uit de zoekresultaten.</a>' in body
    assert not CaseMember.objects.filter(user=gone).exists()
    assert not Notification.objects.filter(kind=NotificationKind.CASE_TEAM, recipient=gerdien).exists()


def test_an_organisation_that_joins_is_told_through_its_coordinators_or_else_all_its_people(world):
    coordinated = OrganisationFactory(name="Reclassering-test")
    coordinator = UserFactory(organisation=coordinated, function=Function.COORDINATOR)
    colleague = UserFactory(organisation=coordinated)
    case_member_add(case=world.case, by=world.owner, organisation=coordinated, role=CaseRole.PARTNER)
    told = Notification.objects.filter(kind=NotificationKind.CASE_TEAM, case=world.case)
    assert list(told.filter(recipient__organisation=coordinated).values_list("recipient", flat=True)) == [
        coordinator.pk
    ]
    assert told.get(recipient=coordinator).title == (
        f"Reclassering-test is toegevoegd aan het casusteam van casus {world.case.reference}"
    )
    assert not told.filter(recipient=colleague).exists()

    uncoordinated = OrganisationFactory(name="Wijkteam-test")
    people = [UserFactory(organisation=uncoordinated) for _ in range(2)]
    retired = UserFactory(organisation=uncoordinated, is_active=False)
    case_member_add(case=world.case, by=world.owner, organisation=uncoordinated, role=CaseRole.PARTNER)
    assert set(told.filter(recipient__organisation=uncoordinated).values_list("recipient", flat=True)) == {
        person.pk for person in people
    }
    assert not told.filter(recipient=retired).exists()


def test_the_search_query_count_is_flat(world, django_assert_num_queries: DjangoAssertNumQueries):
    http = world.client_for("owner")
    with django_assert_num_queries(SEARCH_QUERIES):
        assert http.get(_search_url(world), {"q": "medewerker"}, **HTMX).status_code == 200
    organisation = OrganisationFactory()
    for index in range(30):
        user = UserFactory(first_name="Medewerker", last_name=f"Nummer {index}", organisation=organisation)
        if index % 3 == 0:
            case_member_add(case=world.case, by=world.owner, user=user, role=CaseRole.PARTNER)
    with django_assert_num_queries(SEARCH_QUERIES):
        assert http.get(_search_url(world), {"q": "medewerker"}, **HTMX).status_code == 200
