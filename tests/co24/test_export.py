"""The dossier export: a chronological PDF of the signals in a period, medical signals only for those
allowed, every export recorded (DossierExport and the access log); write team members only."""

from __future__ import annotations

import datetime
import hashlib
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from pytest_django import DjangoAssertNumQueries

from co24.models import DossierExport
from privacy.models import AccessLog
from tests.world import Co24Parties

# Making the dossier export (a POST that answers with the PDF), with one signal and with eleven.
EXPORT_QUERIES = 19

DAY = 24 * 60


def _url(cw: Co24Parties) -> str:
    return reverse("co24:export", args=[cw.case.pk])


def _form(days_back: int = 7, purpose: str = "wvggz", **extra: str) -> dict[str, str]:
    today = timezone.localdate()
    return {
        "period_from": (today - datetime.timedelta(days=days_back)).isoformat(),
        "period_to": today.isoformat(),
        "purpose": purpose,
        "reason": "",
        **extra,
    }


def _text(content: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


def test_the_pdf_lists_the_signals_oldest_first_with_header_and_footer(cw: Co24Parties):
    cw.signal(account="Tweede melding: schreeuwt op de galerij", minutes_ago=DAY)
    cw.signal(account="Derde melding: deur niet open", minutes_ago=10)
    cw.signal(account="Eerste melding: eet weinig, valt af", minutes_ago=3 * DAY)
    cw.signal(account="Te oud voor deze periode", minutes_ago=20 * DAY)
    response = cw.http("pm").post(_url(cw), _form(reason="Voor de officier"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and cw.case.reference in disposition
    assert timezone.localdate().strftime("%Y%m%d") in disposition
    assert "Leenders" not in disposition
    text = _text(response.content)
    positions = [text.index(f"{word} melding") for word in ("Eerste", "Tweede", "Derde")]
    assert positions == sorted(positions)
    assert "Te oud" not in text
    for expected in (
        "Wim Leenders",
        cw.case.reference,
        "Grondslag Wvggz",
        "Voor de officier",
        cw.pm.get_full_name(),
        "Dhr. Dubbel",
        "staat op de inbellerslijst",
        "VERTROUWELIJK",
        "pagina 1 van",
    ):
        assert expected in text, expected


def test_each_export_is_recorded_with_its_hash_and_in_the_access_log(cw: Co24Parties):
    cw.signal(minutes_ago=60)
    cw.signal(minutes_ago=30)
    response = cw.http("pm").post(_url(cw), _form(purpose="huisverbod"))
    export = DossierExport.objects.get(case=cw.case)
    assert (export.requested_by, export.purpose, export.signal_count) == (cw.pm, "huisverbod", 2)
    assert export.period_to == timezone.localdate()
    assert export.sha256 == hashlib.sha256(response.content).hexdigest()
    log = AccessLog.objects.get(user=cw.pm, shown__startswith="co24 dossierexport huisverbod")
    assert log.case_id == cw.case.pk and "2 signalen" in log.shown
    assert f"exportnummer {export.pk}" in _text(response.content)


def test_medical_signals_are_withheld_from_those_not_allowed(cw: Co24Parties):
    cw.signal(account="Gebruikt geen clozapine meer", medical=True, minutes_ago=60)
    cw.signal(account="Buurvrouw hoort geschreeuw", minutes_ago=30)
    pm_text = _text(cw.http("pm").post(_url(cw), _form()).content)
    assert "clozapine" not in pm_text
    assert "Medisch signaal: niet opgenomen" in pm_text
    assert "Buurvrouw hoort geschreeuw" in pm_text
    regie_text = _text(cw.http("regisseur").post(_url(cw), _form()).content)
    assert "Gebruikt geen clozapine meer" in regie_text
    assert "niet opgenomen" not in regie_text
    assert list(DossierExport.objects.values_list("signal_count", flat=True)) == [2, 2]


def test_answers_unknown_callers_urgency_and_alerts_are_in_the_dossier(cw: Co24Parties):
    cw.signal(
        caller=None,
        caller_name="Mevr. Jansen",
        caller_relation="buurvrouw",
        urgency="hoog",
        follow_up="Casusregisseur belt vandaag",
        answers={"Fysieke agressie": "ja", "Contact met familie": "nee"},
    )
    text = _text(cw.http("regisseur").post(_url(cw), _form()).content)
    for expected in (
        "Mevr. Jansen",
        "staat niet op de inbellerslijst",
        "Hoog: direct de casusregisseur bellen",
        "Casusregisseur belt vandaag",
        "Fysieke agressie of vernieling [rode vlag]: Ja",
        "Contact met familie: Nee",
        "Kantelmoment: Rode vlag: Fysieke agressie",
    ):
        assert expected in text, expected


def test_an_empty_period_still_gives_a_dossier(cw: Co24Parties):
    response = cw.http("pm").post(_url(cw), _form())
    assert "Geen signalen in deze periode" in _text(response.content)
    assert DossierExport.objects.get().signal_count == 0


@pytest.mark.parametrize(
    ("who", "get", "post"),
    [
        ("pm", 200, 200),
        ("regisseur", 200, 200),
        ("agent", 403, 403),
        ("operator", 404, 404),
        ("other_operator", 404, 404),
        ("outsider", 404, 404),
    ],
)
def test_only_write_team_members_export(cw: Co24Parties, who: str, get: int, post: int):
    cw.signal()
    http = cw.http(who)
    assert http.get(_url(cw)).status_code == get
    assert http.post(_url(cw), _form()).status_code == post
    assert DossierExport.objects.count() == (1 if post == 200 else 0)


def test_the_form_page_is_logged_and_lists_earlier_exports(cw: Co24Parties):
    http = cw.http("pm")
    http.post(_url(cw), _form(purpose="victor"))
    page = http.get(_url(cw)).content.decode()
    assert "Wet Victor / Victoria" in page and "Eerdere exports" in page
    assert AccessLog.objects.filter(user=cw.pm, shown="co24 dossierexport (formulier)").count() == 1


def test_an_invalid_period_keeps_the_form(cw: Co24Parties):
    cw.signal()
    data = _form(reason="Bewaar mij")
    data["period_from"], data["period_to"] = data["period_to"], "2020-01-01"
    response = cw.http("pm").post(_url(cw), data)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Het einde van de periode ligt vóór het begin." in page
    assert 'value="2020-01-01"' in page and "Bewaar mij" in page
    assert not DossierExport.objects.exists()
    garbled = cw.http("pm").post(_url(cw), {**_form(), "period_from": "gisteren"})
    assert garbled.status_code == 200 and 'value="gisteren"' in garbled.content.decode()
    assert not DossierExport.objects.exists()


def test_purpose_other_needs_a_reason(cw: Co24Parties):
    response = cw.http("pm").post(_url(cw), _form(purpose="anders"))
    assert "Licht toe waarvoor de export nodig is." in response.content.decode()
    assert not DossierExport.objects.exists()


def test_too_many_signals_asks_for_a_shorter_period(cw: Co24Parties, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr("co24.services.export.MAX_SIGNALS", 2)
    for minutes in (30, 20, 10):
        cw.signal(minutes_ago=minutes)
    response = cw.http("pm").post(_url(cw), _form())
    assert response.status_code == 200
    assert "Deze periode bevat 3 signalen" in response.content.decode()
    assert not DossierExport.objects.exists()
    assert not AccessLog.objects.filter(shown__startswith="co24 dossierexport w").exists()


def test_an_export_is_tagged_and_fetches_nothing_but_its_stylesheets(
    cw: Co24Parties, monkeypatch: pytest.MonkeyPatch
):
    from common.pdf import StaticOnlyFetcher

    fetched: list[str] = []
    original = StaticOnlyFetcher.fetch

    def spy(self: StaticOnlyFetcher, url: str, headers: object = None) -> object:
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(StaticOnlyFetcher, "fetch", spy)
    cw.signal()
    response = cw.http("pm").post(_url(cw), _form())
    assert response.status_code == 200
    assert all(url.startswith("file:") for url in fetched)  # static files only
    assert [url.rsplit("/static/", 1)[1] for url in fetched] == [
        "css/pdf/base.css",
        "css/pdf/co24-dossier.css",
    ]
    reader = PdfReader(io.BytesIO(response.content))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"] and catalog["/Lang"] == "nl"
    assert reader.metadata.title.startswith(f"CO24dak-dossier {cw.case.reference}")


def test_an_export_that_renders_too_long_is_refused_and_not_recorded(
    cw: Co24Parties, monkeypatch: pytest.MonkeyPatch, settings: object
):
    import time

    from common.pdf import StaticOnlyFetcher

    original = StaticOnlyFetcher.fetch

    def slow(self: StaticOnlyFetcher, url: str, headers: object = None) -> object:
        time.sleep(5)  # a layout that does not finish
        return original(self, url, headers)

    monkeypatch.setattr(StaticOnlyFetcher, "fetch", slow)
    settings.PDF_RENDER_TIMEOUT = 0.3  # type: ignore[attr-defined]
    cw.signal()
    started = time.monotonic()
    response = cw.http("pm").post(_url(cw), _form())
    assert time.monotonic() - started < 4
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "Het maken van deze export duurde te lang" in response.content.decode()
    assert not DossierExport.objects.exists()


def test_the_export_query_count_does_not_grow_with_the_signals(
    cw: Co24Parties, django_assert_num_queries: DjangoAssertNumQueries
):
    http = cw.http("pm")
    http.get(_url(cw))  # warm the session
    cw.signal(answers={"Fysieke agressie": "ja"}, minutes_ago=60)
    with django_assert_num_queries(EXPORT_QUERIES):
        assert http.post(_url(cw), _form()).status_code == 200
    for minutes in range(10):
        cw.signal(answers={"Gedragsverandering": "ja", "Contact met familie": "nee"}, minutes_ago=minutes + 1)
    with django_assert_num_queries(EXPORT_QUERIES):
        assert http.post(_url(cw), _form()).status_code == 200
