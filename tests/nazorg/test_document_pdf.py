"""A nazorg document as a PDF for the prison's and the municipality's files: its answered questions under a
header with the document, the person, the prison, the municipality, the dates and the status; the same access
and version rule as the document page (404 for an outsider or another party's draft), and logged like it."""

from __future__ import annotations

import datetime

from django.urls import reverse

from nazorg.services.documents import document_save, document_start
from privacy.models import AccessLog
from tests.matrix_check import access_log_mark
from tests.nazorg.documents import BASISDOCUMENT, GEMEENTEBLAD, MELDINGSBLAD
from tests.pdf_layout import pdf_text
from tests.world import NazorgParties


def _url(nw: NazorgParties, kind: str, version: str = "") -> str:
    url = reverse("nazorg:document_pdf", args=[nw.episode.pk, kind])
    return f"{url}?versie={version}" if version else url


def _pdf(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    return pdf_text(response.content)


def test_the_basisdocument_prints_its_header_and_answers_for_the_municipality(nw: NazorgParties):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    nw.submit(nw.episode, "basisdocument", BASISDOCUMENT)
    mark = access_log_mark()
    response = nw.http("contact").get(_url(nw, "basisdocument"))
    text = _pdf(response)
    assert 'filename="basisdocument-' in response["Content-Disposition"]
    for expected in (
        "PI Almelo Sluitende aanpak nazorg ex-gedetineerden Basisdocument nazorg",  # issuer and the one title
        "Versie 1 Status Ingediend Ingediend op",
        "door Mia de Vries, PI Almelo",
        "Naam Jan Bakker Geboortedatum 04-03-1990",
        f"Kenmerk {nw.episode.reference}",
        "Penitentiaire inrichting PI Almelo",
        "Aanvang detentie 02-11-2026",
        "Verwachte einddatum 01-06-2027",
        "Gemeente die de nazorg oppakt Gemeente Enschede-test",
        # questions with their answers, labels of the fixed lists
        "Huisvesting / onderdak 4 Actie noodzakelijk",
        "Actie gemeente Plek in de maatschappelijke opvang regelen",
        "Wijze van overdracht Via deze applicatie (DPAN)",
        "afgedrukt door Gert Kok",
    ):
        assert expected in text, expected
    assert "CONCEPT" not in text and "VERVANGEN" not in text
    # Unanswered questions are left out; sections without any answer are named once.
    assert "Notities MMD Bijzonderheden" not in text and "Executie-indicator" not in text
    assert "Niet ingevuld: Voorblad; Kinderen, huisdieren en thuisadres;" in text
    log = AccessLog.objects.filter(pk__gt=mark).get()
    assert (log.user, log.detention_id, log.shown) == (
        nw.contact,
        nw.episode.pk,
        "nazorg basisdocument v1 (PDF)",
    )


def test_the_gemeenteblad_comes_from_the_municipality(nw: NazorgParties):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    nw.submit(nw.episode, "gemeenteblad", GEMEENTEBLAD)
    text = _pdf(nw.http("mmd").get(_url(nw, "gemeenteblad")))
    assert "Gemeente Enschede-test Sluitende aanpak nazorg ex-gedetineerden Gemeenteblad" in text
    assert "Laatste huisvestingssituatie vóór detentie Dakloos zonder briefadres" in text
    assert "Naam Gert Kok Telefoonnummer 053-4811111 Datum 05-11-2026" in text


def test_a_superseded_version_prints_as_such_and_the_default_is_the_current_one(nw: NazorgParties):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    nw.submit(nw.episode, "meldingsblad", {**MELDINGSBLAD, "bijzonderheden": "Verhuist naar Hengelo"})
    http = nw.http("contact")
    old = _pdf(http.get(_url(nw, "meldingsblad", "1")))
    assert "VERVANGEN: er is een nieuwere versie" in old and "Verhuist naar Hengelo" not in old
    current = _pdf(http.get(_url(nw, "meldingsblad")))
    assert "Versie 2" in current and "Reden correctie correctie" in current
    assert "Bijzonderheden Verhuist naar Hengelo" in current and "VERVANGEN" not in current
    assert http.get(_url(nw, "meldingsblad", "9")).status_code == 404


def test_a_draft_prints_as_concept_for_its_writer_only(nw: NazorgParties):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    draft = document_start(episode=nw.episode, kind="basisdocument", by=nw.mmd)
    document_save(document=draft, by=nw.mmd, data={"bijzonderheden": "Nog te bellen"}, expected_revision=1)
    text = _pdf(nw.http("mmd").get(_url(nw, "basisdocument", "concept")))
    assert "CONCEPT: dit document is nog niet ingediend" in text and "Status Concept" in text
    assert "Bijzonderheden Nog te bellen" in text
    mark = access_log_mark()
    assert nw.http("contact").get(_url(nw, "basisdocument", "concept")).status_code == 404
    assert nw.http("contact").get(_url(nw, "basisdocument")).status_code == 404  # nothing submitted yet
    assert not AccessLog.objects.filter(pk__gt=mark).exists()
    # The episode page offers the writer the draft's PDF, and the other party nothing to print.
    detail = reverse("nazorg:episode_detail", args=[nw.episode.pk])
    assert _url(nw, "basisdocument", "concept") in nw.http("mmd").get(detail).content.decode()
    page = nw.http("contact").get(detail).content.decode()
    assert _url(nw, "basisdocument") not in page
    assert _url(nw, "meldingsblad") in page  # the submitted meldingsblad


def test_a_care_provider_prints_only_the_shared_basisdocument(nw: NazorgParties):
    from nazorg.services.consent import consent_record, episode_share

    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    nw.submit(nw.episode, "basisdocument", BASISDOCUMENT)
    consent_record(
        episode=nw.episode, by=nw.mmd, signed_on=datetime.date.today(), scope=["ggz"], evidence="PI"
    )
    episode_share(episode=nw.episode, by=nw.mmd, organisation=nw.care, reason="Behandeling")
    http = nw.http("care_user")
    assert "Basisdocument nazorg" in _pdf(http.get(_url(nw, "basisdocument")))
    assert http.get(_url(nw, "meldingsblad")).status_code == 404
    assert nw.http("other_contact").get(_url(nw, "basisdocument")).status_code == 404


def test_the_document_page_links_to_the_pdf_of_the_version_shown(nw: NazorgParties):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    page = reverse("nazorg:document_detail", args=[nw.episode.pk, "meldingsblad"])
    assert _url(nw, "meldingsblad", "1") in nw.http("contact").get(page + "?versie=1").content.decode()
    assert _url(nw, "meldingsblad", "2") in nw.http("contact").get(page).content.decode()
