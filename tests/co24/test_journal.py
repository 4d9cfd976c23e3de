"""The journal: every signal of a client for the team and the serving back office, filtered, paginated,
medical notes only for those allowed, and a query count that does not grow with the signals."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from caseplan.services.cases import case_create
from caseplan.services.clients import client_create
from co24.models import Signal, SignalAnswer
from co24.services.checklists import checklist_activate, checklist_start_version
from co24.services.enrolment import co24_enrol
from privacy.models import AccessLog, Purpose
from tests.world import Co24Parties

MEDICAL_ACCOUNT = "Psychotisch, medicatie gestopt volgens de huisarts"
MEDICAL_FOLLOW_UP = "Crisisdienst ingelicht"
PLACEHOLDER = "alleen zichtbaar voor de casusregisseur en de GGZ"
# session, user, otp device, case (with client/gemeente/purpose/enrolment), the write-permission check,
# callers and checklist items for the filters, count, the organisation (access log), access-log insert,
# the medical check, unread notifications, page of signals, their "ja" answers, their alerts, session save (3)
TEAM_JOURNAL_QUERIES = 18
# a back-office user: the organisation is read first (is it a back office?) and there is no team check
BACKOFFICE_JOURNAL_QUERIES = 17


def _journal(cw: Co24Parties) -> str:
    return f"/co24/{cw.case.pk}/"


def _detail(cw: Co24Parties, signal: Signal) -> str:
    return f"/co24/{cw.case.pk}/signaal/{signal.pk}/"


def _bulk_signals(cw: Co24Parties, count: int, *, start_minutes: int = 10_000) -> None:
    """Many signals fast, each with a risk and a protective "ja" and a "nee"."""
    now = timezone.now()
    signals = Signal.objects.bulk_create(
        Signal(
            case=cw.case,
            backoffice=cw.backoffice,
            received_at=now - datetime.timedelta(minutes=start_minutes + index),
            caller=cw.caller,
            account=f"Bulk {index}.",
            recorded_by=cw.operator,
            medical=index % 3 == 0,
        )
        for index in range(count)
    )
    risk, calm, other = cw.item("Gedragsverandering"), cw.item("Contact met familie"), cw.item("Middelen")
    SignalAnswer.objects.bulk_create(
        answer
        for signal in signals
        for answer in (
            SignalAnswer(signal=signal, item=risk, answer="ja"),
            SignalAnswer(signal=signal, item=calm, answer="ja"),
            SignalAnswer(signal=signal, item=other, answer="nee"),
        )
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("operator", 200),
        ("pm", 200),
        ("regisseur", 200),
        ("agent", 200),
        ("other_operator", 404),
        ("outsider", 404),
    ],
)
def test_who_sees_the_journal_and_a_signal(cw: Co24Parties, who: str, status: int):
    signal = cw.signal(account="Schreeuwt 's nachts in het trappenhuis")
    journal = cw.http(who).get(_journal(cw))
    assert journal.status_code == status
    assert cw.http(who).get(_detail(cw, signal)).status_code == status
    if status == 200:
        assert "Schreeuwt &#x27;s nachts in het trappenhuis" in journal.content.decode()


def test_a_signal_of_another_case_is_not_found_through_this_case(cw: Co24Parties):
    client = client_create(by=cw.pm, achternaam="Ander", voornamen="Piet")
    other = case_create(
        client=client, gemeente=cw.gemeente, purpose=Purpose.objects.get(code="co24"), by=cw.pm
    )
    co24_enrol(case=other, backoffice=cw.backoffice, by=cw.pm)
    from co24.services.signals import signal_record

    theirs = signal_record(case=other, by=cw.operator, account="x", caller_name="Buurman")
    assert cw.http("pm").get(f"/co24/{cw.case.pk}/signaal/{theirs.pk}/").status_code == 404
    assert cw.http("regisseur").get(f"/co24/{other.pk}/").status_code == 404  # not on that team


def test_the_read_only_member_reads_but_does_not_record(cw: Co24Parties):
    body = cw.http("agent").get(_journal(cw)).content.decode()
    assert f"/co24/{cw.case.pk}/melding/" not in body
    assert cw.http("agent").get(f"/co24/{cw.case.pk}/melding/").status_code == 403
    assert f"/co24/{cw.case.pk}/melding/" in cw.http("pm").get(_journal(cw)).content.decode()
    assert f"/co24/{cw.case.pk}/melding/" in cw.http("operator").get(_journal(cw)).content.decode()


@pytest.mark.parametrize(
    ("who", "shown"), [("regisseur", True), ("pm", False), ("agent", False), ("operator", False)]
)
def test_medical_notes_only_for_those_allowed(cw: Co24Parties, who: str, shown: bool):
    signal = cw.signal(account=MEDICAL_ACCOUNT, follow_up=MEDICAL_FOLLOW_UP, medical=True)
    for url in (_journal(cw), _detail(cw, signal)):
        body = cw.http(who).get(url).content.decode()
        assert (MEDICAL_ACCOUNT in body) is shown
        assert (MEDICAL_FOLLOW_UP in body) is shown
        assert (PLACEHOLDER in body) is not shown


def test_a_row_shows_the_caller_urgency_the_yes_answers_and_the_alert(cw: Co24Parties):
    cw.signal(
        answers={"Fysieke agressie": "ja", "Contact met familie": "ja", "Medicatie niet": "nee"},
        urgency="hoog",
    )
    cw.signal(caller=None, caller_name="Mevr. Jansen", caller_relation="buurvrouw", minutes_ago=5)
    body = cw.http("pm").get(_journal(cw)).content.decode().split('id="journal-rows"')[1]
    assert "Dhr. Dubbel" in body and "Mevr. Jansen" in body and "niet op de lijst" in body
    assert 'deadline-status--verlopen">hoog<' in body  # short in the journal; the long label is for the call
    assert "rode vlag: Fysieke agressie" in body
    assert 'status status--actief">Contact met familie' in body
    assert "Medicatie niet ingenomen" not in body  # a "nee" is not a row's headline
    assert "Kantelmoment: Rode vlag: Fysieke agressie" in body


def test_newest_first_and_paginated_by_25(cw: Co24Parties):
    _bulk_signals(cw, 30)
    body = cw.http("regisseur").get(_journal(cw)).content.decode()
    assert "30 signalen" in body and "Pagina 1 van 2" in body
    assert body.index("Bulk 0.") < body.index("Bulk 1.") < body.index("Bulk 24.") and "Bulk 25." not in body
    second = cw.http("regisseur").get(_journal(cw) + "?pagina=2").content.decode()
    assert "Bulk 25." in second and "Bulk 29." in second and "Bulk 24." not in second


def _shown(cw: Co24Parties, **params: str) -> set[str]:
    body = cw.http("pm").get(_journal(cw), params, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in body
    return {word for word in ("Alpha", "Bravo", "Charlie", "Delta") if f"{word} meldt" in body}


def test_filters_by_kind_caller_period_and_item(cw: Co24Parties):
    now = timezone.now()
    cw.signal(
        account="Alpha meldt",
        answers={"Gedragsverandering": "ja"},
        received_at=now - datetime.timedelta(days=20),
    )
    cw.signal(account="Bravo meldt", answers={"Contact met familie": "ja", "Gedragsverandering": "nee"})
    cw.signal(account="Charlie meldt", caller=None, caller_name="Buurman", answers={"Middelen": "ja"})
    cw.signal(account="Delta meldt", answers={"Contact met familie": "onbekend"})
    assert _shown(cw) == {"Alpha", "Bravo", "Charlie", "Delta"}
    assert _shown(cw, soort="risico") == {"Alpha", "Charlie"}
    assert _shown(cw, soort="beschermend") == {"Bravo"}
    assert _shown(cw, inbeller="onbekend") == {"Charlie"}
    assert _shown(cw, inbeller=str(cw.caller.pk)) == {"Alpha", "Bravo", "Delta"}
    today = timezone.localdate()
    assert _shown(cw, van=str(today - datetime.timedelta(days=1))) == {"Bravo", "Charlie", "Delta"}
    assert _shown(cw, tot=str(today - datetime.timedelta(days=19))) == {"Alpha"}
    assert _shown(cw, item=str(cw.item("Gedragsverandering").key)) == {"Alpha"}
    assert _shown(cw, soort="risico", inbeller=str(cw.caller.pk)) == {"Alpha"}
    assert _shown(cw, inbeller="nonsense", item="not-a-uuid") == {"Alpha", "Bravo", "Charlie", "Delta"}


def test_the_item_filter_spans_checklist_versions(cw: Co24Parties):
    key = cw.item("Gedragsverandering").key
    cw.signal(account="Alpha meldt", answers={"Gedragsverandering": "ja"}, minutes_ago=60)
    draft = checklist_start_version(case=cw.case, by=cw.pm)
    changed = draft.items.get(key=key)
    changed.text = "Gedragsverandering: praat over 'de ratten'"
    changed.save()
    checklist_activate(checklist=draft, by=cw.pm)
    cw.signal(account="Bravo meldt", answers={"Gedragsverandering": "ja"})
    assert _shown(cw, item=str(key)) == {"Alpha", "Bravo"}
    body = cw.http("pm").get(_journal(cw)).content.decode()
    assert body.count(f'value="{key}"') == 1  # one filter entry per item, in its newest wording
    assert "praat over &#x27;de ratten&#x27;" in body


@pytest.mark.parametrize(
    ("who", "expected"), [("pm", TEAM_JOURNAL_QUERIES), ("operator", BACKOFFICE_JOURNAL_QUERIES)]
)
def test_the_first_page_keeps_a_constant_query_count(
    cw: Co24Parties, who: str, expected: int, django_assert_num_queries: DjangoAssertNumQueries
):
    http = cw.http(who)
    cw.signal(answers={"Fysieke agressie": "ja"})  # with an alert
    with django_assert_num_queries(expected):
        assert http.get(_journal(cw)).status_code == 200
    _bulk_signals(cw, 80)
    cw.signal(caller=None, caller_name="Buurman", answers={"Verbale agressie": "ja"})
    with django_assert_num_queries(expected):
        assert http.get(_journal(cw)).status_code == 200
    filtered = _journal(cw) + f"?soort=risico&item={cw.item('Gedragsverandering').key}&van=2020-01-01"
    with django_assert_num_queries(expected):
        assert http.get(filtered).status_code == 200


def test_team_members_get_links_to_the_other_co24_pages(cw: Co24Parties):
    pk = cw.case.pk
    team_only = [f"/co24/{pk}/regels/", f"/co24/{pk}/kantelmomenten/", f"/co24/{pk}/export/"]
    shared = [f"/co24/{pk}/inbellers/", f"/co24/{pk}/checklist/"]
    for who in ("pm", "agent"):
        body = cw.http(who).get(_journal(cw)).content.decode()
        assert all(page in body for page in team_only + shared)
        assert f"/casussen/{pk}/" in body  # the case's own tabs
    body = cw.http("operator").get(_journal(cw)).content.decode()
    assert not any(page in body for page in team_only)
    assert f"/casussen/{pk}/" not in body  # the back office gets nothing else of the case


def test_a_case_not_in_co24_shows_an_empty_journal_and_the_way_to_enrol(cw: Co24Parties):
    client = client_create(by=cw.pm, achternaam="Nieuw", voornamen="Nina")
    case = case_create(
        client=client, gemeente=cw.gemeente, purpose=Purpose.objects.get(code="co24"), by=cw.pm
    )
    body = cw.http("pm").get(f"/co24/{case.pk}/").content.decode()
    assert "niet aangemeld bij CO24dak" in body and f"/co24/{case.pk}/aanmelden/" in body
    response = cw.http("pm").get(f"/co24/{case.pk}/melding/")
    assert response.status_code == 302 and response.url == f"/co24/{case.pk}/"
    assert cw.http("operator").get(f"/co24/{case.pk}/").status_code == 404


def test_reads_are_access_logged(cw: Co24Parties):
    signal = cw.signal()
    cw.http("agent").get(_journal(cw))
    cw.http("agent").get(_detail(cw, signal))
    rows = AccessLog.objects.filter(user=cw.agent, case_id=cw.case.pk, action="inzien").order_by("at", "id")
    assert [row.shown for row in rows] == ["CO24dak-journaal (signalen)", f"CO24dak-signaal {signal.pk}"]
    assert all(row.client_id == cw.case.client_id for row in rows)


def test_the_detail_shows_every_answer(cw: Co24Parties):
    signal = cw.signal(
        answers={"Gedragsverandering": "ja", "Contact met familie": "nee", "Middelen": "onbekend"}
    )
    body = cw.http("regisseur").get(_detail(cw, signal)).content.decode()
    assert "Gedragsverandering" in body and "Contact met familie" in body and "Middelengebruik" in body
    assert "Onbekend" in body and "Nee" in body and "Checklist (versie 1)" in body
