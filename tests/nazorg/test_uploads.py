"""The scan of the detainee's signed consent form is checked like every other upload (issue 11, finding 7):
by content (a real PDF, JPG or PNG; an HTML page renamed .pdf or a text that merely starts with ``%PDF-``
is not a scan) and by size, with a clear Dutch error; the stored name says nothing about the person."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse

from nazorg.models import Consent
from nazorg.services.consent import consent_record
from tests.files import FAKE_PDF, HTML, huge_png, jpeg, oversize, pdf, png, upload
from tests.nazorg.documents import MELDINGSBLAD
from tests.world import NazorgParties

MB = 1024 * 1024

pytestmark = pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")


@pytest.fixture(autouse=True)
def media(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]


def _post(nw: NazorgParties, name: str, data: bytes, content_type: str = "application/pdf"):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    return nw.http("mmd").post(
        reverse("nazorg:consent_new", args=[nw.episode.pk]),
        {
            "signed_on": datetime.date.today().isoformat(),
            "scope": ["ggz"],
            "evidence": "PI-dossier, kenmerk 12",
            "evidence_file": upload(name, data, content_type),
        },
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("toestemming.pdf", HTML, "Lever de scan aan als PDF, JPG of PNG"),
        ("toestemming.pdf", FAKE_PDF, "geen geldig PDF-bestand"),
        ("toestemming.pdf", oversize(10 * MB, pdf()), "groter dan 10 MB"),
        ("toestemming.png", huge_png(20000, 20000), "te veel pixels"),
    ],
    ids=["html-renamed-pdf", "fake-pdf-header", "oversize", "png-bomb"],
)
def test_a_hostile_consent_scan_is_refused(nw: NazorgParties, name, data, message):
    response = _post(nw, name, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Consent.objects.filter(episode=nw.episode).exists()


@pytest.mark.parametrize(
    ("name", "data", "extension"),
    [("Bakker toestemming.pdf", pdf(), ".pdf"), ("scan.jpg", jpeg(), ".jpg"), ("scan.png", png(), ".png")],
    ids=["pdf", "jpeg", "png"],
)
def test_a_real_consent_scan_is_stored_under_a_random_name(nw: NazorgParties, name, data, extension):
    response = _post(nw, name, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    stored = Consent.objects.get(episode=nw.episode).evidence_file
    assert stored.name.endswith(extension) and "Bakker" not in stored.name


def test_the_service_checks_the_scan_too(nw: NazorgParties):
    with pytest.raises(ValidationError) as caught:
        consent_record(
            episode=nw.episode,
            by=nw.mmd,
            signed_on=datetime.date.today(),
            scope=["ggz"],
            evidence="PI-dossier",
            evidence_file=upload("toestemming.pdf", FAKE_PDF),
        )
    assert "evidence_file" in caught.value.message_dict


def test_deleting_the_detention_removes_the_consent_scan(
    nw: NazorgParties, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(nw, "scan.pdf", pdf()).status_code == 302
    name = Consent.objects.get(episode=nw.episode).evidence_file.name
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        nw.episode.delete()
    assert not default_storage.exists(name)
