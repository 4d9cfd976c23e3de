"""Query counts of the nazorg pages are pinned and do not grow with the data (ARCHITECTURE.md, convention 10).

Each page is measured with a few detainees, then again after twenty more with their documents, deadlines,
hand-over moves, consents and shares (and, for the episode and document pages, more of the episode's own)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from nazorg.models import DetentionEpisode
from nazorg.services import consent as consent_services
from nazorg.services.episodes import episode_update, handover_accept, handover_assign, handover_reject
from tests.nazorg.documents import BASISDOCUMENT, GEMEENTEBLAD, MELDINGSBLAD, ONTSLAGBERICHT
from tests.world import NazorgParties

# session, user, otp device, the user's organisation (role), count, page of episodes with prison and gemeente,
# access-log insert, the rows' documents, their active deadlines with rules, unread notifications (header),
# session save (savepoint, update, release). Outside a test transaction the access-log insert also shows its
# BEGIN and COMMIT: the benchmark reports 15.
INBOX_QUERIES = 13
# The other pages, measured the same way: with a few detainees and again after twenty more.
WORKLIST_QUERIES = 13
QUEUE_QUERIES = 13
EPISODE_PAGE_QUERIES = {"contact": 19, "mmd": 18}
DOCUMENT_PAGE_QUERIES = 12
# The PDF: session, user, otp device, the user's organisation, the episode, the document with its author, the
# gemeente van herkomst, access-log insert, session save (savepoint, update, release).
DOCUMENT_PDF_QUERIES = 11


def _notified(nw: NazorgParties, **fields: object) -> DetentionEpisode:
    episode = nw.register(bsn="", **fields)
    nw.submit(episode, "meldingsblad", MELDINGSBLAD)
    return episode


def _small_world(nw: NazorgParties) -> DetentionEpisode:
    """Three detainees of the prison, two of them the municipality's, one in the coordinators' queue. The
    measured one has its basisdocument and the detainee's consent (so the page offers to share it)."""
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    nw.submit(nw.episode, "basisdocument", BASISDOCUMENT)
    consent_services.consent_record(
        episode=nw.episode, by=nw.mmd, signed_on=datetime.date.today(), scope=["ggz"], evidence="PI-dossier"
    )
    _notified(nw, achternaam="Jansen")
    _notified(nw, achternaam="Visser", brp_gemeente=None)
    return nw.episode


def _grow(nw: NazorgParties, extra: int = 20) -> None:
    """Twenty more detainees in every state the lists know: new, accepted, released, unplaced, shared."""
    today = datetime.date.today()
    for index in range(extra):
        placed = index % 5 != 0
        episode = _notified(
            nw,
            achternaam=f"Groei{index:02d}",
            detention_start=today - datetime.timedelta(days=40 + index),
            brp_gemeente=nw.gemeente if placed else None,
            mmd=nw.mmd if index % 2 else None,
        )
        if not placed:
            continue
        nw.submit(episode, "basisdocument", BASISDOCUMENT)
        if index % 3:
            handover_accept(episode=episode, by=nw.contact)
            nw.submit(episode, "gemeenteblad", GEMEENTEBLAD)
        if index % 4 == 1:
            consent = consent_services.consent_record(
                episode=episode, by=nw.mmd, signed_on=today, scope=["ggz"], evidence="PI-dossier"
            )
            consent_services.episode_share(
                episode=episode, by=nw.mmd, organisation=nw.care, reason="Behandeling voortzetten"
            )
            assert consent.shares.exists()
        if index % 4 == 2:
            nw.submit(episode, "ontslagbericht", {**ONTSLAGBERICHT, "ontslagdatum": today.isoformat()})


def _grow_the_episode(nw: NazorgParties, episode: DetentionEpisode) -> None:
    """The measured episode's own life goes on: rejected and placed again (a cancelled and a new deadline,
    four more trail events), a corrected basisdocument, the gemeenteblad, a moved release date, a second
    consent and a share."""
    handover_reject(episode=episode, by=nw.contact, reason="Woont in Hengelo")
    episode = handover_assign(episode=episode, by=nw.coordinator, to=nw.gemeente, reason="Toch Enschede")
    nw.submit(episode, "basisdocument", {**BASISDOCUMENT, "status_zorg": "4"})
    nw.submit(episode, "gemeenteblad", GEMEENTEBLAD)
    episode = handover_accept(episode=episode, by=nw.contact)
    episode = episode_update(
        episode=episode,
        by=nw.mmd,
        expected_revision=episode.revision,
        expected_release=datetime.date(2027, 5, 3),
        release_reason="vervroegd",
    )
    consent_services.consent_record(
        episode=episode,
        by=nw.mmd,
        signed_on=datetime.date.today(),
        scope=["ggz", "reclassering"],
        evidence="PI",
    )
    consent_services.episode_share(episode=episode, by=nw.mmd, organisation=nw.care, reason="Behandeling")


@pytest.mark.parametrize("tab", ["nieuw", "lopend", "ontslagen"])
def test_the_municipal_inbox_keeps_its_query_count(
    nw: NazorgParties, tab: str, django_assert_num_queries: DjangoAssertNumQueries
):
    _small_world(nw)
    http = nw.http("contact")
    url = reverse("nazorg:inbox") + f"?tab={tab}"
    if tab == "lopend":
        for episode in DetentionEpisode.objects.filter(gemeente=nw.gemeente):
            handover_accept(episode=episode, by=nw.contact)
    if tab == "ontslagen":
        today = datetime.date.today().isoformat()
        nw.submit(nw.episode, "ontslagbericht", {**ONTSLAGBERICHT, "ontslagdatum": today})
    with django_assert_num_queries(INBOX_QUERIES):
        assert http.get(url).status_code == 200
    _grow(nw)
    with django_assert_num_queries(INBOX_QUERIES):
        assert http.get(url).status_code == 200


def test_the_mmd_worklist_keeps_its_query_count(
    nw: NazorgParties, django_assert_num_queries: DjangoAssertNumQueries
):
    _small_world(nw)
    http = nw.http("mmd")
    url = reverse("nazorg:worklist")
    with django_assert_num_queries(WORKLIST_QUERIES):
        assert http.get(url).status_code == 200
    _grow(nw)
    with django_assert_num_queries(WORKLIST_QUERIES):
        assert http.get(url).status_code == 200


def test_the_queue_keeps_its_query_count(
    nw: NazorgParties, django_assert_num_queries: DjangoAssertNumQueries
):
    _small_world(nw)
    http = nw.http("coordinator")
    url = reverse("nazorg:queue")
    with django_assert_num_queries(QUEUE_QUERIES):
        assert http.get(url).status_code == 200
    _grow(nw)
    assert DetentionEpisode.objects.filter(gemeente__isnull=True).count() == 5
    with django_assert_num_queries(QUEUE_QUERIES):
        assert http.get(url).status_code == 200


@pytest.mark.parametrize("who", ["contact", "mmd"])
def test_the_episode_page_keeps_its_query_count_as_the_others_grow(
    nw: NazorgParties, who: str, django_assert_num_queries: DjangoAssertNumQueries
):
    episode = _small_world(nw)
    http = nw.http(who)
    url = reverse("nazorg:episode_detail", args=[episode.pk])
    with django_assert_num_queries(EPISODE_PAGE_QUERIES[who]):
        assert http.get(url).status_code == 200
    _grow(nw)
    with django_assert_num_queries(EPISODE_PAGE_QUERIES[who]):
        assert http.get(url).status_code == 200


def test_the_episode_page_keeps_its_query_count_as_the_episode_grows(
    nw: NazorgParties, django_assert_num_queries: DjangoAssertNumQueries
):
    episode = _small_world(nw)
    http = nw.http("contact")
    url = reverse("nazorg:episode_detail", args=[episode.pk])
    with django_assert_num_queries(EPISODE_PAGE_QUERIES["contact"]):
        assert http.get(url).status_code == 200
    _grow_the_episode(nw, episode)
    with django_assert_num_queries(EPISODE_PAGE_QUERIES["contact"]):
        assert http.get(url).status_code == 200


def test_a_document_page_keeps_its_query_count(
    nw: NazorgParties, django_assert_num_queries: DjangoAssertNumQueries
):
    episode = _small_world(nw)
    http = nw.http("contact")
    url = reverse("nazorg:document_detail", args=[episode.pk, "basisdocument"])
    with django_assert_num_queries(DOCUMENT_PAGE_QUERIES):
        assert http.get(url).status_code == 200
    _grow(nw)
    _grow_the_episode(nw, episode)  # a second version of the basisdocument, and everything around it
    assert episode.documents.filter(kind="basisdocument").count() == 2
    with django_assert_num_queries(DOCUMENT_PAGE_QUERIES):
        assert http.get(url).status_code == 200


def test_a_document_pdf_keeps_its_query_count(
    nw: NazorgParties, django_assert_num_queries: DjangoAssertNumQueries
):
    episode = _small_world(nw)
    http = nw.http("contact")
    url = reverse("nazorg:document_pdf", args=[episode.pk, "basisdocument"])
    with django_assert_num_queries(DOCUMENT_PDF_QUERIES):
        assert http.get(url).status_code == 200
    _grow(nw)
    _grow_the_episode(nw, episode)  # a second version of the basisdocument, and everything around it
    with django_assert_num_queries(DOCUMENT_PDF_QUERIES):
        assert http.get(url).status_code == 200
