"""The client's address behind the TLS proxy: read from X-Forwarded-For only when the proxy is trusted."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client as HttpClient
from django.test import RequestFactory, override_settings

from common.client_ip import client_ip
from config.env import env_networks
from privacy.models import AccessLog

PROXY = "10.0.0.5"
CLIENT = "203.0.113.9"
SPOOFED = "198.51.100.66"


def _read_case(world, **meta: str) -> AccessLog:
    AccessLog.objects.all().delete()
    assert world.client_for("owner").get(f"/casussen/{world.case.pk}/", **meta).status_code == 200
    return AccessLog.objects.get()


def _fail_login(user, **meta: str) -> int:
    response = HttpClient().post("/inloggen/", {"username": user.email, "password": "fout"}, **meta)
    return response.status_code


def test_without_a_trusted_proxy_the_header_is_ignored(world):
    row = _read_case(world, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=SPOOFED)
    assert row.ip_address == PROXY
    _fail_login(world.owner, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=SPOOFED)
    assert AccessAttempt.objects.get().ip_address == PROXY


def test_spoofing_the_header_does_not_escape_a_lockout(world):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _fail_login(world.owner, REMOTE_ADDR=CLIENT, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    assert _fail_login(world.owner, REMOTE_ADDR=CLIENT, HTTP_X_FORWARDED_FOR="198.51.100.99") == 429


@override_settings(TRUSTED_PROXIES=["10.0.0.0/24"])
def test_behind_a_trusted_proxy_the_access_log_has_the_client_address(world):
    row = _read_case(world, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{SPOOFED}, {CLIENT}")
    assert row.ip_address == CLIENT


@override_settings(TRUSTED_PROXIES=["10.0.0.0/24"])
def test_behind_a_trusted_proxy_axes_records_and_locks_out_the_client_address(world):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _fail_login(world.owner, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{SPOOFED}, {CLIENT}")
    attempt = AccessAttempt.objects.get()
    assert attempt.ip_address == CLIENT
    assert attempt.failures_since_start == settings.AXES_FAILURE_LIMIT
    # Another client behind the same proxy is not locked out with it.
    assert _fail_login(world.owner, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.7") == 200
    assert _fail_login(world.owner, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT) == 429


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        (PROXY, None, PROXY),  # no header: the proxy itself
        ("192.0.2.1", CLIENT, "192.0.2.1"),  # not from the proxy: the header is anyone's
        (PROXY, CLIENT, CLIENT),
        (PROXY, f"{SPOOFED}, {CLIENT}", CLIENT),  # what the client wrote itself stays on the left
        (PROXY, f"{CLIENT}, 10.0.0.7", CLIENT),  # two trusted proxies in a row
        (PROXY, "10.0.0.8, 10.0.0.7", "10.0.0.8"),  # only proxies: the farthest one
        (PROXY, f"{CLIENT}, not-an-address", PROXY),  # garbled: stop at the proxy
        (PROXY, f"{CLIENT}:51234", CLIENT),
        (PROXY, "[2001:db8::7]:443", "2001:db8::7"),
        (PROXY, "2001:db8::7", "2001:db8::7"),
        ("::ffff:10.0.0.5", CLIENT, CLIENT),
    ],
)
@override_settings(TRUSTED_PROXIES=["10.0.0.0/24"])
def test_the_client_is_the_first_untrusted_address_from_the_right(remote, forwarded, expected):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_ip(RequestFactory().get("/", **meta)) == expected


def test_trusted_proxies_must_be_addresses_or_networks(monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.1, 172.16.0.0/12, ::1")
    assert env_networks("TRUSTED_PROXIES") == ["10.0.0.1", "172.16.0.0/12", "::1"]
    monkeypatch.setenv("TRUSTED_PROXIES", "proxy.example")
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        env_networks("TRUSTED_PROXIES")
