"""The casusoverleg (issue 13): a process manager schedules a meeting, puts two cases on the agenda,
records the discussion and an action for one of them; a partner on only one of the two teams sees that
item's minutes and only "casus op de agenda" for the other; the action is a deadline for its owner."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import timezone
from playwright.sync_api import Page, expect

from deadlines.models import Deadline
from overleg.models import Meeting
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import login, snap
from tests.world import World


def test_a_meeting_from_scheduling_to_minutes_and_what_a_partner_sees(
    page: Page, new_page: Callable[[], Page], world: World
) -> None:
    day = timezone.localdate() + datetime.timedelta(days=3)
    login(page, world.owner)

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Overleggen").click()
    page.get_by_role("link", name="Overleg plannen").click()
    page.get_by_label("Overlegsoort").select_option(
        label="Casusoverleg persoonsgerichte aanpak (top-X) (PGA)"
    )
    page.get_by_label("Naam van het overleg").fill("Casusoverleg PGA Enschede")
    page.get_by_label("Datum").fill(day.isoformat())
    page.get_by_label("Begintijd").fill("09:30")
    page.get_by_label("Plaats").fill("Zorg- en Veiligheidshuis Twente")
    expect(page.get_by_label("Voorzitter (e-mailadres)")).to_have_value(world.owner.email)
    assert_no_axe_violations(page)
    snap(page, "70-overleg-plannen")
    page.get_by_role("button", name="Plannen").click()
    expect(page.get_by_role("status")).to_contain_text("Het overleg is gepland.")
    meeting = Meeting.objects.get(title="Casusoverleg PGA Enschede")

    # The police partner attends; a case goes on the agenda by its number.
    attendees = page.get_by_role("region", name="Deelnemer toevoegen")
    attendees.get_by_label("Persoon (e-mailadres)").fill(world.reader.email)
    attendees.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_role("status")).to_contain_text("Ahmed Yilmaz")
    for case, reason in ((world.case, "Nieuwe overlast in de wijk"), (world.other_case, "Terugval")):
        agenda = page.get_by_role("region", name="Casus op de agenda zetten")
        agenda.get_by_label("Casusnummer").fill(case.reference)
        agenda.get_by_label("Aanleiding om te bespreken").fill(reason)
        agenda.get_by_role("button", name="Op de agenda").click()
        expect(page.get_by_role("status")).to_contain_text("De casus staat op de agenda.")
    agenda = page.get_by_role("region", name="Agenda", exact=True)
    expect(agenda.get_by_role("heading", level=3)).to_have_count(2)
    assert_no_axe_violations(page)
    snap(page, "71-overleg-agenda")

    # The minutes of the first case, and an action for the police partner.
    agenda.get_by_role("listitem").filter(has_text="Pieter Jansen").get_by_role(
        "link", name="Verslag en acties"
    ).click()
    page.get_by_role("group", name="Besproken").get_by_label("Ja, besproken").check()
    page.get_by_label("Situatie in het kort").fill("Meer overlast sinds de verhuizing.")
    page.get_by_role("textbox", name="Besluiten (optioneel)").fill("Huisbezoek door de wijkagent.")
    page.get_by_role("button", name="Verslag opslaan").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Het verslag van {world.case.reference} is opgeslagen."
    )
    actions = page.get_by_role("form", name="Actie toevoegen")
    actions.get_by_label("Actie", exact=True).fill("Huisbezoek afleggen")
    actions.get_by_label("Eigenaar").select_option(label="Ahmed Yilmaz")
    actions.get_by_label("Uiterlijk op").fill((day + datetime.timedelta(days=7)).isoformat())
    actions.get_by_role("button", name="Actie toevoegen").click()
    expect(page.get_by_role("status")).to_contain_text("De actie is vastgelegd")
    expect(
        page.get_by_role("region", name="Acties").get_by_role("row").filter(has_text="Huisbezoek afleggen")
    ).to_contain_text("Ahmed Yilmaz")
    assert_no_axe_violations(page)
    snap(page, "72-overleg-verslag")

    # The partner on one team only: that item's minutes, "casus op de agenda" for the other.
    partner = new_page()
    login(partner, world.reader)
    partner.goto(f"/overleggen/{meeting.pk}/")
    agenda = partner.get_by_role("region", name="Agenda", exact=True)
    expect(agenda).to_contain_text("Pieter Jansen")
    expect(agenda).to_contain_text("Huisbezoek door de wijkagent.")
    expect(agenda.get_by_role("heading", name="Casus op de agenda", exact=True)).to_have_count(1)
    expect(agenda).not_to_contain_text("Bakker")
    expect(agenda).not_to_contain_text(world.other_case.reference)
    expect(agenda).not_to_contain_text("Terugval")
    assert_no_axe_violations(partner)
    snap(partner, "73-overleg-partner")

    # The action is a deadline for its owner.
    deadline = Deadline.objects.get(kind="overleg-actie")
    partner.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn werk").click()
    expect(partner.get_by_role("region", name="Mijn open termijnen")).to_contain_text(deadline.title)

    # The case's own tab shows the minutes, and the case when it was last discussed.
    partner.goto(f"/casussen/{world.case.pk}/")
    expect(partner.get_by_text("Laatst besproken")).to_be_visible()
    partner.get_by_role("navigation", name="Onderdelen van de casus").get_by_role(
        "link", name="Overleggen"
    ).click()
    expect(partner.get_by_role("region", name="Overleggen over deze casus")).to_contain_text(
        "Meer overlast sinds de verhuizing."
    )
    assert_no_axe_violations(partner)
    snap(partner, "74-casus-overleggen")
