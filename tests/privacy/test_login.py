"""Login with two factors, lockout after failed attempts, idle timeout and the API's second-factor guard."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client as HttpClient
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.api_keys import user_key
from tests.factories import UserFactory

PASSWORD = "geheim-wachtwoord-123"


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def login_with_code(email: str, password: str, code: str) -> HttpClient:
    """Both login steps through the real pages."""
    http = HttpClient()
    assert http.post("/inloggen/", {"username": email, "password": password}).status_code == 302
    assert http.post("/inloggen/verificatie/", {"token": code}).status_code == 302
    return http


@pytest.fixture
def user(db):
    return UserFactory(email="pm@login.test", with_totp=True)


def test_password_alone_does_not_open_a_case_list(user):
    http = HttpClient()
    response = http.post("/inloggen/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    response = http.get("/casussen/")
    assert response.status_code == 302
    assert response.url.startswith("/inloggen/verificatie/")


def test_login_with_totp_code(user):
    http = HttpClient()
    http.post("/inloggen/", {"username": user.email, "password": PASSWORD})
    device = TOTPDevice.objects.get(user=user)
    response = http.post(
        "/inloggen/verificatie/?next=/casussen/", {"token": _code(device), "next": "/casussen/"}
    )
    assert response.status_code == 302
    assert response.url == "/casussen/"
    assert http.get("/casussen/").status_code == 200


def test_wrong_code_is_refused_with_a_clear_message(user):
    http = HttpClient()
    http.post("/inloggen/", {"username": user.email, "password": PASSWORD})
    response = http.post("/inloggen/verificatie/", {"token": "000000"})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert http.get("/casussen/").status_code == 302


def test_static_backup_code_works_once(user):
    static = StaticDevice.objects.create(user=user, name="Reservecodes")
    StaticToken.objects.create(device=static, token="reserve1")
    for expected_status in (302, 200):
        http = HttpClient()
        http.post("/inloggen/", {"username": user.email, "password": PASSWORD})
        response = http.post("/inloggen/verificatie/", {"token": "reserve1"})
        assert response.status_code == expected_status


def test_new_user_sets_up_totp_and_gets_backup_codes(db):
    user = UserFactory(email="nieuw@login.test")
    http = HttpClient()
    http.post("/inloggen/", {"username": user.email, "password": PASSWORD})
    response = http.get("/casussen/")
    assert response.url.startswith("/inloggen/instellen/")
    page = http.get(response.url)
    assert "QR-code" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = http.post("/inloggen/instellen/", {"token": _code(device)})
    assert response.status_code == 200
    assert "reservecodes" in response.content.decode().lower()
    assert StaticToken.objects.filter(device__user=user).count() == 10
    assert http.get("/casussen/").status_code == 200


def test_lockout_after_repeated_failures(user):
    http = HttpClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        http.post("/inloggen/", {"username": user.email, "password": "fout"})
    response = http.post("/inloggen/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "tijdelijk geblokkeerd" in response.content.decode()


def test_failed_login_keeps_the_email_and_explains(user):
    response = HttpClient().post("/inloggen/", {"username": user.email, "password": "fout"})
    body = response.content.decode()
    assert response.status_code == 200
    assert f'value="{user.email}"' in body
    assert "kennen we niet" in body


def test_idle_timeout_is_configured():
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60


def test_api_refuses_a_session_without_second_factor(user):
    http = HttpClient()
    http.post("/inloggen/", {"username": user.email, "password": PASSWORD})
    response = http.get("/api/v1/cases/")
    assert response.status_code == 401


def test_api_token_authentication(world):
    key = user_key(world.owner)
    response = HttpClient().get("/api/v1/cases/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert HttpClient().get("/api/v1/cases/").status_code in (401, 403)


@pytest.mark.parametrize("path", ["/inloggen/instellen/", "/inloggen/verificatie/"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_the_second_step_sends_an_anonymous_visitor_to_the_login_page(db, path, method):
    response = getattr(HttpClient(), method)(path, {"token": "123456"} if method == "post" else None)
    assert response.status_code == 302
    assert response.url.startswith("/inloggen/?next=")
    assert not TOTPDevice.objects.exists()
