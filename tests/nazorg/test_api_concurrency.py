"""Optimistic locking on the prison API's writes (issue 11, finding 3): conflicting saves sent at the same
moment by several connections of the prison's system, built on the same version, save exactly one; the
others get 409 with what is stored, and what is stored is the winner's."""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from django.test import Client as HttpClient

from nazorg.models import DetentionEpisode, DocumentStatus, NazorgDocument
from tests.concurrency import THREADS, committed_db, db, one_winner, race
from tests.factories import valid_bsn
from tests.nazorg.documents import MELDINGSBLAD
from tests.nazorg.test_api import PrisonSystem, connect, detail, document
from tests.world import World

__all__ = ["committed_db", "db"]  # fixtures: every test here works on the committed database
pytestmark = pytest.mark.usefixtures("db")
SEEDS = itertools.count(5000)


@pytest.fixture
def lazy_world(db: None) -> World:
    """The shared test world (tests/world.py), committed, with names of its own."""
    return World(unique=True)


@pytest.fixture
def prison_system(lazy_world: World) -> tuple[PrisonSystem, DetentionEpisode]:
    """The world's prison with its API key and a registered detention whose meldingsblad (v1) is submitted."""
    seed = next(SEEDS)
    nw = lazy_world.nazorg
    episode = nw.register(bsn=valid_bsn(seed))
    nw.submit(episode, "meldingsblad", MELDINGSBLAD)
    return connect(nw.prison, f"systeem{seed}@pi.test"), DetentionEpisode.objects.get(pk=episode.pk)


def _connections(system: PrisonSystem) -> list[PrisonSystem]:
    return [dataclasses.replace(system, http=HttpClient()) for _ in range(THREADS)]


def test_concurrent_release_date_changes_save_one(prison_system: tuple[PrisonSystem, DetentionEpisode]):
    system, episode = prison_system
    systems = _connections(system)
    responses = race(
        lambda i: systems[i].patch(
            detail(episode.pk), {"version": episode.revision, "locatie": f"Vleugel {i}"}
        )
    )
    winner = one_winner(responses)
    stored = DetentionEpisode.objects.get(pk=episode.pk)
    assert stored.locatie == f"Vleugel {winner}" == responses[winner].json()["locatie"]
    assert stored.revision == episode.revision + 1
    for loser in (r for r in responses if r.status_code == 409):
        assert loser.json()["current"]["locatie"] == stored.locatie


def test_concurrent_corrections_of_a_document_save_one(prison_system: tuple[PrisonSystem, DetentionEpisode]):
    system, episode = prison_system
    systems = _connections(system)
    url = document(episode.pk, "meldingsblad")

    def correct(i: int):
        body = {
            "data": {**MELDINGSBLAD, "bijzonderheden": f"Noot {i}"},
            "correction_reason": f"Correctie {i}",
            "based_on": 1,
        }
        return systems[i].post(url, body, key=f"correctie-{episode.pk}-{i}")

    responses = race(correct)
    winner = one_winner(responses, ok=201)
    versions = NazorgDocument.objects.filter(episode=episode, kind="meldingsblad")
    assert dict(versions.values_list("number", "status")) == {
        1: DocumentStatus.SUPERSEDED,
        2: DocumentStatus.SUBMITTED,
    }, "one correction, no version lost behind another"
    current = versions.get(status=DocumentStatus.SUBMITTED)
    assert (
        current.data["bijzonderheden"]
        == f"Noot {winner}"
        == responses[winner].json()["data"]["bijzonderheden"]
    )
    for loser in (r for r in responses if r.status_code == 409):
        assert loser.json()["current"]["number"] == 2
        assert loser.json()["current"]["data"]["bijzonderheden"] == f"Noot {winner}"
