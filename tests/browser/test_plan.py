"""A process manager writes the maatwerkplan in the browser: from the template, two domains with a
suggested goal, version 1 published, version 2 started and a goal changed, the comparison; a colleague
editing the same section at the same time gets the conflict view and keeps their text."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from caseplan.models import CaseAccess, CaseRole
from caseplan.services.team import case_member_add
from privacy.models import Function
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import login, snap
from tests.factories import TOTPDeviceFactory, UserFactory
from tests.world import World


def _domain(page: Page, number: int):
    return page.locator(f"#domain-{number}")


def _fill_domain(page: Page, number: int, situation: str, goal: str) -> None:
    domain = _domain(page, number)
    domain.get_by_role("link", name="Tekst bewerken").click()  # htmx swaps in the form
    domain.get_by_label("Huidige situatie").fill(situation)
    domain.get_by_role("button", name="Opslaan").click()
    expect(domain).to_contain_text(situation)
    expect(domain.get_by_role("button", name="Opslaan")).to_have_count(0)
    domain = _domain(page, number)
    if domain.locator("details.add-forms").get_attribute("open") is None:
        domain.get_by_text("Doel of interventie toevoegen").click()
    goal_input = domain.locator("form.subform").first.get_by_label("Doel", exact=True)
    goal_input.fill(goal[:4])
    suggestions = domain.locator("datalist option")
    assert goal in [option.get_attribute("value") for option in suggestions.all()]
    goal_input.fill(goal)
    domain.get_by_role("button", name="Doel toevoegen").click()
    expect(_domain(page, number).locator("table").first).to_contain_text(goal)


def _expect_co24_tab(page: Page) -> None:
    """The case's tabs keep "CO24dak" (here: enrol the case) for someone who may change the case."""
    tabs = page.get_by_role("navigation", name="Onderdelen van de casus")
    expect(tabs.get_by_role("link", name="CO24dak")).to_have_attribute(
        "href", re.compile(r"/co24/\d+/aanmelden/$")
    )


def _expect_toc_numbers_each_leefgebied_once(page: Page) -> None:
    """The plan's contents: "1. Huisvesting & wonen" carries its own number, so the list adds none (an
    ordered list made it "7. 1. Huisvesting & wonen")."""
    toc = page.get_by_role("navigation", name="Inhoud van het plan")
    expect(toc.get_by_role("link", name=re.compile(r"^1\. Huisvesting"))).to_be_visible()
    markers = toc.locator("li").evaluate_all("items => items.map((li) => getComputedStyle(li).listStyleType)")
    assert markers and set(markers) <= {"disc", "circle", "square", "none"}, markers


def test_plan_from_template_to_version_two_and_the_comparison(page: Page, world: World) -> None:
    login(page, world.owner)
    page.goto(f"/casussen/{world.case.pk}/")
    page.get_by_role("link", name="Maatwerkplan").click()
    expect(page.get_by_role("heading", name="Nog geen plan")).to_be_visible()
    page.get_by_label("Sjabloon").select_option(label="Maatwerkplan (Tien in Twente)")
    page.get_by_role("button", name="Plan aanmaken").click()
    expect(page.locator(".version-badge")).to_have_text(re.compile("Versie 1 · Concept"))
    _expect_toc_numbers_each_leefgebied_once(page)
    _expect_co24_tab(page)

    _fill_domain(page, 1, "Woont in bij zijn zus; dreigt op straat te komen.", "Zelfstandig wonen")
    _fill_domain(page, 2, "Geen dagbesteding sinds ontslag.", "Vrijwilligerswerk")
    expect(page.locator("#domain-1 .flag")).to_contain_text("Geen partner neemt verantwoordelijkheid")
    assert_no_axe_violations(page)
    snap(page, "40-plan-concept")

    evaluation = datetime.date.today() + datetime.timedelta(days=90)
    page.get_by_label("Datum evaluatie").fill(evaluation.isoformat())
    page.get_by_role("button", name="Versie 1 vaststellen").click()
    expect(page.get_by_role("heading", level=2, name=re.compile("versie 1 vaststellen\\?"))).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("zonder verantwoordelijke partner")
    assert_no_axe_violations(page)
    snap(page, "41-plan-vaststellen-bevestigen")
    page.get_by_role("button", name="Ja, versie 1 vaststellen").click()
    expect(page.locator(".messages")).to_contain_text("Versie 1 is vastgesteld")
    expect(page.locator(".version-badge")).to_have_text(re.compile("Versie 1 · Vastgesteld"))
    expect(page.get_by_role("link", name="Tekst bewerken")).to_have_count(0)
    _expect_co24_tab(page)  # it once disappeared on a published version
    _expect_toc_numbers_each_leefgebied_once(page)
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Nieuwe versie starten").click()
    expect(page.locator(".version-badge")).to_have_text(re.compile("Versie 2 · Concept"))
    goal_row = _domain(page, 2).locator("tbody tr").filter(has_text="Vrijwilligerswerk")
    goal_row.get_by_text("Wijzigen").click()
    goal_row.get_by_label("Doel", exact=True).fill("Vrijwilligerswerk bij de voedselbank")
    goal_row.get_by_label("Evaluatie vorige periode").select_option(label="Deels behaald")
    goal_row.get_by_label("Toelichting evaluatie").fill("Twee keer geweest, daarna gestopt.")
    goal_row.get_by_role("button", name="Doel opslaan").click()
    expect(_domain(page, 2)).to_contain_text("Vrijwilligerswerk bij de voedselbank")

    page.get_by_role("link", name="Versies vergelijken").click()
    expect(page.get_by_role("heading", name="Versies vergelijken")).to_be_visible()
    _expect_co24_tab(page)  # and on the comparison
    changed = page.locator("table.compare tr.is-changed").filter(has_text="Einddoel")
    expect(changed.locator("ins")).to_contain_text("bij de voedselbank")
    expect(changed).to_contain_text("Deels behaald")
    assert_no_axe_violations(page)
    snap(page, "41-plan-vergelijking")


def test_two_people_editing_the_same_section(page: Page, new_page: Callable[[], Page], world: World) -> None:
    colleague = UserFactory(
        email="pm2@enschede.test", organisation=world.gemeente, function=Function.PROCESMANAGER
    )
    TOTPDeviceFactory(user=colleague)
    case_member_add(
        case=world.case,
        by=world.owner,
        user=colleague,
        role=CaseRole.PROCESMANAGER_VH,
        access=CaseAccess.WRITE,
    )
    login(page, world.owner)
    page.goto(f"/casussen/{world.case.pk}/plan/")
    page.get_by_role("button", name="Plan aanmaken").click()
    plan_url = page.url

    other = new_page()
    login(other, colleague)
    other.goto(plan_url)

    mine = page.locator("#section-omgeving")
    theirs = other.locator("#section-omgeving")
    mine.get_by_role("link", name="Bewerken").click()
    theirs.get_by_role("link", name="Bewerken").click()
    theirs.get_by_label("Doel en maatregelen").fill("Buurtbemiddeling inzetten")
    theirs.get_by_role("button", name="Opslaan").click()
    expect(theirs).to_contain_text("Buurtbemiddeling inzetten")

    mine.get_by_label("Doel en maatregelen").fill("Gesprek met de woningcorporatie over een andere woning")
    mine.get_by_role("button", name="Opslaan").click()
    conflict = page.locator("#section-omgeving .conflict")
    expect(conflict).to_contain_text("Iemand anders heeft dit onderdeel intussen opgeslagen")
    expect(conflict).to_contain_text("Buurtbemiddeling inzetten")
    expect(conflict).to_contain_text("Gesprek met de woningcorporatie")
    expect(mine.get_by_label("Doel en maatregelen")).to_have_value(
        "Gesprek met de woningcorporatie over een andere woning"
    )
    assert_no_axe_violations(page)
    snap(page, "42-plan-conflict")
    mine.get_by_role("button", name="Opslaan").click()  # a deliberate second save wins
    expect(mine).to_contain_text("Gesprek met de woningcorporatie over een andere woning")
