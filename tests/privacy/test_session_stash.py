"""The "session expired" stash keeps a user's own input, and nothing a hostile page sends.

A cross-site POST (no CSRF cookie or token, or a foreign Origin) is refused like Django refuses any CSRF
failure: nothing is stashed, no session cookie is set, and after login the form is empty. A same-origin POST
with a valid token is stashed and shown again after a real login through both login pages.
"""

from __future__ import annotations

from django.test import Client as HttpClient
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from caseplan.models import Client
from privacy.models import User

PASSWORD = "geheim-wachtwoord-123"
TYPED = "Getypt voor de time-out"
NOTICE = "voordat uw sessie verliep"


def _edit_url(world) -> str:
    return f"/casussen/{world.case.pk}/client/bewerken/"


def _csrf_client() -> HttpClient:
    """A browser that enforces CSRF like a real one, with the CSRF cookie the login page sets."""
    http = HttpClient(enforce_csrf_checks=True)
    assert http.get("/inloggen/").status_code == 200
    return http


def _token(http: HttpClient) -> str:
    return http.cookies["csrftoken"].value


def _log_in(http: HttpClient, user: User) -> None:
    """Both login steps through the real pages, in the same browser (so its session carries over)."""
    if "csrftoken" not in http.cookies:
        http.get("/inloggen/")
    response = http.post(
        "/inloggen/", {"username": user.email, "password": PASSWORD, "csrfmiddlewaretoken": _token(http)}
    )
    assert response.status_code == 302, response.content.decode()[:300]
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="Test-app", confirmed=True
    )
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    response = http.post("/inloggen/verificatie/", {"token": code, "csrfmiddlewaretoken": _token(http)})
    assert response.status_code == 302


def _typed(world) -> dict[str, object]:
    return {"revision": world.case.client.revision, "achternaam": "Jansen", "alias": TYPED}


def test_a_cross_site_post_without_token_stashes_nothing_and_sets_no_cookie(world):
    http = HttpClient(enforce_csrf_checks=True)  # another site's form: no CSRF cookie, no token
    response = http.post(_edit_url(world), _typed(world), HTTP_ORIGIN="https://aanvaller.example")
    assert response.status_code == 403
    assert "Dit formulier is verlopen" in response.content.decode()
    assert "sessionid" not in response.cookies  # the victim's own session cookie is not replaced
    assert "messages" not in response.cookies
    _log_in(http, world.owner)
    body = http.get(_edit_url(world)).content.decode()
    assert TYPED not in body and NOTICE not in body


def test_a_post_from_a_foreign_origin_with_a_valid_token_stashes_nothing(world):
    http = _csrf_client()
    response = http.post(
        _edit_url(world),
        {**_typed(world), "csrfmiddlewaretoken": _token(http)},
        HTTP_ORIGIN="https://aanvaller.example",
    )
    assert response.status_code == 403
    assert "sessionid" not in response.cookies
    _log_in(http, world.owner)
    body = http.get(_edit_url(world)).content.decode()
    assert TYPED not in body and NOTICE not in body


def test_a_same_origin_post_with_a_valid_token_is_stashed_and_shown_after_login(world):
    http = _csrf_client()
    response = http.post(
        _edit_url(world),
        {**_typed(world), "csrfmiddlewaretoken": _token(http)},
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 302 and response.url.startswith("/inloggen/?next=")
    assert "Wat u had ingevuld is bewaard" in http.get(response.url).content.decode()
    _log_in(http, world.owner)
    body = http.get(_edit_url(world)).content.decode()
    assert TYPED in body and NOTICE in body
    assert Client.objects.get(pk=world.case.client_id).alias == ""  # shown, not saved
    assert TYPED not in http.get(_edit_url(world)).content.decode()  # once
