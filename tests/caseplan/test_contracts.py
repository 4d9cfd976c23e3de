"""The gedragscontract services: prepared from a published plan, signed for the partners and by the client,
frozen as a PDF whose bytes and SHA-256 never change; refusal starts the drang- en dwangcomponenten; changes
only by a new version (art. 6); termination (art. 10-12); the expiry job ends contracts once."""

from __future__ import annotations

import base64
import datetime
import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from caseplan.models import (
    CaseMember,
    CaseRole,
    Contract,
    ContractStatus,
    PlanTemplate,
    PlanVersion,
    TerminationReason,
)
from caseplan.selectors.contracts import (
    ContractIntegrityError,
    case_has_refused_contract,
    cases_with_refused_contract,
    contract_pdf_bytes,
)
from caseplan.services.contract_pdf import articles
from caseplan.services.contracts import (
    COERCION_DEADLINE,
    ContractLockedError,
    ContractStateError,
    contract_new_version,
    contract_prepare,
    contract_refuse,
    contract_sign_client,
    contract_sign_partners,
    contract_terminate,
    contract_update,
    contracts_expire,
    signature_from_data_url,
)
from caseplan.services.plans import plan_create, version_publish
from caseplan.services.team import case_member_add, case_member_remove
from caseplan.tasks import expire_contracts
from common.errors import EditConflict
from common.pdf import StaticOnlyFetcher
from deadlines.models import Deadline
from notifications.models import Notification
from privacy.models import Organisation, User
from tests.factories import OrganisationFactory, UserFactory
from tests.files import pdf as a_pdf
from tests.world import World

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def media(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]


def png(width: int = 120, height: int = 40) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def published_version(world: World) -> PlanVersion:
    draft = plan_create(
        case=world.case, template=PlanTemplate.objects.get(code="maatwerkplan"), by=world.owner
    )
    return version_publish(version=draft, by=world.owner, evaluation_date=None)


def team_person(world: World, first_name: str, last_name: str, organisation: str) -> User:
    """Someone of ``organisation`` on the world's case team (made and added on first use)."""
    email = f"{first_name.lower()}@{organisation.split()[0].lower()}.test"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = UserFactory(
            email=email,
            first_name=first_name,
            last_name=last_name,
            organisation=Organisation.objects.filter(name=organisation).first()
            or OrganisationFactory(name=organisation),
        )
        case_member_add(case=world.case, by=world.owner, user=user, role=CaseRole.CASEMANAGER)
    return user


def anouk(world: World) -> User:
    return team_person(world, "Anouk", "de Vries", "Tactus Verslavingszorg")


def prepare(world: World, version: PlanVersion | None = None, **overrides: object) -> Contract:
    fields: dict[str, object] = {
        "plan_version": version or published_version(world),
        "by": world.owner,
        "casemanager": anouk(world),
        "partner_signatory_name": "Burgemeester B. Bakker",
        "duration_kind": "maanden",
        "months_without_mutations": 6,
        "place": "Enschede",
        "contract_date": TODAY - 10 * DAY,
    }
    fields.update(overrides)
    return contract_prepare(**fields)  # type: ignore[arg-type]


def sign(world: World, contract: Contract, **client: object) -> Contract:
    contract = contract_sign_partners(contract=contract, by=world.owner, signed_on=TODAY - 5 * DAY)
    kwargs: dict[str, object] = {"signed_on": TODAY - 2 * DAY, "place": "Hengelo", "drawn_png": png()}
    kwargs.update(client)
    return contract_sign_client(contract=contract, by=world.owner, **kwargs)  # type: ignore[arg-type]


def pdf_text(data: bytes) -> str:
    text = " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())  # lines wrap anywhere: compare on single spaces


def test_prepare_copies_parties_and_needs_a_published_plan(world: World):
    draft = plan_create(
        case=world.case, template=PlanTemplate.objects.get(code="maatwerkplan"), by=world.owner
    )
    with pytest.raises(ValidationError):
        prepare(world, draft)
    version = version_publish(version=draft, by=world.owner, evaluation_date=None)
    contract = prepare(world, version)
    assert contract.status == ContractStatus.PREPARED
    assert contract.number == 1 and contract.revision == 1
    assert contract.client_name == "Pieter Jansen"
    assert contract.gemeente_name == "Gemeente Enschede-test"
    assert contract.plan_version == version
    with pytest.raises(ValidationError):  # one contract in preparation per case
        prepare(world, version)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"duration_kind": "einddatum", "end_date": None}, "end_date"),
        ({"duration_kind": "einddatum", "end_date": TODAY - 20 * DAY}, "end_date"),
        ({"duration_kind": "maanden", "months_without_mutations": 0}, "months_without_mutations"),
        ({"duration_kind": "anders"}, "duration_kind"),
    ],
)
def test_art_9_is_an_end_date_or_a_number_of_months(world: World, overrides: dict, field: str):
    with pytest.raises(ValidationError) as error:
        prepare(world, **overrides)
    assert field in error.value.message_dict


def test_update_while_prepared_with_optimistic_locking(world: World):
    contract = prepare(world)
    updated = contract_update(
        contract=contract,
        by=world.owner,
        expected_revision=1,
        duration_kind="einddatum",
        end_date=TODAY + 300 * DAY,
        casemanager=team_person(world, "Bram", "Smit", "Wijkteam Hengelo-test"),
    )
    assert updated.revision == 2
    assert updated.months_without_mutations is None and updated.end_date == TODAY + 300 * DAY
    with pytest.raises(EditConflict):
        contract_update(contract=contract, by=world.owner, expected_revision=1, place="Almelo")
    assert updated.history.count() == 2


def test_the_casemanager_is_a_person_on_the_case_team_copied_into_the_text(world: World):
    version = published_version(world)
    with pytest.raises(ValidationError) as error:
        prepare(world, version, casemanager=world.outsider)
    assert "niet in het casusteam" in error.value.message_dict["casemanager"][0]
    # someone whose whole organisation is on the team is not named on it: not a choice either
    whole = OrganisationFactory(name="Reclassering-test")
    case_member_add(case=world.case, by=world.owner, organisation=whole, role=CaseRole.PARTNER)
    with pytest.raises(ValidationError):
        prepare(world, version, casemanager=UserFactory(organisation=whole))

    contract = prepare(world, version)
    assert (contract.casemanager, contract.casemanager_name, contract.casemanager_organisation) == (
        anouk(world),
        "Anouk de Vries",
        "Tactus Verslavingszorg",
    )
    # Anouk leaves the team: the contract keeps her, but nobody else from outside the team can be named
    case_member_remove(member=CaseMember.objects.get(case=world.case, user=anouk(world)), by=world.owner)
    kept = contract_update(contract=contract, by=world.owner, expected_revision=1, casemanager=anouk(world))
    assert kept.casemanager == anouk(world) and kept.revision == 2
    with pytest.raises(ValidationError):
        contract_update(contract=kept, by=world.owner, expected_revision=2, casemanager=world.outsider)


def test_an_older_contract_keeps_its_casemanager_typed_as_text(world: World):
    contract = prepare(world)
    Contract.objects.filter(pk=contract.pk).update(
        casemanager=None, casemanager_name="J. Oud", casemanager_organisation="Oude Stichting"
    )
    updated = contract_update(contract=contract, by=world.owner, expected_revision=1, place="Almelo")
    assert (updated.casemanager, updated.casemanager_name, updated.casemanager_organisation) == (
        None,
        "J. Oud",
        "Oude Stichting",
    )
    seventh = next(article for article in articles(updated) if article.number == 7)
    assert seventh.paragraphs == ["De gemeentepartners benoemen J. Oud van Oude Stichting als casemanager."]


def test_signed_contract_pdf_is_frozen_with_everything_filled_in(world: World):
    contract = sign(world, prepare(world))
    assert contract.status == ContractStatus.IN_FORCE
    assert contract.in_force_from == TODAY - 2 * DAY
    assert contract.signature_method == "tablet"
    data = contract_pdf_bytes(contract)
    assert hashlib.sha256(data).hexdigest() == contract.pdf_sha256
    assert contract_pdf_bytes(Contract.objects.get(pk=contract.pk)) == data  # the same bytes every time
    text = pdf_text(data)
    for expected in (
        "Pieter Jansen",
        "Anouk de Vries",
        "Tactus Verslavingszorg",
        "6 maanden niet meer in verband met criminaliteit",
        "Burgemeester B. Bakker",
        (TODAY - 5 * DAY).strftime("%d-%m-%Y"),  # signed for the partners
        (TODAY - 2 * DAY).strftime("%d-%m-%Y"),  # signed by the client
        world.case.reference,
        "Artikel 12",
        "Hengelo",
    ):
        assert expected in text, expected
    assert "pagina 1 van" in text
    reader = PdfReader(io.BytesIO(data))
    assert any(page.images for page in reader.pages)  # the drawn signature is embedded


def test_contract_pdf_uses_the_one_renderer_tagged_with_static_stylesheets_only(
    world: World, monkeypatch: pytest.MonkeyPatch
):
    fetched: list[str] = []
    original = StaticOnlyFetcher.fetch

    def spy(self: StaticOnlyFetcher, url: str, headers: object = None) -> object:
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(StaticOnlyFetcher, "fetch", spy)
    contract = sign(world, prepare(world))
    files = [url.rsplit("/static/", 1)[1] for url in fetched if url.startswith("file:")]
    assert files == ["css/pdf/base.css", "css/pdf/contract.css"]
    others = [url for url in fetched if not url.startswith("file:")]
    assert len(others) == 1 and others[0].startswith("data:image/png;base64,")  # the drawn signature
    reader = PdfReader(io.BytesIO(contract_pdf_bytes(contract)))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
    assert catalog["/Lang"] == "nl"
    assert reader.metadata.title == f"Gedragscontract {world.case.reference} versie 1"


def test_end_date_variant_and_a_scan_as_evidence(world: World):
    end = TODAY + 365 * DAY
    scanned = a_pdf()
    scan = SimpleUploadedFile("scan.pdf", scanned, content_type="application/pdf")
    contract = sign(world, prepare(world, duration_kind="einddatum", end_date=end), drawn_png=None, scan=scan)
    assert contract.signature_method == "scan"
    assert contract.signature_sha256 == hashlib.sha256(scanned).hexdigest()
    text = pdf_text(contract_pdf_bytes(contract))
    assert f"De overeenkomst eindigt op {end:%d-%m-%Y}" in text
    assert "maanden niet meer" not in text


@pytest.mark.parametrize(
    "evidence",
    [
        {"drawn_png": None},  # nothing
        {"scan": SimpleUploadedFile("x.pdf", b"%PDF-1.4")},  # both
        {"drawn_png": b"not a png"},
    ],
)
def test_client_signature_needs_exactly_one_valid_evidence(world: World, evidence: dict):
    contract = contract_sign_partners(contract=prepare(world), by=world.owner, signed_on=TODAY)
    kwargs = {"signed_on": TODAY, "place": "Enschede", "drawn_png": png(), **evidence}
    with pytest.raises(ValidationError):
        contract_sign_client(contract=contract, by=world.owner, **kwargs)
    assert Contract.objects.get(pk=contract.pk).status == ContractStatus.PARTNERS_SIGNED


def test_scan_must_be_pdf_jpg_or_png(world: World):
    contract = contract_sign_partners(contract=prepare(world), by=world.owner, signed_on=TODAY)
    with pytest.raises(ValidationError):
        contract_sign_client(
            contract=contract,
            by=world.owner,
            signed_on=TODAY,
            place="Enschede",
            scan=SimpleUploadedFile("x.exe", b"MZ\x90\x00"),
        )


def test_the_client_cannot_sign_before_the_partners(world: World):
    contract = prepare(world)
    with pytest.raises(ContractStateError):
        contract_sign_client(contract=contract, by=world.owner, signed_on=TODAY, place="E", drawn_png=png())


def test_signature_from_data_url():
    data = png()
    assert signature_from_data_url("data:image/png;base64," + base64.b64encode(data).decode()) == data
    with pytest.raises(ValidationError):
        signature_from_data_url("data:image/svg+xml;base64,PHN2Zz4=")


def test_signed_contract_refuses_every_edit(world: World):
    contract = sign(world, prepare(world))
    sha = contract.pdf_sha256
    with pytest.raises(ContractLockedError):
        contract_update(
            contract=contract, by=world.owner, expected_revision=contract.revision, place="Almelo"
        )
    with pytest.raises(ContractLockedError):
        contract_sign_partners(contract=contract, by=world.owner, signed_on=TODAY)
    with pytest.raises(ContractLockedError):
        contract_refuse(contract=contract, by=world.owner, note="te laat")
    contract.refresh_from_db()
    assert contract.place == "Enschede" and contract.pdf_sha256 == sha


def test_tampered_pdf_is_never_handed_out(world: World):
    contract = sign(world, prepare(world))
    with open(contract.pdf_file.path, "ab") as handle:
        handle.write(b"x")
    with pytest.raises(ContractIntegrityError):
        contract_pdf_bytes(contract)


def test_refusal_starts_drang_en_dwang(world: World):
    contract = contract_sign_partners(contract=prepare(world), by=world.owner, signed_on=TODAY - DAY)
    refused = contract_refuse(contract=contract, by=world.owner, refused_on=TODAY, note="Wil niet tekenen")
    assert refused.status == ContractStatus.REFUSED and refused.refusal_note == "Wil niet tekenen"
    deadline = Deadline.objects.get(case=world.case, kind=COERCION_DEADLINE)
    assert deadline.rule.code == "drang-dwang" and deadline.rule.amount == 5
    assert deadline.owner_user == world.owner and deadline.due_on > TODAY
    notification = Notification.objects.get(recipient=world.owner, kind="gedragscontract")
    assert world.case.reference in notification.title and "Jansen" not in notification.title
    assert notification.deadline == deadline
    assert list(cases_with_refused_contract()) == [{"case_id": world.case.pk}]
    assert case_has_refused_contract(world.case)
    # a new contract may be prepared; once one is signed, the flag is gone
    signed = sign(world, prepare(world, version=contract.plan_version))
    assert signed.number == 2
    assert not case_has_refused_contract(world.case)


def test_new_version_needs_reason_and_consent_and_replaces_the_old(world: World):
    old = sign(world, prepare(world))
    base = {"contract": old, "by": world.owner, "discussed_with_client_on": TODAY}
    with pytest.raises(ValidationError):
        contract_new_version(**base, reason="", casemanager_consent=True)
    with pytest.raises(ValidationError):
        contract_new_version(**base, reason="Andere casemanager", casemanager_consent=False)
    new = contract_new_version(**base, reason="Andere casemanager", casemanager_consent=True)
    assert (new.status, new.number, new.replaces, new.casemanager_consent) == ("voorbereid", 2, old, True)
    assert new.casemanager_name == old.casemanager_name and not new.pdf_sha256
    new = contract_update(
        contract=new,
        by=world.owner,
        expected_revision=new.revision,
        casemanager=team_person(world, "Bram", "Smit", "Wijkteam Hengelo-test"),
    )
    new = sign(world, new)
    old.refresh_from_db()
    assert old.status == ContractStatus.REPLACED and old.ended_on == new.in_force_from
    text = pdf_text(contract_pdf_bytes(new))
    assert "vervangt versie 1" in text and "Andere casemanager" in text and "Bram" in text
    assert contract_pdf_bytes(old)  # the old signed PDF stays available, unchanged


def test_terminate_for_an_offence_needs_a_police_report(world: World):
    contract = sign(world, prepare(world))
    with pytest.raises(ValidationError) as error:
        contract_terminate(contract=contract, by=world.owner, reason=TerminationReason.OFFENCE)
    assert "police_report_reference" in error.value.message_dict
    with pytest.raises(ValidationError):  # this contract runs on months, not on an end date
        contract_terminate(contract=contract, by=world.owner, reason=TerminationReason.DURATION_PASSED)
    ended = contract_terminate(
        contract=contract,
        by=world.owner,
        reason=TerminationReason.OFFENCE,
        ended_on=TODAY,
        police_report_reference="PL0600-2026123456",
        note="Winkeldiefstal",
    )
    assert (ended.status, ended.ended_on, ended.police_report_reference) == (
        ContractStatus.ENDED,
        TODAY,
        "PL0600-2026123456",
    )
    with pytest.raises(ContractLockedError):
        contract_terminate(contract=ended, by=world.owner, reason=TerminationReason.AGREED)


def test_terminate_when_both_agree(world: World):
    contract = sign(world, prepare(world))
    ended = contract_terminate(contract=contract, by=world.owner, reason=TerminationReason.AGREED)
    assert ended.end_reason == "beide_akkoord" and ended.ended_by == world.owner


def test_expiry_job_ends_passed_contracts_once_and_notifies(world: World):
    contract = sign(
        world,
        prepare(world, duration_kind="einddatum", contract_date=TODAY - 60 * DAY, end_date=TODAY - DAY),
    )
    assert contract.status == ContractStatus.IN_FORCE
    assert expire_contracts() == 1  # the Celery task, run as the beat would
    contract.refresh_from_db()
    assert contract.status == ContractStatus.ENDED
    assert contract.ended_on == TODAY - DAY and contract.end_reason == TerminationReason.DURATION_PASSED
    notes = Notification.objects.filter(recipient=world.owner, kind="gedragscontract")
    assert notes.count() == 1 and "verlopen" in notes.get().title
    assert expire_contracts() == 0  # safe to run twice
    assert notes.count() == 1


def test_expiry_leaves_running_and_month_contracts_alone(world: World):
    contract = sign(world, prepare(world, duration_kind="einddatum", end_date=TODAY + 30 * DAY))
    assert contracts_expire(today=TODAY + 30 * DAY) == 0  # the end date itself has not passed yet
    assert contracts_expire(today=TODAY + 31 * DAY) == 1
    contract.refresh_from_db()
    assert contract.status == ContractStatus.ENDED


def test_refusal_before_the_partners_signed(world: World):
    refused = contract_refuse(contract=prepare(world), by=world.owner, note="Weigert")
    assert refused.status == ContractStatus.REFUSED and refused.refused_on == TODAY
