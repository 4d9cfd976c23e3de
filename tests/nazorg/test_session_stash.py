"""Input stashed when a session expired only fills the nazorg forms again: it is never saved or submitted
until the user presses the button."""

from __future__ import annotations

from urllib.parse import urlencode

from django.test import Client as HttpClient
from django.urls import reverse

from nazorg.models import DetentionEpisode, DocumentStatus, NazorgDocument
from notifications.models import Notification
from tests.nazorg.documents import MELDINGSBLAD
from tests.world import NazorgParties

NOTICE = "voordat uw sessie verliep"


def _stash(http: HttpClient, path: str, data: dict[str, object]) -> None:
    session = http.session
    session["stashed_post"] = {"path": path, "data": urlencode(data)}
    session.save()


def test_a_stash_with_submit_neither_saves_nor_submits_the_document(nw: NazorgParties):
    url = reverse("nazorg:document_edit", args=[nw.episode.pk, "meldingsblad"])
    http = nw.http("mmd")
    assert http.get(url).status_code == 200
    draft = NazorgDocument.objects.get(episode=nw.episode, kind="meldingsblad")
    typed = {**MELDINGSBLAD, "mmd_naam": "Tekst van een andere site", "revision": draft.revision}
    _stash(http, url, {**typed, "submit": "1"})

    response = http.get(url)

    assert response.status_code == 200
    body = response.content.decode()
    assert "Tekst van een andere site" in body and NOTICE in body  # shown, with the notice
    after = NazorgDocument.objects.get(pk=draft.pk)
    assert after.status == DocumentStatus.DRAFT
    assert after.revision == draft.revision and after.data == draft.data
    assert not NazorgDocument.objects.filter(episode=nw.episode, status=DocumentStatus.SUBMITTED).exists()
    assert not Notification.objects.exists()
    # The user checks it and presses the button: now it is submitted.
    response = http.post(url, {**typed, "mmd_naam": "Mia de Vries", "submit": "1"})
    assert response.status_code == 302
    submitted = NazorgDocument.objects.get(episode=nw.episode, status=DocumentStatus.SUBMITTED)
    assert submitted.data["mmd_naam"] == "Mia de Vries"


def test_a_stash_never_replaces_what_the_user_posts(nw: NazorgParties):
    url = reverse("nazorg:document_edit", args=[nw.episode.pk, "meldingsblad"])
    http = nw.http("mmd")
    http.get(url)
    revision = NazorgDocument.objects.get(episode=nw.episode, kind="meldingsblad").revision
    _stash(http, url, {**MELDINGSBLAD, "mmd_naam": "Gestasht", "revision": revision, "submit": "1"})
    response = http.post(url, {**MELDINGSBLAD, "revision": revision, "save": "1"})
    assert response.status_code == 302
    draft = NazorgDocument.objects.get(episode=nw.episode, kind="meldingsblad")
    assert draft.status == DocumentStatus.DRAFT and draft.data["mmd_naam"] == "Mia de Vries"


def test_a_stashed_detention_edit_is_shown_with_the_notice_and_not_saved(nw: NazorgParties):
    url = reverse("nazorg:episode_edit", args=[nw.episode.pk])
    http = nw.http("mmd")
    _stash(http, url, {"achternaam": "Getypt voor de time-out", "revision": nw.episode.revision})
    body = http.get(url).content.decode()
    assert "Getypt voor de time-out" in body and NOTICE in body
    assert DetentionEpisode.objects.get(pk=nw.episode.pk).achternaam == "Bakker"
