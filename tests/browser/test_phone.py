"""The CO24dak phone screen on a phone (390×844): the header folds into a menu, nothing scrolls sideways,
touch targets are at least 44 px, and urgency "hoog" puts the casusregisseur's number in view."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import login, snap
from tests.world import Co24Parties, World

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
TOUCH_TARGET_PX = 44


@pytest.fixture
def co24_world(lazy_world: World) -> Co24Parties:
    world = lazy_world.co24
    world.regisseur.phone = "06-11223344"
    world.regisseur.save(update_fields=["phone"])
    return world


def _no_sideways_scroll(page: Page) -> None:
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, f"{page.url} is {scroll_width} px wide on a {inner_width} px screen"


def _assert_touch_target(locator: Locator) -> None:
    for index in range(locator.count()):
        box = locator.nth(index).bounding_box()
        assert box is not None
        assert box["height"] >= TOUCH_TARGET_PX, f"{locator.nth(index)} is {box['height']} px high"


def test_the_phone_screen_fits_a_phone(page: Page, co24_world: Co24Parties) -> None:
    page.set_viewport_size(PHONE)
    login(page, co24_world.operator)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    _no_sideways_scroll(page)

    menu = page.get_by_role("button", name="Menu")
    navigation = page.get_by_role("navigation", name="Hoofdmenu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(navigation).to_be_hidden()
    header_height = page.locator(".site-header").bounding_box()["height"]
    assert header_height < PHONE["height"] * 0.12, f"the header takes {header_height} px"
    _assert_touch_target(menu)
    menu.click()
    expect(navigation).to_be_visible()
    _assert_touch_target(navigation.get_by_role("link"))
    snap(page, "60-telefoon-menu")
    page.keyboard.press("Escape")
    expect(navigation).to_be_hidden()

    page.get_by_label("Cliënt zoeken").press_sequentially(co24_world.case.reference)
    results = page.locator("[data-intake-results]")
    expect(results).to_have_attribute("data-q", co24_world.case.reference)
    _no_sideways_scroll(page)
    assert_no_axe_violations(page)
    snap(page, "61-telefoon-zoeken")

    results.locator("[data-intake-result]").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Signaal over")
    _no_sideways_scroll(page)
    _assert_touch_target(page.locator(".signal-form .field--checkbox"))

    contact = page.locator("[data-urgent-contact]")
    expect(contact).to_contain_text(co24_world.regisseur.get_full_name())
    expect(contact.get_by_role("link", name="06-11223344")).to_have_attribute("href", "tel:06-11223344")
    expect(contact).not_to_have_class("urgent-contact is-urgent")
    page.get_by_label("Hoog: direct de casusregisseur bellen").check()
    expect(contact).to_have_class("urgent-contact is-urgent")
    assert_no_axe_violations(page)
    snap(page, "62-telefoon-signaal-hoog")
