"""The coordinators' dashboard counts only cases the user may see, links every figure to its list, and
keeps a flat query count."""

from __future__ import annotations

import datetime
import html
import re

from pytest_django import DjangoAssertNumQueries

from caseplan.models import CaseRole
from caseplan.services.team import case_member_add
from common.csv_export import csv_safe
from deadlines.services.scanner import deadlines_scan
from privacy.models import Function
from tests.factories import CaseFactory, OrganisationFactory, UserFactory
from tests.world import verified_client

# The caseload dashboard, with the owner's one case and with twenty-five more.
DASHBOARD_QUERIES = 15


def _kpi(body: str, label: str) -> str:
    start = body.index(f'data-figure="{label}"')
    value_start = body.index('kpi__value">', start) + len('kpi__value">')
    return body[value_start : body.index("<", value_start)]


def test_only_visible_cases_count(world):
    deadlines_scan(today=datetime.date(2026, 12, 1))  # the world's plan deadline becomes overdue
    other_gemeente = OrganisationFactory(gemeente=True)
    for _ in range(3):
        CaseFactory(gemeente=other_gemeente)  # nobody of ours is on these teams
    owner_page = world.client_for("owner").get("/casussen/dashboard/").content.decode()
    outsider_page = world.client_for("outsider").get("/casussen/dashboard/").content.decode()
    assert _kpi(owner_page, "verlopen") == "1"
    assert _kpi(outsider_page, "verlopen") == "0"
    assert "lopende casus" in owner_page


def test_the_overdue_figure_links_to_the_overdue_list(world):
    deadlines_scan(today=datetime.date(2026, 12, 1))
    http = world.client_for("owner")
    page = http.get("/casussen/dashboard/").content.decode()
    start = page.index('data-figure="verlopen"')
    href_start = page.rindex('href="', 0, start) + len('href="')
    url = page[href_start : page.index('"', href_start)].replace("&amp;", "&")
    assert url.startswith("/termijnen/?") and "status=verlopen" in url
    listing = http.get(url).content.decode()
    assert world.case.reference in listing
    assert "Maatwerkplan opstellen" in listing


def test_status_figures_click_through_to_filtered_case_lists(world):
    http = world.client_for("owner")
    listing = http.get("/casussen/", {"status": "aangemeld", "prioriteit": "0"}).content.decode()
    assert world.case.reference in listing
    assert world.case.reference not in http.get("/casussen/", {"prioriteit": "1"}).content.decode()
    month = world.case.created_at.strftime("%Y-%m")
    assert world.case.reference in http.get("/casussen/", {"instroom": month}).content.decode()


def test_team_filter_shows_the_cases_of_the_coordinators_people(world):
    coordinator = UserFactory(organisation=world.gemeente, function=Function.COORDINATOR)
    world.owner.coordinator = coordinator
    world.owner.save()
    case_member_add(case=world.case, by=world.owner, user=coordinator, role=CaseRole.MEELEZER, access="lezen")
    http = verified_client(coordinator)
    assert world.case.reference in http.get("/casussen/", {"team": "1"}).content.decode()
    world.owner.coordinator = None
    world.owner.save()
    assert world.case.reference not in http.get("/casussen/", {"team": "1"}).content.decode()


def test_dashboard_query_count_is_flat(world, django_assert_num_queries: DjangoAssertNumQueries):
    http = world.client_for("owner")
    with django_assert_num_queries(DASHBOARD_QUERIES):
        assert http.get("/casussen/dashboard/").status_code == 200
    other = UserFactory()
    for _ in range(25):
        case = CaseFactory(gemeente=OrganisationFactory(gemeente=True))
        case_member_add(case=case, by=other, user=world.owner, role=CaseRole.PROCESMANAGER_GEMEENTE)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        assert http.get("/casussen/dashboard/").status_code == 200


def test_csv_export_is_safe_against_formula_injection(world):
    response = world.client_for("owner").get("/casussen/dashboard/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "onderdeel;categorie;aantal"
    assert "termijnen;verlopen;" in text
    assert csv_safe('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert csv_safe("-2+3") == "'-2+3"
    assert csv_safe(5) == 5


def test_plan_figures_flag_cases_to_escalate_and_cases_without_a_plan(world):
    from caseplan.models import PlanTemplate
    from caseplan.services.plans import domain_update, plan_create

    http = world.client_for("owner")
    page = http.get("/casussen/dashboard/").content.decode()
    assert _kpi(page, "zonder plan") == "1"
    assert _kpi(page, "opschalen") == "0"
    version = plan_create(
        case=world.case, template=PlanTemplate.objects.get(code="maatwerkplan"), by=world.owner
    )
    domain = version.domains.get(number=3)
    domain_update(domain=domain, by=world.owner, expected_revision=1, current_situation="Schulden")
    page = http.get("/casussen/dashboard/").content.decode()
    assert _kpi(page, "opschalen") == "1"
    listing = http.get("/casussen/", {"opschalen": "1"}).content.decode()
    assert world.case.reference in listing
    assert world.case.reference in http.get("/casussen/", {"zonder_plan": "1"}).content.decode()
    assert (
        world.outsider
        and _kpi(world.client_for("outsider").get("/casussen/dashboard/").content.decode(), "opschalen")
        == "0"
    )


def _figure_links(page: str) -> list[tuple[str, int]]:
    """Every (list URL, number) pair the dashboard shows: the KPI cards, the status table, the months."""
    links = []
    for match in re.finditer(
        r'<a class="kpi[^"]*" href="([^"]+)"[^>]*><span class="kpi__value">(\d+)<', page
    ):
        links.append((html.unescape(match.group(1)), int(match.group(2))))
    for match in re.finditer(r'<td><a href="([^"]+)">(?:<strong>)?(\d+)<', page):
        links.append((html.unescape(match.group(1)), int(match.group(2))))
    return links


def _listed(body: str) -> int:
    match = re.search(
        r'class="result-count">(\d+) (?:casus|casussen|termijn|termijnen|melding|meldingen)\b', body
    )
    assert match, body[:500]
    return int(match.group(1))


def test_every_dashboard_number_opens_a_list_of_exactly_that_many_rows(world):
    """A closed case, a deadline without a case and one of a coordinated colleague's cases must not make a
    figure and its list disagree (the coordinator's "18 lopende casussen" once listed 20)."""
    from caseplan.models import CaseStatus, PlanTemplate
    from caseplan.services.cases import case_close
    from caseplan.services.plans import domain_update, plan_create
    from deadlines.services.deadlines import deadline_set

    coordinator = UserFactory(organisation=world.gemeente, function=Function.COORDINATOR)
    world.owner.coordinator = coordinator
    world.owner.save()
    cases = [world.case]
    for _ in range(3):
        case = CaseFactory(gemeente=world.gemeente)
        case_member_add(case=case, by=world.owner, user=world.owner, role=CaseRole.PROCESMANAGER_GEMEENTE)
        cases.append(case)
    for case in cases:
        case_member_add(case=case, by=world.owner, user=coordinator, role=CaseRole.MEELEZER, access="lezen")
        version = plan_create(
            case=case, template=PlanTemplate.objects.get(code="maatwerkplan"), by=world.owner
        )
        domain = version.domains.get(number=3)
        domain_update(
            domain=domain,
            by=world.owner,
            expected_revision=domain.revision,
            current_situation="Schulden bij drie schuldeisers",  # a problem without a goal: flagged
        )
    case_close(case=cases[3], by=world.owner, reason="Doelen bereikt")
    assert cases[3].__class__.objects.get(pk=cases[3].pk).status == CaseStatus.AFGESLOTEN
    # A deadline the coordinator owns without a case, and the world's deadlines going overdue.
    deadline_set(
        subject=coordinator,
        kind="eigen-taak",
        rule_code="maatwerkplan-opstellen",
        anchor=datetime.date(2026, 11, 2),
        title="Eigen taak",
        owner_user=coordinator,
        by=coordinator,
    )
    deadlines_scan(today=datetime.date(2026, 12, 1))

    http = verified_client(coordinator)
    for query in ("", f"?gemeente={world.gemeente.pk}", "?team=1"):
        page = http.get(f"/casussen/dashboard/{query}").content.decode()
        links = _figure_links(page)
        assert len(links) >= 10, links
        assert any(number > 0 for _, number in links)
        for url, number in links:
            assert _listed(http.get(url).content.decode()) == number, (query, url, number)
