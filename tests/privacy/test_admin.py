"""The functional administrator's pages speak Dutch, the library parts included, and hide 2FA secrets."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from deadlines.models import Holiday
from privacy.models import Function
from tests.factories import UserFactory
from tests.world import verified_client

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def beheer(world):
    admin_user = UserFactory(
        email="beheer@vht.test",
        organisation=world.gemeente,
        function=Function.FUNCTIONEEL_BEHEERDER,
        is_staff=True,
        is_superuser=True,
    )
    return verified_client(admin_user)


def test_the_admin_index_names_the_login_libraries_in_dutch(beheer):
    page = beheer.get("/beheer/").content.decode()
    for dutch in (
        "Inlogpogingen en blokkeringen",
        "Authenticator-apps (tweestapsverificatie)",
        "Reservecodes",
    ):
        assert dutch in page
    for english in (
        "Access attempts",
        "Access failures",
        "TOTP devices",
        "Static devices",
        "Otp_Totp",
        "OTP_TOTP",
    ):
        assert english not in page


def test_the_lockout_list_has_dutch_columns(beheer):
    page = beheer.get("/beheer/axes/accesslog/").content.decode()
    assert "IP-adres" in page and "Tijdstip poging" in page
    assert "Attempt Time" not in page and "IP Address" not in page


def test_the_group_chooser_script_is_dutch(beheer):
    catalog = beheer.get("/beheer/jsi18n/").content.decode()
    assert "Alle %s kiezen" in catalog
    assert "Kies %s door ze te selecteren" in catalog


def test_an_authenticator_app_can_be_reset_but_its_secret_is_never_shown(world, beheer):
    device = TOTPDevice.objects.create(user=world.owner, name="Telefoon van Sanne", confirmed=True)
    listing = beheer.get("/beheer/privacy/authenticatorapp/").content.decode()
    assert str(world.owner) in listing and "Telefoon van Sanne" in listing
    assert "Op bevestigd" in listing and "Op confirmed" not in listing
    unconfirmed = beheer.get("/beheer/privacy/authenticatorapp/?bevestigd=nee").content.decode()
    assert "Telefoon van Sanne" not in unconfirmed
    detail = beheer.get(f"/beheer/privacy/authenticatorapp/{device.pk}/change/").content.decode()
    assert device.key not in detail
    assert beheer.get("/beheer/privacy/authenticatorapp/add/").status_code == 403
    assert beheer.get("/beheer/otp_totp/totpdevice/").status_code == 404  # the English admin is gone
    response = beheer.post(f"/beheer/privacy/authenticatorapp/{device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()


def test_backup_codes_can_be_reset(world, beheer):
    codes = StaticDevice.objects.create(user=world.owner, name="Reservecodes")
    assert "Reservecodes" in beheer.get("/beheer/privacy/backupcodes/").content.decode()
    beheer.post(f"/beheer/privacy/backupcodes/{codes.pk}/delete/", {"post": "yes"})
    assert not StaticDevice.objects.filter(pk=codes.pk).exists()


def test_the_holiday_list_opens_at_this_year(beheer):
    this_year = timezone.localdate().year
    Holiday.objects.get_or_create(date=datetime.date(this_year, 12, 25), defaults={"name": "Eerste Kerstdag"})
    opening = beheer.get("/beheer/deadlines/holiday/").content.decode()
    assert f"25 december {this_year}" in opening
    assert "1 januari 2000" not in opening
    everything = beheer.get("/beheer/deadlines/holiday/?periode=alle").content.decode()
    assert "1 januari 2000" in everything


def test_the_demo_shows_the_products_own_error_pages():
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_DEBUG", "DEMO_MODE")}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings.dev", "DATABASE_URL": "postgres://x@h/db"}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.DEBUG, settings.DEMO_MODE)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]


def test_an_unknown_address_shows_the_products_404_page(world):
    response = world.client_for("owner").get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Naar mijn casussen" in response.content.decode()
