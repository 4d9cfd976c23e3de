"""Client data is never cached, and the production settings pass Django's deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client as HttpClient

from tests.api_keys import user_key


def _no_store(response) -> bool:
    value = response.get("Cache-Control", "")
    return "no-store" in value and "private" in value


def test_pages_with_client_data_are_not_stored(world):
    http = world.client_for("owner")
    for url in (f"/casussen/{world.case.pk}/", f"/casussen/{world.case.pk}/client/bewerken/", "/casussen/"):
        response = http.get(url)
        assert response.status_code == 200, url
        assert _no_store(response), url


def test_htmx_fragments_are_not_stored(world):
    response = world.client_for("owner").get("/casussen/", {"q": "jans"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Jansen" in response.content.decode()
    assert _no_store(response)


def test_api_responses_are_not_stored(world):
    http = HttpClient(HTTP_AUTHORIZATION=f"Token {user_key(world.owner)}")
    ok = http.get(f"/api/v1/cases/{world.case.pk}/client/")
    assert ok.status_code == 200 and _no_store(ok)
    refused = HttpClient().get("/api/v1/cases/")  # even an answer to nobody says so
    assert refused.status_code in (401, 403) and _no_store(refused)


def test_a_stricter_header_of_its_own_is_kept(world):
    """Django's never_cache on the login view says more than no-store; the middleware leaves it as it is."""
    response = world.client_for("owner").get("/inloggen/")  # logged in: redirected onwards
    assert response.status_code == 302
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


CHECK = (
    "import django; django.setup(); from django.core.management import call_command; "
    "call_command('check', deploy=True, fail_level='WARNING')"
)


@pytest.mark.parametrize("preload", ["", "true"])
def test_check_deploy_with_production_settings_has_no_warnings(tmp_path, preload):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "DJANGO_SECRET_KEY": "k8#Qz!v2Lr@9wXp$4Tn&7Hc*1Bm^6Jd(3Fs)0Gy_5Ue+8Ai-2Ok=",
        "DATABASE_URL": "postgres://pga@127.0.0.1:5432/pga",  # the check does not connect
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "DJANGO_ALLOWED_HOSTS": "pga.example.nl",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "https://pga.example.nl",
        "APP_DATA_DIR": str(tmp_path),
    }
    if preload:
        env["SECURE_HSTS_PRELOAD"] = preload
    result = subprocess.run(
        [sys.executable, "-c", CHECK],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output and "ERRORS" not in output, output
