"""The functional administrator's pages: Dutch throughout, accessible (axe), and working under the CSP
(the ``page`` fixture fails the test on any Content-Security-Policy refusal or JavaScript error)."""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from caseplan.models import PlanTemplate, TemplateDomain
from privacy.models import Function
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import login, snap
from tests.factories import OrganisationFactory, UserFactory

ENGLISH_LEFTOVERS = ("Access attempts", "TOTP devices", "Static devices", "Choose all", "Identity")


def test_the_functional_administrator_walks_the_admin_in_dutch(page: Page, live_server: object) -> None:
    beheerder = UserFactory(
        email="beheer@vht.test",
        organisation=OrganisationFactory(name="Zorg- en Veiligheidshuis Twente-test"),
        function=Function.FUNCTIONEEL_BEHEERDER,
        is_staff=True,
        is_superuser=True,
        with_totp=True,
    )
    template = PlanTemplate.objects.create(code="pga-monitor", name="PGA-monitor")
    for number, name in enumerate(("Huisvesting & wonen", "Drugs & alcohol"), start=1):
        TemplateDomain.objects.create(
            template=template, number=number, name=name, goal_suggestions=["Zelfstandig wonen", "Doorstromen"]
        )
    device = TOTPDevice.objects.get(user=beheerder)
    login(page, beheerder)

    pages = {
        "beheer-index": "/beheer/",
        "beheer-gebruiker": f"/beheer/privacy/user/{beheerder.pk}/change/",
        "beheer-plansjabloon": f"/beheer/caseplan/plantemplate/{template.pk}/change/",
        "beheer-feestdagen": "/beheer/deadlines/holiday/",
        "beheer-blokkeringen": "/beheer/axes/accessattempt/",
        "beheer-authenticator": "/beheer/privacy/authenticatorapp/",
        "beheer-authenticator-reset": f"/beheer/privacy/authenticatorapp/{device.pk}/delete/",
    }
    for name, path in pages.items():
        page.goto(path)
        expect(page.locator("#content")).to_be_visible()
        body = page.locator("body").inner_text()
        for english in ENGLISH_LEFTOVERS:
            assert english not in body, f"{english!r} on {path}"
        assert_no_axe_violations(page)
        snap(page, name)

    page.goto(f"/beheer/privacy/user/{beheerder.pk}/change/")
    expect(page.get_by_text("Alle groepen kiezen")).to_be_visible()
