"""The signed gedragscontract reads as the official document: one "namens" for the signatory, art. 10's list
punctuated as a list, both parties' signatures on the page, the organisations signed for, the plan's goals,
interventions and voorwaardelijke sancties as its annex, and nothing past the page's margins."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from caseplan.models import CaseRole, GoalKind, PlanTemplate, PlanVersion, SanctionOption
from caseplan.selectors.contracts import contract_pdf_bytes
from caseplan.services.contract_pdf import render_contract_html
from caseplan.services.plans import goal_save, intervention_save, plan_create, sanction_add, version_publish
from caseplan.services.team import case_member_add
from tests.caseplan.test_contracts import TODAY, png, prepare, sign, team_person
from tests.files import pdf as a_pdf
from tests.pdf_layout import boxes_outside_the_margins, pdf_text, squashed
from tests.world import World


@pytest.fixture(autouse=True)
def media(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]


def plan_with_agreements(world: World) -> PlanVersion:
    """A published plan with goals and an intervention on housing, an empty leefgebied 2 and two sanctions."""
    draft = plan_create(
        case=world.case, template=PlanTemplate.objects.get(code="maatwerkplan"), by=world.owner
    )
    housing = draft.domains.get(number=1)
    case_member_add(case=world.case, by=world.owner, organisation=world.ggz, role=CaseRole.PARTNER)
    goal_save(domain=housing, by=world.owner, kind=GoalKind.EINDDOEL, text="Zelfstandig wonen in Hengelo")
    goal_save(
        domain=housing,
        by=world.owner,
        kind=GoalKind.TUSSENDOEL,
        text="Doorstromen naar begeleid wonen",
        target_date=datetime.date(2027, 3, 1),
    )
    intervention_save(
        domain=housing,
        by=world.owner,
        description="Aanmelding bij de woningcorporatie",
        responsible_organisation=world.ggz,
        responsible_person="A. Demir",
    )
    sanction_add(
        version=draft,
        by=world.owner,
        option=SanctionOption.objects.get(number=4),
        text="Geen contact met buren",
    )
    sanction_add(version=draft, by=world.owner, text="Meldt zich elke maandag bij het wijkteam")
    return version_publish(version=draft, by=world.owner, evaluation_date=None)


def test_the_parties_name_the_gemeente_once_and_art_10_ends_its_list(world: World):
    text = pdf_text(contract_pdf_bytes(sign(world, prepare(world))))
    assert "Burgemeester B. Bakker, namens Gemeente Enschede-test en haar partners in deze aanpak" in text
    assert "namens de partners van" not in text and "en namens" not in text
    assert "beide ondertekenaars dit afspreken; of" in text
    # The list's last item ends the sentence; art. 9 and art. 10 both close with a full stop.
    assert "voorkomt;" not in text and text.count("(politie)mutaties voorkomt.") == 2


def test_the_end_date_variant_of_art_10_ends_with_a_full_stop(world: World):
    end = TODAY + datetime.timedelta(days=200)
    contract = sign(
        world, prepare(world, duration_kind="einddatum", end_date=end, months_without_mutations=None)
    )
    text = pdf_text(contract_pdf_bytes(contract))
    assert f"de duur van de overeenkomst is verlopen ({end:%d-%m-%Y})." in text


def test_both_signatures_and_the_partners_signed_for_appear(world: World):
    case_member_add(case=world.case, by=world.owner, organisation=world.ggz, role=CaseRole.CASUSCOORDINATOR)
    text = pdf_text(contract_pdf_bytes(sign(world, prepare(world))))
    # The gemeentepartners' signature: marked signed, by whom it was recorded, and on which date.
    assert (
        "Getekend ondertekening vastgelegd in het dossier door Petra Mulder, Gemeente Enschede-test" in text
    )
    assert text.count(f"Getekend op {(TODAY - 5 * datetime.timedelta(days=1)):%d-%m-%Y}") == 1
    assert (  # Tactus: the casemanager's organisation
        "De gemeentepartners in deze aanpak: Gemeente Enschede-test, Mediant GGZ, Tactus Verslavingszorg, "
        "Politie Oost-Nederland-test." in text
    )


def test_a_scanned_contract_points_both_signatures_to_the_scan(world: World):
    scan = SimpleUploadedFile("scan.pdf", a_pdf(), content_type="application/pdf")
    text = pdf_text(contract_pdf_bytes(sign(world, prepare(world), drawn_png=None, scan=scan)))
    assert text.count("de scan is bewaard in het dossier") == 2  # the partners' box and the client's


def test_the_plan_is_attached_as_the_annex(world: World):
    contract = sign(world, prepare(world, plan_with_agreements(world)))
    text = pdf_text(contract_pdf_bytes(contract))
    annex = text[text.index("BIJLAGE BIJ GEDRAGSCONTRACT VERSIE 1") :]  # headings print in capitals
    assert "Afspraken uit het Maatwerkplan (Tien in Twente), versie 1" in annex
    for expected in (
        "1. Huisvesting",
        "Einddoel Zelfstandig wonen in Hengelo",
        "Tussendoel Doorstromen naar begeleid wonen 01-03-2027",
        "Aanmelding bij de woningcorporatie Mediant GGZ A. Demir",
        "Voorwaardelijke sancties",
        "4. Contactverbod",
        "Geen contact met buren",
        "Andere voorwaarde Meldt zich elke maandag bij het wijkteam",
    ):
        assert squashed(expected) in squashed(annex), expected
    assert "2. Arbeid" not in annex  # a leefgebied without agreements is not in the annex
    assert "staan in de bijlage bij dit contract" in text  # the contract points to it


def test_an_annex_of_an_empty_plan_says_so(world: World):
    text = pdf_text(contract_pdf_bytes(sign(world, prepare(world))))
    assert "Het maatwerkplan bevat nog geen doelen of interventies per leefgebied." in text
    assert "In het maatwerkplan zijn geen voorwaardelijke sancties opgenomen." in text


@pytest.mark.parametrize("evidence", ["tablet", "scan"])
def test_nothing_runs_past_the_margins(world: World, evidence: str):
    long_name = "Burgemeester mr. drs. Johannes-Bernardus Hendrikus van den Bovenkamp-Oude Vrielink"
    contract = prepare(
        world,
        plan_with_agreements(world),
        partner_signatory_name=long_name,
        casemanager=team_person(
            world,
            "Johanna",
            "van den Bovenkamp",
            "Stichting Maatschappelijke Opvang en Verslavingszorg Twente-Oost",
        ),
    )
    client = (
        {"drawn_png": png(900, 300)}
        if evidence == "tablet"
        else {"drawn_png": None, "scan": SimpleUploadedFile("scan.pdf", a_pdf())}
    )
    contract = sign(world, contract, **client)
    signature = png(900, 300) if evidence == "tablet" else None
    assert boxes_outside_the_margins(render_contract_html(contract, signature_png=signature)) == []
