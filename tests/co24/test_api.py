"""The CO24dak API: post a signal (idempotent per external_id), read the journal and the checklist; the
same access as the pages, every read logged with channel "api", medical accounts only for those allowed."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from caseplan.services.cases import case_create
from caseplan.services.clients import client_create
from co24.api import views
from co24.models import Alert, Signal
from co24.services.enrolment import co24_end, co24_enrol
from privacy.models import AccessLog, Purpose
from tests.api_keys import user_key
from tests.problems import invalid, invalid_fields, problem
from tests.world import Co24Parties

# The API's journal of signals for a session, with one signal and with twenty-one.
API_JOURNAL_QUERIES = 15


def _base(cw: Co24Parties) -> str:
    return f"/api/v1/co24/cases/{cw.case.pk}"


def _post(cw: Co24Parties, who: str, payload: dict[str, Any]) -> Any:
    return cw.http(who).post(f"{_base(cw)}/signals/", payload, content_type="application/json")


def _payload(cw: Co24Parties, **fields: Any) -> dict[str, Any]:
    return {
        "received_at": (timezone.now() - datetime.timedelta(minutes=5)).isoformat(),
        "caller_id": cw.caller.pk,
        "account": "Huisbezoek: laat me binnen, wil niet over problemen praten.",
        "urgency": "verhoogd",
        "follow_up": "Gesprek do 11:00",
        "answers": [
            {"item_id": cw.item("Gedragsverandering").pk, "answer": "ja"},
            {"item_id": cw.item("Contact met familie").pk, "answer": "nee"},
        ],
        **fields,
    }


# --- posting ---------------------------------------------------------------------------------------------


def test_the_back_office_posts_a_signal(cw: Co24Parties):
    response = _post(cw, "operator", _payload(cw, external_id="tel-0001"))
    assert response.status_code == 201, response.content
    body = response.json()
    signal = Signal.objects.get(pk=body["id"])
    assert (signal.channel, signal.backoffice, signal.recorded_by) == ("api", cw.backoffice, cw.operator)
    assert signal.external_id == "tel-0001" and signal.caller == cw.caller
    assert body["caller"]["name"] == "Dhr. Dubbel" and body["caller_on_list"] is True
    assert body["urgency"] == "verhoogd" and body["follow_up"] == "Gesprek do 11:00"
    assert [(a["text"].split()[0], a["kind"], a["answer"]) for a in body["answers"]] == [
        ("Gedragsverandering:", "risico", "ja"),
        ("Contact", "beschermend", "nee"),
    ]
    assert body["alerts"] == []
    assert AccessLog.objects.filter(user=cw.operator, channel="api", case_id=cw.case.pk).count() == 1


def test_a_post_returns_the_alerts_it_fired(cw: Co24Parties):
    payload = _payload(cw, answers=[{"item_id": cw.item("Fysieke agressie").pk, "answer": "ja"}])
    body = _post(cw, "operator", payload).json()
    assert [alert["summary"] for alert in body["alerts"]] == ["Rode vlag: Fysieke agressie of vernieling"]
    assert Alert.objects.get().signal_id == body["id"]


def test_an_unknown_caller_is_flagged(cw: Co24Parties):
    payload = _payload(cw, caller_id=None, caller_name="Mevr. Jansen", caller_relation="buurvrouw")
    body = _post(cw, "operator", payload).json()
    assert body["caller"] is None and body["caller_on_list"] is False
    assert (body["caller_name"], body["caller_relation"]) == ("Mevr. Jansen", "buurvrouw")


def test_the_same_external_id_gives_the_stored_signal_back(cw: Co24Parties):
    first = _post(cw, "operator", _payload(cw, external_id="tel-0042"))
    again = _post(cw, "operator", _payload(cw, external_id="tel-0042", account="Anders verwoord"))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["account"].startswith("Huisbezoek")
    assert Signal.objects.count() == 1


def test_the_service_catching_a_duplicate_also_replays(cw: Co24Parties, monkeypatch: pytest.MonkeyPatch):
    """Two posts at the same moment: the lookup before saving misses, the unique index catches it."""
    first = _post(cw, "operator", _payload(cw, external_id="tel-race")).json()
    real = views.SignalViewSet._existing
    calls: list[int] = []

    def miss_once(self: Any, backoffice_id: int | None, external_id: str) -> Signal | None:
        calls.append(1)
        return None if len(calls) == 1 else real(self, backoffice_id, external_id)

    monkeypatch.setattr(views.SignalViewSet, "_existing", miss_once)
    again = _post(cw, "operator", _payload(cw, external_id="tel-race"))
    assert again.status_code == 200 and again.json()["id"] == first["id"]
    assert Signal.objects.count() == 1


def test_an_external_id_is_per_back_office_and_never_reaches_another_client(cw: Co24Parties):
    _post(cw, "operator", _payload(cw, external_id="tel-7"))
    client = client_create(by=cw.pm, achternaam="Bos", voornamen="Ans")
    other = case_create(
        client=client, gemeente=cw.gemeente, purpose=Purpose.objects.get(code="co24"), by=cw.pm
    )
    co24_enrol(case=other, backoffice=cw.backoffice, by=cw.pm)
    response = cw.http("operator").post(
        f"/api/v1/co24/cases/{other.pk}/signals/",
        {"caller_name": "Buurman", "account": "Lawaai", "external_id": "tel-7"},
        content_type="application/json",
    )
    body = problem(response, 409)
    assert (body["code"], [p["name"] for p in body["invalidParams"]]) == (
        "external_id_taken",
        ["external_id"],
    )
    # a team member's external ids are their own: the back office's "tel-7" is not theirs
    mine = _post(cw, "pm", _payload(cw, external_id="tel-7"))
    assert mine.status_code == 201
    assert _post(cw, "pm", _payload(cw, external_id="tel-7")).json()["id"] == mine.json()["id"]
    assert Signal.objects.count() == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"account": ""}, "account"),
        ({"caller_id": None, "caller_name": ""}, "caller_name"),
        ({"urgency": "paniek"}, "urgency"),
        ({"received_at": "gisteren"}, "received_at"),
        ({"answers": [{"item_id": 999999, "answer": "ja"}]}, "answers"),
        ({"answers": [{"item_id": 1, "answer": "misschien"}]}, "answers"),
        ({"external_id": "x" * 101}, "external_id"),
    ],
)
def test_validation_errors_name_the_field(cw: Co24Parties, change: dict[str, Any], field: str):
    response = _post(cw, "operator", _payload(cw, **change))
    assert field in invalid_fields(response), response.json()
    assert not Signal.objects.exists()


def test_the_future_a_foreign_caller_and_a_double_answer_are_refused(cw: Co24Parties):
    future = (timezone.now() + datetime.timedelta(hours=2)).isoformat()
    assert "received_at" in invalid(_post(cw, "operator", _payload(cw, received_at=future)))
    assert "caller_id" in invalid(_post(cw, "operator", _payload(cw, caller_id=cw.caller.pk + 1000)))
    item = cw.item("Gedragsverandering").pk
    twice = [{"item_id": item, "answer": "ja"}, {"item_id": item, "answer": "nee"}]
    assert "answers" in invalid_fields(_post(cw, "operator", _payload(cw, answers=twice)))
    assert not Signal.objects.exists()


def test_no_signals_after_the_enrolment_ended(cw: Co24Parties):
    co24_end(enrolment=cw.case.co24, by=cw.pm)
    assert problem(_post(cw, "pm", _payload(cw)), 409)["code"] == "enrolment_ended"
    assert _post(cw, "operator", _payload(cw)).status_code == 404  # the back office lost the case


def test_a_telephony_system_posts_with_a_token(cw: Co24Parties):
    key = user_key(cw.operator)
    response = HttpClient().post(
        f"{_base(cw)}/signals/",
        _payload(cw),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert response.status_code == 201


# --- reading ---------------------------------------------------------------------------------------------


def test_the_journal_is_newest_first_paginated_and_logged(cw: Co24Parties):
    for minutes in (30, 10, 20):
        cw.signal(account=f"{minutes} minuten geleden", minutes_ago=minutes)
    response = cw.http("agent").get(f"{_base(cw)}/signals/?page_size=2")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3 and body["next"]
    assert [row["account"] for row in body["results"]] == ["10 minuten geleden", "20 minuten geleden"]
    log = AccessLog.objects.get(user=cw.agent, channel="api")
    assert (log.case_id, log.shown) == (cw.case.pk, "co24 journaal")


def test_the_journal_filters(cw: Co24Parties):
    now = timezone.now()
    risk = cw.signal(answers={"Gedragsverandering": "ja"}, account="risico")
    calm = cw.signal(answers={"Contact met familie": "ja"}, account="beschermend")
    unknown = cw.signal(caller=None, caller_name="Buurman", account="onbekend")
    old = cw.signal(received_at=now - datetime.timedelta(days=10), account="oud")
    http = cw.http("regisseur")

    def ids(query: str) -> list[int]:
        response = http.get(f"{_base(cw)}/signals/?{query}")
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids("kind=risico") == [risk.pk]
    assert ids("kind=beschermend") == [calm.pk]
    assert ids(f"item={cw.item('Gedragsverandering').key}") == [risk.pk]
    assert ids("caller=onbekend") == [unknown.pk]
    assert set(ids(f"caller={cw.caller.pk}")) == {risk.pk, calm.pk, old.pk}
    before = (now - datetime.timedelta(days=5)).date()
    assert ids(f"to={before}") == [old.pk]
    assert old.pk not in ids(f"from={before}")
    for query, field in (("kind=allerlei", "kind"), ("from=gisteren", "from"), ("caller=Piet", "caller")):
        response = http.get(f"{_base(cw)}/signals/?{query}")
        assert field in invalid(response)
    wrong_way = http.get(f"{_base(cw)}/signals/?from={now.date()}&to={before}")
    assert "to" in invalid(wrong_way)


def test_medical_accounts_only_for_the_regisseur_and_the_ggz(cw: Co24Parties):
    signal = cw.signal(account="Stopt met clozapine", follow_up="Psychiater belt", medical=True)
    for who, shown in (("regisseur", True), ("pm", False), ("agent", False), ("operator", False)):
        http = cw.http(who)
        row = http.get(f"{_base(cw)}/signals/").json()["results"][0]
        detail = http.get(f"{_base(cw)}/signals/{signal.pk}/").json()
        for data in (row, detail):
            assert data["withheld"] is not shown and data["medical"] is True
            assert (data["account"] == "Stopt met clozapine") is shown, who
            assert (data["follow_up"] == "Psychiater belt") is shown, who
            if not shown:
                assert data["account"] is None and data["follow_up"] is None


def test_one_signal_is_read_within_its_case_and_logged(cw: Co24Parties):
    signal = cw.signal(answers={"Fysieke agressie": "ja"})
    response = cw.http("operator").get(f"{_base(cw)}/signals/{signal.pk}/")
    assert response.status_code == 200
    assert response.json()["alerts"][0]["status"] == "open"
    assert AccessLog.objects.filter(user=cw.operator, shown=f"co24 signaal {signal.pk}").exists()
    assert cw.http("operator").get(f"{_base(cw)}/signals/{signal.pk + 1}/").status_code == 404


def test_the_checklist_in_use_gives_the_item_ids(cw: Co24Parties):
    response = cw.http("operator").get(f"{_base(cw)}/checklist/")
    assert response.status_code == 200
    body = response.json()
    assert body["number"] == 1
    item = cw.item("Fysieke agressie")
    row = next(row for row in body["items"] if row["id"] == item.pk)
    assert (row["key"], row["kind"], row["red_flag"]) == (str(item.key), "risico", True)
    assert AccessLog.objects.filter(user=cw.operator, shown="co24 checklist v1", channel="api").exists()


def test_the_journal_page_has_a_constant_query_count(
    cw: Co24Parties, django_assert_num_queries: DjangoAssertNumQueries
):
    http = cw.http("regisseur")
    url = f"{_base(cw)}/signals/"
    cw.signal(answers={"Fysieke agressie": "ja"})
    http.get(url)  # warm the session and caches
    with django_assert_num_queries(API_JOURNAL_QUERIES):
        assert http.get(url).status_code == 200
    for minutes in range(20):
        cw.signal(answers={"Gedragsverandering": "ja", "Contact met familie": "nee"}, minutes_ago=minutes + 1)
    with django_assert_num_queries(API_JOURNAL_QUERIES):
        assert http.get(url).status_code == 200


# --- who may do what -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "read", "post"),
    [
        ("operator", 200, 201),
        ("pm", 200, 201),
        ("regisseur", 200, 201),
        ("agent", 200, 403),
        ("other_operator", 404, 404),
        ("outsider", 404, 404),
    ],
)
def test_who_may_read_and_post(cw: Co24Parties, who: str, read: int, post: int):
    signal = cw.signal()
    http = cw.http(who)
    assert http.get(f"{_base(cw)}/signals/").status_code == read
    assert http.get(f"{_base(cw)}/signals/{signal.pk}/").status_code == read
    assert http.get(f"{_base(cw)}/checklist/").status_code == read
    assert _post(cw, who, _payload(cw)).status_code == post
    assert Signal.objects.count() == (2 if post == 201 else 1)
    if read == 404:
        assert not AccessLog.objects.filter(user=getattr(cw, who)).exists()


def test_a_case_never_enrolled_has_no_journal(cw: Co24Parties):
    client = client_create(by=cw.pm, achternaam="Bos", voornamen="Ans")
    case = case_create(
        client=client, gemeente=cw.gemeente, purpose=Purpose.objects.get(code="co24"), by=cw.pm
    )
    assert cw.http("pm").get(f"/api/v1/co24/cases/{case.pk}/signals/").status_code == 404
