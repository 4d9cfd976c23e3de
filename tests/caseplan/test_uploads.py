"""Every file that enters through caseplan is checked by content and size (issue 11, findings 6 and 7):
the client's photo, the client's signature on the gedragscontract drawn on a tablet (a PNG data URL) or
scanned (PDF, JPG or PNG), over the web and the API. A decompression bomb is a clear error, never a 500;
an image too large in pixels is refused; a stored signature is no larger than it is printed."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from caseplan.models import Client, Contract, ContractStatus
from tests.files import FAKE_PDF, HTML, data_url, huge_png, image_size, jpeg, oversize, pdf, png, upload
from tests.world import World

TODAY = datetime.date.today()
MB = 1024 * 1024
PRINTED = (900, 300)  # a signature is printed at most 70 × 24 mm: this is ~320 dpi

pytestmark = pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")


@pytest.fixture(autouse=True)
def media(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]


# --- the client's photo -----------------------------------------------------------------------------------


def _post_photo(world: World, name: str, data: bytes, content_type: str = "image/png"):
    client = Client.objects.get(pk=world.case.client_id)
    return world.client_for("owner").post(
        reverse("caseplan:client_edit", args=[world.case.pk]),
        {
            "revision": client.revision,
            "achternaam": client.achternaam,
            "bsn": client.bsn,
            "foto": upload(name, data, content_type),
        },
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bom.png", huge_png(20000, 20000), "te veel pixels"),
        ("groot.png", huge_png(10000, 10000), "te veel pixels"),
        ("foto.png", HTML, "Lever de foto aan als JPG of PNG"),
        ("foto.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 100, "geen geldige afbeelding"),
        ("foto.png", oversize(5 * MB, png()), "groter dan 5 MB"),
    ],
    ids=["20000x20000", "10000x10000", "html", "broken-jpeg", "oversize"],
)
def test_a_hostile_photo_is_a_form_error_and_nothing_is_stored(world: World, name, data, message):
    response = _post_photo(world, name, data)
    assert response.status_code in (200, 400)
    assert message in response.content.decode()
    assert not Client.objects.get(pk=world.case.client_id).foto


def test_a_photo_is_stored_under_a_random_name_with_the_extension_of_its_content(world: World):
    response = _post_photo(world, "Jansen pasfoto.png", jpeg(), "image/png")
    assert response.status_code == 302
    stored = Client.objects.get(pk=world.case.client_id).foto
    assert stored.name.endswith(".jpg") and "Jansen" not in stored.name
    served = world.client_for("owner").get(reverse("caseplan:client_photo", args=[world.case.pk]))
    assert served["Content-Type"] == "image/jpeg"


def test_a_large_but_reasonable_photo_is_accepted(world: World):
    assert _post_photo(world, "foto.png", huge_png(4032, 3024)).status_code == 302  # a phone's 12 MP


def test_a_photo_loses_its_metadata_and_is_stored_upright(world: World):
    """A phone photo's EXIF says where and when it was taken: none of that is stored."""
    from PIL import Image

    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: the camera was held sideways
    exif[0x010F] = "Telefoonmerk"
    exif.get_ifd(0x8825)[2] = (52.0, 13.0, 20.0)  # GPS latitude
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "white").save(buffer, format="JPEG", exif=exif.tobytes())
    assert _post_photo(world, "foto.jpg", buffer.getvalue()).status_code == 302
    stored = Client.objects.get(pk=world.case.client_id).foto
    with stored.open("rb") as handle, Image.open(handle) as image:
        assert image.size == (200, 300)  # turned upright
        assert not image.getexif() and "exif" not in image.info


# --- the client's signature on the gedragscontract -----------------------------------------------------------


@pytest.fixture
def contract(world: World) -> Contract:
    return world.partners_signed_contract(TODAY)


def _web_sign(world: World, contract: Contract, **evidence: object):
    url = reverse("caseplan:contract_sign_client", args=[world.case.pk, contract.pk])
    return world.client_for("owner").post(
        url, {"signed_on": TODAY.isoformat(), "place": "Enschede", **evidence}
    )


def _api_sign(world: World, contract: Contract, **evidence: object):
    url = reverse("case-contract-sign-client", kwargs={"pk": world.case.pk, "contract_id": contract.pk})
    contract.refresh_from_db()
    data = {"signed_on": TODAY.isoformat(), "place": "Enschede", "revision": contract.revision, **evidence}
    if "scan" in evidence:
        return world.client_for("owner").post(url, data)  # multipart
    return world.client_for("owner").post(url, data, content_type="application/json")


def _unsigned(contract: Contract) -> bool:
    contract.refresh_from_db()
    return contract.status == ContractStatus.PARTNERS_SIGNED and not contract.signature_file


HOSTILE_DRAWN = [
    pytest.param(huge_png(20000, 20000), "te veel pixels", id="20000x20000"),
    pytest.param(huge_png(10000, 10000), "te veel pixels", id="10000x10000"),
    pytest.param(huge_png(2100, 800), "te groot", id="wider-than-2000"),
    pytest.param(jpeg(), "geen geldige PNG", id="jpeg"),
]


@pytest.mark.parametrize(("data", "message"), HOSTILE_DRAWN)
def test_web_refuses_a_hostile_drawn_signature(world: World, contract: Contract, data, message):
    response = _web_sign(world, contract, drawn=data_url(data))
    assert response.status_code in (200, 400)
    assert message in response.content.decode()
    assert _unsigned(contract)


@pytest.mark.parametrize(("data", "message"), HOSTILE_DRAWN)
def test_api_refuses_a_hostile_drawn_signature(world: World, contract: Contract, data, message):
    response = _api_sign(world, contract, signature=data_url(data))
    assert response.status_code == 400, response.content
    assert message in response.content.decode()
    assert _unsigned(contract)


def test_the_largest_drawn_signature_is_stored_and_printed_at_print_size(world: World, contract: Contract):
    response = _api_sign(world, contract, signature=data_url(png(2000, 1000)))
    assert response.status_code == 200, response.content
    contract.refresh_from_db()
    with contract.signature_file.open("rb") as handle:
        width, height = image_size(handle.read())
    assert width <= PRINTED[0] and height <= PRINTED[1]
    assert (width, height) == (600, 300)  # the proportions are kept
    with contract.pdf_file.open("rb") as handle:
        images = [image for page in PdfReader(io.BytesIO(handle.read())).pages for image in page.images]
    assert images and all(
        image.image.width <= PRINTED[0] and image.image.height <= PRINTED[1] for image in images
    )


def test_web_accepts_a_normal_drawn_signature(world: World, contract: Contract):
    assert _web_sign(world, contract, drawn=data_url(png(600, 180))).status_code == 302
    contract.refresh_from_db()
    assert contract.status == ContractStatus.IN_FORCE and contract.signature_method == "tablet"


HOSTILE_SCANS = [
    pytest.param("scan.pdf", HTML, "Lever de scan aan als PDF, JPG of PNG", id="html-renamed-pdf"),
    pytest.param("scan.pdf", FAKE_PDF, "geen geldig PDF-bestand", id="fake-pdf-header"),
    pytest.param("scan.pdf", oversize(10 * MB, pdf()), "groter dan 10 MB", id="oversize"),
    pytest.param("scan.png", huge_png(20000, 20000), "te veel pixels", id="png-bomb"),
]


@pytest.mark.parametrize(("name", "data", "message"), HOSTILE_SCANS)
def test_web_refuses_a_hostile_scan(world: World, contract: Contract, name, data, message):
    response = _web_sign(world, contract, scan=upload(name, data, "application/pdf"))
    assert response.status_code in (200, 400)
    assert message in response.content.decode()
    assert _unsigned(contract)


@pytest.mark.parametrize(("name", "data", "message"), HOSTILE_SCANS)
def test_api_refuses_a_hostile_scan(world: World, contract: Contract, name, data, message):
    response = _api_sign(world, contract, scan=upload(name, data, "application/pdf"))
    assert response.status_code == 400, response.content
    assert message in response.content.decode()
    assert _unsigned(contract)


@pytest.mark.parametrize(
    ("name", "data", "extension"),
    [("scan.pdf", pdf(), ".pdf"), ("scan.pdf", jpeg(), ".jpg"), ("scan.png", png(), ".png")],
    ids=["pdf", "jpeg-named-pdf", "png"],
)
def test_a_real_scan_is_accepted_and_stored_by_its_content(
    world: World, contract: Contract, name, data, extension
):
    response = _api_sign(world, contract, scan=upload(name, data))
    assert response.status_code == 200, response.content
    contract.refresh_from_db()
    assert contract.signature_method == "scan" and contract.signature_file.name.endswith(extension)


def test_web_accepts_a_real_pdf_scan(world: World, contract: Contract):
    assert _web_sign(world, contract, scan=upload("scan.pdf", pdf(), "application/pdf")).status_code == 302
