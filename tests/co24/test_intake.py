"""The back office's phone screen: find the client, record the call, be ready for the next one."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from caseplan.models import Case, PlanTemplate
from caseplan.services.cases import case_create
from caseplan.services.clients import client_create
from caseplan.services.plans import plan_create, version_publish, version_start_next
from co24.models import Alert, Signal, SignalAnswer
from co24.services.enrolment import co24_enrol
from privacy.models import AccessLog, Purpose
from tests.factories import valid_bsn
from tests.world import Co24Parties, verified_client

INTAKE = "/co24/"
SEARCH = "/co24/zoeken/"


def _new(cw: Co24Parties) -> str:
    return f"/co24/{cw.case.pk}/melding/"


def _found(cw: Co24Parties, who: str, term: str) -> bool:
    response = cw.http(who).get(SEARCH, {"q": term}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return f"/co24/{cw.case.pk}/melding/" in response.content.decode()


def _other_municipality_case(cw: Co24Parties) -> Case:
    client = client_create(by=cw.pm, achternaam="Leenderink", voornamen="Wim", bsn=valid_bsn(77))
    case = case_create(
        client=client, gemeente=cw.other_gemeente, purpose=Purpose.objects.get(code="co24"), by=cw.pm
    )
    co24_enrol(case=case, backoffice=cw.other_backoffice, by=cw.pm)
    return case


def _post(cw: Co24Parties, who: str = "operator", **overrides: str) -> dict[str, str]:
    data = {
        "caller": str(cw.caller.pk),
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "account": "Huisbezoek: laat hem toe, eet weinig, praat over 'de ratten'.",
        "urgency": "normaal",
        "follow_up": "Overleg do 10:00",
        f"item_{cw.item('Gedragsverandering').pk}": "ja",
        f"item_{cw.item('Contact met familie').pk}": "nee",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "term",
    ["Leenders", "leen", "Wim", "Wimpie", "14-05-1971", "wim leenders"],
)
def test_the_back_office_finds_the_client_by_name_alias_and_date_of_birth(cw: Co24Parties, term: str):
    assert _found(cw, "operator", term)


def test_an_exact_bsn_finds_the_client_and_a_partial_one_finds_nobody(cw: Co24Parties):
    bsn = cw.case.client.bsn
    assert _found(cw, "operator", bsn)
    assert _found(cw, "operator", f"{bsn[:3]} {bsn[3:6]} {bsn[6:]}")
    assert not _found(cw, "operator", bsn[:8])
    assert not _found(cw, "operator", bsn[1:])
    assert not _found(cw, "operator", bsn[:5])


def test_the_case_reference_finds_the_client(cw: Co24Parties):
    assert _found(cw, "operator", cw.case.reference.lower())


def test_another_back_office_finds_only_its_own_clients(cw: Co24Parties):
    theirs = _other_municipality_case(cw)
    body = cw.http("other_operator").get(SEARCH, {"q": "Leen"}, HTTP_HX_REQUEST="true").content.decode()
    assert f"/co24/{theirs.pk}/melding/" in body
    assert f"/co24/{cw.case.pk}/melding/" not in body
    assert not _found(cw, "other_operator", cw.case.client.bsn)
    assert (
        f"/co24/{theirs.pk}/melding/" not in cw.http("operator").get(SEARCH, {"q": "Leen"}).content.decode()
    )


def test_a_case_whose_enrolment_ended_is_not_found(cw: Co24Parties):
    from co24.services.enrolment import co24_end

    co24_end(enrolment=cw.case.co24, by=cw.pm)
    assert not _found(cw, "operator", "Leenders")
    assert cw.http("operator").get(_new(cw)).status_code == 404


@pytest.mark.parametrize("who", ["pm", "regisseur", "agent", "outsider", "other_operator"])
def test_only_the_back_office_has_the_intake_screen(cw: Co24Parties, who: str):
    status = 404 if who != "other_operator" else 200  # another back office has its own intake screen
    assert cw.http(who).get(INTAKE).status_code == status
    assert cw.http(who).get(SEARCH, {"q": "Leenders"}).status_code == status
    if who == "other_operator":
        assert not _found(cw, who, "Leenders")


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("operator", 200),
        ("pm", 200),
        ("regisseur", 200),
        ("agent", 403),
        ("other_operator", 404),
        ("outsider", 404),
    ],
)
def test_who_may_open_the_signal_form(cw: Co24Parties, who: str, status: int):
    assert cw.http(who).get(_new(cw)).status_code == status
    response = cw.http(who).post(_new(cw), _post(cw))
    assert response.status_code == (302 if status == 200 else status)
    assert Signal.objects.count() == (1 if status == 200 else 0)


def test_the_intake_page_focuses_the_search_and_loads_its_script(cw: Co24Parties):
    body = cw.http("operator").get(INTAKE).content.decode()
    assert 'id="q"' in body and "autofocus" in body
    assert "js/co24-intake.js" in body
    assert "<script>" not in body  # CSP: no inline scripts


def test_a_full_page_search_works_without_javascript(cw: Co24Parties):
    body = cw.http("operator").get(INTAKE, {"q": "Wimpie"}).content.decode()
    assert f"/co24/{cw.case.pk}/melding/" in body and "<html" in body
    partial = cw.http("operator").get(SEARCH, {"q": "Wimpie"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and 'data-q="Wimpie"' in partial


def test_the_form_shows_callers_checklist_agreements_and_the_plan(cw: Co24Parties):
    cw.caller.agreements = "Belt na elk huisbezoek; bij twijfel direct de casusregisseur."
    cw.caller.save()
    version = plan_create(case=cw.case, template=PlanTemplate.objects.get(code="maatwerkplan"), by=cw.pm)
    section = version.sections.get(key="co24")
    section.data = {
        "inbellers": "Dhr. Dubbel, zus Anja",
        "afspraken": "Zus belt bij onrust",
        "vragen_checklist": "",
    }
    section.save()
    version_publish(version=version, by=cw.pm, evaluation_date=None)
    draft = version_start_next(plan=version.plan, by=cw.pm)
    draft.sections.filter(key="co24").update(data={"afspraken": "Nog niet besproken concepttekst"})
    body = cw.http("operator").get(_new(cw)).content.decode()
    assert "Nog niet besproken concepttekst" not in body  # the back office works from the adopted plan
    assert "Dhr. Dubbel" in body and "Staat niet op de lijst" in body
    assert "Belt na elk huisbezoek" in body
    assert "Zus belt bij onrust" in body and "Dhr. Dubbel, zus Anja" in body
    assert '<details class="panel" open>' in body  # the agreements are in view beside the callers
    assert f"Bij urgentie hoog direct bellen: {cw.regisseur.get_full_name()}" in " ".join(body.split())
    assert "Fysieke agressie" in body and "rode vlag" in body
    assert "Risicosignalen" in body and "Beschermende factoren" in body
    assert 'type="datetime-local"' in body and timezone.localtime().strftime("%Y-%m-%dT") in body
    assert "autofocus" in body


def test_the_back_office_records_a_signal_and_is_back_at_the_search(cw: Co24Parties):
    response = cw.http("operator").post(_new(cw), _post(cw), follow=True)
    assert response.redirect_chain[-1][0] == INTAKE
    body = response.content.decode()
    assert "Signaal opgeslagen voor Wim Leenders" in body
    signal = Signal.objects.get()
    assert signal.caller == cw.caller and not signal.caller_unknown
    assert signal.backoffice_id == cw.backoffice.pk and signal.recorded_by == cw.operator
    assert signal.follow_up == "Overleg do 10:00"
    answers = dict(SignalAnswer.objects.values_list("item__text", "answer"))
    assert len(answers) == 2  # the questions nobody asked are not stored
    assert answers[cw.item("Gedragsverandering").text] == "ja"


def test_a_team_member_records_a_signal_and_returns_to_the_journal(cw: Co24Parties):
    response = cw.http("regisseur").post(_new(cw), _post(cw))
    assert response.status_code == 302 and response.url == f"/co24/{cw.case.pk}/"
    assert Signal.objects.get().backoffice_id is None


def test_the_confirmation_mentions_a_tipping_point(cw: Co24Parties):
    data = _post(cw, **{f"item_{cw.item('Fysieke agressie').pk}": "ja"})
    body = cw.http("operator").post(_new(cw), data, follow=True).content.decode()
    assert Alert.objects.count() == 1
    assert "Kantelmoment: Rode vlag: Fysieke agressie" in body
    assert "casusregisseur en de procesmanager zijn gewaarschuwd" in body


def test_an_unknown_caller_is_recorded_and_flagged(cw: Co24Parties):
    data = _post(
        cw, caller="onbekend", caller_name="Mevr. Jansen", caller_relation="buurvrouw", caller_phone="06-1"
    )
    assert cw.http("operator").post(_new(cw), data).status_code == 302
    signal = Signal.objects.get()
    assert signal.caller is None and signal.caller_unknown
    assert (signal.caller_name, signal.caller_relation, signal.caller_phone) == (
        "Mevr. Jansen",
        "buurvrouw",
        "06-1",
    )
    journal = cw.http("regisseur").get(f"/co24/{cw.case.pk}/").content.decode()
    assert "Mevr. Jansen" in journal and "niet op de lijst" in journal


def test_an_unknown_caller_needs_a_name_and_a_listed_caller_no_unknown_fields(cw: Co24Parties):
    response = cw.http("operator").post(_new(cw), _post(cw, caller="onbekend"))
    assert response.status_code == 200 and "Noteer de naam van de inbeller" in response.content.decode()
    response = cw.http("operator").post(_new(cw), _post(cw, caller_name="Zus Anja"))
    assert response.status_code == 200 and "Kies “Staat niet op de lijst”" in response.content.decode()
    assert not Signal.objects.exists()


def test_errors_keep_every_word_typed(cw: Co24Parties):
    risk = cw.item("Gedragsverandering")
    data = _post(
        cw, caller="", account="", follow_up="Zus Anja belt morgen terug", medical="on", urgency="hoog"
    )
    response = cw.http("operator").post(_new(cw), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Controleer uw invoer" in body and "Noteer wat de inbeller vertelt" in body
    assert "Kies de inbeller" in body
    assert "Zus Anja belt morgen terug" in body
    assert (
        f'name="item_{risk.pk}" value="ja" id="id_item_{risk.pk}_0" aria-describedby="q-{risk.pk}" checked'
        in body
    )
    assert 'value="hoog"' in body and 'id="id_medical" checked' in body
    assert not Signal.objects.exists()


def test_a_service_error_keeps_the_input_too(cw: Co24Parties):
    future = (timezone.localtime() + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = cw.http("operator").post(
        _new(cw), _post(cw, received_at=future, account="Getypt tijdens het gesprek")
    )
    body = response.content.decode()
    assert response.status_code == 200 and "in de toekomst" in body and "Getypt tijdens het gesprek" in body


def test_a_signal_typed_before_the_session_expired_is_restored(cw: Co24Parties):
    anonymous = HttpClient()
    response = anonymous.post(_new(cw), _post(cw, account="Getypt voor de time-out"))
    assert response.status_code == 302 and response.url.startswith("/inloggen/")
    stashed = {k: v for k, v in anonymous.session.items() if k == "stashed_post"}
    again = verified_client(cw.operator)
    session = again.session
    session.update(stashed)
    session.save()
    body = again.get(_new(cw)).content.decode()
    assert "Getypt voor de time-out" in body and "voordat uw sessie verliep" in body
    assert not Signal.objects.exists()
    assert "Getypt voor de time-out" not in again.get(_new(cw)).content.decode()


def test_reads_are_access_logged(cw: Co24Parties):
    cw.http("operator").get(SEARCH, {"q": "Leenders"}, HTTP_HX_REQUEST="true")
    listed = AccessLog.objects.get(user=cw.operator, action="lijst")
    assert listed.case_id == cw.case.pk and "intake" in listed.shown
    cw.http("operator").get(_new(cw))
    read = AccessLog.objects.get(user=cw.operator, action="inzien")
    assert read.case_id == cw.case.pk and read.client_id == cw.case.client_id
    cw.http("operator").get(SEARCH, {"q": "Nobody"}, HTTP_HX_REQUEST="true")
    assert AccessLog.objects.filter(user=cw.operator, action="lijst").count() == 1  # no client shown, no row
