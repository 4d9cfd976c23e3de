"""Retention (issue 14) in the browser: the nightly proposal lists two expired client dossiers; a privacy
officer opens the list, extends one with a reason and a date, approves the rest (accepting the question that
names the counts); the controller's second reviewer approves it too, the job runs (Celery eager in the
tests), and the officer reads the destruction record, without a name or case number in it. Along the way:
the holds, rules and early-deletion pages, and the progress box of a running destruction polling until the
job is done."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

from playwright.sync_api import Dialog, Page, expect

from privacy.models import Decision, DestructionList, ListStatus
from privacy.services.retention import retention_propose
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import login, snap
from tests.privacy.retention.pages_world import cast, close_long_ago, proposed_list
from tests.world import World


def test_a_privacy_officer_reviews_a_proposed_list_and_reads_the_record(
    page: Page, new_page: Callable[[], Page], world: World
) -> None:
    people = cast(world)
    close_long_ago(world.case, world.other_case)
    proposal = retention_propose()
    assert proposal is not None
    kept_ref, destroyed_ref = world.other_case.reference, world.case.reference
    until = datetime.date.today() + datetime.timedelta(days=730)

    login(page, people.officer)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Privacy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy en bewaartermijnen")
    expect(page.locator(".kpi").first).to_contain_text("1")
    assert_no_axe_violations(page)
    snap(page, "90-privacy-overzicht")

    page.get_by_role("navigation", name="Privacy en bewaartermijnen").get_by_role(
        "link", name="Vernietigingslijsten"
    ).click()
    expect(page.get_by_role("row").filter(has_text=proposal.number)).to_contain_text("Voorgesteld")
    assert_no_axe_violations(page)
    snap(page, "91-vernietigingslijsten")

    page.get_by_role("link", name=proposal.number).click()
    items = page.get_by_role("region", name="Onderdelen")
    expect(items.get_by_role("row").filter(has_text=kept_ref)).to_contain_text("Vernietigen")
    expect(items.get_by_role("row").filter(has_text=destroyed_ref)).to_be_visible()
    assert_no_axe_violations(page)
    snap(page, "92-vernietigingslijst-voorgesteld")

    # Keep one dossier longer: without a reason the form says so and keeps the choice.
    items.get_by_role("row").filter(has_text=kept_ref).get_by_role(
        "link", name=re.compile("Beoordelen")
    ).click()
    page.get_by_role("group", name="Besluit").get_by_label("Langer bewaren").check()
    page.get_by_role("button", name="Besluit opslaan").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("Geef een reden.")
    expect(page.get_by_role("group", name="Besluit").get_by_label("Langer bewaren")).to_be_checked()
    page.get_by_label("Reden").fill(
        "Wetenschappelijk onderzoek naar recidive (besluit verwerkingsverantwoordelijke)"
    )
    page.get_by_label("Bewaren tot en met").fill(until.isoformat())
    assert_no_axe_violations(page)
    snap(page, "93-onderdeel-beoordelen")
    page.get_by_role("button", name="Besluit opslaan").click()
    expect(page.get_by_role("status")).to_contain_text(f"Besluit over {kept_ref} opgeslagen: Langer bewaren.")
    row = page.get_by_role("region", name="Onderdelen").get_by_role("row").filter(has_text=kept_ref)
    expect(row).to_contain_text(f"tot en met {until:%d-%m-%Y}")

    # "Lijst vaststellen" asks first, naming the counts; the dossier rule wants a second reviewer.
    questions: list[str] = []

    def accept(dialog: Dialog) -> None:
        questions.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    page.get_by_role("button", name="Lijst vaststellen").click()
    expect(page.get_by_role("status")).to_contain_text("wacht nu op de tweede beoordelaar")
    assert questions and f"Lijst {proposal.number} vaststellen?" in questions[0]
    assert "Vernietigen: 1 onderdeel. Langer bewaren: 1. Uitzonderen: 0." in questions[0]
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wacht op tweede beoordeling")
    assert_no_axe_violations(page)
    snap(page, "94-vernietigingslijst-tweede-beoordeling")

    reviewer = new_page()
    login(reviewer, people.second)
    reviewer.goto(f"/privacy/vernietiging/{proposal.pk}/")
    reviewer.once("dialog", accept)
    reviewer.get_by_role("button", name="Vaststellen als tweede beoordelaar").click()
    expect(reviewer.get_by_role("status")).to_contain_text("na de tweede beoordeling vastgesteld")
    assert "Vernietigen: 1 onderdeel." in questions[1]

    # The job ran (Celery eager): the officer sees it done, and the record.
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vernietigd")
    expect(page.get_by_role("region", name="Vernietiging")).to_contain_text("Vernietiging afgerond")
    expect(page.get_by_role("region", name="Onderdelen")).not_to_contain_text(destroyed_ref)
    assert_no_axe_violations(page)
    snap(page, "95-vernietigingslijst-vernietigd")
    page.get_by_role("region", name="Vernietiging").get_by_role(
        "link", name="Verklaring van vernietiging bekijken"
    ).click()
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_contain_text("Verklaring van vernietiging")
    expect(main).to_contain_text("Casusdossier (cliënt met al zijn casussen)")
    expect(main).to_contain_text("2 op de lijst: 1 vernietigd, 1 langer bewaard, 0 uitgezonderd")
    expect(main).to_contain_text("Frank Geerts")
    for secret in ("Jansen", "Bakker", kept_ref, destroyed_ref, "recidive"):
        expect(main).not_to_contain_text(secret)
    assert_no_axe_violations(page)
    snap(page, "96-verklaring-van-vernietiging")
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF downloaden").click()
    assert download.value.suggested_filename == f"verklaring-van-vernietiging-{proposal.number}.pdf"
    proposal.refresh_from_db()
    assert proposal.status == ListStatus.DESTROYED
    assert proposal.items.get(decision=Decision.EXTEND).reference == kept_ref


def test_the_progress_box_follows_a_running_destruction(page: Page, world: World) -> None:
    people = cast(world)
    running = proposed_list(months=4)
    DestructionList.objects.filter(pk=running.pk).update(status=ListStatus.DESTROYING, items_done=1)
    login(page, people.officer)
    page.goto(f"/privacy/vernietiging/{running.pk}/")
    box = page.get_by_role("region", name="Vernietiging")
    expect(box).to_contain_text("Vernietigd: 1 van 4 onderdelen")
    assert_no_axe_violations(page)
    snap(page, "97-vernietiging-voortgang")
    DestructionList.objects.filter(pk=running.pk).update(items_done=3)
    expect(box).to_contain_text("Vernietigd: 3 van 4 onderdelen")
    running.items.update(status="vernietigd", reference="")
    DestructionList.objects.filter(pk=running.pk).update(status=ListStatus.DESTROYED, items_done=4)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vernietigd")  # the page reloaded itself
    expect(page.get_by_role("region", name="Vernietiging")).to_contain_text("Vernietiging afgerond")


def test_holds_rules_and_early_deletion_pages(page: Page, world: World) -> None:
    people = cast(world)
    login(page, people.officer)
    page.goto("/privacy/bewaarplichten/")
    form = page.get_by_role("form", name="Bewaarplicht plaatsen")
    form.get_by_label("Casusnummer of detentiekenmerk").fill(world.case.reference)
    form.get_by_label("Reden", exact=True).select_option(label="Klacht")
    form.get_by_label("Toelichting").fill("Klacht bij de Nationale ombudsman, kenmerk 2026-0142")
    form.get_by_role("button", name="Bewaarplicht plaatsen").click()
    expect(page.get_by_role("status")).to_contain_text(f"Bewaarplicht geplaatst op {world.case.reference}")
    expect(page.get_by_role("region", name="Geldende bewaarplichten")).to_contain_text("Klacht")
    assert_no_axe_violations(page)
    snap(page, "98-bewaarplichten")

    page.get_by_role("link", name=f"Opheffen: {world.case.reference}").click()
    page.get_by_label("Reden van opheffen").fill("Klacht afgehandeld")
    assert_no_axe_violations(page)
    snap(page, "99-bewaarplicht-opheffen")
    page.get_by_role("button", name="Bewaarplicht opheffen").click()
    expect(page.get_by_role("status")).to_contain_text("is opgeheven")

    page.get_by_role("navigation", name="Privacy en bewaartermijnen").get_by_role(
        "link", name="Bewaarregels"
    ).click()
    expect(page.get_by_role("heading", name="Casusdossier (cliënt met al zijn casussen)")).to_be_visible()
    assert_no_axe_violations(page)
    snap(page, "9a-bewaarregels")

    page.get_by_role("navigation", name="Privacy en bewaartermijnen").get_by_role(
        "link", name="Vervroegd vernietigen"
    ).click()
    page.get_by_label("Casusnummer of detentiekenmerk").fill(world.case.reference)
    page.get_by_label("Aanleiding").fill("Verzoek tot verwijdering toegekend op 01-12-2026")
    page.get_by_role("button", name="Lijst aanmaken").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("nog in gebruik")
    expect(page.get_by_label("Aanleiding")).to_have_value("Verzoek tot verwijdering toegekend op 01-12-2026")
    assert_no_axe_violations(page)
    snap(page, "9b-vervroegd-vernietigen")
