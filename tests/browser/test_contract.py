"""The process manager prepares the gedragscontract, records both signatures (the client signs on the
screen), and a partner on the case downloads the signed PDF: the same bytes every time."""

from __future__ import annotations

import datetime
import hashlib
import io
import re

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from caseplan.models import Contract, PlanTemplate
from caseplan.services.plans import plan_create, version_publish
from common.dates import add_months
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import login, snap
from tests.world import World


def test_prepare_sign_and_a_partner_downloads_the_signed_pdf(
    page: Page, new_page, world: World, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    draft = plan_create(
        case=world.case, template=PlanTemplate.objects.get(code="maatwerkplan"), by=world.owner
    )
    version_publish(version=draft, by=world.owner, evaluation_date=None)

    login(page, world.owner)
    page.goto(f"/casussen/{world.case.pk}/")
    page.get_by_role("link", name="Gedragscontract").click()
    page.get_by_label("Ondertekenaar namens de gemeentepartners").fill("J. de Wethouder")
    page.get_by_label("Casemanager (art. 7)").select_option(label=f"Petra Mulder ({world.gemeente.name})")
    page.get_by_label("Eindigt na N maanden zonder politiemutaties").check()
    page.get_by_label("Maanden zonder politiemutaties (art. 9)").fill("6")
    page.get_by_label("Opgemaakt te").fill("Enschede")
    page.get_by_role("button", name="Contract voorbereiden").click()
    expect(page.locator(".contract-status")).to_have_text("Voorbereid")
    expect(page.locator(".contract-text")).to_contain_text("Petra Mulder")
    assert_no_axe_violations(page)

    today = datetime.date.today().isoformat()
    page.get_by_label("Getekend op").fill(today)
    page.get_by_role("button", name="Getekend namens de gemeentepartners").click()
    expect(page.locator(".contract-status")).to_have_text("Getekend namens de gemeentepartners")

    page.get_by_label("Plaats van ondertekening").fill("Enschede")
    canvas = page.locator("[data-signature-pad] canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 30, box["y"] + 100)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 30 + step * 35, box["y"] + 100 + (25 if step % 2 else -25))
    page.mouse.up()
    assert_no_axe_violations(page)
    snap(page, "50-contract-tekenen")
    page.get_by_role("button", name="Getekend door de cliënt: in werking").click()
    expect(page.locator(".contract-status")).to_have_text("In werking")
    shown_hash = page.locator("code.hash").inner_text()
    snap(page, "51-contract-in-werking")

    # art. 9: six months without police mutations from today; a mutation starts them again, after asking
    months = page.locator("#politiemutaties")
    expect(months).to_contain_text(f"loopt af op {add_months(datetime.date.today(), 6):%d-%m-%Y}")
    months.get_by_text("Politiemutatie registreren").first.click()
    months.get_by_label("Kenmerk van de registratie").fill("PL0600-2026-123")
    questions: list[str] = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    months.get_by_role("button", name="Politiemutatie registreren").click()
    expect(page.locator(".messages")).to_contain_text("De politiemutatie is geregistreerd")
    assert questions and "opnieuw" in questions[0]
    expect(months.locator("table")).to_contain_text("PL0600-2026-123")
    expect(months.locator("table")).to_contain_text("Petra Mulder")
    assert_no_axe_violations(page)

    partner = new_page()
    login(partner, world.reader)
    partner.goto(f"/casussen/{world.case.pk}/contract/")
    expect(partner.get_by_role("button", name="Contract voorbereiden")).to_have_count(0)
    downloads = []
    for _ in range(2):
        with partner.expect_download() as info:
            partner.get_by_role("link", name="PDF downloaden").click()
        downloads.append(info.value.path().read_bytes())
    assert downloads[0] == downloads[1]
    assert hashlib.sha256(downloads[0]).hexdigest() == shown_hash == Contract.objects.get().pdf_sha256
    text = " ".join(page_.extract_text() for page_ in PdfReader(io.BytesIO(downloads[0])).pages)
    text = re.sub(r"\s+", " ", text)
    assert "Pieter Jansen" in text and "Petra Mulder" in text
    assert "6 maanden" in text
    assert datetime.date.today().strftime("%d-%m-%Y") in text
