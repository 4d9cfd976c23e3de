"""Forms that say what is wrong: after a failed submit the error summary at the top takes the focus, names
each field in error, and each of its links puts the cursor in that field; what was typed stays."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import login, snap
from tests.world import World


def test_the_error_summary_takes_the_focus_and_leads_to_each_field(page: Page, world: World) -> None:
    login(page, world.owner)
    page.goto("/casussen/nieuw/")
    page.get_by_label("Voornamen").fill("Karel")
    page.get_by_label("BSN").fill("123456789")  # fails the 11-proof
    page.get_by_role("button", name="Casus aanmaken").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    expect(links.filter(has_text="Achternaam")).to_have_count(1)
    expect(links.filter(has_text="BSN")).to_have_count(1)
    expect(page.get_by_label("Voornamen")).to_have_value("Karel")
    assert_no_axe_violations(page)
    snap(page, "70-foutoverzicht")

    links.filter(has_text="BSN").click()
    expect(page.get_by_label("BSN")).to_be_focused()
    links.filter(has_text="Achternaam").click()
    expect(page.get_by_label("Achternaam")).to_be_focused()
