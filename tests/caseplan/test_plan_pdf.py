"""The PDF of a maatwerkplan version: every filled value is printed, the Celery task is safe to run twice,
a failure leaves a clear status and no file, and every PDF request is in the access log."""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass, field

import pytest
from celery.exceptions import Retry
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from caseplan.models import (
    CaseRole,
    Client,
    DomainKind,
    GoalKind,
    GoalResult,
    PdfStatus,
    PlanPdf,
    PlanTemplate,
    PlanVersion,
    SanctionOption,
)
from caseplan.plan_schema import SECTIONS
from caseplan.services import plan_pdf as plan_pdf_service
from caseplan.services.clients import client_child_add, client_update
from caseplan.services.plans import (
    DOMAIN_FIELDS,
    domain_update,
    goal_save,
    intervention_save,
    plan_create,
    sanction_add,
    section_update,
    version_publish,
    version_start_next,
)
from caseplan.services.team import case_member_add
from caseplan.tasks import PDF_MAX_RETRIES, render_plan_pdf
from common.pdf import StaticOnlyFetcher
from privacy.models import AccessLog
from tests.factories import OrganisationFactory, valid_bsn

# One value per editable Client field; a new field must be added here, and then it must be printed.
CLIENT_VALUES: dict[str, object] = {
    "achternaam": "Jansen",
    "voorvoegsel": "van der",
    "voornamen": "Pieter Willem",
    "roepnaam": "Piet",
    "alias": "De Kraai",
    "geboortedatum": datetime.date(1988, 4, 17),
    "geboorteplaats": "Hengelo",
    "geboorteland": "Nederland",
    "crisiskaart": True,
    "brp_adres": "Molenstraat 12, 7511 AB Enschede",
    "verblijfsadres": "Daklozenopvang De Kroeg, Enschede",
    "burgerlijke_staat": "gescheiden",
    "nationaliteit": "Nederlandse",
    "spreektaal": "Nederlands, Twents",
    "id_document_nummer": "NX4K81P22",
    "bsn": valid_bsn(7),
    "zorgverzekeraar": "Menzis",
    "uitkering_soort": "Participatiewet",
    "uitkering_sinds": datetime.date(2023, 9, 1),
    "partner_naam": "Sanne Bosman",
    "partner_geboortedatum": datetime.date(1990, 12, 3),
    "partner_adres": "Lindelaan 4, 7553 CD Hengelo",
}
CLIENT_SKIP = {"id", "revision", "created_at", "updated_at", "foto"}

TEXTS = {
    "procesgegevens.procesmanager_gemeente": "Marieke Oude Vrielink, 053 481 11 11",
    "procesgegevens.procesmanager_vh": "Hans Brinkman, 088 123 45 67",
    "procesgegevens.casuscoordinator": "Ayse Demir (GGZ), 06 12 34 56 78",
    "aanleiding.overlastfeiten": "Geluidsoverlast en intimidatie van buren, 3 maart en 19 april; vernieling portiekdeur 2 mei.",
    "aanleiding.geprioriteerd_door": "Casusoverleg Veiligheidshuis Twente",
    "aanleiding.soort_aanpak": "12 mei, persoonsgerichte aanpak met omgevingsgerichte component",
    "status.inrichting": "PI Almelo, straf",
    "status.reclassering_organisatie": "Tactus Reclassering, mw. Kemper",
    "status.advies_reclassering": "Adviesrapport 2025-117: bijzondere voorwaarden met ambulante behandeling.",
    "status.contactpersoon_ggz": "Dr. Veldhuis, Mediant",
    "diagnostiek.risc": "14 februari, dhr. Smit (Reclassering)",
    "diagnostiek.nifp": "2 maart, mw. Haverkamp (NIFP)",
    "diagnostiek.verenigde_kracht": "Afstemming met wijkteam en woningcorporatie Domijn.",
    "diagnostiek.naastbetrokkenen": "Zus Marloes (contact wekelijks), buurman Ter Horst.",
    "diagnostiek.aanvullende_diagnostiek": "Onderzoek naar licht verstandelijke beperking gewenst.",
    "slachtoffers.gegevens": "Mevrouw K., buurvrouw op nummer 14",
    "slachtoffers.belangen": "Veiligheid in en rond de woning; geen confrontatie bij terugkeer.",
    "slachtoffers.wensen": "Geen contact met cliënt, op de hoogte blijven van zijn verblijfplaats.",
    "slachtoffers.einddoel": "Slachtoffer voelt zich veilig in de eigen woning.",
    "slachtoffers.tussendoel": "Contactverbod wordt nageleefd gedurende de proeftijd.",
    "slachtoffers.interventies": "Slachtofferhulp Nederland biedt begeleiding; wijkagent houdt contact.",
    "slachtoffers.wensen_client": "Via een bemiddelaar excuses aanbieden.",
    "slachtoffers.actie_client": "Houdt zich aan het contactverbod en de locatieverboden.",
    "omgeving.doel_maatregelen": "Buurtbijeenkomst met woningcorporatie; extra surveillance in de avond.",
    "omgeving.interventies": "Buurtbemiddeling Enschede; preventief gesprek met cliënt door wijkagent.",
    "omgeving.aanvullend": "Meldingen van bewoners lopen via het CO24dak.",
    "co24.inbellers": "Zus Marloes, buurman Ter Horst, woonbegeleider Leger des Heils",
    "co24.afspraken": "Bij signalen van terugval belt de back-office binnen een uur de procesmanager.",
    "co24.vragen_checklist": "Slaapt cliënt in de opvang? Is er contact met het slachtoffer? Drinkt cliënt overdag?",
}

DOMAIN_TEXT = {
    "current_situation": "Cliënt woont sinds de ontruiming in de nachtopvang en heeft geen vaste verblijfplaats. "
    "Hij staat ingeschreven bij de woningcorporatie maar heeft een huurachterstand uit zijn vorige woning.",
    "coercive_measures": "Bij niet meewerken vraagt de procesmanager de officier om tenuitvoerlegging van de "
    "voorwaardelijke straf; de burgemeester kan een gebiedsverbod opleggen.",
    "client_wishes": "Cliënt wil graag terug naar een eigen woning in Hengelo, dicht bij zijn dochter.",
    "client_action": "Houdt zijn afspraken met de woonbegeleider en betaalt maandelijks de afgesproken aflossing.",
    "additional_info": "De woningcorporatie is bereid tot een proefplaatsing onder voorwaarden.",
}


@dataclass
class FilledPlan:
    version: PlanVersion
    expected: list[str] = field(default_factory=list)
    # (label, value) pairs that must appear next to each other: yes/no choices repeat, so their label matters
    expected_pairs: list[tuple[str, str]] = field(default_factory=list)


def _d(value: datetime.date) -> str:
    return value.strftime("%d-%m-%Y")


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 40), (90, 90, 90)).save(buffer, format="PNG")
    return buffer.getvalue()


def fill_plan(world: object) -> FilledPlan:
    """A maatwerkplan with every field filled: published version 1, then version 2 (replacing it) with
    evaluated goals, published too. Returns version 2 and the values the PDF must show."""
    case = world.case  # type: ignore[attr-defined]
    owner = world.owner  # type: ignore[attr-defined]
    filled = FilledPlan(version=None)  # type: ignore[arg-type]

    editable = {
        f.name for f in Client._meta.concrete_fields if f.name not in CLIENT_SKIP and not f.auto_created
    }
    assert editable == set(CLIENT_VALUES), "add the new Client field to CLIENT_VALUES (and to the PDF)"
    client = client_update(
        client=case.client, by=owner, expected_revision=case.client.revision, **CLIENT_VALUES
    )
    client.foto.save("pasfoto.png", ContentFile(_png()), save=True)
    for name, value in CLIENT_VALUES.items():
        if isinstance(value, bool):
            filled.expected_pairs.append(("Crisiskaart aanwezig", "ja" if value else "nee"))
        elif isinstance(value, datetime.date):
            filled.expected.append(_d(value))
        elif name == "burgerlijke_staat":
            filled.expected.append(client.get_burgerlijke_staat_display())
        else:
            filled.expected.append(str(value))
    for naam, born, adres in (
        ("Lotte Jansen", datetime.date(2012, 6, 30), "Lindelaan 4, 7553 CD Hengelo"),
        ("Daan Jansen", datetime.date(2015, 1, 9), "Hazelaarstraat 8, 7522 EF Enschede"),
    ):
        client_child_add(client=client, by=owner, naam=naam, geboortedatum=born, brp_adres=adres)
        filled.expected += [naam, _d(born), adres]

    case.closed_reason = "Nog niet afgesloten: casus loopt."
    case.approach = "Persoonsgerichte aanpak (PGA)"
    case.prioritised_by = "casusoverleg"
    case.save()
    filled.expected += [
        case.reference,
        case.gemeente.name,
        case.prioritisation_reason,
        _d(case.prioritised_on),
        case.closed_reason,
        case.approach,
        "Casusoverleg",
    ]

    template = PlanTemplate.objects.get(code="maatwerkplan")
    v1 = plan_create(case=case, template=template, by=owner)
    for section in v1.sections.all():
        schema = next(s for s in SECTIONS if s.key == section.key)
        data: dict[str, object] = {}
        for number, f in enumerate(schema.fields):
            if f.kind == "choice":
                data[f.key] = "ja"
            elif f.kind == "date":
                data[f.key] = datetime.date(2026, 1, 1) + datetime.timedelta(days=11 * number + 3)
            else:
                data[f.key] = TEXTS.get(f"{section.key}.{f.key}", f"Ingevuld {section.key} {f.key}")
        section_update(section=section, by=owner, expected_revision=section.revision, data=data)
        for f in schema.fields:
            value = data[f.key]
            if f.kind == "choice":
                filled.expected_pairs.append((str(f.label), "ja"))
            elif isinstance(value, datetime.date):
                filled.expected.append(_d(value))
            else:
                filled.expected.append(str(value))

    partners = [
        OrganisationFactory(name="Leger des Heils Oost-Nederland"),
        OrganisationFactory(name="Tactus Verslavingszorg"),
        OrganisationFactory(name="Mediant GGZ"),
    ]
    for partner in partners:  # a responsible partner is on the case team
        case_member_add(case=case, by=owner, organisation=partner, role=CaseRole.PARTNER)
    for domain in v1.domains.all():
        # Drang en dwang belongs to the justice domain only (the edit form offers it nowhere else).
        names = [n for n in DOMAIN_FIELDS if n != "coercive_measures" or domain.kind == DomainKind.JUSTITIE]
        texts = {name: f"{DOMAIN_TEXT[name]} (leefgebied {domain.number})" for name in names}
        domain_update(domain=domain, by=owner, expected_revision=domain.revision, **texts)
        filled.expected += list(texts.values())
        goal_save(
            domain=domain,
            by=owner,
            kind=GoalKind.EINDDOEL,
            text=f"Einddoel {domain.number}: duurzaam stabiele situatie op {domain.name.lower()}",
            target_date=datetime.date(2027, 6, domain.number),
        )
        for step in (1, 2):
            goal_save(
                domain=domain,
                by=owner,
                kind=GoalKind.TUSSENDOEL,
                text=f"Tussendoel {domain.number}.{step}: eerste stap gezet en vastgelegd",
                target_date=datetime.date(2026, 9 + step, domain.number),
            )
        intervention_save(
            domain=domain,
            by=owner,
            description=f"Interventie {domain.number}: begeleiding en wekelijks huisbezoek",
            responsible_organisation=partners[domain.number % len(partners)],
            responsible_person=f"Begeleider {domain.number} de Vries",
        )

    for number in (4, 7):
        option = SanctionOption.objects.get(number=number)
        text = f"Invulling sanctie {number}: zes maanden, controle door reclassering"
        sanction_add(version=v1, by=owner, option=option, text=text)
        filled.expected += [option.name, option.description, text]
    free = "Eigen voorwaarde: meldt zich elke maandag bij het wijkteam"
    sanction_add(version=v1, by=owner, text=free)
    filled.expected.append(free)

    evaluation_v1 = timezone.localdate() + datetime.timedelta(days=30)
    version_publish(version=v1, by=owner, evaluation_date=evaluation_v1)

    # Version 2 replaces version 1: its goals are carried over and evaluated.
    v2 = version_start_next(plan=v1.plan, by=owner)
    for domain in v2.domains.all():
        for goal in domain.goals.all():
            if goal.kind == GoalKind.TUSSENDOEL and goal.text.endswith("vastgelegd") and ".1:" in goal.text:
                note = f"Evaluatie {domain.number}: afspraken grotendeels nagekomen"
                goal_save(
                    domain=domain,
                    by=owner,
                    goal=goal,
                    evaluation_result=GoalResult.DEELS,
                    evaluation_note=note,
                )
                filled.expected += ["Deels behaald", note]
        for goal in domain.goals.all():
            filled.expected += [goal.text, _d(goal.target_date)]
        for item in domain.interventions.all():
            filled.expected += [item.description, item.responsible_organisation.name, item.responsible_person]
    evaluation_v2 = timezone.localdate() + datetime.timedelta(days=120)
    v2 = version_publish(version=v2, by=owner, evaluation_date=evaluation_v2)
    filled.version = v2
    filled.expected += [
        _d(v2.version_date),
        _d(evaluation_v2),
        f"versie 1 van {_d(v2.version_date)}",
        "Maatwerkplan",
    ]
    return filled


def _squash(text: str) -> str:
    """Line breaks and wrapping differ between layout and extraction: compare without any whitespace."""
    return re.sub(r"\s+", "", text)


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def media(settings: object, tmp_path: object) -> object:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    return tmp_path


@pytest.fixture
def filled(world: object, media: object) -> FilledPlan:
    return fill_plan(world)


def _stored_pdfs(media: object) -> list[object]:
    folder = media / "plan-pdfs"  # type: ignore[operator]
    return sorted(folder.iterdir()) if folder.exists() else []


def test_pdf_shows_every_filled_value(filled: FilledPlan) -> None:
    content = plan_pdf_service.render_version_pdf(filled.version)
    assert content.startswith(b"%PDF")
    text = _pdf_text(content)
    squashed = _squash(text)
    missing = [value for value in filled.expected if _squash(value) not in squashed]
    assert not missing, f"not in the PDF: {missing}"
    missing_pairs = [
        (label, value) for label, value in filled.expected_pairs if _squash(label + value) not in squashed
    ]
    assert not missing_pairs, f"label and value not printed together: {missing_pairs}"
    assert "pagina 1 van" in text
    reader = PdfReader(io.BytesIO(content))
    assert any(page.images for page in reader.pages), "the client's photo is printed"


def test_an_empty_plan_prints_no_blank_forms(world: object, media: object) -> None:
    """Empty sections and leefgebieden are named once, in a "niet van toepassing" line, not printed as
    blank tables; an empty field is left out."""
    version = plan_create(
        case=world.case,  # type: ignore[attr-defined]
        template=PlanTemplate.objects.get(code="maatwerkplan"),
        by=world.owner,  # type: ignore[attr-defined]
    )
    text = _pdf_text(plan_pdf_service.render_version_pdf(version))
    squashed = _squash(text)
    assert "niet ingevuld —" not in text and "Voorvoegsel" not in text and "Einddoel" not in text
    assert "CONCEPT" in text and "nog niet vastgesteld: dit is een concept" in text
    names = "; ".join(f"{d.number}. {d.name}" for d in version.domains.order_by("number"))
    assert _squash(f"Niet van toepassing (niets ingevuld): {names}.") in squashed
    for domain in version.domains.all():
        assert squashed.count(_squash(domain.name)) == 1, domain.name  # in that line only
    # Procesgegevens carries the case's gemeente and Aanleiding the case's reason: the rest is empty.
    empty = "; ".join(str(s.title) for s in SECTIONS if s.key not in ("procesgegevens", "aanleiding"))
    assert _squash(f"Niet van toepassing (niets ingevuld): {empty}.") in squashed
    assert "Voorwaardelijke sancties" not in text


def test_only_the_filled_parts_of_a_leefgebied_are_printed(world: object, media: object) -> None:
    case, owner = world.case, world.owner  # type: ignore[attr-defined]
    version = plan_create(case=case, template=PlanTemplate.objects.get(code="maatwerkplan"), by=owner)
    housing = version.domains.get(number=1)
    domain_update(
        domain=housing, by=owner, expected_revision=housing.revision, current_situation="Slaapt in de opvang"
    )
    goal_save(domain=housing, by=owner, kind=GoalKind.EINDDOEL, text="Zelfstandig wonen")
    text = " ".join(_pdf_text(plan_pdf_service.render_version_pdf(version)).split())
    assert "1. Huisvesting" in text and "Huidige situatie Slaapt in de opvang" in text
    assert "Einddoel Zelfstandig wonen" in text
    assert "Tussendoel" not in text and "Wensen cliënt" not in text  # nothing filled there
    assert "Evaluatie vorige periode" not in text  # a first version has no evaluation to print
    assert "geen verantwoordelijke partner" in text  # the escalation flag stays
    line = text[text.index("Niet van toepassing") :]
    assert "2. Arbeid" in line and "1. Huisvesting" not in line


def test_the_plan_names_issuer_adoption_and_who_gets_a_copy(world: object, media: object) -> None:
    from caseplan.models import CaseRole
    from caseplan.services.team import case_member_add

    case, owner = world.case, world.owner  # type: ignore[attr-defined]
    case_member_add(case=case, by=owner, organisation=world.ggz, role=CaseRole.CASUSCOORDINATOR)  # type: ignore[attr-defined]
    draft = plan_create(case=case, template=PlanTemplate.objects.get(code="maatwerkplan"), by=owner)
    version = version_publish(version=draft, by=owner, evaluation_date=None)
    content = plan_pdf_service.render_version_pdf(version)
    text = " ".join(_pdf_text(content).split())
    adopted = timezone.localtime(version.published_at).date()
    assert (
        "Gemeente Enschede-test Persoonsgerichte aanpak (casusoverleg PGA) Maatwerkplan (Tien in Twente)"
        in text
    )
    assert "Vastgesteld door Petra Mulder, Gemeente Enschede-test" in text
    assert f"Vastgesteld op {_d(adopted)}" in text
    distribution = _squash(text[text.index("Verzendlijst") :])
    for line in (
        "Petra Mulder Gemeente Enschede-test Procesmanager gemeente",
        "Mediant GGZ hele organisatie Casuscoördinator (casusregie)",
        "Ahmed Yilmaz Politie Oost-Nederland-test Ketenpartner",
        "Pieter Jansen — Cliënt",
    ):
        assert _squash(line) in distribution, line
    # One title: the template's name, as the heading and as the PDF's title (no "Maatwerkplan" above it).
    html = plan_pdf_service.render_version_html(version)
    assert re.findall(r"<h1>(.*?)</h1>", html) == ["Maatwerkplan (Tien in Twente)"]
    assert 'class="subtitle"' not in html
    title = PdfReader(io.BytesIO(content)).metadata.title
    assert title == f"Maatwerkplan (Tien in Twente) {case.reference} versie 1"


def test_a_removed_member_gets_no_copy(world: object, media: object) -> None:
    from caseplan.models import CaseMember
    from caseplan.services.team import case_member_remove

    case, owner = world.case, world.owner  # type: ignore[attr-defined]
    case_member_remove(member=CaseMember.objects.get(case=case, user=world.reader), by=owner)  # type: ignore[attr-defined]
    version = plan_create(case=case, template=PlanTemplate.objects.get(code="maatwerkplan"), by=owner)
    text = _pdf_text(plan_pdf_service.render_version_pdf(version))
    assert "Ahmed Yilmaz" not in text and "Petra Mulder" in text[text.index("Verzendlijst") :]


def test_nothing_runs_past_the_margins(filled: FilledPlan) -> None:
    from tests.pdf_layout import boxes_outside_the_margins

    assert boxes_outside_the_margins(plan_pdf_service.render_version_html(filled.version)) == []


def test_render_query_count_does_not_grow_with_the_plan(
    filled: FilledPlan, world: object, django_assert_num_queries: object
) -> None:
    # version, sections, domains, goals, interventions, sanctions, children, the case team
    with django_assert_num_queries(8):  # type: ignore[operator]
        plan_pdf_service.render_version_pdf(filled.version)
    other = plan_create(
        case=world.case,  # type: ignore[attr-defined]
        template=PlanTemplate.objects.get(code="mo-trajectplan"),
        by=world.owner,  # type: ignore[attr-defined]
    )
    with django_assert_num_queries(8):  # type: ignore[operator]
        plan_pdf_service.render_version_pdf(other)


def test_progress_is_reported(filled: FilledPlan) -> None:
    seen: list[int] = []
    plan_pdf_service.render_version_pdf(filled.version, progress=seen.append)
    assert seen == sorted(seen)
    assert seen[0] > 0 and seen[-1] < 100


def test_task_is_safe_to_run_twice(filled: FilledPlan, media: object) -> None:
    pdf = PlanPdf.objects.create(version=filled.version, requested_by=filled.version.created_by)

    assert render_plan_pdf.delay(pdf.pk).get() == PdfStatus.DONE
    pdf.refresh_from_db()
    assert (pdf.status, pdf.progress, pdf.error) == (PdfStatus.DONE, 100, "")
    assert pdf.finished_at is not None
    with pdf.file.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF") and len(content) > 1000
    first_name = pdf.file.name

    assert render_plan_pdf.delay(pdf.pk).get() == "overgeslagen"
    pdf.refresh_from_db()
    assert (pdf.status, pdf.progress, pdf.file.name) == (PdfStatus.DONE, 100, first_name)
    assert len(_stored_pdfs(media)) == 1


def test_failed_render_marks_mislukt_and_leaves_no_file(
    filled: FilledPlan, media: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(version: object, *, progress: object = None) -> bytes:
        progress(40)  # type: ignore[operator]
        raise ValueError("opmaak kapot")

    monkeypatch.setattr(plan_pdf_service, "render_version_pdf", broken)
    pdf = PlanPdf.objects.create(version=filled.version, requested_by=filled.version.created_by)
    with pytest.raises(ValueError, match="opmaak kapot"):
        render_plan_pdf.delay(pdf.pk)
    pdf.refresh_from_db()
    assert pdf.status == PdfStatus.FAILED
    assert "opmaak kapot" in pdf.error
    assert not pdf.file
    assert _stored_pdfs(media) == []


def test_failure_while_saving_removes_the_written_file(
    filled: FilledPlan, media: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    pdf = PlanPdf.objects.create(version=filled.version, requested_by=filled.version.created_by)
    original_save = PlanPdf.save

    def failing_save(self: PlanPdf, *args: object, **kwargs: object) -> None:
        if self.status == PdfStatus.DONE:
            raise RuntimeError("database weg")
        original_save(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(PlanPdf, "save", failing_save)
    with pytest.raises(RuntimeError):
        render_plan_pdf.delay(pdf.pk)
    pdf.refresh_from_db()
    assert pdf.status == PdfStatus.FAILED and "database weg" in pdf.error
    assert _stored_pdfs(media) == []


def test_a_run_that_loses_the_race_keeps_no_file(
    filled: FilledPlan, media: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two workers on one row (a redelivered message): the one that finishes second stores nothing."""
    real = plan_pdf_service.render_version_pdf
    pdf = PlanPdf.objects.create(version=filled.version, requested_by=filled.version.created_by)

    def render_while_other_worker_finishes(version: object, *, progress: object = None) -> bytes:
        content = real(version, progress=progress)  # type: ignore[arg-type]
        other = PlanPdf.objects.get(pk=pdf.pk)
        other.file.save("ander.pdf", ContentFile(content), save=False)
        other.status, other.progress = PdfStatus.DONE, 100
        other.save()
        return content

    monkeypatch.setattr(plan_pdf_service, "render_version_pdf", render_while_other_worker_finishes)
    assert render_plan_pdf.delay(pdf.pk).get() == "overgeslagen"
    pdf.refresh_from_db()
    assert pdf.status == PdfStatus.DONE and pdf.file.name == "plan-pdfs/ander.pdf"
    assert [p.name for p in _stored_pdfs(media)] == ["ander.pdf"]  # type: ignore[attr-defined]


def test_transient_error_is_retried(filled: FilledPlan, monkeypatch: pytest.MonkeyPatch) -> None:
    real = plan_pdf_service.render_version_pdf
    calls: list[int] = []

    def flaky(version: object, *, progress: object = None) -> bytes:
        calls.append(1)
        if len(calls) == 1:
            raise OSError("opslag even niet bereikbaar")
        return real(version, progress=progress)  # type: ignore[arg-type]

    monkeypatch.setattr(plan_pdf_service, "render_version_pdf", flaky)
    pdf = PlanPdf.objects.create(version=filled.version, requested_by=filled.version.created_by)
    # Eager mode hands the Retry to the caller instead of scheduling it; run the retry ourselves.
    with pytest.raises(Retry):
        render_plan_pdf.apply(args=[pdf.pk])
    pdf.refresh_from_db()
    assert pdf.status == PdfStatus.RUNNING and pdf.error == ""
    assert render_plan_pdf.apply(args=[pdf.pk], retries=1).get() == PdfStatus.DONE
    pdf.refresh_from_db()
    assert len(calls) == 2
    assert (pdf.status, pdf.progress) == (PdfStatus.DONE, 100)


def test_gives_up_after_the_last_retry(
    filled: FilledPlan, media: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down(version: object, *, progress: object = None) -> bytes:
        raise OSError("opslag weg")

    monkeypatch.setattr(plan_pdf_service, "render_version_pdf", down)
    pdf = PlanPdf.objects.create(version=filled.version, requested_by=filled.version.created_by)
    for retries in range(PDF_MAX_RETRIES):
        with pytest.raises(Retry):
            render_plan_pdf.apply(args=[pdf.pk], retries=retries)
        pdf.refresh_from_db()
        assert pdf.status == PdfStatus.RUNNING
    with pytest.raises(OSError, match="opslag weg"):
        render_plan_pdf.apply(args=[pdf.pk], retries=PDF_MAX_RETRIES)
    pdf.refresh_from_db()
    assert pdf.status == PdfStatus.FAILED and "opslag weg" in pdf.error
    assert _stored_pdfs(media) == []


def test_request_logs_the_pdf_and_renders_after_commit(
    world: object, media: object, django_capture_on_commit_callbacks: object
) -> None:
    case, owner = world.case, world.owner  # type: ignore[attr-defined]
    version = plan_create(case=case, template=PlanTemplate.objects.get(code="maatwerkplan"), by=owner)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:  # type: ignore[operator]
        pdf = plan_pdf_service.plan_pdf_request(version=version, by=owner)
        assert PlanPdf.objects.get(pk=pdf.pk).status == PdfStatus.PENDING
    assert len(callbacks) == 1
    log = AccessLog.objects.get(user=owner, case_id=case.pk, shown="PDF maatwerkplan v1")
    assert log.client_id == case.client_id and log.action == "inzien"
    pdf.refresh_from_db()
    assert (pdf.status, pdf.progress) == (PdfStatus.DONE, 100)


def test_plan_pdf_is_tagged_and_fetches_the_base_and_plan_stylesheets_and_the_photo_only(
    filled: FilledPlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    fetched: list[str] = []
    original = StaticOnlyFetcher.fetch

    def spy(self: StaticOnlyFetcher, url: str, headers: object = None) -> object:
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(StaticOnlyFetcher, "fetch", spy)
    content = plan_pdf_service.render_version_pdf(filled.version)
    files = [url for url in fetched if url.startswith("file:")]
    assert [url.rsplit("/static/", 1)[1] for url in files] == ["css/pdf/base.css", "css/pdf/plan.css"]
    others = [url for url in fetched if not url.startswith("file:")]
    assert len(others) == 1 and others[0].startswith("data:image/")  # the client's photo
    catalog = PdfReader(io.BytesIO(content)).trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"] and catalog["/Lang"] == "nl"
