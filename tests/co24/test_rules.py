"""Tipping-point rules: window edges, red flags, an absent protective factor; alerts once, and handled."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from co24.models import Alert, AlertStatus, RuleKind, TippingRule
from co24.services.rules import alert_acknowledge, alert_handle, rule_save, rules_scan_absent
from deadlines.models import Deadline
from notifications.models import Notification
from tests.world import Co24Parties

RISK = {"Gedragsverandering": "ja"}
CALM = {"Gedragsverandering": "nee", "Contact met familie": "ja"}


def _only_count_rule(cw: Co24Parties, n: int = 3, days: int = 7) -> TippingRule:
    TippingRule.objects.filter(case=cw.case).update(active=False)
    return rule_save(case=cw.case, by=cw.pm, kind=RuleKind.COUNT, threshold=n, window_days=days)


def test_n_risk_signals_within_d_days_fire_once(cw: Co24Parties):
    _only_count_rule(cw)
    day = 24 * 60
    cw.signal(answers=RISK, minutes_ago=6 * day)
    cw.signal(answers=CALM, minutes_ago=3 * day)  # no risk: does not count
    cw.signal(answers=RISK, minutes_ago=2 * day)
    assert not Alert.objects.exists()
    cw.signal(answers=RISK)
    alert = Alert.objects.get()
    assert "3 risicosignalen binnen 7 dagen" in alert.summary
    cw.signal(answers=RISK)  # still open: no second alert
    assert Alert.objects.count() == 1


def test_a_signal_just_outside_the_window_does_not_count(cw: Co24Parties):
    _only_count_rule(cw, n=2, days=7)
    now = timezone.now()
    cw.signal(answers=RISK, received_at=now - datetime.timedelta(days=7))  # exactly D days ago: outside
    cw.signal(answers=RISK, received_at=now)
    assert not Alert.objects.exists()
    cw.signal(answers=RISK, received_at=now - datetime.timedelta(days=7) + datetime.timedelta(minutes=1))
    assert Alert.objects.count() == 1


def test_a_red_flag_fires_at_once_and_tells_the_regisseur_and_the_process_manager(cw: Co24Parties):
    cw.signal(answers={"Fysieke agressie": "ja"})
    alert = Alert.objects.get()
    assert alert.summary.startswith("Rode vlag: Fysieke agressie")
    notified = set(
        Notification.objects.filter(kind="co24_kantelmoment").values_list("recipient_id", flat=True)
    )
    assert notified == {cw.regisseur.pk, cw.pm.pk}
    assert all(cw.case.client.achternaam not in n.title for n in Notification.objects.all())
    deadline = Deadline.objects.get(kind="co24-kantelmoment")
    assert deadline.owner_user == cw.regisseur and deadline.case == cw.case


def test_a_red_flag_item_answered_no_does_not_fire(cw: Co24Parties):
    cw.signal(answers={"Fysieke agressie": "nee", "Verbale agressie": "onbekend"})
    assert not Alert.objects.exists()


def test_an_absent_protective_factor_fires_after_d_days(cw: Co24Parties):
    family = cw.item("Contact met familie")
    rule_save(
        case=cw.case,
        by=cw.pm,
        kind=RuleKind.ABSENT,
        item_key=family.key,
        item_text=family.text,
        window_days=14,
    )
    cw.signal(answers={"Contact met familie": "ja"}, received_at=timezone.now() - datetime.timedelta(days=10))
    assert rules_scan_absent() == 0
    assert rules_scan_absent(now=timezone.now() + datetime.timedelta(days=5)) == 1
    assert "Contact met familie" in Alert.objects.get().summary
    assert rules_scan_absent(now=timezone.now() + datetime.timedelta(days=6)) == 0  # once


PROTECTIVE = ["Contact met familie", "Medicatie ingenomen", "Dagritme of dagbesteding aanwezig"]


@pytest.mark.parametrize("rules", [1, 3])
def test_the_absent_scan_reads_the_same_for_any_number_of_rules(
    cw: Co24Parties,
    rules,
    monkeypatch,
    django_assert_num_queries: DjangoAssertNumQueries,
    django_capture_on_commit_callbacks,
):
    for text in PROTECTIVE[:rules]:
        item = cw.item(text)
        rule_save(
            case=cw.case, by=cw.pm, kind=RuleKind.ABSENT, item_key=item.key, item_text=text, window_days=14
        )
    cw.signal(
        answers=dict.fromkeys(PROTECTIVE, "ja"), received_at=timezone.now() - datetime.timedelta(days=3)
    )
    # the rules without an open alert, and when each one's item was last seen: nothing fires
    with django_assert_num_queries(2):
        assert rules_scan_absent() == 0
    from notifications import tasks

    queued: list[int] = []
    monkeypatch.setattr(tasks.send_pending_emails, "delay", lambda: queued.append(1))
    with django_capture_on_commit_callbacks(execute=True):
        assert rules_scan_absent(now=timezone.now() + datetime.timedelta(days=12)) == rules
    assert queued == [1], "one e-mail task for the run, however many alerts fired"
    with django_assert_num_queries(1):  # every rule has its open alert now
        assert rules_scan_absent(now=timezone.now() + datetime.timedelta(days=13)) == 0


def test_an_absent_factor_rule_needs_its_item_and_days(cw: Co24Parties):
    with pytest.raises(ValidationError):
        rule_save(case=cw.case, by=cw.pm, kind=RuleKind.ABSENT, window_days=14)


def test_acknowledge_then_handle_with_a_note(cw: Co24Parties):
    cw.signal(answers={"Fysieke agressie": "ja"})
    alert = alert_acknowledge(alert=Alert.objects.get(), by=cw.regisseur)
    assert alert.status == AlertStatus.ACKNOWLEDGED
    assert Deadline.objects.get(kind="co24-kantelmoment").status == "afgerond"
    with pytest.raises(ValidationError):
        alert_handle(alert=alert, by=cw.regisseur, note=" ")
    alert = alert_handle(alert=alert, by=cw.regisseur, note="Huisbezoek met wijkagent gepland")
    assert alert.status == AlertStatus.HANDLED
    cw.signal(answers={"Fysieke agressie": "ja"})  # a new alert may fire once the old one is handled
    assert Alert.objects.count() == 2
