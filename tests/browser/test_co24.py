"""CO24dak through the browser (issue 7): a back-office operator takes a call, finds the client by typing
part of the name and opens them with the keyboard, records a signal with checklist answers; a second call
with a red flag fires the tipping-point rule. The casusregisseur follows the notification to the case's
kantelmomenten, acknowledges the alert and finds both signals in the journal."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from caseplan.models import Case, PlanTemplate, PlanVersion
from caseplan.services.cases import case_create
from caseplan.services.clients import client_create
from caseplan.services.plans import plan_create, section_update, version_publish, version_start_next
from co24.models import Alert, AlertStatus, Signal
from co24.services.enrolment import co24_enrol
from privacy.models import Purpose, User
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import login, snap
from tests.factories import valid_bsn
from tests.world import Co24Parties, World

pytestmark = pytest.mark.browser

RISK = "Verwaarlozing van zichzelf of de woning"
PROTECTIVE = "Contact met familie"
RED_FLAG = "Verbale agressie of bedreiging"


@pytest.fixture
def co24_world(lazy_world: World) -> Co24Parties:
    """The world's CO24 parties, plus a second enrolled client whose name also matches "lee" (so the search
    shows a list to walk through)."""
    world = lazy_world.co24
    neighbour = client_create(
        by=world.pm,
        achternaam="Leegwater",
        voornamen="Lies",
        bsn=valid_bsn(6),
        geboortedatum=datetime.date(1980, 1, 2),
    )
    other = case_create(
        client=neighbour, gemeente=world.gemeente, purpose=Purpose.objects.get(code="co24"), by=world.pm
    )
    co24_enrol(case=other, backoffice=world.backoffice, by=world.pm)
    return world


def _search(page: Page, text: str, count: str) -> Locator:
    """Type into the search field key by key, as during a call, and wait for the results of the whole text."""
    field = page.get_by_label("Cliënt zoeken")
    field.press_sequentially(text)
    results = page.locator("[data-intake-results]")
    expect(results).to_have_attribute("data-q", text)
    expect(results.locator(".result-count")).to_have_text(count)
    return field


def _answer(page: Page, question: str, answer: str) -> None:
    """The checklist is a table: one row per question, a ja/nee/onbekend radio in each column."""
    row = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=re.compile(f"^{re.escape(question)}"))
    )
    row.get_by_label(answer, exact=True).check()


def _messages(page: Page) -> Locator:
    return page.locator(".messages")


def test_back_office_records_signals_and_the_casusregisseur_acknowledges_the_alert(
    page: Page, new_page: Callable[[], Page], co24_world: Co24Parties
) -> None:
    world = co24_world
    case: Case = world.case

    # The operator lands on the phone screen after logging in.
    login(page, world.operator)
    expect(page).to_have_url(re.compile(r"/co24/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Meldingen aannemen")
    expect(
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Meldingen aannemen")
    ).to_have_attribute("aria-current", "page")
    field = page.get_by_label("Cliënt zoeken")
    expect(field).to_be_focused()

    # First call: part of the name, then down the results with the arrow keys and Enter.
    field = _search(page, "lee", "2 cliënten gevonden")
    results = page.locator("[data-intake-result]")
    expect(results).to_have_text(["Leegwater, Lies", "Leenders, Wim"])
    expect(page).to_have_url(re.compile(r"/co24/zoeken/\?q=lee$"))
    assert_no_axe_violations(page)
    snap(page, "80-co24-intake-zoeken")
    field.press("ArrowDown")
    expect(results.first).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(results.nth(1)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/co24/{case.pk}/melding/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Signaal over Wim Leenders")

    # The signal form: the caller from the list, what they say, two checklist answers.
    caller = page.get_by_role("radio", name=re.compile(r"^Dhr\. Dubbel"))
    expect(caller).to_be_focused()
    page.keyboard.press("Space")
    expect(caller).to_be_checked()
    expect(page.get_by_label("Naam inbeller")).to_be_hidden()  # the unknown-caller fields stay out of the way
    page.get_by_label("Melding: wat vertelt de inbeller?").fill(
        "Dhr. Dubbel stond voor een dichte deur; de woning ruikt muf, post ligt opgestapeld."
    )
    _answer(page, RISK, "Ja")
    _answer(page, PROTECTIVE, "Ja")
    assert_no_axe_violations(page)
    snap(page, "81-co24-signaal")
    page.get_by_role("button", name="Signaal opslaan").click()

    # Back at the search for the next call, with a confirmation and no tipping point yet.
    expect(page).to_have_url(re.compile(r"/co24/$"))
    expect(_messages(page)).to_contain_text("Signaal opgeslagen voor Wim Leenders")
    expect(_messages(page)).not_to_contain_text("Kantelmoment")
    expect(page.get_by_label("Cliënt zoeken")).to_be_focused()
    first = Signal.objects.get(case=case)
    assert first.caller == world.caller and first.backoffice == world.backoffice
    assert {(a.item.text, a.answer) for a in first.answers.select_related("item")} == {
        (RISK, "ja"),
        (PROTECTIVE, "ja"),
    }

    # Second call, from a neighbour who is not on the list: the alias finds one client, Enter opens it.
    field = _search(page, "wimpie", "1 cliënt gevonden")
    field.press("Enter")
    expect(page).to_have_url(re.compile(rf"/co24/{case.pk}/melding/$"))
    page.get_by_label(re.compile("^Staat niet op de lijst")).check()
    page.get_by_label("Naam inbeller").fill("Mevr. Kok")
    page.get_by_label("Relatie tot de cliënt of organisatie").fill("buurvrouw, nr. 12")
    page.get_by_label("Melding: wat vertelt de inbeller?").fill("Hij scheldt haar uit in het trappenhuis.")
    _answer(page, RED_FLAG, "Ja")
    page.get_by_label(re.compile("^Verhoogd")).check()
    page.get_by_role("button", name="Signaal opslaan").click()
    expect(page).to_have_url(re.compile(r"/co24/$"))
    expect(_messages(page)).to_contain_text("Signaal opgeslagen voor Wim Leenders")
    expect(_messages(page)).to_contain_text(f"Kantelmoment: Rode vlag: {RED_FLAG}")
    alert = Alert.objects.get(case=case)
    assert alert.status == AlertStatus.OPEN

    # The casusregisseur follows the notification to the case's kantelmomenten.
    regie = new_page()
    login(regie, world.regisseur)
    regie.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name=re.compile("^Meldingen")
    ).click()
    regie.get_by_role("link", name=re.compile(f"^Kantelmoment · {case.reference}")).first.click()
    expect(regie).to_have_url(re.compile(rf"/co24/{case.pk}/kantelmomenten/$"))
    open_alerts = regie.get_by_role("region", name=re.compile("^Open"))
    expect(open_alerts.locator(f"#kantelmoment-{alert.pk}")).to_contain_text(f"Rode vlag: {RED_FLAG}")
    expect(open_alerts).to_contain_text("gemeld door Mevr. Kok")
    assert_no_axe_violations(regie)
    snap(regie, "82-co24-kantelmomenten-open")
    open_alerts.get_by_role("button", name=f"Gezien: Rode vlag: {RED_FLAG}").click()

    expect(_messages(regie)).to_contain_text(f"Gezien: “Rode vlag: {RED_FLAG}”")
    expect(regie.get_by_role("region", name=re.compile("^Open"))).to_contain_text("Geen open kantelmomenten.")
    seen = regie.get_by_role("region", name=re.compile("^Gezien, nog af te handelen"))
    expect(seen.locator(f"#kantelmoment-{alert.pk}")).to_contain_text(f"door {world.regisseur}")
    alert.refresh_from_db()
    assert (alert.status, alert.acknowledged_by) == (AlertStatus.ACKNOWLEDGED, world.regisseur)
    snap(regie, "83-co24-kantelmomenten-gezien")

    # The journal shows both calls, newest first, with the alert's new state; the filters narrow it down.
    regie.get_by_role("navigation", name="CO24dak-onderdelen").get_by_role("link", name="Journaal").click()
    rows = regie.locator("#journal-rows tbody tr")
    expect(regie.locator("#journal-rows .result-count")).to_have_text("2 signalen")
    expect(rows.nth(0)).to_contain_text("Mevr. Kok")
    expect(rows.nth(0)).to_contain_text("niet op de lijst")
    expect(rows.nth(0)).to_contain_text(f"Kantelmoment: Rode vlag: {RED_FLAG} · Gezien")
    expect(rows.nth(1)).to_contain_text("Dhr. Dubbel")
    expect(rows.nth(1)).to_contain_text(RISK)
    expect(rows.nth(1)).to_contain_text(PROTECTIVE)
    assert_no_axe_violations(regie)
    regie.get_by_label("Inbeller").select_option(label="Dhr. Dubbel")
    expect(regie.locator("#journal-rows .result-count")).to_contain_text("1 signaal · gefilterd")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Dhr. Dubbel")
    assert_no_axe_violations(regie)
    snap(regie, "84-co24-journaal-gefilterd")


def _write_co24_section(version: PlanVersion, by: User, afspraken: str) -> None:
    section = version.sections.get(key="co24")
    section_update(
        section=section,
        by=by,
        expected_revision=section.revision,
        data={"inbellers": "Dhr. Dubbel", "afspraken": afspraken},
    )


def test_the_phone_screen_shows_the_published_plans_agreements_not_a_draft(
    page: Page, co24_world: Co24Parties
) -> None:
    """Issue 20: the operator works from the Inzet CO24dak the team adopted. With version 2 of the plan still
    a draft, the phone screen once showed the draft's agreements."""
    world = co24_world
    published = plan_create(
        case=world.case, template=PlanTemplate.objects.get(code="maatwerkplan"), by=world.pm
    )
    _write_co24_section(published, world.pm, "Bij onrust eerst de zus bellen, dan de casusregisseur.")
    version_publish(version=published, by=world.pm, evaluation_date=None)
    draft = version_start_next(plan=published.plan, by=world.pm)
    _write_co24_section(draft, world.pm, "Concept: nog niet besproken met het casusteam.")

    login(page, world.operator)
    _search(page, "wimpie", "1 cliënt gevonden").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Signaal over Wim Leenders")
    agreements = page.locator("details.panel").filter(has_text="Uit het plan: Inzet CO24dak")
    expect(agreements).to_contain_text("v1 (Vastgesteld)")
    expect(agreements).to_contain_text("Bij onrust eerst de zus bellen, dan de casusregisseur.")
    expect(page.locator("main")).not_to_contain_text("Concept: nog niet besproken")
    expect(page.locator("main")).not_to_contain_text("v2 (Concept)")
    assert_no_axe_violations(page)
