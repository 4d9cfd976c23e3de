"""The shared test base, one world per test (tests/world.py), in four views: ``world`` (the case with its
owner, read-only colleague and outsider), ``nw`` (the nazorg parties and their detention), ``cw`` (the
CO24 parties and their enrolled case) and ``mw`` (the casusoverleg). A test that asks for two gets the same
world twice."""

from __future__ import annotations

import pytest

from tests.world import Co24Parties, MeetingParties, NazorgParties, World


@pytest.fixture
def lazy_world(db: None) -> World:
    """The world with nothing built yet: each part is made when the test first uses it."""
    return World()


@pytest.fixture
def world(lazy_world: World) -> World:
    """The world with its case (made before the test starts: pages list it from the first request)."""
    return lazy_world.build("case")


@pytest.fixture
def nw(lazy_world: World) -> NazorgParties:
    """The nazorg parties, with the detention already registered."""
    return lazy_world.nazorg.build("episode")


@pytest.fixture
def cw(lazy_world: World) -> Co24Parties:
    return lazy_world.co24


@pytest.fixture
def mw(lazy_world: World) -> MeetingParties:
    return lazy_world.overleg
