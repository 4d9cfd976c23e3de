"""The gedragscontract pages: prepare from the published plan, both signatures, the frozen PDF."""

from __future__ import annotations

import base64
import datetime
import hashlib
import io

import pytest
from PIL import Image

from caseplan.models import Contract, ContractStatus, PlanTemplate
from caseplan.services.plans import plan_create, version_publish
from deadlines.models import Deadline
from privacy.models import AccessLog


@pytest.fixture
def published(world):
    draft = plan_create(
        case=world.case, template=PlanTemplate.objects.get(code="maatwerkplan"), by=world.owner
    )
    return version_publish(version=draft, by=world.owner, evaluation_date=None)


def _drawn_signature() -> str:
    image = Image.new("RGB", (300, 90), "white")
    for x in range(20, 280):
        image.putpixel((x, 45 + (x % 7)), (0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _prepare(world) -> Contract:
    http = world.client_for("owner")
    response = http.post(
        f"/casussen/{world.case.pk}/contract/",
        {
            "partner_signatory_name": "J. de Wethouder",
            "casemanager": world.owner.pk,
            "duration_kind": "maanden",
            "months_without_mutations": "6",
            "place": "Enschede",
            "contract_date": datetime.date.today().isoformat(),
        },
    )
    contract = Contract.objects.get(case=world.case)
    assert response.url == f"/casussen/{world.case.pk}/contract/{contract.pk}/"
    return contract


def test_without_a_published_plan_the_page_says_so(world):
    body = world.client_for("owner").get(f"/casussen/{world.case.pk}/contract/").content.decode()
    assert "Stel eerst het maatwerkplan vast" in body


def test_prepare_sign_and_download_the_same_bytes(world, published, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    contract = _prepare(world)
    http = world.client_for("owner")
    base = f"/casussen/{world.case.pk}/contract/{contract.pk}/"
    page = http.get(base).content.decode()
    assert "Petra Mulder" in page and "6 maanden" in page
    today = datetime.date.today().isoformat()
    assert (
        http.post(
            base + "getekend-partners/", {"signed_on": today, "partner_signatory_name": "J. de Wethouder"}
        ).status_code
        == 302
    )
    missing = http.post(base + "getekend-client/", {"signed_on": today, "place": "Enschede"})
    assert "Voeg een scan toe" in missing.content.decode()
    assert "Enschede" in missing.content.decode()
    signed = http.post(
        base + "getekend-client/", {"signed_on": today, "place": "Enschede", "drawn": _drawn_signature()}
    )
    assert signed.status_code == 302
    contract.refresh_from_db()
    assert contract.status == ContractStatus.IN_FORCE and contract.pdf_sha256
    first = world.client_for("reader").get(base + "pdf/")
    second = world.client_for("reader").get(base + "pdf/")
    assert first.content == second.content
    assert hashlib.sha256(first.content).hexdigest() == contract.pdf_sha256
    assert contract.pdf_sha256 in http.get(base).content.decode()
    assert AccessLog.objects.filter(user=world.reader, shown="PDF gedragscontract v1").count() == 2
    assert world.client_for("outsider").get(base + "pdf/").status_code == 404
    # Signed: the terms cannot be edited through the UI.
    refused = http.post(
        base + "wijzigen/",
        follow=True,
        data={
            "revision": contract.revision,
            "casemanager": world.reader.pk,
            "duration_kind": "maanden",
            "months_without_mutations": "6",
            "place": "X",
            "partner_signatory_name": "Y",
            "contract_date": today,
        },
    )
    assert "verandert niet meer" in refused.content.decode()
    contract.refresh_from_db()
    assert contract.casemanager_name == "Petra Mulder"


def test_refusal_starts_drang_en_dwang(world, published):
    contract = _prepare(world)
    http = world.client_for("owner")
    base = f"/casussen/{world.case.pk}/contract/{contract.pk}/"
    response = http.post(
        base + "geweigerd/", {"refused_on": datetime.date.today().isoformat(), "note": "Wil niet tekenen"}
    )
    assert response.status_code == 302
    assert "drang- en dwangcomponenten zijn gestart" in http.get(base).content.decode()
    assert Deadline.objects.filter(case=world.case, kind="drang-dwang", owner_user=world.owner).exists()


def test_refusal_flags_the_case_and_the_dashboard(world, published):
    contract = _prepare(world)
    http = world.client_for("owner")
    http.post(
        f"/casussen/{world.case.pk}/contract/{contract.pk}/geweigerd/",
        {"refused_on": datetime.date.today().isoformat(), "note": "Wil niet"},
    )
    assert "Drang en dwang:" in http.get(f"/casussen/{world.case.pk}/").content.decode()
    dashboard = http.get("/casussen/dashboard/").content.decode()
    start = dashboard.index('data-figure="drang en dwang"')
    assert 'kpi__value">1<' in dashboard[start : start + 200]
    assert world.case.reference in http.get("/casussen/", {"drang_dwang": "1"}).content.decode()
    outsider = world.client_for("outsider").get("/casussen/dashboard/").content.decode()
    start = outsider.index('data-figure="drang en dwang"')
    assert 'kpi__value">0<' in outsider[start : start + 200]


def test_the_casemanager_is_picked_from_the_team_and_older_typed_text_stays(world, published):
    http = world.client_for("owner")
    form = http.get(f"/casussen/{world.case.pk}/contract/").content.decode()
    assert f'<option value="{world.reader.pk}">Ahmed Yilmaz (Politie Oost-Nederland-test)</option>' in form
    assert f'value="{world.outsider.pk}"' not in form
    contract = _prepare(world)
    assert (contract.casemanager, contract.casemanager_name) == (world.owner, "Petra Mulder")

    # A contract from before the team choice: its casemanager is text only, and stays so on an edit.
    Contract.objects.filter(pk=contract.pk).update(
        casemanager=None, casemanager_name="J. Oud", casemanager_organisation="Oude Stichting"
    )
    base = f"/casussen/{world.case.pk}/contract/{contract.pk}/"
    page = http.get(base).content.decode()
    assert "Vastgelegd als tekst: J. Oud (Oude Stichting)." in page
    edited = http.post(
        base + "wijzigen/",
        {
            "revision": contract.revision,
            "casemanager": "",
            "partner_signatory_name": "J. de Wethouder",
            "duration_kind": "maanden",
            "months_without_mutations": "6",
            "place": "Almelo",
            "contract_date": datetime.date.today().isoformat(),
        },
    )
    assert edited.status_code == 302
    contract.refresh_from_db()
    assert (contract.place, contract.casemanager, contract.casemanager_name) == ("Almelo", None, "J. Oud")

    # Someone outside the team is refused with the reason at the field.
    refused = http.post(
        base + "wijzigen/",
        {
            "revision": contract.revision,
            "casemanager": world.outsider.pk,
            "partner_signatory_name": "J. de Wethouder",
            "duration_kind": "maanden",
            "months_without_mutations": "6",
            "place": "Almelo",
            "contract_date": datetime.date.today().isoformat(),
        },
    )
    assert "Kies de casemanager uit het casusteam." in refused.content.decode()
