"""Managing a client's CO24dak set-up: enrolment, callers, checklist versions and tipping-point rules.

Who may do what: write team members change, read-only members read (writes 403), the serving back office
reads the callers and the checklist in use (everything else 403), other back offices and outsiders 404."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from caseplan.models import Case, PlanDomain, PlanSection, PlanTemplate
from caseplan.services.cases import case_create
from caseplan.services.clients import client_create
from caseplan.services.plans import goal_save, plan_create, version_publish
from co24.models import Caller, Checklist, ChecklistItem, Enrolment, ItemSource, RuleKind, TippingRule
from co24.services.callers import caller_save
from co24.services.checklists import active_checklist, checklist_start_version
from co24.services.enrolment import co24_end
from privacy.models import AccessLog, Purpose
from tests.factories import valid_bsn
from tests.world import Co24Parties

# The management pages, with the enrolment's own callers, checklist and rules and with five more of each.
MANAGE_PAGE_QUERIES = {"callers": 14, "checklist": 14, "rules": 14}

OUTSIDERS = ("other_operator", "outsider")


def _url(cw: Co24Parties, name: str, **kwargs: Any) -> str:
    return reverse(f"co24:{name}", kwargs={"pk": cw.case.pk, **kwargs})


def _fresh_case(cw: Co24Parties) -> Case:
    """A case of the same municipality and team owner, not (yet) enrolled."""
    client = client_create(by=cw.pm, achternaam="Dubbel", voornamen="Jan", bsn=valid_bsn(7))
    return case_create(
        client=client, gemeente=cw.gemeente, purpose=Purpose.objects.get(code="co24"), by=cw.pm
    )


def _stash(http: Any, path: str, data: str) -> None:
    session = http.session
    session["stashed_post"] = {"path": path, "data": data}
    session.save()


def _plan_with_co24_section(cw: Co24Parties) -> None:
    version = plan_create(case=cw.case, template=PlanTemplate.objects.get(code="maatwerkplan"), by=cw.pm)
    PlanSection.objects.filter(version=version, key="co24").update(
        data={
            "inbellers": "Zus Anja; buurvrouw Mol",
            "afspraken": "Anja belt na elk bezoek",
            "vragen_checklist": "Slaapt hij 's nachts?",
        }
    )
    domain = PlanDomain.objects.filter(version=version).first()
    goal_save(domain=domain, by=cw.pm, text="Houdt zich aan de afspraken met de wijkagent")
    version_publish(version=version, by=cw.pm, evaluation_date=None)


# Enrolment ----------------------------------------------------------------------------------------------


def test_enrol_offers_only_the_back_offices_serving_the_municipality(cw: Co24Parties):
    case = _fresh_case(cw)
    response = cw.http("pm").get(reverse("co24:enrol", args=[case.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert cw.backoffice.name in page and cw.other_backoffice.name not in page
    assert "standaardsjabloon" in page


def test_enrol_creates_checklist_and_default_rules(cw: Co24Parties):
    case = _fresh_case(cw)
    response = cw.http("pm").post(reverse("co24:enrol", args=[case.pk]), {"backoffice": cw.backoffice.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("co24:checklist", args=[case.pk])
    enrolment = Enrolment.objects.get(case=case)
    assert enrolment.backoffice == cw.backoffice and enrolment.ended_on is None
    assert active_checklist(case) is not None
    assert set(TippingRule.objects.filter(case=case).values_list("kind", flat=True)) == {
        RuleKind.COUNT,
        RuleKind.RED_FLAG,
    }


def test_enrol_refuses_a_back_office_of_another_municipality(cw: Co24Parties):
    case = _fresh_case(cw)
    response = cw.http("pm").post(
        reverse("co24:enrol", args=[case.pk]), {"backoffice": cw.other_backoffice.pk}
    )
    assert response.status_code == 200
    assert "Controleer uw invoer" in response.content.decode()
    assert not Enrolment.objects.filter(case=case).exists()


def test_ending_the_enrolment_shuts_the_back_office_out(cw: Co24Parties):
    assert cw.http("operator").get(_url(cw, "callers")).status_code == 200
    response = cw.http("pm").post(_url(cw, "enrol"), {"action": "beeindigen"})
    assert response.status_code == 302
    assert Enrolment.objects.get(case=cw.case).ended_on is not None
    assert cw.http("operator").get(_url(cw, "callers")).status_code == 404
    page = cw.http("pm").get(_url(cw, "callers")).content.decode()
    assert "beëindigd" in page


def test_enrol_permissions(cw: Co24Parties):
    assert cw.http("agent").get(_url(cw, "enrol")).status_code == 200
    assert cw.http("agent").post(_url(cw, "enrol"), {"action": "beeindigen"}).status_code == 403
    assert cw.http("operator").get(_url(cw, "enrol")).status_code == 403
    assert cw.http("operator").post(_url(cw, "enrol"), {"action": "beeindigen"}).status_code == 403
    for who in OUTSIDERS:
        assert cw.http(who).get(_url(cw, "enrol")).status_code == 404
        assert cw.http(who).post(_url(cw, "enrol"), {"action": "beeindigen"}).status_code == 404
    assert Enrolment.objects.get(case=cw.case).ended_on is None


# Callers ------------------------------------------------------------------------------------------------


def test_callers_list_beside_the_plan_section(cw: Co24Parties):
    _plan_with_co24_section(cw)
    response = cw.http("pm").get(_url(cw, "callers"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dhr. Dubbel" in page and "074-1234567" in page
    assert "Zus Anja; buurvrouw Mol" in page and "Anja belt na elk bezoek" in page
    assert 'name="name"' in page  # the add form
    assert AccessLog.objects.filter(user=cw.pm, case_id=cw.case.pk, shown="co24 inbellers").exists()


def test_back_office_reads_the_callers_but_not_the_plan(cw: Co24Parties):
    _plan_with_co24_section(cw)
    response = cw.http("operator").get(_url(cw, "callers"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dhr. Dubbel" in page
    assert "Anja belt na elk bezoek" not in page
    assert 'name="name"' not in page
    assert reverse("caseplan:case_detail", args=[cw.case.pk]) not in page  # no case tabs it cannot open
    assert reverse("co24:rules", args=[cw.case.pk]) not in page
    assert AccessLog.objects.filter(user=cw.operator, case_id=cw.case.pk).exists()


def test_read_only_member_sees_callers_without_forms(cw: Co24Parties):
    page = cw.http("agent").get(_url(cw, "callers")).content.decode()
    assert "Dhr. Dubbel" in page and 'name="name"' not in page and "Deactiveren" not in page


def test_add_a_caller(cw: Co24Parties):
    response = cw.http("pm").post(
        _url(cw, "callers"),
        {"name": "Anja Leenders", "kind": "netwerk", "relation": "zus", "phone": "06-12345678"},
    )
    assert response.status_code == 302
    caller = Caller.objects.get(case=cw.case, name="Anja Leenders")
    assert caller.relation == "zus" and caller.active and caller.created_by == cw.pm


def test_add_a_caller_keeps_input_on_errors(cw: Co24Parties):
    response = cw.http("pm").post(
        _url(cw, "callers"), {"name": "", "kind": "buurt", "reports": "Geschreeuw 's nachts"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Geschreeuw" in page and "Controleer uw invoer" in page
    assert "Geef de organisatie of de relatie" in page
    assert not Caller.objects.filter(case=cw.case, kind="buurt").exists()


def test_caller_input_survives_an_expired_session(cw: Co24Parties):
    http = cw.http("pm")
    _stash(http, _url(cw, "callers"), "name=Buurvrouw+Mol&kind=buurt&relation=buurvrouw")
    page = http.get(_url(cw, "callers")).content.decode()
    assert "Buurvrouw Mol" in page and "sessie verliep" in page


def test_edit_deactivate_and_reactivate_a_caller(cw: Co24Parties):
    url = _url(cw, "caller_edit", caller_pk=cw.caller.pk)
    http = cw.http("pm")
    assert http.get(url).status_code == 200
    response = http.post(
        url,
        {
            "name": "Dhr. Dubbel",
            "kind": "professional",
            "relation": "Begeleider",
            "agreements": "Belt op dinsdag",
        },
    )
    assert response.status_code == 302
    cw.caller.refresh_from_db()
    assert cw.caller.agreements == "Belt op dinsdag" and cw.caller.organisation is None
    http.post(url, {"action": "deactiveren"})
    cw.caller.refresh_from_db()
    assert not cw.caller.active
    assert "gedeactiveerd" in http.get(_url(cw, "callers")).content.decode()
    http.post(url, {"action": "activeren"})
    cw.caller.refresh_from_db()
    assert cw.caller.active


def test_caller_edit_keeps_input_on_errors(cw: Co24Parties):
    response = cw.http("pm").post(
        _url(cw, "caller_edit", caller_pk=cw.caller.pk), {"name": "", "kind": "netwerk", "phone": "0612"}
    )
    assert response.status_code == 200
    assert 'value="0612"' in response.content.decode()
    cw.caller.refresh_from_db()
    assert cw.caller.name == "Dhr. Dubbel"


def test_caller_edit_permissions(cw: Co24Parties):
    url = _url(cw, "caller_edit", caller_pk=cw.caller.pk)
    assert cw.http("agent").get(url).status_code == 403
    assert cw.http("agent").post(url, {"action": "deactiveren"}).status_code == 403
    assert cw.http("operator").get(url).status_code == 403
    assert cw.http("operator").post(url, {"action": "deactiveren"}).status_code == 403
    assert cw.http("operator").post(_url(cw, "callers"), {"name": "X", "kind": "buurt"}).status_code == 403
    assert cw.http("agent").post(_url(cw, "callers"), {"name": "X", "kind": "buurt"}).status_code == 403
    for who in OUTSIDERS:
        assert cw.http(who).get(_url(cw, "callers")).status_code == 404
        assert cw.http(who).get(url).status_code == 404
    cw.caller.refresh_from_db()
    assert cw.caller.active


def test_a_caller_of_another_case_is_not_found(cw: Co24Parties):
    other = _fresh_case(cw)
    theirs = caller_save(case=other, by=cw.pm, name="Iemand", kind="buurt", relation="buurman")
    assert cw.http("pm").get(_url(cw, "caller_edit", caller_pk=theirs.pk)).status_code == 404


# Checklist ----------------------------------------------------------------------------------------------


def test_checklist_shows_the_version_in_use_with_red_flags(cw: Co24Parties):
    response = cw.http("pm").get(_url(cw, "checklist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Checklist in gebruik: versie 1" in page
    assert "Fysieke agressie of vernieling" in page and "rode vlag" in page
    assert "Contact met familie" in page
    assert "Nieuwe versie maken" in page
    assert AccessLog.objects.filter(user=cw.pm, shown="co24 checklist").exists()


def test_the_checklist_pages_headings_skip_no_level(cw: Co24Parties):
    """axe's heading-order: a screen reader's list of headings goes down one level at a time."""
    checklist_start_version(case=cw.case, by=cw.pm)  # the version in use and a draft, both with item lists
    page = cw.http("pm").get(_url(cw, "checklist")).content.decode()
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", page)]
    assert levels[0] == 1 and len(levels) > 4
    assert all(later <= earlier + 1 for earlier, later in itertools.pairwise(levels)), levels


def test_back_office_and_read_only_read_the_checklist_without_controls(cw: Co24Parties):
    checklist_start_version(case=cw.case, by=cw.pm)
    for who in ("operator", "agent"):
        response = cw.http(who).get(_url(cw, "checklist"))
        assert response.status_code == 200
        page = response.content.decode()
        assert "Fysieke agressie" in page and "Nieuwe versie maken" not in page and "Verwijderen" not in page
    assert "Concept: versie 2" not in cw.http("operator").get(_url(cw, "checklist")).content.decode()
    assert "Concept: versie 2" in cw.http("agent").get(_url(cw, "checklist")).content.decode()
    for who in OUTSIDERS:
        assert cw.http(who).get(_url(cw, "checklist")).status_code == 404


def test_new_version_is_a_draft_copy_keeping_the_item_keys(cw: Co24Parties):
    response = cw.http("pm").post(_url(cw, "checklist_new_version"))
    assert response.status_code == 302
    draft = Checklist.objects.get(case=cw.case, status="concept")
    active = active_checklist(cw.case)
    assert draft.number == 2
    assert set(draft.items.values_list("key", flat=True)) == set(active.items.values_list("key", flat=True))
    assert "Concept: versie 2" in cw.http("pm").get(_url(cw, "checklist")).content.decode()


def test_add_own_item_toggle_red_flag_remove_and_activate(cw: Co24Parties):
    http = cw.http("pm")
    response = http.post(
        _url(cw, "checklist_item_add"),
        {"kind": "risico", "text": "Praat over 'de ratten' die hem beïnvloeden", "category": "gedrag"},
    )
    assert response.status_code == 302
    draft = Checklist.objects.get(case=cw.case, status="concept")  # started by the first addition
    item = draft.items.get(text__startswith="Praat over")
    assert item.source == ItemSource.OWN and not item.red_flag
    http.post(_url(cw, "checklist_item_add"), {"rode_vlag": item.pk})
    item.refresh_from_db()
    assert item.red_flag
    neighbours = draft.items.get(text="Conflict of ruzie met buren")
    assert http.post(_url(cw, "checklist_item_remove", item_pk=neighbours.pk)).status_code == 302
    assert not draft.items.filter(text="Conflict of ruzie met buren").exists()
    response = http.post(_url(cw, "checklist_activate"), {"note": "Ratten toegevoegd, burenruzie eruit"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "actief" and draft.note == "Ratten toegevoegd, burenruzie eruit"
    assert Checklist.objects.get(case=cw.case, number=1).status == "vervangen"


def test_item_add_keeps_input_on_errors(cw: Co24Parties):
    checklist_start_version(case=cw.case, by=cw.pm)
    response = cw.http("pm").post(
        _url(cw, "checklist_item_add"), {"text": "Slaapt niet", "category": "slaap"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Slaapt niet"' in page and "Controleer uw invoer" in page
    assert not ChecklistItem.objects.filter(text="Slaapt niet").exists()


def test_item_add_input_survives_an_expired_session(cw: Co24Parties):
    http = cw.http("pm")
    _stash(http, _url(cw, "checklist_item_add"), "kind=risico&text=Slaapt+niet+meer")
    page = http.get(_url(cw, "checklist_item_add")).content.decode()
    assert 'value="Slaapt niet meer"' in page and "sessie verliep" in page


def test_suggestions_from_the_plan_in_one_click(cw: Co24Parties):
    _plan_with_co24_section(cw)
    checklist_start_version(case=cw.case, by=cw.pm)
    page = cw.http("pm").get(_url(cw, "checklist")).content.decode()
    text = "Werkt aan doel: Houdt zich aan de afspraken met de wijkagent"
    assert f'value="{text}"' in page
    assert "Slaapt hij 's nachts?" in page or "Slaapt hij &#x27;s nachts?" in page  # the plan's questions
    response = cw.http("pm").post(
        _url(cw, "checklist_item_add"),
        {"suggestie": "1", "kind": "beschermend", "text": text, "source": "doel"},
    )
    assert response.status_code == 302
    item = ChecklistItem.objects.get(checklist__case=cw.case, checklist__status="concept", text=text)
    assert item.source == ItemSource.GOAL and item.kind == "beschermend"
    assert f'value="{text}"' not in cw.http("pm").get(_url(cw, "checklist")).content.decode()  # offered once


def test_items_of_the_version_in_use_cannot_be_changed(cw: Co24Parties):
    item = cw.item("Fysieke agressie")
    http = cw.http("pm")
    assert http.post(_url(cw, "checklist_item_remove", item_pk=item.pk)).status_code == 404
    assert http.post(_url(cw, "checklist_item_add"), {"rode_vlag": item.pk}).status_code == 404
    item.refresh_from_db()
    assert item.red_flag


def test_activate_needs_a_note_and_keeps_it_on_errors(cw: Co24Parties):
    checklist_start_version(case=cw.case, by=cw.pm)
    response = cw.http("pm").post(_url(cw, "checklist_activate"), {"note": ""})
    assert response.status_code == 200
    assert "Controleer uw invoer" in response.content.decode()
    assert Checklist.objects.get(case=cw.case, number=2).status == "concept"


def test_activate_without_a_draft_says_so(cw: Co24Parties):
    response = cw.http("pm").post(_url(cw, "checklist_activate"), {"note": "Nieuw"}, follow=True)
    assert "geen conceptversie" in response.content.decode()
    assert Checklist.objects.filter(case=cw.case).count() == 1


def test_old_versions_stay_readable(cw: Co24Parties):
    http = cw.http("pm")
    draft = checklist_start_version(case=cw.case, by=cw.pm)
    draft.items.filter(text__startswith="Geldproblemen").delete()
    http.post(_url(cw, "checklist_activate"), {"note": "Geld is geregeld"})
    current = http.get(_url(cw, "checklist")).content.decode()
    assert "Checklist in gebruik: versie 2" in current and "Geldproblemen" not in current
    old = http.get(_url(cw, "checklist") + "?versie=1").content.decode()
    assert "Versie 1 (vervangen)" in old and "Geldproblemen" in old
    assert "Geldproblemen" in cw.http("operator").get(_url(cw, "checklist") + "?versie=1").content.decode()


def test_checklist_writes_are_for_write_members(cw: Co24Parties):
    draft = checklist_start_version(case=cw.case, by=cw.pm)
    item = draft.items.first()
    writes = [
        ("checklist_new_version", {}, {}),
        ("checklist_item_add", {}, {"kind": "risico", "text": "X"}),
        ("checklist_item_add", {}, {"rode_vlag": item.pk}),
        ("checklist_item_remove", {"item_pk": item.pk}, {}),
        ("checklist_activate", {}, {"note": "X"}),
    ]
    for name, kwargs, data in writes:
        url = _url(cw, name, **kwargs)
        assert cw.http("agent").post(url, data).status_code == 403, name
        assert cw.http("operator").post(url, data).status_code == 403, name
        for who in OUTSIDERS:
            assert cw.http(who).post(url, data).status_code == 404, name
    assert cw.http("agent").get(_url(cw, "checklist_item_add")).status_code == 403
    assert draft.items.count() == active_checklist(cw.case).items.count()
    assert Checklist.objects.get(pk=draft.pk).status == "concept"


# Rules --------------------------------------------------------------------------------------------------


def test_rules_page_lists_the_rules(cw: Co24Parties):
    response = cw.http("pm").get(_url(cw, "rules"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "3 risicosignalen binnen 7 dagen" in page and "Signaal op een rode-vlag-item" in page
    assert "Contact met familie" in page  # a protective factor to choose
    assert "Verbale agressie" not in page.split('name="item_key"')[-1]  # only protective factors
    assert AccessLog.objects.filter(user=cw.pm, shown="co24 kantelmomentregels").exists()


def test_add_rules_of_each_kind(cw: Co24Parties):
    http = cw.http("pm")
    family = cw.item("Contact met familie")
    assert (
        http.post(_url(cw, "rules"), {"kind": "aantal", "threshold": 2, "window_days": 3}).status_code == 302
    )
    assert http.post(_url(cw, "rules"), {"kind": "rode_vlag", "threshold": 9}).status_code == 302
    response = http.post(
        _url(cw, "rules"), {"kind": "afwezig", "item_key": str(family.key), "window_days": 14, "threshold": 5}
    )
    assert response.status_code == 302
    count = TippingRule.objects.get(case=cw.case, kind="aantal", threshold=2)
    assert count.window_days == 3 and count.item_key is None
    assert TippingRule.objects.filter(case=cw.case, kind="rode_vlag", threshold__isnull=True).count() == 2
    absent = TippingRule.objects.get(case=cw.case, kind="afwezig")
    assert absent.item_key == family.key and absent.item_text == "Contact met familie"
    assert absent.threshold is None and absent.window_days == 14


def test_add_rule_keeps_input_on_errors(cw: Co24Parties):
    before = TippingRule.objects.count()
    response = cw.http("pm").post(_url(cw, "rules"), {"kind": "aantal", "window_days": 10})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Geef het aantal signalen (N)." in page and 'value="10"' in page
    response = cw.http("pm").post(_url(cw, "rules"), {"kind": "afwezig", "item_key": "", "window_days": 10})
    assert "Kies de beschermende factor." in response.content.decode()
    response = cw.http("pm").post(
        _url(cw, "rules"),
        {"kind": "afwezig", "item_key": str(cw.item("Fysieke agressie").key), "window_days": 10},
    )
    assert response.status_code == 200  # a risk signal is no protective factor
    assert TippingRule.objects.count() == before


def test_disable_a_rule(cw: Co24Parties):
    rule = TippingRule.objects.get(case=cw.case, kind="aantal")
    assert cw.http("pm").post(_url(cw, "rule_disable", rule_pk=rule.pk)).status_code == 302
    rule.refresh_from_db()
    assert not rule.active
    cw.signal(answers={"Gedragsverandering": "ja"})
    cw.signal(answers={"Gedragsverandering": "ja"})
    cw.signal(answers={"Gedragsverandering": "ja"})
    assert not rule.alerts.exists()


def test_rule_permissions(cw: Co24Parties):
    rule = TippingRule.objects.get(case=cw.case, kind="aantal")
    assert cw.http("agent").get(_url(cw, "rules")).status_code == 200
    assert 'name="kind"' not in cw.http("agent").get(_url(cw, "rules")).content.decode()
    assert cw.http("operator").get(_url(cw, "rules")).status_code == 403
    data = {"kind": "rode_vlag"}
    for who in ("agent", "operator"):
        assert cw.http(who).post(_url(cw, "rules"), data).status_code == 403
        assert cw.http(who).post(_url(cw, "rule_disable", rule_pk=rule.pk)).status_code == 403
    for who in OUTSIDERS:
        assert cw.http(who).get(_url(cw, "rules")).status_code == 404
        assert cw.http(who).post(_url(cw, "rule_disable", rule_pk=rule.pk)).status_code == 404
    rule.refresh_from_db()
    assert rule.active
    other = _fresh_case(cw)
    theirs = TippingRule.objects.create(case=other, kind="rode_vlag", created_by=cw.pm)
    assert cw.http("pm").post(_url(cw, "rule_disable", rule_pk=theirs.pk)).status_code == 404


# The case header and the sub-navigation ---------------------------------------------------------------


def test_case_header_links_to_the_journal_or_to_enrolment(cw: Co24Parties):
    journal = reverse("co24:journal", args=[cw.case.pk])
    assert (
        journal in cw.http("agent").get(reverse("caseplan:case_detail", args=[cw.case.pk])).content.decode()
    )
    co24_end(enrolment=cw.case.co24, by=cw.pm)
    enrol = reverse("co24:enrol", args=[cw.case.pk])
    assert enrol in cw.http("pm").get(reverse("caseplan:case_detail", args=[cw.case.pk])).content.decode()
    page = cw.http("agent").get(reverse("caseplan:case_detail", args=[cw.case.pk])).content.decode()
    assert enrol not in page and journal not in page


@pytest.mark.parametrize("name", ["callers", "checklist", "rules"])
def test_manage_pages_have_a_flat_query_count(
    cw: Co24Parties, name: str, django_assert_num_queries: DjangoAssertNumQueries
):
    http = cw.http("pm")
    url = _url(cw, name)
    with django_assert_num_queries(MANAGE_PAGE_QUERIES[name]):
        assert http.get(url).status_code == 200
    for index in range(5):
        caller_save(case=cw.case, by=cw.pm, name=f"Buur {index}", kind="buurt", relation="buurman")
        TippingRule.objects.create(
            case=cw.case, kind="aantal", threshold=index + 2, window_days=7, created_by=cw.pm
        )
    draft = checklist_start_version(case=cw.case, by=cw.pm)
    Checklist.objects.filter(pk=draft.pk).update(status="vervangen")
    with django_assert_num_queries(MANAGE_PAGE_QUERIES[name]):
        assert http.get(url).status_code == 200
