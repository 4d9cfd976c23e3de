"""Recording signals, versioned checklists, and the daily digest."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from pytest_django import DjangoAssertNumQueries

from caseplan.models import CaseAccess, CaseRole
from caseplan.services.team import case_member_add
from co24.models import ChecklistStatus, SignalAnswer
from co24.services.checklists import (
    active_checklist,
    checklist_activate,
    checklist_item_add,
    checklist_start_version,
    checklist_suggestions,
)
from co24.services.digest import send_signal_digests
from co24.services.enrolment import co24_enrol
from notifications.models import Notification
from tests.world import Co24Parties


def test_an_unknown_caller_is_recorded_and_flagged(cw: Co24Parties):
    signal = cw.signal(caller=None, caller_name="Mevr. Jansen", caller_relation="buurvrouw")
    assert signal.caller_unknown and signal.caller_label == "Mevr. Jansen"
    with pytest.raises(ValidationError) as error:
        cw.signal(caller=None, caller_name="")
    assert "caller_name" in error.value.message_dict


def test_answers_must_belong_to_the_active_checklist(cw: Co24Parties):
    with pytest.raises(ValidationError) as error:
        from co24.services.signals import signal_record

        signal_record(case=cw.case, by=cw.operator, account="x", caller=cw.caller, answers={999999: "ja"})
    assert "answers" in error.value.message_dict


def test_a_new_checklist_version_leaves_old_answers_their_meaning(cw: Co24Parties):
    old = cw.signal(answers={"Gedragsverandering": "ja"})
    first = active_checklist(cw.case)
    draft = checklist_start_version(case=cw.case, by=cw.pm)
    changed = draft.items.get(text__startswith="Gedragsverandering")
    changed.text = "Gedragsverandering: praat over 'de ratten'"
    changed.save()
    checklist_item_add(checklist=draft, kind="risico", text="Eet weinig, valt af")
    checklist_activate(checklist=draft, by=cw.pm, note="Op maat na huisbezoek")
    first.refresh_from_db()
    assert first.status == ChecklistStatus.SUPERSEDED
    answer = SignalAnswer.objects.get(signal=old)
    assert answer.item.text.startswith("Gedragsverandering: anders dan anders")  # the question they answered
    assert answer.item.key == changed.key  # and it is the same item across versions
    new = cw.signal(answers={"Eet weinig": "ja"})
    assert new.checklist == draft


def test_suggestions_come_from_the_plan_goals_and_risk_profile(cw: Co24Parties):
    from caseplan.models import Goal, PlanTemplate
    from caseplan.services.plans import plan_create

    version = plan_create(case=cw.case, template=PlanTemplate.objects.get(code="maatwerkplan"), by=cw.pm)
    Goal.objects.create(domain=version.domains.get(number=1), text="Handhaven huidige huisvesting")
    section = version.sections.get(key="aanleiding")
    section.data = {"overlastfeiten": "Geluidsoverlast 's nachts"}
    section.save()
    texts = [s.text for s in checklist_suggestions(cw.case)]
    assert "Werkt aan doel: Handhaven huidige huisvesting" in texts
    assert any("Geluidsoverlast" in t for t in texts)


def test_the_back_office_must_serve_the_municipality(cw: Co24Parties):
    with pytest.raises(ValidationError):
        co24_enrol(case=cw.case, backoffice=cw.other_backoffice, by=cw.pm)


def test_the_digest_names_each_signal_once(cw: Co24Parties):
    cw.signal()
    cw.signal()
    assert send_signal_digests() >= 2  # pm, regisseur, agent
    digest = Notification.objects.get(recipient=cw.pm, kind="co24_signalen")
    assert "2 nieuw" in digest.body and cw.case.reference in digest.body
    assert send_signal_digests() == 0  # nothing new: nothing sent
    cw.signal()
    send_signal_digests()
    latest = Notification.objects.filter(recipient=cw.pm, kind="co24_signalen").order_by("-id").first()
    assert "1 nieuw" in latest.body
    assert Notification.objects.filter(recipient=cw.pm, kind="co24_signalen").count() == 2
    assert not Notification.objects.filter(recipient=cw.outsider).exists()
    assert not Notification.objects.filter(recipient=cw.operator, kind="co24_signalen").exists()


def _digest(user) -> Notification:
    return Notification.objects.filter(recipient=user, kind="co24_signalen").order_by("-id").first()


def test_each_member_counts_from_their_own_last_digest(cw: Co24Parties):
    cw.signal()
    cw.signal()
    send_signal_digests()
    newcomer = cw.world.person("nieuw@ggz.test", cw.world.ggz)
    case_member_add(case=cw.case, by=cw.pm, user=newcomer, role=CaseRole.PARTNER, access=CaseAccess.READ)
    cw.signal()
    send_signal_digests()
    assert "1 nieuw signaal" in _digest(cw.pm).body, "the process manager had the first two already"
    assert "3 nieuwe signalen" in _digest(newcomer).body, "the newcomer hears of all three"


@pytest.mark.parametrize("extra_members", [0, 6])
def test_the_digest_takes_the_same_queries_for_any_number_of_members(
    cw: Co24Parties, extra_members, django_assert_num_queries: DjangoAssertNumQueries
):
    for number in range(extra_members):
        member = cw.world.person(f"lid{number}@ggz.test", cw.world.ggz)
        case_member_add(case=cw.case, by=cw.pm, user=member, role=CaseRole.PARTNER, access=CaseAccess.READ)
    cw.signal()
    # the ceiling, the members, their marks (and the new ones), then in one transaction (a savepoint and its
    # release here): the marks locked, the cases they see (direct and through their organisation), the new
    # signals per case and their references, the existing digests, the preferences, the INSERT, the marks' UPDATE
    with django_assert_num_queries(15):
        assert send_signal_digests() == 3 + extra_members


def test_an_urgent_signal_reaches_the_casusregisseur_at_once_by_reference_only(
    cw: Co24Parties, mailoutbox, django_capture_on_commit_callbacks
):
    cw.signal(urgency="normaal")
    cw.signal(urgency="verhoogd")
    assert not Notification.objects.filter(kind="co24_urgent").exists()

    with django_capture_on_commit_callbacks(execute=True):
        signal = cw.signal(urgency="hoog")
    urgent = Notification.objects.get(kind="co24_urgent")
    assert urgent.recipient == cw.regisseur  # not the process manager: the casusregisseur is on the team
    assert cw.case.reference in urgent.title
    assert cw.case.client.achternaam not in urgent.title + urgent.body
    assert urgent.url.endswith(f"/co24/{cw.case.pk}/signaal/{signal.pk}/")
    sent = [mail for mail in mailoutbox if cw.regisseur.email in mail.to]
    assert len(sent) == 1
    assert cw.case.reference in sent[0].subject
    assert cw.case.client.achternaam not in sent[0].subject + sent[0].body


def test_without_a_casusregisseur_the_process_manager_is_told(cw: Co24Parties):
    from caseplan.services.team import case_member_remove

    member = cw.case.members.get(user=cw.regisseur, removed_at__isnull=True)
    case_member_remove(member=member, by=cw.pm)
    cw.signal(urgency="hoog")
    assert list(Notification.objects.filter(kind="co24_urgent").values_list("recipient", flat=True)) == [
        cw.pm.pk
    ]
