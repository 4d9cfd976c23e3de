"""Logging in with two factors, finding a case in "Mijn casussen" and reading it; axe-core on every page."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import login, snap, submit_password, submit_second_factor
from tests.world import World


def test_login_search_and_open_a_case(page: Page, world: World) -> None:
    case = world.case

    page.goto("/inloggen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    assert_no_axe_violations(page)
    snap(page, "01-login")

    submit_password(page, world.owner.email, go=False)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie")
    assert_no_axe_violations(page)
    snap(page, "02-verificatie")
    submit_second_factor(page, world.owner)

    expect(page).to_have_url(re.compile(r"/casussen/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn casussen")
    results = page.locator("#case-results")
    expect(results.locator(".result-count")).to_have_text("2 casussen")

    search = page.get_by_role("searchbox", name="Zoeken")
    search.fill("jansen")  # htmx searches while typing
    expect(results.locator(".result-count")).to_have_text("1 casus voor “jansen”")
    expect(results).to_contain_text("Jansen, Pieter")
    expect(results).not_to_contain_text("Bakker")
    expect(page).to_have_url(re.compile(r"\?q=jansen"))

    search.fill(world.case.client.geboortedatum.strftime("%d-%m-%Y"))
    expect(results.locator(".result-count")).to_have_text("1 casus voor “15-03-1985”")
    expect(results.get_by_role("row").filter(has_text="Jansen, Pieter")).to_contain_text("15-03-1985")
    expect(results).not_to_contain_text("Bakker")
    assert_no_axe_violations(page)
    snap(page, "03-mijn-casussen")

    results.get_by_role("link", name=case.reference).click()
    expect(page).to_have_url(re.compile(rf"/casussen/{case.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pieter Jansen")
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.reference)
    assert_no_axe_violations(page)
    snap(page, "04-casus")

    tabs = page.get_by_role("navigation", name="Onderdelen van de casus")
    tabs.get_by_role("link", name="Cliënt", exact=True).click()
    expect(page.get_by_role("heading", name="Gegevens cliënt")).to_be_visible()
    expect(page.locator("dl")).to_contain_text("Jansen")
    assert_no_axe_violations(page)
    snap(page, "05-client")

    tabs.get_by_role("link", name="Casusteam").click()
    expect(page.get_by_role("heading", level=2, name="Casusteam")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Ahmed Yilmaz")).to_contain_text("Alleen inzien")
    assert_no_axe_violations(page)
    snap(page, "06-team")


def test_search_without_results_says_what_to_try(page: Page, world: World) -> None:
    login(page, world.owner)
    page.get_by_role("searchbox", name="Zoeken").fill("Onbekend")
    results = page.locator("#case-results")
    expect(results.locator(".result-count")).to_have_text("0 casussen voor “Onbekend”")
    expect(results).to_contain_text("Geen casussen gevonden")
    assert_no_axe_violations(page)
    snap(page, "07-mijn-casussen-leeg")
