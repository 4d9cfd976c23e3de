"""An expired session loses no input: log in again and the form shows what was typed."""

from __future__ import annotations

import re

from django.contrib.sessions.models import Session
from playwright.sync_api import Page, expect

from caseplan.models import Client
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import login, snap
from tests.world import World


def test_expired_session_keeps_what_was_typed(page: Page, world: World) -> None:
    case = world.case
    edit_url = f"/casussen/{case.pk}/client/bewerken/"
    login(page, world.owner)
    page.goto(edit_url)
    expect(page.get_by_role("heading", name="Cliëntgegevens bewerken")).to_be_visible()
    assert_no_axe_violations(page)
    snap(page, "30-client-bewerken")

    page.get_by_label("Bijnaam / alias").fill("De Kapitein")
    page.get_by_label("Verblijfsadres").fill("Oldenzaalsestraat 1, Enschede")
    Session.objects.all().delete()  # the session expires while the user is typing
    page.get_by_role("button", name="Opslaan").click()

    expect(page).to_have_url(re.compile(r"/inloggen/\?next="))
    expect(page.get_by_role("status")).to_contain_text(
        "Uw sessie was verlopen. Wat u had ingevuld is bewaard"
    )
    assert_no_axe_violations(page)
    snap(page, "31-sessie-verlopen")

    # The same user again, maybe within the same 30 s: the helper picks a TOTP step not used yet.
    login(page, world.owner, go=False)
    expect(page).to_have_url(re.compile(re.escape(edit_url) + "$"))
    expect(page.get_by_label("Bijnaam / alias")).to_have_value("De Kapitein")
    expect(page.get_by_label("Verblijfsadres")).to_have_value("Oldenzaalsestraat 1, Enschede")
    expect(page.get_by_label("Achternaam")).to_have_value("Jansen")
    snap(page, "32-invoer-terug")
    assert Client.objects.get(pk=case.client_id).alias == ""  # nothing saved behind the user's back

    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("De cliëntgegevens zijn opgeslagen.")
    expect(page.locator("dl")).to_contain_text("De Kapitein")
    assert Client.objects.get(pk=case.client_id).alias == "De Kapitein"
