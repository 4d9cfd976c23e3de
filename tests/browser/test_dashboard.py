"""A coordinator opens the caseload dashboard, clicks the overdue count and lands on the list behind it; and
every number on the dashboard opens a list of exactly that many rows (issue 20)."""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlparse

from playwright.sync_api import Locator, Page, expect

from caseplan.models import Case, CaseAccess, CaseRole, PlanTemplate
from caseplan.services.cases import case_close, case_create, case_update
from caseplan.services.clients import client_create
from caseplan.services.plans import domain_update, plan_create
from caseplan.services.team import case_member_add
from deadlines.services.deadlines import deadline_set
from deadlines.services.scanner import deadlines_scan
from privacy.models import Function, Purpose, User
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import login, snap
from tests.factories import TOTPDeviceFactory, UserFactory, valid_bsn
from tests.world import World


def _coordinator(world: World, *cases: Case) -> User:
    """The owner's coordinator, reading along on the cases."""
    coordinator = UserFactory.create(
        email="coordinator@enschede.test",
        first_name="Hanneke",
        last_name="Roelofs",
        organisation=world.gemeente,
        function=Function.COORDINATOR,
    )
    TOTPDeviceFactory.create(user=coordinator)
    world.owner.coordinator = coordinator
    world.owner.save()
    for case in cases:
        case_member_add(
            case=case, by=world.owner, user=coordinator, role=CaseRole.MEELEZER, access=CaseAccess.READ
        )
    return coordinator


def _prioritise(world: World, case: Case, on: datetime.date) -> None:
    case.refresh_from_db()
    case_update(case=case, by=world.owner, expected_revision=case.revision, prioritised_on=on)


def test_coordinator_clicks_through_from_the_overdue_count(page: Page, world: World) -> None:
    coordinator = _coordinator(world, world.case, world.other_case)
    # The plan for Pieter Jansen was due weeks ago; Sanne Bakker's case was prioritised today.
    today = datetime.date.today()
    _prioritise(world, world.case, today - datetime.timedelta(days=60))
    _prioritise(world, world.other_case, today)
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


# --------------------------------------------------------------------------------------------------
# Every number opens a list of exactly that many rows


def _flag_a_leefgebied(world: World, case: Case) -> None:
    """A maatwerkplan with a problem in a leefgebied and no goal for it: the case is one to escalate."""
    version = plan_create(case=case, template=PlanTemplate.objects.get(code="maatwerkplan"), by=world.owner)
    domain = version.domains.get(number=3)
    domain_update(
        domain=domain,
        by=world.owner,
        expected_revision=domain.revision,
        current_situation="Schulden bij drie schuldeisers",
    )


def _closed_case(world: World) -> Case:
    client = client_create(
        by=world.owner,
        achternaam="Visser",
        voornamen="Kees",
        geboortedatum=datetime.date(1979, 6, 1),
        bsn=valid_bsn(3),
    )
    return case_create(
        client=client, gemeente=world.gemeente, purpose=Purpose.objects.get(code="pga"), by=world.owner
    )


def _number(link: Locator) -> int:
    """The figure a link shows: a KPI card's value, or the link text in the tables."""
    return int(link.evaluate("a => (a.querySelector('.kpi__value') || a).textContent.trim()"))


def _rows_listed(page: Page) -> int:
    """The rows of the list page the browser is on; its count line must say the same."""
    counted = page.locator("main .result-count")
    expect(counted).to_be_visible()
    rows = page.locator("main table tbody tr").count()
    expect(counted).to_have_text(re.compile(rf"^{rows} "))
    return rows


def test_every_dashboard_number_opens_a_list_of_exactly_that_many_rows(page: Page, world: World) -> None:
    """The coordinator's "18 lopende casussen" once opened a list of 20: the list counted the closed cases,
    and the deadline lists the coordinator's own deadlines outside the dashboard's cases. Here a closed case
    with a leefgebied to escalate and an overdue deadline of the coordinator's own without a case are the
    cases in point; every KPI card, every figure of the status table and every month with cases is clicked."""
    today = datetime.date.today()
    closed = _closed_case(world)
    coordinator = _coordinator(world, world.case, world.other_case, closed)
    _prioritise(world, world.case, today - datetime.timedelta(days=60))  # the plan is overdue
    _prioritise(world, world.other_case, today)
    for case in (world.case, closed):
        _flag_a_leefgebied(world, case)
    deadline_set(  # due today: this week
        subject=world.other_case,
        kind="terugbellen",
        rule_code="plan-evaluatie",
        anchor=today,
        title="Terugbellen over de intake",
        case_id=world.other_case.pk,
        owner_user=world.owner,
        by=world.owner,
    )
    deadline_set(  # the evaluation date has passed
        subject=world.case,
        kind="plan-evaluatie",
        rule_code="plan-evaluatie",
        anchor=today - datetime.timedelta(days=10),
        title="Evaluatie maatwerkplan",
        case_id=world.case.pk,
        owner_user=world.owner,
        by=world.owner,
    )
    deadline_set(  # the coordinator's own task, no case: on the deadline list, never on the dashboard
        subject=coordinator,
        kind="eigen-taak",
        rule_code="maatwerkplan-opstellen",
        anchor=today - datetime.timedelta(days=60),
        title="Eigen taak",
        owner_user=coordinator,
        by=coordinator,
    )
    case_close(case=closed, by=world.owner, reason="Doelen bereikt")
    deadlines_scan()

    login(page, coordinator)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Caseload-dashboard")
    dashboard = page.url
    expect(page.locator('[data-figure="lopend"] .kpi__value')).to_have_text("2")
    assert_no_axe_violations(page)

    figures = page.locator("main a.kpi, main table td a")
    shown = [
        (figures.nth(index).get_attribute("href") or "", _number(figures.nth(index)))
        for index in range(figures.count())
    ]
    cards = page.locator("main a.kpi").count()
    assert cards >= 9 and sum(number for _, number in shown[:cards]) >= 8, shown
    checked_pages: set[str] = set()
    for index, (href, number) in enumerate(shown):
        if number == 0 and index >= cards:
            continue  # every card, even at 0; of the tables' figures (status × priority, months) the others
        if index:
            page.goto(dashboard)
        link = page.locator("main a.kpi, main table td a").nth(index)
        if not link.is_visible():  # the months' table sits in a closed <details>
            page.get_by_text("Cijfers als tabel").click()
        link.click()
        expect(page).not_to_have_url(dashboard)
        listed = _rows_listed(page)
        assert listed == number, f"the dashboard shows {number} for {href}, the list has {listed} rows"
        path = urlparse(page.url).path
        if path not in checked_pages:
            assert_no_axe_violations(page)
            checked_pages.add(path)
    assert checked_pages == {"/casussen/", "/termijnen/", "/overleggen/niet-besproken/", "/nazorg/inbox/"}
