"""API rate limits: per user token (and the same user's browser session), per organisation key; over the
limit a 429 with Retry-After. The limits are off in the test settings and switched on, small, here."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import Client as HttpClient
from django.test import override_settings

from config.env import env_rate
from privacy.models import Function
from tests.api_keys import organisation_key, user_key
from tests.factories import UserFactory
from tests.problems import problem
from tests.world import NazorgParties, World, verified_client

CASES = "/api/v1/cases/"
DETENTIONS = "/api/v1/nazorg/detenties/"


@pytest.fixture
def limits(settings: Any) -> Iterator[None]:
    """Three requests a minute per user and per organisation key, counted from an empty cache."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "3/min", "organisation_key": "3/min"},
    }
    cache.clear()
    yield
    cache.clear()


def _token_client(user: Any) -> HttpClient:
    return HttpClient(HTTP_AUTHORIZATION=f"Token {user_key(user)}")


def _key_client(organisation: Any, email: str) -> HttpClient:
    user = UserFactory(email=email, organisation=organisation, function=Function.MMD)
    _token, key = organisation_key(organisation, user, name=email)
    return HttpClient(HTTP_AUTHORIZATION=f"Bearer {key}")


def _assert_throttled(response: Any) -> None:
    body = problem(response, 429)
    assert 0 < int(response["Retry-After"]) <= 60
    assert (body["code"], body["title"]) == ("throttled", "Te veel verzoeken")
    assert body["detail"].startswith("Te veel verzoeken. Probeer het over ")


def test_a_token_over_its_limit_gets_429_and_another_token_does_not(world: World, limits: None):
    owner, reader = _token_client(world.owner), _token_client(world.reader)
    assert [owner.get(CASES).status_code for _ in range(3)] == [200, 200, 200]
    _assert_throttled(owner.get(CASES))
    assert reader.get(CASES).status_code == 200


def test_a_browser_session_counts_for_its_user_too(world: World, limits: None):
    session = verified_client(world.owner)
    assert [session.get(CASES).status_code for _ in range(2)] == [200, 200]
    token = _token_client(world.owner)
    assert token.get(CASES).status_code == 200
    _assert_throttled(session.get(CASES))
    _assert_throttled(token.get(CASES))


def test_an_organisation_key_over_its_limit_gets_429_and_another_key_does_not(
    nw: NazorgParties, limits: None
):
    first = _key_client(nw.prison, "systeem-1@almelo.test")
    second = _key_client(nw.prison, "systeem-2@almelo.test")
    assert [first.get(DETENTIONS).status_code for _ in range(3)] == [200, 200, 200]
    _assert_throttled(first.get(DETENTIONS))
    assert second.get(DETENTIONS).status_code == 200


def test_without_the_cache_requests_go_through(world: World, limits: None):
    owner = _token_client(world.owner)
    # Nothing listens on port 1: every cache call fails at once.
    unreachable = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
    with override_settings(CACHES={"default": unreachable}):
        assert [owner.get(CASES).status_code for _ in range(4)] == [200, 200, 200, 200]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(None, "120/min"), ("", "120/min"), ("30/hour", "30/hour"), (" 5/S ", "5/s"), ("off", None)],
)
def test_rates_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, raw: str | None, expected: str | None
):
    monkeypatch.delenv("API_RATE_TEST", raising=False)
    if raw is not None:
        monkeypatch.setenv("API_RATE_TEST", raw)
    assert env_rate("API_RATE_TEST", "120/min") == expected


@pytest.mark.parametrize("raw", ["120", "120/week", "many/min", "-1/min"])
def test_a_bad_rate_fails_loudly(monkeypatch: pytest.MonkeyPatch, raw: str):
    monkeypatch.setenv("API_RATE_TEST", raw)
    with pytest.raises(ImproperlyConfigured):
        env_rate("API_RATE_TEST", "120/min")
