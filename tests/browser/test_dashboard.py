"""A coordinator opens the caseload dashboard, clicks the overdue count and lands on the list behind it."""

from __future__ import annotations

import datetime
import re

from playwright.sync_api import Page, expect

from caseplan.models import CaseAccess, CaseRole
from caseplan.services.cases import case_update
from caseplan.services.team import case_member_add
from deadlines.services.scanner import deadlines_scan
from privacy.models import Function
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import login, snap
from tests.factories import TOTPDeviceFactory, UserFactory
from tests.world import World


def test_coordinator_clicks_through_from_the_overdue_count(page: Page, world: World) -> None:
    coordinator = UserFactory(
        email="coordinator@enschede.test",
        first_name="Hanneke",
        last_name="Roelofs",
        organisation=world.gemeente,
        function=Function.COORDINATOR,
    )
    TOTPDeviceFactory(user=coordinator)
    world.owner.coordinator = coordinator
    world.owner.save()
    for case in (world.case, world.other_case):
        case_member_add(
            case=case, by=world.owner, user=coordinator, role=CaseRole.MEELEZER, access=CaseAccess.READ
        )
    # The plan for Pieter Jansen was due weeks ago; Sanne Bakker's case was prioritised today.
    today = datetime.date.today()
    case_update(
        case=world.case,
        by=world.owner,
        expected_revision=world.case.revision,
        prioritised_on=today - datetime.timedelta(days=60),
    )
    world.other_case.refresh_from_db()
    case_update(
        case=world.other_case,
        by=world.owner,
        expected_revision=world.other_case.revision,
        prioritised_on=today,
    )
    deadlines_scan()

    login(page, coordinator)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Caseload-dashboard")
    overdue = page.locator('[data-figure="verlopen"]')
    expect(overdue.locator(".kpi__value")).to_have_text("1")
    assert_no_axe_violations(page)
    snap(page, "20-dashboard")

    overdue.click()
    expect(page).to_have_url(re.compile(r"/termijnen/\?.*status=verlopen"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Termijnen")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Maatwerkplan opstellen")
    expect(rows.first).to_contain_text(world.case.reference)
    expect(rows.first).to_contain_text("Jansen, Pieter")
    expect(page.locator("body")).not_to_contain_text("Bakker")
    assert_no_axe_violations(page)
    snap(page, "21-overdue-list")
