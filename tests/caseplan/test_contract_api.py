"""The gedragscontract API: prepare, edit while voorbereid, sign (JSON with a drawn signature or multipart
with a scan), refuse, new version, terminate, and the frozen PDF: the same bytes and SHA-256 on every
download, each download in the access log; outsiders get 404, read-only partners may read and print;
a signed contract answers 409 to every change."""

from __future__ import annotations

import base64
import datetime
import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from caseplan.models import CaseAccess, CaseRole, Contract, PlanTemplate, PlanVersion, PoliceRecord
from caseplan.services.plans import plan_create, version_publish
from caseplan.services.team import case_member_add
from common.dates import add_months
from deadlines.models import Deadline
from privacy.models import AccessLog
from tests.files import pdf as a_pdf
from tests.problems import invalid, problem
from tests.world import World, verified_client

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def media(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]


def _png_data_url() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (200, 60), "white").save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _published(world: World) -> PlanVersion:
    draft = plan_create(
        case=world.case, template=PlanTemplate.objects.get(code="maatwerkplan"), by=world.owner
    )
    return version_publish(version=draft, by=world.owner, evaluation_date=None)


def _list_url(world: World) -> str:
    return reverse("case-contract-list", kwargs={"pk": world.case.pk})


def _url(world: World, contract_id: int, step: str = "") -> str:
    name = f"case-contract-{step}" if step else "case-contract-detail"
    return reverse(name, kwargs={"pk": world.case.pk, "contract_id": contract_id})


def _prepare(world: World, **overrides: object) -> dict:
    data = {
        "plan_version": _published(world).pk,
        "casemanager": world.reader.email,
        "partner_signatory_name": "B. Bakker",
        "duration_kind": "einddatum",
        "end_date": (TODAY + 365 * DAY).isoformat(),
        "place": "Enschede",
        "contract_date": (TODAY - 7 * DAY).isoformat(),
        **overrides,
    }
    response = world.client_for("owner").post(_list_url(world), data, content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()


def _post(world: World, url: str, data: dict, who: str = "owner"):
    return world.client_for(who).post(url, data, content_type="application/json")


def _sign_partners(world: World, contract: dict, signed_on: datetime.date = TODAY) -> dict:
    response = _post(
        world,
        _url(world, contract["id"], "sign-partners"),
        {"signed_on": str(signed_on), "revision": contract["revision"]},
    )
    assert response.status_code == 200, response.content
    return response.json()


def _sign(world: World, contract: dict) -> dict:
    contract = _sign_partners(world, contract, TODAY - 3 * DAY)
    response = _post(
        world,
        _url(world, contract["id"], "sign-client"),
        {
            "signed_on": str(TODAY - DAY),
            "place": "Hengelo",
            "signature": _png_data_url(),
            "revision": contract["revision"],
        },
    )
    assert response.status_code == 200, response.content
    return response.json()


def test_prepare_edit_sign_and_download_the_frozen_pdf(world: World):
    contract = _prepare(world)
    assert (contract["status"], contract["revision"], contract["pdf_url"]) == ("voorbereid", 1, None)
    owner = world.client_for("owner")
    response = owner.patch(
        _url(world, contract["id"]),
        {"revision": 1, "duration_kind": "maanden", "months_without_mutations": 9},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert (response.json()["months_without_mutations"], response.json()["end_date"]) == (9, None)
    signed = _sign(world, response.json())
    assert signed["status"] == "in_werking" and len(signed["pdf_sha256"]) == 64
    assert signed["in_force_from"] == str(TODAY - DAY)

    reader = world.client_for("reader")  # a read-only partner on the case prints
    downloads = []
    for _ in range(2):
        before = AccessLog.objects.count()
        response = reader.get(signed["pdf_url"])
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert AccessLog.objects.count() == before + 1  # each download is logged
        row = AccessLog.objects.latest("pk")
        assert (row.user_id, row.case_id, row.channel) == (world.reader.pk, world.case.pk, "api")
        assert "PDF" in row.shown
        downloads.append(response.content)
    assert downloads[0] == downloads[1]
    digest = hashlib.sha256(downloads[0]).hexdigest()
    assert digest == signed["pdf_sha256"] == Contract.objects.get(pk=signed["id"]).pdf_sha256
    assert response["ETag"] == f'"{digest}"'
    text = " ".join(
        " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(downloads[0])).pages).split()
    )
    for expected in (
        "Pieter Jansen",
        "Ahmed Yilmaz",
        "9 maanden niet meer in verband met criminaliteit of overlast",
        (TODAY - 3 * DAY).strftime("%d-%m-%Y"),
        (TODAY - DAY).strftime("%d-%m-%Y"),
    ):
        assert expected in text, expected


def test_sign_client_with_a_scan_as_multipart(world: World):
    contract = _sign_partners(world, _prepare(world))
    scan = SimpleUploadedFile("scan.pdf", a_pdf(), content_type="application/pdf")
    response = world.client_for("owner").post(
        _url(world, contract["id"], "sign-client"),
        {"signed_on": str(TODAY), "place": "Enschede", "scan": scan, "revision": contract["revision"]},
    )
    assert response.status_code == 200, response.content
    assert response.json()["signature_method"] == "scan"


def test_sign_client_needs_evidence(world: World):
    contract = _sign_partners(world, _prepare(world))
    revision = contract["revision"]
    response = _post(
        world,
        _url(world, contract["id"], "sign-client"),
        {"signed_on": str(TODAY), "place": "E", "revision": revision},
    )
    assert "signature" in invalid(response)
    response = _post(
        world,
        _url(world, contract["id"], "sign-client"),
        {
            "signed_on": str(TODAY),
            "place": "E",
            "signature": "data:image/png;base64,bm9wZQ==",
            "revision": revision,
        },
    )
    assert "signature" in invalid(response)


def test_signed_contract_answers_409_to_every_change(world: World):
    signed = _sign(world, _prepare(world))
    revision = signed["revision"]
    changes = [
        ("patch", "", {"revision": revision, "place": "Almelo"}),
        ("post", "sign-partners", {"signed_on": str(TODAY), "revision": revision}),
        (
            "post",
            "sign-client",
            {"signed_on": str(TODAY), "place": "E", "signature": _png_data_url(), "revision": revision},
        ),
        ("post", "refuse", {"note": "Toch niet", "revision": revision}),
    ]
    owner = world.client_for("owner")
    for method, step, data in changes:
        response = getattr(owner, method)(
            _url(world, signed["id"], step), data, content_type="application/json"
        )
        assert problem(response, 409)["code"] == "contract_locked", step
    stored = Contract.objects.get(pk=signed["id"])
    assert (stored.place, stored.pdf_sha256, stored.status) == (
        "Enschede",
        signed["pdf_sha256"],
        "in_werking",
    )


def test_stale_revision_answers_409_with_the_current_contract(world: World):
    contract = _prepare(world)
    owner = world.client_for("owner")
    assert (
        owner.patch(
            _url(world, contract["id"]), {"revision": 1, "place": "Almelo"}, content_type="application/json"
        ).status_code
        == 200
    )
    response = owner.patch(
        _url(world, contract["id"]), {"revision": 1, "place": "Hengelo"}, content_type="application/json"
    )
    body = problem(response, 409)
    assert (body["code"], body["current"]["place"]) == ("edit_conflict", "Almelo")


def test_outsider_gets_404_for_contract_and_pdf(world: World):
    signed = _sign(world, _prepare(world))
    outsider = world.client_for("outsider")
    for url in (_list_url(world), _url(world, signed["id"]), signed["pdf_url"]):
        before = AccessLog.objects.count()
        assert outsider.get(url).status_code == 404, url
        assert AccessLog.objects.count() == before
    assert (
        _post(
            world, _url(world, signed["id"], "terminate"), {"reason": "beide_akkoord"}, "outsider"
        ).status_code
        == 404
    )


def test_read_only_partner_reads_but_does_not_change(world: World):
    contract = _prepare(world)
    reader = world.client_for("reader")
    assert reader.get(_url(world, contract["id"])).status_code == 200
    assert reader.get(_list_url(world)).json()[0]["id"] == contract["id"]
    assert (
        _post(
            world, _url(world, contract["id"], "sign-partners"), {"signed_on": str(TODAY)}, "reader"
        ).status_code
        == 403
    )


def test_pdf_of_an_unsigned_contract_is_404(world: World):
    contract = _prepare(world)
    response = world.client_for("owner").get(_url(world, contract["id"], "pdf"))
    assert response.status_code == 404


def test_pdf_honours_accept_application_pdf(world: World):
    signed = _sign(world, _prepare(world))
    response = world.client_for("owner").get(signed["pdf_url"], HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_refuse_through_the_api_starts_drang_en_dwang(world: World):
    contract = _prepare(world)
    response = _post(
        world, _url(world, contract["id"], "refuse"), {"note": "Weigert te tekenen", "revision": 1}
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "geweigerd"
    assert Deadline.objects.filter(case=world.case, kind="drang-dwang", owner_user=world.owner).exists()


def test_new_version_and_terminate(world: World):
    signed = _sign(world, _prepare(world))
    url = _url(world, signed["id"], "new-version")
    data = {
        "reason": "Nieuwe casemanager",
        "casemanager_consent": False,
        "discussed_with_client_on": str(TODAY),
    }
    assert _post(world, url, data).status_code == 400
    response = _post(world, url, {**data, "casemanager_consent": True})
    assert response.status_code == 201, response.content
    assert (response.json()["status"], response.json()["replaces"]) == ("voorbereid", signed["id"])

    terminate = _url(world, signed["id"], "terminate")
    revision = signed["revision"]
    response = _post(world, terminate, {"reason": "strafbaar_feit", "revision": revision})
    assert "police_report_reference" in invalid(response)
    response = _post(
        world,
        terminate,
        {"reason": "strafbaar_feit", "police_report_reference": "PL0600-1", "revision": revision},
    )
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["ended_on"]) == ("beeindigd", str(TODAY))
    ended = response.json()["revision"]
    assert _post(world, terminate, {"reason": "beide_akkoord", "revision": ended}).status_code == 409


def test_prepare_needs_a_published_plan_of_this_case(world: World):
    draft = plan_create(
        case=world.case, template=PlanTemplate.objects.get(code="maatwerkplan"), by=world.owner
    )
    response = _post(
        world,
        _list_url(world),
        {
            "plan_version": draft.pk,
            "casemanager": world.owner.email,
            "partner_signatory_name": "C",
            "duration_kind": "maanden",
            "months_without_mutations": 6,
            "place": "Enschede",
        },
    )
    assert "plan_version" in invalid(response)


def test_the_casemanager_is_someone_on_the_case_team_named_by_e_mail(world: World):
    data = {
        "plan_version": _published(world).pk,
        "partner_signatory_name": "B. Bakker",
        "duration_kind": "maanden",
        "months_without_mutations": 6,
        "place": "Enschede",
    }
    outsider = _post(world, _list_url(world), {**data, "casemanager": world.outsider.email})
    assert list(invalid(outsider)) == ["casemanager"]
    unknown = _post(world, _list_url(world), {**data, "casemanager": "niemand@nergens.test"})
    assert list(invalid(unknown)) == ["casemanager"]
    assert not Contract.objects.exists()

    prepared = _post(world, _list_url(world), {**data, "casemanager": world.reader.email})
    assert prepared.status_code == 201, prepared.content
    contract = prepared.json()
    assert (contract["casemanager"], contract["casemanager_name"], contract["casemanager_organisation"]) == (
        world.reader.email,
        "Ahmed Yilmaz",
        "Politie Oost-Nederland-test",
    )
    changed = world.client_for("owner").patch(
        _url(world, contract["id"]),
        {"revision": 1, "casemanager": world.owner.email},
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.content
    assert (changed.json()["casemanager"], changed.json()["casemanager_name"]) == (
        world.owner.email,
        "Petra Mulder",
    )


# --- art. 9: police mutations --------------------------------------------------------------------------


def _months_contract(world: World) -> dict:
    """In force since yesterday, for 6 months without police mutations."""
    return _sign(world, _prepare(world, duration_kind="maanden", end_date=None, months_without_mutations=6))


def test_a_police_mutation_through_the_api_restarts_the_count(world: World):
    contract = _months_contract(world)
    assert contract["months_counted_from"] == str(TODAY - DAY)
    assert contract["months_end_date"] == str(add_months(TODAY - DAY, 6))
    url = _url(world, contract["id"], "police-records")

    response = _post(
        world, url, {"registered_on": str(TODAY), "reference": "PL0600-7", "revision": contract["revision"]}
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (
        body["reference"],
        body["restarted"],
        body["counted_from_before"],
        body["counted_from_after"],
    ) == (
        "PL0600-7",
        True,
        str(TODAY - DAY),
        str(TODAY),
    )
    assert body["ends_on"] == str(add_months(TODAY, 6))
    assert body["contract_revision"] == contract["revision"] + 1
    current = world.client_for("owner").get(_url(world, contract["id"])).json()
    assert (current["months_counted_from"], current["months_end_date"]) == (
        str(TODAY),
        str(add_months(TODAY, 6)),
    )
    before = AccessLog.objects.count()
    listed = world.client_for("reader").get(url)  # the read-only police partner reads them
    assert [row["reference"] for row in listed.json()] == ["PL0600-7"]
    assert AccessLog.objects.count() == before + 1
    # a sender who missed that change gets the stored contract
    stale = _post(
        world, url, {"registered_on": str(TODAY), "reference": "PL0600-8", "revision": contract["revision"]}
    )
    conflict = problem(stale, 409)
    assert (conflict["code"], conflict["current"]["months_counted_from"]) == ("edit_conflict", str(TODAY))


def test_police_mutation_errors_are_problems(world: World):
    contract = _months_contract(world)
    url = _url(world, contract["id"], "police-records")
    revision = contract["revision"]
    wrong = _post(
        world, url, {"registered_on": str(TODAY), "reference": "sloeg een ruit in", "revision": revision}
    )
    assert "reference" in invalid(wrong)
    future = _post(world, url, {"registered_on": str(TODAY + DAY), "reference": "PL-1", "revision": revision})
    assert "registered_on" in invalid(future)
    assert "revision" in invalid(_post(world, url, {"registered_on": str(TODAY), "reference": "PL-1"}))
    data = {"registered_on": str(TODAY), "reference": "PL-1", "revision": revision}
    assert problem(_post(world, url, data, "reader"), 403)
    care = world.person("regie@ggz.test", world.ggz)
    case_member_add(
        case=world.case, by=world.owner, user=care, role=CaseRole.PARTNER, access=CaseAccess.WRITE
    )
    refused = verified_client(care).post(url, data, content_type="application/json")
    assert "justitiepartners" in problem(refused, 403)["detail"]
    assert _post(world, url, data, "outsider").status_code == 404
    assert not PoliceRecord.objects.exists()


def test_an_end_date_contract_counts_no_mutations(world: World):
    contract = _sign(world, _prepare(world))  # einddatum
    assert contract["months_end_date"] is None
    response = _post(
        world,
        _url(world, contract["id"], "police-records"),
        {"registered_on": str(TODAY), "reference": "PL-1", "revision": contract["revision"]},
    )
    assert problem(response, 409)["code"] == "contract_not_months"
