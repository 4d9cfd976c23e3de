"""The privacy officer's access-log viewer (issue 15 item 2): only the privacy officer gets in (everyone
else 404), searches by client (name, date of birth, BSN: the search is itself a logged read; a destroyed
client by id), user, organisation, period, action and channel, newest first, paged, as CSV, and per client
"wie heeft mijn gegevens bekeken" by organisation and function with the staff names."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from privacy.access_log.viewer import PAGE_SIZE, PURPOSE
from privacy.models import AccessLog, Function, User
from tests.factories import AccessLogFactory
from tests.world import World

pytestmark = pytest.mark.django_db

SEARCH = "/privacy/inzagelog/"
# What every signed-in page costs besides the view: session, user, second factor, organisation, unread
# count, and the session write (savepoint, update, release).
BASE = 8
CSV = "/privacy/inzagelog/csv/"


def _client_page(client_id: int) -> str:
    return f"/privacy/inzagelog/client/{client_id}/"


@pytest.fixture
def officer(world: World) -> User:
    return world.person(
        "privacy@enschede.test",
        world.gemeente,
        first_name="Pim",
        last_name="Vos",
        function=Function.PRIVACY_OFFICER,
    )


def _reads(world: World) -> None:
    """The owner and the reader open the world's case; the owner also opens the other case."""
    world.client_for("owner").get(f"/casussen/{world.case.pk}/")
    world.client_for("reader").get(f"/casussen/{world.case.pk}/")
    world.client_for("owner").get(f"/casussen/{world.other_case.pk}/")


def _shown_ids(response) -> set[int]:
    return {row.pk for row in response.context["page"].rows}


@pytest.mark.parametrize("url", [SEARCH, CSV, "client"])
@pytest.mark.parametrize("who", ["owner", "reader", "outsider"])
def test_only_the_privacy_officer_gets_in(world: World, url: str, who: str):
    world.case  # noqa: B018
    target = _client_page(world.case.client_id) if url == "client" else url
    before = AccessLog.objects.count()
    assert world.client_for(who).get(target, {"naam": "Jansen"}).status_code == 404
    assert AccessLog.objects.count() == before  # refused: no search ran, nothing logged


def test_a_functional_administrator_does_not_get_in_either(world: World):
    admin = world.person(
        "fb@enschede.test", world.gemeente, function=Function.FUNCTIONEEL_BEHEERDER, is_staff=True
    )
    assert world.http(admin).get(SEARCH).status_code == 404


def test_searching_by_name_shows_the_clients_and_their_reads_and_logs_the_search(world: World, officer: User):
    _reads(world)
    response = world.http(officer).get(SEARCH, {"naam": "jansen"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Pieter Jansen (15-03-1985)" in page
    assert "Bakker" not in page
    rows = response.context["page"].rows
    assert rows and {row.client_id for row in rows} == {world.case.client_id}
    # the search itself is a read of the client, so it heads the list
    assert [row.user_id for row in rows][:1] == [officer.pk]
    assert {row.user_id for row in rows} == {world.owner.pk, world.reader.pk, officer.pk}
    logged = AccessLog.objects.get(user=officer, action="zoeken")
    assert (logged.client_id, logged.purpose, logged.function) == (
        world.case.client_id,
        PURPOSE,
        "privacy_officer",
    )


def test_searching_by_bsn_or_date_of_birth_finds_the_same_client(world: World, officer: User):
    _reads(world)
    http = world.http(officer)
    by_bsn = http.get(SEARCH, {"bsn": world.case.client.bsn})
    by_birth = http.get(SEARCH, {"geboortedatum": "1985-03-15"})
    assert [c.client_id for c in by_bsn.context["clients"]] == [world.case.client_id]
    assert [c.client_id for c in by_birth.context["clients"]] == [world.case.client_id]
    staff_reads = set(AccessLog.objects.exclude(user=officer).values_list("pk", flat=True))
    assert _shown_ids(by_bsn) & staff_reads == _shown_ids(by_birth) & staff_reads != set()
    assert AccessLog.objects.filter(user=officer, action="zoeken", purpose=PURPOSE).count() == 2


def test_a_search_that_finds_no_client_shows_no_rows(world: World, officer: User):
    _reads(world)
    response = world.http(officer).get(SEARCH, {"naam": "Niemand"})
    assert response.context["clients"] == []
    assert response.context["page"].rows == []
    assert "Geen cliënt gevonden" in response.content.decode()
    assert not AccessLog.objects.filter(user=officer).exists()  # nothing shown, nothing to log


def test_a_destroyed_client_is_found_by_id(world: World, officer: User):
    gone = AccessLogFactory.create(client_id=987654, case_id=123456)
    response = world.http(officer).get(SEARCH, {"client": 987654})
    assert _shown_ids(response) == {gone.pk}
    page = world.http(officer).get(_client_page(987654))
    assert page.status_code == 200
    assert gone.user_label in page.content.decode()


def test_filters_by_user_organisation_period_action_and_channel(world: World, officer: User):
    _reads(world)
    world.client_for("reader").get("/api/v1/cases/")
    http = world.http(officer)
    reader_rows = set(AccessLog.objects.filter(user=world.reader).values_list("pk", flat=True))
    assert _shown_ids(http.get(SEARCH, {"gebruiker": world.reader.email.upper()})) == reader_rows
    politie = _shown_ids(http.get(SEARCH, {"organisatie": world.politie.name.lower()}))
    assert politie == reader_rows
    api = _shown_ids(http.get(SEARCH, {"kanaal": "api"}))
    assert api == set(AccessLog.objects.filter(channel="api").values_list("pk", flat=True)) != set()
    lists = _shown_ids(http.get(SEARCH, {"handeling": "lijst"}))
    assert lists == set(AccessLog.objects.filter(action="lijst").values_list("pk", flat=True)) != set()
    old = AccessLogFactory.create()
    AccessLog.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=40))
    today = timezone.localdate()
    recent = _shown_ids(http.get(SEARCH, {"van": today.isoformat(), "tot": today.isoformat()}))
    assert old.pk not in recent and reader_rows <= recent
    back_then = (today - datetime.timedelta(days=40)).isoformat()
    assert _shown_ids(http.get(SEARCH, {"van": back_then, "tot": back_then})) == {old.pk}


def test_an_unknown_user_or_a_reversed_period_is_an_error_that_keeps_the_input(world: World, officer: User):
    http = world.http(officer)
    response = http.get(SEARCH, {"gebruiker": "niemand@nergens.test"})
    assert response.context["page"] is None
    assert "Er is geen gebruiker met dit e-mailadres." in response.content.decode()
    assert 'value="niemand@nergens.test"' in response.content.decode()
    response = http.get(SEARCH, {"van": "2026-05-02", "tot": "2026-05-01"})
    assert "Kies een einddatum op of na de begindatum." in response.content.decode()


def test_rows_are_newest_first_and_paged(world: World, officer: User):
    rows = AccessLogFactory.create_batch(PAGE_SIZE + 5, client_id=555)
    now = timezone.now()
    for age, row in enumerate(rows):
        AccessLog.objects.filter(pk=row.pk).update(at=now - datetime.timedelta(minutes=age))
    http = world.http(officer)
    first = http.get(SEARCH, {"client": 555})
    assert [row.pk for row in first.context["page"].rows] == [row.pk for row in rows[:PAGE_SIZE]]
    assert "pagina=2" in first.content.decode()
    second = http.get(SEARCH, {"client": 555, "pagina": 2})
    assert [row.pk for row in second.context["page"].rows] == [row.pk for row in rows[PAGE_SIZE:]]
    assert not second.context["page"].has_next


def test_who_viewed_my_data_groups_reads_by_organisation_and_function_with_staff_names(
    world: World, officer: User
):
    _reads(world)
    world.client_for("owner").get(f"/casussen/{world.case.pk}/client/")
    response = world.http(officer).get(_client_page(world.case.client_id))
    assert response.status_code == 200
    groups = {(g.organisation, g.function): g for g in response.context["groups"]}
    assert set(groups) == {(world.gemeente.name, "Procesmanager"), (world.politie.name, "Partner")}
    gemeente = groups[(world.gemeente.name, "Procesmanager")]
    own = AccessLog.objects.filter(client_id=world.case.client_id, user=world.owner).count()
    assert gemeente.reads == own >= 2
    assert [reader["user_label"] for reader in gemeente.staff] == [f"Petra Mulder <{world.owner.email}>"]
    page = response.content.decode()
    assert "Ahmed Yilmaz" in page and "Petra Mulder" in page
    logged = AccessLog.objects.get(user=officer, client_id=world.case.client_id)
    assert (logged.action, logged.purpose) == ("inzien", PURPOSE)


def test_the_csv_has_every_matching_row_and_defuses_formulas(world: World, officer: User):
    _reads(world)
    AccessLogFactory.create(client_id=world.case.client_id, shown="=HYPERLINK(1)")
    expected = AccessLog.objects.filter(client_id=world.case.client_id).count()
    response = world.http(officer).get(CSV, {"client": world.case.client_id})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("tijdstip;gebruiker;organisatie;functie;cliënt-id")
    assert len(lines) == 1 + expected
    assert "'=HYPERLINK(1)" in response.content.decode("utf-8-sig")
    logged = AccessLog.objects.get(user=officer, action="export")
    assert (logged.client_id, logged.purpose) == (world.case.client_id, PURPOSE)


def test_query_counts_are_pinned_and_do_not_grow_with_the_rows(
    world: World, officer: User, django_assert_num_queries
):
    http = world.http(officer)
    http.get(SEARCH)  # the session settles
    for rows in (3, 40):
        AccessLogFactory.create_batch(rows, client_id=world.case.client_id)
        with django_assert_num_queries(BASE + 1):  # the page of rows
            assert http.get(SEARCH).status_code == 200
        with django_assert_num_queries(BASE + 3):  # resolve the name, log it, the rows
            assert http.get(SEARCH, {"naam": "Jansen"}).status_code == 200
        with django_assert_num_queries(BASE + 3):  # the groups, their log row, the rows
            assert http.get(_client_page(world.case.client_id)).status_code == 200
        with django_assert_num_queries(BASE + 1):  # the rows' cursor, the export's log row; no unread count
            assert http.get(CSV, {"client": world.case.client_id}).status_code == 200
