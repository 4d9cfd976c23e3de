"""The gedragscontract pages: prepare from the published plan, both signatures, the frozen PDF."""

from __future__ import annotations

import base64
import datetime
import hashlib
import io

import pytest
from PIL import Image

from caseplan.models import CaseAccess, CaseRole, Contract, ContractStatus, PlanTemplate, PoliceRecord
from caseplan.services.contracts import contract_police_record_add, contract_sign_client
from caseplan.services.plans import plan_create, version_publish
from caseplan.services.team import case_member_add
from common.dates import add_months
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


# --- art. 9: police mutations on a contract that counts months without them ------------------------------

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)
# session, user, otp device, case with client/gemeente/purpose, its team, contract, the user's organisation
# (access log, and who may register mutations), access-log insert, write-permission check, the versions
# list, the police mutations with who registered them, unread notifications, session save (3)
CONTRACT_PAGE_QUERIES = 15


def _in_force(world, signed_on: datetime.date) -> Contract:
    contract = world.partners_signed_contract(signed_on=signed_on)
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), "white").save(buffer, "PNG")
    return contract_sign_client(
        contract=contract, by=world.owner, signed_on=signed_on, place="Enschede", drawn_png=buffer.getvalue()
    )


def _base(world, contract: Contract) -> str:
    return f"/casussen/{world.case.pk}/contract/{contract.pk}/"


def test_a_police_mutation_restarts_the_count_and_the_page_shows_its_history(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    contract = _in_force(world, TODAY - 40 * DAY)
    http = world.client_for("owner")
    base = _base(world, contract)
    page = http.get(base).content.decode()
    first_end = add_months(TODAY - 40 * DAY, 6)
    assert f"<strong>{first_end:%d-%m-%Y}</strong>" in page
    assert "Nog geen politiemutaties geregistreerd" in page
    assert f'action="{base}politiemutatie/"' in page

    wrong = http.post(
        base + "politiemutatie/",
        {
            "registered_on": TODAY.isoformat(),
            "reference": "Hij sloeg een ruit in",
            "revision": contract.revision,
        },
    )
    assert wrong.status_code == 200
    body = wrong.content.decode()
    assert "geen omschrijving" in body and 'value="Hij sloeg een ruit in"' in body  # the input is kept
    assert not PoliceRecord.objects.exists()

    done = http.post(
        base + "politiemutatie/",
        {
            "registered_on": (TODAY - 3 * DAY).isoformat(),
            "reference": "PL0600-1",
            "revision": contract.revision,
        },
    )
    assert done.status_code == 302
    new_end = add_months(TODAY - 3 * DAY, 6)
    page = http.get(base).content.decode()
    assert f"<strong>{new_end:%d-%m-%Y}</strong>" in page
    assert "PL0600-1" in page and "Petra Mulder" in page
    assert f"telling opnieuw vanaf {TODAY - 3 * DAY:%d-%m-%Y} (was {TODAY - 40 * DAY:%d-%m-%Y})" in page
    assert Deadline.objects.get(kind="gedragscontract-maanden").anchor_date == new_end

    stale = http.post(
        base + "politiemutatie/",
        {"registered_on": TODAY.isoformat(), "reference": "PL0600-2", "revision": contract.revision},
    )
    assert stale.status_code == 200
    body = stale.content.decode()
    assert "Iemand anders heeft dit contract intussen gewijzigd" in body
    assert f'name="revision" value="{contract.revision + 1}"' in body  # a second try goes through
    assert PoliceRecord.objects.count() == 1


def test_who_may_register_a_police_mutation_on_the_page(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    contract = _in_force(world, TODAY - 10 * DAY)
    base = _base(world, contract)
    data = {"registered_on": TODAY.isoformat(), "reference": "PL-1", "revision": contract.revision}
    # the police partner on the team reads the count but is read-only
    reader = world.client_for("reader")
    page = reader.get(base).content.decode()
    assert "loopt af op" in page and "politiemutatie/" not in page
    assert reader.post(base + "politiemutatie/", data).status_code == 403
    # someone on no team learns nothing
    outsider = world.client_for("outsider")
    assert outsider.get(base).status_code == 404
    assert outsider.post(base + "politiemutatie/", data).status_code == 404
    # a care partner with write access may change the case, but not feed the count
    care = world.person("regie@ggz.test", world.ggz)
    case_member_add(
        case=world.case, by=world.owner, user=care, role=CaseRole.PARTNER, access=CaseAccess.WRITE
    )
    http = world.http(care)
    page = http.get(base).content.decode()
    assert "Politiemutaties registreren de justitiepartners" in page and "politiemutatie/" not in page
    assert http.post(base + "politiemutatie/", data).status_code == 403
    assert not PoliceRecord.objects.exists()


def test_contract_page_query_count_does_not_grow_with_the_mutations(
    world, settings, tmp_path, django_assert_num_queries
):
    settings.MEDIA_ROOT = tmp_path
    contract = _in_force(world, TODAY - 60 * DAY)
    http = world.client_for("owner")
    base = _base(world, contract)
    with django_assert_num_queries(CONTRACT_PAGE_QUERIES):
        assert http.get(base).status_code == 200
    for days in (50, 40, 30):
        current = Contract.objects.get(pk=contract.pk)
        contract_police_record_add(
            contract=current,
            by=world.owner,
            registered_on=TODAY - days * DAY,
            reference=f"PL-{days}",
            expected_revision=current.revision,
        )
    with django_assert_num_queries(CONTRACT_PAGE_QUERIES):
        assert http.get(base).status_code == 200
