"""The WODC/MI monitor counts only the user's own prison or municipality, per period, in a fixed number of
queries, and exports the same figures as CSV."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
import time_machine
from django.test import Client as HttpClient
from pytest_django import DjangoAssertNumQueries

from nazorg.models import DetentionEpisode, DetentionStatus
from nazorg.selectors.monitoring import Monitor, Period, build_monitor, half_year, half_years, parse_period
from nazorg.services.consent import consent_record, consent_withdraw
from nazorg.services.episodes import episode_register
from privacy.models import AccessLog, Function, User
from tests.factories import OrganisationFactory, UserFactory, valid_bsn
from tests.nazorg.documents import BASISDOCUMENT, MELDINGSBLAD, ONTSLAGBERICHT
from tests.world import NazorgParties, verified_client

TODAY = datetime.date(2026, 11, 27)
H2 = half_year(2026, 2)
URL, CSV_URL = "/nazorg/monitor/", "/nazorg/monitor.csv"

# Middleware and header (session, user, otp device, unread notifications) aside, the monitor itself:
# the user's organisation, the date bounds, the intake cohort, its municipalities, the release cohort and
# the consent forms.
MONITOR_QUERIES = 6
# The page: session, user, otp device, then MONITOR_QUERIES, unread notifications (header), session save
# (savepoint, update, release).
PAGE_QUERIES = 3 + MONITOR_QUERIES + 1 + 3


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(
        datetime.datetime(2026, 11, 27, 12, 0, tzinfo=datetime.UTC), tick=False
    ) as traveller:
        yield traveller


def _register(nw: NazorgParties, seed: int, start: datetime.date, **fields: Any) -> DetentionEpisode:
    return nw.register(bsn=valid_bsn(seed), detention_start=start, **fields)


def _screen(nw: NazorgParties, episode: DetentionEpisode, **answers: str) -> None:
    nw.submit(episode, "meldingsblad", MELDINGSBLAD)
    nw.submit(episode, "basisdocument", {**BASISDOCUMENT, **answers})


def _release(nw: NazorgParties, episode: DetentionEpisode, on: datetime.date, **answers: str) -> None:
    nw.submit(episode, "ontslagbericht", {**ONTSLAGBERICHT, "ontslagdatum": on.isoformat(), **answers})


def _monitor(user: User, period: Period = H2) -> Monitor:
    return build_monitor(user=User.objects.get(pk=user.pk), period=period, today=TODAY)


def _figures(monitor: Monitor, part: str) -> dict[str, int]:
    found = next(p for p in monitor.parts if p.key == part)
    return {figure.key: figure.value for figure in found.figures}


def _table(monitor: Monitor, key: str) -> dict[str, list[tuple[int, int]]]:
    tables = [table for part in monitor.parts for table in part.tables if table.key == key]
    assert len(tables) == 1, key
    return {row.key: [(cell.value, cell.base) for cell in row.cells] for row in tables[0].rows}


@pytest.fixture
def filled(nw: NazorgParties, _today) -> NazorgParties:
    """PI Almelo, second half of 2026, all for Gemeente Enschede unless said otherwise:
    - the world's episode (started 2 Nov): screened on time, handed over through the application, released
      on 20 Nov with an ontslagbericht;
    - one started 1 Oct: screened 30 days after the notice (late), handed over by e-mail, ID action needed;
    - one started 1 Sep: not screened, a foreigner; one started 1 Aug: not screened yet, notice a month ago;
    - one started in March (first half) and released on 10 Nov: homeless on release, no income but
      arrangements for the first week;
    - a detention of PI Zwolle for Gemeente Hengelo (another prison, another municipality)."""
    _screen(nw, nw.episode)
    _release(nw, nw.episode, datetime.date(2026, 11, 20))
    late = _register(nw, 2, datetime.date(2026, 10, 1))
    _today.move_to(datetime.datetime(2026, 10, 2, 12, 0, tzinfo=datetime.UTC))
    nw.submit(late, "meldingsblad", MELDINGSBLAD)
    _today.move_to(datetime.datetime(2026, 11, 1, 12, 0, tzinfo=datetime.UTC))
    nw.submit(late, "basisdocument", {**BASISDOCUMENT, "overdracht_kanaal": "email", "status_id": "4"})
    _today.move_to(datetime.datetime(2026, 10, 20, 12, 0, tzinfo=datetime.UTC))
    pending = _register(nw, 4, datetime.date(2026, 8, 1))
    nw.submit(pending, "meldingsblad", MELDINGSBLAD)
    _today.move_to(datetime.datetime(2026, 11, 27, 12, 0, tzinfo=datetime.UTC))
    _register(nw, 3, datetime.date(2026, 9, 1), not_screened="vreemdeling")
    earlier = _register(nw, 5, datetime.date(2026, 3, 1))
    _screen(nw, earlier, overgedragen="nee", schulden="nee", schuldhulp="", schulden_band="")
    _release(
        nw,
        earlier,
        datetime.date(2026, 11, 10),
        huisvesting="8",
        inkomen="nee",
        inkomen_bron="",
        inkomen_eerste_week="ja",
        schulden="nee",
        schuldhulp="",
    )
    consent_record(
        episode=nw.episode,
        by=nw.mmd,
        signed_on=datetime.date(2026, 11, 3),
        scope=["ggz"],
        evidence="PI-dossier",
    )
    withdrawn = consent_record(
        episode=late, by=nw.mmd, signed_on=datetime.date(2026, 10, 5), scope=["ggz"], evidence="PI-dossier"
    )
    consent_withdraw(consent=withdrawn, by=nw.mmd, on=datetime.date(2026, 11, 1))
    consent_record(
        episode=earlier, by=nw.mmd, signed_on=datetime.date(2026, 3, 5), scope=["ggz"], evidence="PI-dossier"
    )
    elsewhere = episode_register(
        by=nw.other_mmd,
        prison=nw.other_prison,
        achternaam="Visser",
        geboortedatum=datetime.date(1985, 1, 1),
        bsn=valid_bsn(9),
        mmd=nw.other_mmd,
        detention_start=datetime.date(2026, 10, 10),
        status=DetentionStatus.VEROORDEELD,
        expected_release=datetime.date(2027, 6, 1),
        brp_gemeente=nw.other_gemeente,
    )
    nw.submit(elsewhere, "meldingsblad", MELDINGSBLAD, by=nw.other_mmd)
    nw.submit(elsewhere, "basisdocument", {**BASISDOCUMENT, "overdracht_kanaal": "post"}, by=nw.other_mmd)
    nw.submit(elsewhere, "ontslagbericht", {**ONTSLAGBERICHT, "ontslagdatum": "2026-11-15"}, by=nw.other_mmd)
    return nw


def test_intake_figures_of_the_mmders_own_prison(filled: NazorgParties):
    monitor = _monitor(filled.mmd)
    assert monitor.available and monitor.has_episodes and monitor.organisation == "PI Almelo"
    assert _figures(monitor, "instroom") == {
        "gestart": 4,
        "gescreend": 2,
        "niet_gescreend": 1,
        "nog_niet_gescreend": 1,
    }
    assert _table(monitor, "screening") == {
        "gescreend": [(2, 4)],
        "vreemdeling": [(1, 4)],
        "te_kort": [(0, 4)],
        "nog_niet": [(1, 4)],
    }
    assert _table(monitor, "overgedragen") == {"ja": [(2, 2)], "nee": [(0, 2)]}
    assert _table(monitor, "kanaal") == {"applicatie": [(1, 2)], "email": [(1, 2)], "post": [(0, 2)]}
    assert _table(monitor, "gemeente") == {"Gemeente Enschede-test": [(2, 2)]}
    statuses = _table(monitor, "status_intake")
    assert statuses["id"] == [(0, 2), (1, 2), (0, 2), (1, 2)]  # one "2 Nee", one "4 Actie noodzakelijk"
    assert statuses["onderdak"] == [(0, 2), (0, 2), (0, 2), (2, 2)]
    assert statuses["zorg"] == [(0, 2), (0, 2), (2, 2), (0, 2)]
    before = _table(monitor, "voor_detentie")
    assert (
        before["id"] == [(2, 2)] and before["inkomen"] == [(0, 2)] and before["zorgverzekering"] == [(2, 2)]
    )
    assert before["schuldhulp"] == [(0, 2)]  # both have debts, neither is in debt help
    assert _table(monitor, "mmd") == {
        "op_tijd": [(1, 2)],
        "te_laat": [(1, 2)],
        "zonder_termijn": [(0, 2)],
        "volledig": [(0, 2)],  # the sample basisdocument has zorg "3 Onbekend"
        "verlopen": [(1, 1)],  # the notice came a month ago, the basisdocument not
    }
    assert _figures(monitor, "toestemming") == {"toestemming": 2, "ingetrokken": 1}


def test_release_figures_set_the_day_of_release_beside_the_intake(filled: NazorgParties):
    monitor = _monitor(filled.mmd)
    assert _figures(monitor, "uitstroom") == {
        "ontslagen": 2,
        "met_ontslagbericht": 2,
        "zonder_ontslagbericht": 0,
    }
    compared = _table(monitor, "voor_en_na")  # (before: basisdocument, after: ontslagbericht)
    assert compared["onderdak"] == [(0, 2), (1, 2)]  # homeless before; one in the MO after, one homeless
    assert compared["inkomen"] == [(0, 2), (1, 2)]
    assert compared["schulden"] == [(1, 2), (1, 2)]
    assert compared["schuldhulp"] == [(0, 1), (1, 1)]  # among those with debts
    assert compared["zorgverzekering"] == [(2, 2), (2, 2)]
    income = _table(monitor, "inkomen_ontslag")
    assert (
        income["uitkering"] == [(1, 2)]
        and income["nee"] == [(1, 2)]
        and income["nee_eerste_week"] == [(1, 2)]
    )
    housing = _table(monitor, "huisvesting_ontslag")
    assert housing["6"] == [(1, 2)] and housing["8"] == [(1, 2)] and housing["1"] == [(0, 2)]


def test_the_period_decides_which_detentions_count(filled: NazorgParties):
    first_half = _monitor(filled.mmd, half_year(2026, 1))
    assert _figures(first_half, "instroom")["gestart"] == 1  # started in March
    assert _figures(first_half, "uitstroom")["ontslagen"] == 0  # released in November
    assert _figures(first_half, "toestemming")["toestemming"] == 1
    october = _monitor(filled.mmd, Period(datetime.date(2026, 10, 1), datetime.date(2026, 10, 31)))
    assert _figures(october, "instroom") == {
        "gestart": 1,
        "gescreend": 1,
        "niet_gescreend": 0,
        "nog_niet_gescreend": 0,
    }
    page = filled.http("mmd").get(URL, {"periode": "2026-H1"}).content.decode()
    assert "1e halfjaar 2026" in page and 'value="2026-H1" selected' in page
    page = filled.http("mmd").get(URL, {"van": "2026-10-01", "tot": "2026-10-31"}).content.decode()
    assert "1 oktober 2026 t/m 31 oktober 2026" in page
    assert 'data-figure="gestart"><span class="kpi__value">1<' in page


def test_a_wrong_period_says_so_and_shows_the_current_half_year(filled: NazorgParties):
    page = filled.http("mmd").get(URL, {"periode": "2026-H3"}).content.decode()
    assert "Onbekende periode" in page and "2e halfjaar 2026" in page
    page = filled.http("mmd").get(URL, {"van": "2026-12-01", "tot": "2026-10-01"}).content.decode()
    assert "De begindatum ligt na de einddatum" in page


def test_another_prison_and_another_municipality_are_not_counted(filled: NazorgParties):
    zwolle = _monitor(filled.other_mmd)
    assert _figures(zwolle, "instroom")["gestart"] == 1
    assert _table(zwolle, "kanaal")["post"] == [(1, 1)]
    assert _figures(zwolle, "toestemming")["toestemming"] == 0
    enschede = _monitor(filled.contact)
    # The municipality hears of a detention with the meldingsblad: the foreigner's was never sent.
    assert _figures(enschede, "instroom") == {
        "gestart": 3,
        "gescreend": 2,
        "niet_gescreend": 0,
        "nog_niet_gescreend": 1,
    }
    assert _figures(enschede, "uitstroom")["ontslagen"] == 2
    hengelo = _monitor(filled.other_contact)
    assert _figures(hengelo, "instroom")["gestart"] == 1
    assert _table(hengelo, "gemeente") == {"Gemeente Hengelo-test": [(1, 1)]}


def test_the_page_draws_charts_with_tables_behind_them(filled: NazorgParties):
    response = filled.http("mmd").get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Monitor nazorg (WODC/MI)</h1>" in page
    assert "Detenties met aanvang detentie in de periode." in page
    assert "Detenties met datum ontslag in de periode." in page
    assert (
        '<caption class="visually-hidden">Status per basisvoorwaarde bij intake, 2e halfjaar 2026</caption>'
        in page
    )
    assert 'fill="#b3001b"' in page  # "4 Actie noodzakelijk" in the stacked chart
    assert '<td class="bar-cell" aria-hidden="true">' in page
    assert 'href="/nazorg/monitor.csv?periode=2026-H2"' in page


def test_csv_has_the_figures_and_guards_against_formulas(filled: NazorgParties):
    evil = OrganisationFactory(gemeente=True, name="=HYPERLINK(1)")
    episode = _register(filled, 11, datetime.date(2026, 9, 9), brp_gemeente=evil)
    _screen(filled, episode)
    before = AccessLog.objects.count()
    response = filled.http("mmd").get(CSV_URL, {"periode": "2026-H2"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="wodc-mi-monitor-2026-07-01-2026-12-31.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "periode_van",
        "periode_tot",
        "onderdeel",
        "vraag",
        "antwoord",
        "reeks",
        "aantal",
        "van",
        "procent",
    ]
    assert [
        "2026-07-01",
        "2026-12-31",
        "instroom",
        "kerncijfers",
        "detenties gestart",
        "",
        "5",
        "",
        "",
    ] in rows
    assert [
        "2026-07-01",
        "2026-12-31",
        "instroom",
        "Op welke wijze is de informatie overgedragen?",
        "E-mail",
        "Aantal",
        "1",
        "3",
        "33",
    ] in rows
    assert any(
        row[3] == "Status per basisvoorwaarde bij intake" and row[5] == "4 Actie noodzakelijk" for row in rows
    )
    assert any(row[4] == "'=HYPERLINK(1)" for row in rows)
    assert not any(row[4] == "=HYPERLINK(1)" for row in rows)
    # One access-log row for the export, about nobody in particular.
    assert AccessLog.objects.count() == before + 1
    entry = AccessLog.objects.latest("at")
    assert (entry.action, entry.client_id, entry.case_id, entry.detention_id) == ("export", None, None, None)
    assert entry.user == filled.mmd and "2026-07-01" in entry.shown


def test_viewing_the_page_writes_no_access_log(filled: NazorgParties):
    before = AccessLog.objects.count()
    assert filled.http("mmd").get(URL).status_code == 200
    assert AccessLog.objects.count() == before


def test_the_monitor_takes_a_fixed_number_of_queries(
    filled: NazorgParties, django_assert_num_queries: DjangoAssertNumQueries
):
    user = User.objects.get(pk=filled.mmd.pk)
    with django_assert_num_queries(MONITOR_QUERIES):
        build_monitor(user=user, period=H2, today=TODAY)

    http = filled.http("mmd")
    with django_assert_num_queries(PAGE_QUERIES):
        assert http.get(URL).status_code == 200
    for seed in range(20, 32):
        _screen(filled, _register(filled, seed, datetime.date(2026, 9, 1)))
    with django_assert_num_queries(PAGE_QUERIES):
        assert http.get(URL).status_code == 200


def test_empty_states(nw: NazorgParties):
    police = UserFactory(email="agent@politie.test", organisation=OrganisationFactory(politie=True))
    for user in (nw.care_user, nw.coordinator, police):
        response = verified_client(user).get(URL)
        assert response.status_code == 200
        page = response.content.decode()
        assert 'data-state="geen-monitor"' in page and "Voor uw rol zijn er geen cijfers." in page
        assert "Exporteer als CSV" not in page
        export = verified_client(user).get(CSV_URL)
        assert export.status_code == 200
        assert export.content.decode("utf-8-sig").splitlines() == [
            "periode_van;periode_tot;onderdeel;vraag;antwoord;reeks;aantal;van;procent"
        ]
    # A municipality whose contact person has not been told of any detention yet.
    page = nw.http("other_contact").get(URL).content.decode()
    assert 'data-state="geen-detenties"' in page and "Gemeente Hengelo-test" in page
    assert AccessLog.objects.filter(action="export").count() == 0


@pytest.mark.parametrize("who", ["mmd", "other_mmd", "contact", "other_contact", "coordinator", "care_user"])
def test_every_signed_in_user_gets_the_page_and_the_csv(filled: NazorgParties, who: str):
    http = filled.http(who)
    assert http.get(URL).status_code == 200
    assert http.get(CSV_URL).status_code == 200


def test_anonymous_users_are_sent_to_the_login(nw: NazorgParties):
    for url in (URL, CSV_URL):
        response = HttpClient().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/inloggen/")


def test_a_prison_coordinator_sees_the_prison(filled: NazorgParties):
    coordinator = UserFactory(
        email="coordinator@almelo.test", organisation=filled.prison, function=Function.COORDINATOR
    )
    assert _figures(_monitor(coordinator), "instroom")["gestart"] == 4


def test_period_parsing():
    assert parse_period({}, today=TODAY) == (H2, "")
    assert parse_period({"periode": "2025-H1"}, today=TODAY) == (half_year(2025, 1), "")
    period, error = parse_period({"van": "2026-01-01", "tot": "2026-03-31"}, today=TODAY)
    assert (period.start, period.end, period.key, error) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 3, 31),
        "",
        "",
    )
    assert parse_period({"van": "2026-01-01"}, today=TODAY)[1]
    assert parse_period({"periode": "1999-H1"}, today=TODAY)[1]
    assert [p.key for p in half_years(datetime.date(2025, 5, 1), TODAY)] == [
        "2026-H2",
        "2026-H1",
        "2025-H2",
        "2025-H1",
    ]
