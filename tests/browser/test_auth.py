"""First login with two-factor setup, and the lockout after repeated wrong passwords."""

from __future__ import annotations

import re

from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import code_from_secret, snap, submit_password
from tests.factories import OrganisationFactory, UserFactory


def test_new_user_sets_up_two_factor_and_gets_backup_codes(page: Page, live_server: object) -> None:
    user = UserFactory(
        email="nieuw@enschede.test",
        first_name="Nina",
        last_name="Nieuw",
        organisation=OrganisationFactory(gemeente=True, name="Gemeente Hengelo-test"),
    )

    submit_password(page, user.email)
    expect(page).to_have_url(re.compile(r"/inloggen/instellen/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie instellen")
    expect(page.get_by_role("img", name="QR-code voor uw authenticator-app")).to_be_visible()
    assert_no_axe_violations(page)
    snap(page, "10-2fa-instellen")

    secret = page.locator("code.secret").inner_text()
    page.get_by_label("Code").fill(code_from_secret(secret))
    page.get_by_role("button", name="Bevestigen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Uw reservecodes")
    expect(page.locator(".codes li")).to_have_count(10)
    assert TOTPDevice.objects.get(user=user).confirmed
    assert_no_axe_violations(page)
    snap(page, "11-reservecodes")

    page.get_by_role("link", name="Ik heb ze bewaard, ga verder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn casussen")
    expect(page.locator("#case-results")).to_contain_text("U zit nog in geen enkel casusteam")
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()


def test_five_wrong_passwords_lock_the_account(page: Page, live_server: object) -> None:
    user = UserFactory(email="vergeetachtig@enschede.test", with_totp=True)

    page.goto("/inloggen/")
    for _attempt in range(4):
        submit_password(page, user.email, "verkeerd-wachtwoord", go=False)
        expect(page.get_by_role("alert")).to_contain_text(
            "Deze combinatie van e-mailadres en wachtwoord kennen we niet"
        )
    snap(page, "12-login-fout")

    submit_password(page, user.email, "verkeerd-wachtwoord", go=False)
    expect(page.get_by_role("heading", level=1)).to_have_text("Account tijdelijk geblokkeerd")
    expect(page.get_by_role("alert")).to_contain_text("Er is te vaak een verkeerd wachtwoord ingevuld")
    assert_no_axe_violations(page)
    snap(page, "13-geblokkeerd")

    # Locked out means locked out: the right password does not help until the cool-off has passed.
    page.get_by_role("link", name="Terug naar inloggen").click()
    submit_password(page, user.email, go=False)
    expect(page.get_by_role("heading", level=1)).to_have_text("Account tijdelijk geblokkeerd")
    expect(page).not_to_have_url(re.compile(r"/inloggen/verificatie/"))
