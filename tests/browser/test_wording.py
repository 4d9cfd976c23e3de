"""Numbers read as Dutch on the pages (issue 20): "1 werkdag", "2 risicosignalen binnen 1 dag", "1 maand",
never "1 werkdagen", "binnen 1 dagen" or "1 maanden"."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from caseplan.models import PlanTemplate
from caseplan.services.contracts import contract_prepare
from caseplan.services.plans import plan_create, version_publish
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import login
from tests.world import Co24Parties, World

pytestmark = pytest.mark.browser

RED_FLAG = "Verbale agressie of bedreiging"


@pytest.fixture
def co24_world(lazy_world: World) -> Co24Parties:
    return lazy_world.co24


def test_one_day_and_one_month_read_in_the_singular(page: Page, co24_world: Co24Parties) -> None:
    world = co24_world
    # A red flag: the kantelmoment's deadline runs on the seeded rule of 1 working day.
    world.signal(answers={RED_FLAG: "ja"})
    # A gedragscontract that ends after 1 month without police reports.
    draft = plan_create(case=world.case, template=PlanTemplate.objects.get(code="maatwerkplan"), by=world.pm)
    version = version_publish(version=draft, by=world.pm, evaluation_date=None)
    contract_prepare(
        plan_version=version,
        by=world.pm,
        casemanager=world.pm,
        partner_signatory_name="B. Bakker",
        duration_kind="maanden",
        months_without_mutations=1,
        place="Enschede",
    )

    login(page, world.pm)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Termijnen").click()
    row = page.locator("main table tbody tr").filter(has_text="Reageren op kantelmoment")
    expect(row).to_contain_text("1 werkdag na de aanleiding")
    expect(page.locator("main")).not_to_contain_text("1 werkdagen")
    assert_no_axe_violations(page)
    row.get_by_role("link", name=re.compile("^Reageren op kantelmoment")).click()
    expect(page.locator("main")).to_contain_text(
        "Reageren op een kantelmoment (CO24dak): 1 werkdag na de aanleiding"
    )
    expect(page.locator("main")).not_to_contain_text("1 werkdagen")
    assert_no_axe_violations(page)

    # A tipping-point rule of two signals within one day, added on the case's CO24dak rules page.
    page.goto(f"/co24/{world.case.pk}/regels/")
    page.get_by_label("N risicosignalen binnen D dagen").check()
    page.get_by_label("Aantal signalen (N)").fill("2")
    page.get_by_label("Aantal dagen (D)").fill("1")
    page.get_by_role("button", name="Regel toevoegen").click()
    rules = page.get_by_role("region", name="Kantelmomentregels")
    expect(rules.get_by_role("cell", name="2 risicosignalen binnen 1 dag", exact=True)).to_be_visible()
    expect(rules).to_contain_text("3 risicosignalen binnen 7 dagen")  # the standard rule keeps its plural
    expect(rules).not_to_contain_text("1 dagen")
    assert_no_axe_violations(page)

    # The contract's art. 9 and its end condition.
    page.get_by_role("navigation", name="Onderdelen van de casus").get_by_role(
        "link", name="Gedragscontract"
    ).click()
    text = page.locator(".contract-text")
    expect(text).to_contain_text("zodra de cliënt 1 maand niet meer in verband met criminaliteit")
    expect(text).not_to_contain_text("1 maanden")
    assert_no_axe_violations(page)
