"""The tipping-point alerts page: the casusregisseur sees what fired and why, acknowledges in one click and
handles with a note; read-only members read; the back office and outsiders do not."""

from __future__ import annotations

import pytest
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from co24.models import Alert, AlertStatus, TippingRule
from deadlines.models import Deadline
from notifications.models import Notification
from privacy.models import AccessLog
from tests.co24.test_manage import _fresh_case
from tests.world import Co24Parties

# The kantelmomenten page, with one alert and with seven (open or handled alike).
ALERTS_PAGE_QUERIES = 14

RED_FLAG = {"Fysieke agressie": "ja"}


def _alert(cw: Co24Parties) -> Alert:
    cw.signal(answers=RED_FLAG, account="Hij gooide een stoel door het raam.")
    return Alert.objects.get(case=cw.case)


def _url(cw: Co24Parties, name: str, alert: Alert | None = None) -> str:
    kwargs = {"pk": cw.case.pk} if alert is None else {"pk": cw.case.pk, "alert_pk": alert.pk}
    return reverse(f"co24:{name}", kwargs=kwargs)


def test_the_notification_leads_to_the_alerts_page(cw: Co24Parties):
    _alert(cw)
    note = Notification.objects.get(recipient=cw.regisseur, kind="co24_kantelmoment")
    assert note.url == _url(cw, "alerts")


def test_regisseur_sees_the_open_alert_with_its_signal(cw: Co24Parties):
    alert = _alert(cw)
    response = cw.http("regisseur").get(_url(cw, "alerts"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Rode vlag: Fysieke agressie" in page
    assert reverse("co24:signal_detail", args=[cw.case.pk, alert.signal_id]) in page
    assert "Dhr. Dubbel" in page
    assert _url(cw, "alert_acknowledge", alert) in page and _url(cw, "alert_handle", alert) in page
    assert AccessLog.objects.filter(
        user=cw.regisseur, case_id=cw.case.pk, shown="co24 kantelmomenten"
    ).exists()


def test_read_only_member_sees_alerts_without_buttons(cw: Co24Parties):
    alert = _alert(cw)
    response = cw.http("agent").get(_url(cw, "alerts"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Rode vlag: Fysieke agressie" in page
    assert _url(cw, "alert_acknowledge", alert) not in page and _url(cw, "alert_handle", alert) not in page


def test_acknowledge_in_one_click_closes_the_deadline(cw: Co24Parties):
    alert = _alert(cw)
    response = cw.http("regisseur").post(_url(cw, "alert_acknowledge", alert))
    assert response.status_code == 302 and response["Location"] == _url(cw, "alerts")
    alert.refresh_from_db()
    assert alert.status == AlertStatus.ACKNOWLEDGED and alert.acknowledged_by == cw.regisseur
    assert Deadline.objects.get(kind="co24-kantelmoment").done_by == cw.regisseur
    page = cw.http("regisseur").get(_url(cw, "alerts")).content.decode()
    assert "Gezien, nog af te handelen" in page and _url(cw, "alert_acknowledge", alert) not in page


def test_handle_needs_a_note_and_keeps_what_was_typed(cw: Co24Parties):
    alert = _alert(cw)
    response = cw.http("regisseur").post(_url(cw, "alert_handle", alert), {"note": "   "})
    assert response.status_code == 200
    assert "Controleer uw invoer" in response.content.decode()
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN


def test_handle_with_a_note(cw: Co24Parties):
    alert = _alert(cw)
    response = cw.http("pm").post(
        _url(cw, "alert_handle", alert), {"note": "Huisbezoek met de wijkagent, behandelaar ingelicht."}
    )
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.status == AlertStatus.HANDLED and alert.handled_by == cw.pm
    assert alert.acknowledged_by == cw.pm  # handling straight away also counts as seen
    assert alert.handled_note == "Huisbezoek met de wijkagent, behandelaar ingelicht."
    page = cw.http("agent").get(_url(cw, "alerts")).content.decode()
    assert "Huisbezoek met de wijkagent" in page


def test_a_handled_alert_is_not_handled_again(cw: Co24Parties):
    alert = _alert(cw)
    cw.http("pm").post(_url(cw, "alert_handle", alert), {"note": "Eerste notitie"})
    response = cw.http("regisseur").post(_url(cw, "alert_handle", alert), {"note": "Overschreven?"})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.handled_note == "Eerste notitie" and alert.handled_by == cw.pm
    cw.http("regisseur").post(_url(cw, "alert_acknowledge", alert))
    alert.refresh_from_db()
    assert alert.status == AlertStatus.HANDLED


def test_the_note_survives_an_expired_session(cw: Co24Parties):
    alert = _alert(cw)
    http = cw.http("regisseur")
    session = http.session
    session["stashed_post"] = {"path": _url(cw, "alert_handle", alert), "data": "note=Buurtregisseur+gebeld"}
    session.save()
    page = http.get(_url(cw, "alert_handle", alert)).content.decode()
    assert "Buurtregisseur gebeld" in page and "sessie verliep" in page


def test_alert_permissions(cw: Co24Parties):
    alert = _alert(cw)
    note = {"note": "Gedaan"}
    assert cw.http("operator").get(_url(cw, "alerts")).status_code == 403
    for who in ("agent", "operator"):
        assert cw.http(who).post(_url(cw, "alert_acknowledge", alert)).status_code == 403
        assert cw.http(who).post(_url(cw, "alert_handle", alert), note).status_code == 403
        assert cw.http(who).get(_url(cw, "alert_handle", alert)).status_code == 403
    for who in ("other_operator", "outsider"):
        assert cw.http(who).get(_url(cw, "alerts")).status_code == 404
        assert cw.http(who).post(_url(cw, "alert_acknowledge", alert)).status_code == 404
        assert cw.http(who).post(_url(cw, "alert_handle", alert), note).status_code == 404
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN


def test_an_alert_of_another_case_is_not_found(cw: Co24Parties):
    alert = _alert(cw)
    other = _fresh_case(cw)
    url = reverse("co24:alert_acknowledge", kwargs={"pk": other.pk, "alert_pk": alert.pk})
    assert cw.http("pm").post(url).status_code == 404
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN


def test_an_absent_factor_alert_has_no_signal(cw: Co24Parties):
    family = cw.item("Contact met familie")
    rule = TippingRule.objects.create(
        case=cw.case,
        kind="afwezig",
        item_key=family.key,
        item_text=family.text,
        window_days=14,
        created_by=cw.pm,
    )
    Alert.objects.create(case=cw.case, rule=rule, summary="“Contact met familie” al 14 dagen niet gezien")
    page = cw.http("regisseur").get(_url(cw, "alerts")).content.decode()
    assert "al 14 dagen niet gezien" in page and "de factor is te lang niet gezien" in page


@pytest.mark.parametrize("status", [AlertStatus.OPEN, AlertStatus.HANDLED])
def test_alerts_page_query_count_is_flat(
    cw: Co24Parties, status: str, django_assert_num_queries: DjangoAssertNumQueries
):
    http = cw.http("regisseur")
    _alert(cw)
    with django_assert_num_queries(ALERTS_PAGE_QUERIES):
        assert http.get(_url(cw, "alerts")).status_code == 200
    for index in range(6):
        rule = TippingRule.objects.create(case=cw.case, kind="rode_vlag", created_by=cw.pm)
        signal = cw.signal(answers={"Gedragsverandering": "ja"}, minutes_ago=index)
        Alert.objects.create(case=cw.case, rule=rule, signal=signal, summary=f"Alarm {index}", status=status)
    with django_assert_num_queries(ALERTS_PAGE_QUERIES):
        assert http.get(_url(cw, "alerts")).status_code == 200
