"""The maatwerkplan in the browser's terms: create, edit section by section with optimistic locking,
flags, publish, new version, compare; published versions never change."""

from __future__ import annotations

import datetime

import pytest
from pytest_django import DjangoAssertNumQueries

from caseplan.models import (
    CaseRole,
    Goal,
    Intervention,
    PlanDomain,
    PlanSection,
    PlanTemplate,
    PlanVersion,
    SanctionOption,
    VersionStatus,
)
from caseplan.services.plans import plan_create
from caseplan.services.team import case_member_add, case_member_remove
from deadlines.models import Deadline, DeadlineStatus
from privacy.models import AccessLog
from tests.factories import OrganisationFactory

# The plan page of a draft, empty and with three goals and interventions in every domain. (38 until the
# organisations an intervention can name were read once per page instead of once per domain's form.)
PLAN_PAGE_QUERIES = 24


@pytest.fixture
def draft(world) -> PlanVersion:
    return plan_create(
        case=world.case, template=PlanTemplate.objects.get(code="maatwerkplan"), by=world.owner
    )


def _url(world, version, rest: str = "") -> str:
    return f"/casussen/{world.case.pk}/plan/v{version.pk}/{rest}"


def test_creating_a_plan_from_the_template(world):
    http = world.client_for("owner")
    page = http.get(f"/casussen/{world.case.pk}/plan/")
    assert "Nog geen plan" in page.content.decode()
    template = PlanTemplate.objects.get(code="maatwerkplan")
    response = http.post(f"/casussen/{world.case.pk}/plan/", {"template": template.pk})
    version = PlanVersion.objects.get(plan__case=world.case)
    assert response.url == _url(world, version)
    assert version.domains.order_by("number").first().name == "Huisvesting & wonen"
    assert version.domains.count() == 8
    body = http.get(response.url).content.decode()
    assert "Leeg leefgebied" in body
    assert "Nog niets ingevuld" in body  # empty sections are shown, not hidden
    assert "Pieter Mulder" not in body  # no stray data
    assert AccessLog.objects.filter(user=world.owner, shown="maatwerkplan v1").count() == 1


def test_the_mo_trajectplan_has_four_domains(world):
    version = plan_create(
        case=world.case, template=PlanTemplate.objects.get(code="mo-trajectplan"), by=world.owner
    )
    assert [d.name for d in version.domains.order_by("number")] == [
        "Wonen",
        "Zorg",
        "Inkomen",
        "Dagbesteding",
    ]


def test_section_edit_with_htmx_and_conflict(world, draft):
    http = world.client_for("owner")
    url = _url(world, draft, "sectie/omgeving/")
    form = http.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'name="revision"' in form and "<html" not in form
    saved = http.post(url, {"revision": 1, "doel_maatregelen": "Buurtbemiddeling"}, HTTP_HX_REQUEST="true")
    assert saved.status_code == 200 and "Buurtbemiddeling" in saved.content.decode()
    assert PlanSection.objects.get(version=draft, key="omgeving").data == {
        "doel_maatregelen": "Buurtbemiddeling"
    }
    stale = http.post(url, {"revision": 1, "doel_maatregelen": "Mijn andere tekst"}, HTTP_HX_REQUEST="true")
    body = stale.content.decode()
    assert stale.status_code == 409
    assert "Buurtbemiddeling" in body and "Mijn andere tekst" in body
    assert 'name="revision" value="2"' in body
    assert (
        PlanSection.objects.get(version=draft, key="omgeving").data["doel_maatregelen"] == "Buurtbemiddeling"
    )


def test_domain_flags_goals_suggestions_and_interventions(world, draft):
    http = world.client_for("owner")
    domain = draft.domains.get(number=1)
    response = http.post(
        _url(world, draft, f"leefgebied/{domain.pk}/"),
        {"revision": 1, "current_situation": "Dreigende huisuitzetting"},
    )
    assert response.status_code == 302
    body = http.get(_url(world, draft)).content.decode()
    assert "Er is een probleem beschreven maar geen doel" in body
    assert '<option value="Zelfstandig wonen">' in body  # Bijlage 1 suggestions while typing
    http.post(
        _url(world, draft, f"leefgebied/{domain.pk}/doelen/"),
        {"kind": "einddoel", "text": "Zelfstandig wonen"},
    )
    body = http.get(_url(world, draft)).content.decode()
    assert "Er is een probleem beschreven maar geen doel" not in body
    assert "Geen partner neemt verantwoordelijkheid" in body
    corporation = OrganisationFactory(name="Domijn-test")
    case_member_add(case=world.case, by=world.owner, organisation=corporation, role=CaseRole.PARTNER)
    http.post(
        _url(world, draft, f"leefgebied/{domain.pk}/interventies/"),
        {"description": "Huurachterstand regelen", "responsible_organisation": corporation.pk},
    )
    body = http.get(_url(world, draft)).content.decode()
    assert "Opschalen?" not in body
    assert "Domijn-test" in body


def test_sanctions_from_the_menu_and_free(world, draft):
    http = world.client_for("owner")
    contactverbod = SanctionOption.objects.get(number=4)
    http.post(_url(world, draft, "sancties/"), {"option": contactverbod.pk, "text": "Met de ex-partner"})
    http.post(_url(world, draft, "sancties/"), {"text": "Dagelijks melden bij de wijkagent"})
    refused = http.post(_url(world, draft, "sancties/"), {"text": " "}, follow=True)
    assert "Kies een voorwaarde uit de menukaart" in refused.content.decode()
    body = http.get(_url(world, draft)).content.decode()
    assert "4. Contactverbod" in body and "Met de ex-partner" in body and "Dagelijks melden" in body
    assert SanctionOption.objects.count() == 14


def test_publish_then_nothing_changes_then_next_version_and_compare(world, draft):
    http = world.client_for("owner")
    domain = draft.domains.get(number=2)
    http.post(_url(world, draft, f"leefgebied/{domain.pk}/doelen/"), {"kind": "einddoel", "text": "Werken"})
    evaluation = datetime.date.today() + datetime.timedelta(days=90)
    asked = http.post(_url(world, draft, "vaststellen/"), {"evaluation_date": evaluation.isoformat()})
    assert "Ja, versie 1 vaststellen" in asked.content.decode()
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT  # nothing happens before the confirmation
    http.post(
        _url(world, draft, "vaststellen/"), {"evaluation_date": evaluation.isoformat(), "bevestigd": "1"}
    )
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED and draft.version_date == datetime.date.today()
    deadline = Deadline.objects.get(kind="plan-evaluatie", status=DeadlineStatus.OPEN)
    assert (deadline.due_on >= evaluation, deadline.owner_user, deadline.case_id) == (
        True,
        world.owner,
        world.case.pk,
    )
    assert Deadline.objects.get(case=world.case, kind="maatwerkplan-opstellen").status == DeadlineStatus.DONE

    # A published version refuses every change through the UI.
    refused = http.post(_url(world, draft, "sectie/co24/"), {"revision": 1, "afspraken": "x"})
    assert refused.status_code == 200 and "verandert niet meer" in refused.content.decode()
    http.post(_url(world, draft, f"leefgebied/{domain.pk}/doelen/"), {"kind": "einddoel", "text": "Stiekem"})
    assert not Goal.objects.filter(text="Stiekem").exists()
    assert PlanSection.objects.get(version=draft, key="co24").data == {}

    response = http.post(_url(world, draft, "nieuwe-versie/"))
    v2 = PlanVersion.objects.get(plan=draft.plan, number=2)
    assert response.url == _url(world, v2)
    assert v2.based_on == draft and v2.status == VersionStatus.DRAFT
    goal = Goal.objects.get(domain__version=v2, text="Werken")
    assert goal.carried_from.domain.version == draft
    http.post(
        _url(world, v2, f"leefgebied/{goal.domain_id}/doelen/{goal.pk}/"),
        {
            "kind": "einddoel",
            "text": "Werken in de groenvoorziening",
            "evaluation_result": "deels",
            "evaluation_note": "Stage loopt",
        },
    )
    body = http.get(f"/casussen/{world.case.pk}/plan/vergelijk/?a={draft.pk}&b={v2.pk}").content.decode()
    assert "<ins>in de groenvoorziening" in body
    assert "Deels behaald" in body
    assert "wijziging" in body


def test_interventions_can_be_changed_and_adding_keeps_the_domain_open(world, draft):
    http = world.client_for("owner")
    domain = draft.domains.get(number=3)
    added = http.post(
        _url(world, draft, f"leefgebied/{domain.pk}/doelen/"), {"kind": "einddoel", "text": "Schuldenvrij"}
    )
    assert added.url.endswith(f"?toevoegen={domain.pk}#domain-3")
    page = http.get(added.url).content.decode()
    section = page[page.index('id="domain-3"') :]
    assert section[: section.index("</section>")].count('<details class="add-forms" open>') == 1

    http.post(_url(world, draft, f"leefgebied/{domain.pk}/interventies/"), {"description": "Budgetcoaching"})
    intervention = Intervention.objects.get(domain=domain)
    bank = OrganisationFactory(name="Kredietbank-test")
    case_member_add(case=world.case, by=world.owner, organisation=bank, role=CaseRole.PARTNER)
    changed = http.post(
        _url(world, draft, f"leefgebied/{domain.pk}/interventies/{intervention.pk}/"),
        {"description": "Budgetcoaching en schuldsanering", "responsible_organisation": bank.pk},
    )
    assert "toevoegen" not in changed.url
    intervention.refresh_from_db()
    assert (intervention.description, intervention.responsible_organisation) == (
        "Budgetcoaching en schuldsanering",
        bank,
    )
    refused = http.post(
        _url(world, draft, f"leefgebied/{domain.pk}/interventies/{intervention.pk}/"),
        {"description": ""},
        follow=True,
    )
    assert "beschrijf de interventie" in refused.content.decode()
    intervention.refresh_from_db()
    assert intervention.description == "Budgetcoaching en schuldsanering"


def test_deleting_asks_first(world, draft):
    http = world.client_for("owner")
    domain = draft.domains.get(number=2)
    http.post(_url(world, draft, f"leefgebied/{domain.pk}/doelen/"), {"kind": "einddoel", "text": "Werken"})
    body = http.get(_url(world, draft)).content.decode()
    assert 'data-confirm="Doel “Werken” verwijderen?"' in body
    team = http.get(f"/casussen/{world.case.pk}/team/").content.decode()
    assert "uit het casusteam verwijderen? Het teamlid ziet de casus daarna niet meer." in team


def test_vaststellen_names_what_is_still_open_before_it_asks(world, draft):
    from caseplan.services.plans import version_publish, version_start_next

    http = world.client_for("owner")
    domain = draft.domains.get(number=2)
    http.post(_url(world, draft, f"leefgebied/{domain.pk}/doelen/"), {"kind": "einddoel", "text": "Werken"})
    version_publish(version=draft, by=world.owner, evaluation_date=None)
    v2 = version_start_next(plan=draft.plan, by=world.owner)
    situation = v2.domains.get(number=3)
    situation.current_situation = "Schulden bij drie schuldeisers"
    situation.save()

    page = http.post(_url(world, v2, "vaststellen/"), {"evaluation_date": ""}).content.decode()
    text = " ".join(page.split())
    assert "Er is geen evaluatiedatum" in text
    assert "1 doel uit de vorige versie is nog niet geëvalueerd" in text and "Werken" in text
    assert "1 leefgebied heeft een probleem zonder doel" in text and "3. " in text
    assert 'name="bevestigd" value="1"' in page
    v2.refresh_from_db()
    assert v2.status == VersionStatus.DRAFT

    http.post(_url(world, v2, "vaststellen/"), {"evaluation_date": "", "bevestigd": "1"})
    v2.refresh_from_db()
    assert v2.status == VersionStatus.PUBLISHED  # warned, not blocked: the process manager decides


def test_read_only_member_reads_but_cannot_edit(world, draft):
    http = world.client_for("reader")
    assert http.get(f"/casussen/{world.case.pk}/plan/", follow=True).status_code == 200
    assert http.get(_url(world, draft, "sectie/co24/")).status_code == 403
    assert world.client_for("outsider").get(_url(world, draft)).status_code == 404


def test_plan_page_query_count_is_flat(world, draft, django_assert_num_queries: DjangoAssertNumQueries):
    http = world.client_for("owner")
    with django_assert_num_queries(PLAN_PAGE_QUERIES):
        assert http.get(_url(world, draft)).status_code == 200
    organisation = OrganisationFactory()
    for domain in PlanDomain.objects.filter(version=draft):
        domain.current_situation = "Probleem"
        domain.save()
        for index in range(3):
            Goal.objects.create(domain=domain, text=f"Doel {index}")
            domain.interventions.create(
                description=f"Interventie {index}", responsible_organisation=organisation
            )
    with django_assert_num_queries(PLAN_PAGE_QUERIES):
        assert http.get(_url(world, draft)).status_code == 200


def test_pdf_is_made_by_the_worker_shown_with_progress_and_logged(
    world, draft, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    http = world.client_for("reader")  # partners print too
    with django_capture_on_commit_callbacks(execute=True):
        fragment = http.post(_url(world, draft, "pdf/"), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in fragment or "PDF downloaden" in fragment
    pdf = draft.pdfs.get()
    status = http.get(_url(world, draft, f"pdf/{pdf.pk}/")).content.decode()
    assert "PDF downloaden" in status
    download = http.get(_url(world, draft, f"pdf/{pdf.pk}/download/"))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    shown = list(AccessLog.objects.filter(user=world.reader).values_list("shown", flat=True))
    assert "PDF maatwerkplan v1" in shown and "PDF maatwerkplan v1 (download)" in shown
    assert world.client_for("outsider").get(_url(world, draft, f"pdf/{pdf.pk}/download/")).status_code == 404


def test_an_administrator_adds_a_template_with_twelve_domains_without_code(world):
    world.owner.is_staff = True
    world.owner.is_superuser = True
    world.owner.save()
    http = world.client_for("owner")
    data = {
        "name": "PGA-monitor 12 leefgebieden",
        "code": "pga-monitor-12",
        "is_active": "on",
        "domains-TOTAL_FORMS": "12",
        "domains-INITIAL_FORMS": "0",
        "domains-MIN_NUM_FORMS": "0",
        "domains-MAX_NUM_FORMS": "1000",
    }
    for index in range(12):
        data |= {
            f"domains-{index}-number": str(index + 1),
            f"domains-{index}-name": f"Leefgebied {index + 1}",
            f"domains-{index}-kind": "leefgebied",
            f"domains-{index}-goal_suggestions": "Voorbeelddoel\n\n  Nog een doel  \n",
        }
    response = http.post("/beheer/caseplan/plantemplate/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    template = PlanTemplate.objects.get(code="pga-monitor-12")
    assert template.domains.first().goal_suggestions == ["Voorbeelddoel", "Nog een doel"]
    change_page = http.get(f"/beheer/caseplan/plantemplate/{template.pk}/change/").content.decode()
    assert "Voorbeelddoel\nNog een doel</textarea>" in change_page
    version = plan_create(case=world.case, template=template, by=world.owner)
    assert version.domains.count() == 12
    page = http.get(_url(world, version)).content.decode()
    assert "12. Leefgebied 12" in page


def test_a_pdf_stuck_in_the_queue_offers_a_new_try(world, draft):
    from django.utils import timezone

    from caseplan.models import PlanPdf

    pdf = PlanPdf.objects.create(version=draft, requested_by=world.owner, status="bezig")
    http = world.client_for("owner")
    assert 'hx-trigger="every 1s"' in http.get(_url(world, draft, f"pdf/{pdf.pk}/")).content.decode()
    PlanPdf.objects.filter(pk=pdf.pk).update(requested_at=timezone.now() - timezone.timedelta(minutes=11))
    body = http.get(_url(world, draft, f"pdf/{pdf.pk}/")).content.decode()
    assert "every 1s" not in body and "Nieuwe PDF maken" in body


def test_a_goal_changed_meanwhile_is_not_overwritten(world, draft):
    from caseplan.services.plans import goal_save

    domain = draft.domains.get(number=1)
    goal = goal_save(domain=domain, by=world.owner, kind="einddoel", text="Zelfstandig wonen")
    goal_save(domain=domain, by=world.reader, goal=goal, expected_revision=1, text="Begeleid wonen")
    http = world.client_for("owner")
    response = http.post(
        _url(world, draft, f"leefgebied/{domain.pk}/doelen/{goal.pk}/"),
        {"kind": "einddoel", "text": "Wonen bij familie", "revision": "1"},
        follow=True,
    )
    body = response.content.decode()
    assert "Begeleid wonen" in body and "Wonen bij familie" in body
    goal.refresh_from_db()
    assert goal.text == "Begeleid wonen" and goal.revision == 2


def test_the_table_of_contents_numbers_each_leefgebied_once(world, draft):
    page = world.client_for("owner").get(f"/casussen/{world.case.pk}/plan/v{draft.pk}/").content.decode()
    toc = page[page.index('class="plan-toc"') : page.index("</nav>", page.index('class="plan-toc"'))]
    assert "1. Huisvesting" in toc
    assert page.count('<ol class="plan-toc">') == 0  # an ordered list would number "7. 1. Huisvesting"


def test_the_co24dak_tab_stays_on_published_versions_and_the_compare_page(world, draft):
    from caseplan.services.plans import version_publish, version_start_next

    version_publish(version=draft, by=world.owner, evaluation_date=None)
    version_start_next(plan=draft.plan, by=world.owner)
    http = world.client_for("owner")
    enrol = f"/co24/{world.case.pk}/aanmelden/"
    for url in (f"/casussen/{world.case.pk}/plan/v{draft.pk}/", f"/casussen/{world.case.pk}/plan/vergelijk/"):
        page = http.get(url).content.decode()
        assert f'href="{enrol}"' in page, url
    assert (
        enrol
        not in world.client_for("reader").get(f"/casussen/{world.case.pk}/plan/v{draft.pk}/").content.decode()
    )


@pytest.mark.parametrize("htmx", [False, True], ids=["full-page", "htmx"])
def test_opening_a_section_or_domain_for_editing_is_logged(world, draft, htmx):
    """Issue 11 (4): the edit forms show plan content, so each opening writes an access-log row."""
    http = world.client_for("owner")
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    domain = draft.domains.get(number=1)
    for rest, shown in (
        ("sectie/omgeving/", "maatwerkplan v1: "),
        (f"leefgebied/{domain.pk}/", f"maatwerkplan v1: leefgebied 1 {domain.name}"),
    ):
        before = AccessLog.objects.count()
        assert http.get(_url(world, draft, rest), **headers).status_code == 200
        row = AccessLog.objects.order_by("-pk").first()
        assert AccessLog.objects.count() == before + 1
        assert (row.user, row.case_id, row.client_id, row.action) == (
            world.owner,
            world.case.pk,
            world.case.client_id,
            "inzien",
        )
        assert row.shown.startswith(shown) and row.path.startswith(_url(world, draft, rest))


def test_a_section_saved_with_htmx_or_refused_as_a_conflict_is_logged(world, draft):
    http = world.client_for("owner")
    url = _url(world, draft, "sectie/omgeving/")
    http.post(url, {"revision": 1, "doel_maatregelen": "Buurtbemiddeling"}, HTTP_HX_REQUEST="true")
    before = AccessLog.objects.count()
    stale = http.post(url, {"revision": 1, "doel_maatregelen": "Anders"}, HTTP_HX_REQUEST="true")
    assert stale.status_code == 409  # shows what someone else saved: a read
    assert AccessLog.objects.filter(user=world.owner, case_id=world.case.pk).count() == before + 1


def test_the_compare_page_with_one_version_is_logged(world, draft):
    """The page shows the client's name and date of birth in its header even when there is nothing to compare."""
    response = world.client_for("reader").get(f"/casussen/{world.case.pk}/plan/vergelijk/")
    assert "Jansen" in response.content.decode()
    assert AccessLog.objects.filter(user=world.reader, case_id=world.case.pk).exists()


def test_the_responsible_partner_is_picked_from_the_case_team(world, draft):
    http = world.client_for("owner")
    domain = draft.domains.get(number=1)
    stranger = OrganisationFactory(name="Buiten het team-test")
    page = http.get(_url(world, draft)).content.decode()
    add_form = page[page.index(f'id="int-new-{domain.pk}-org"') :]
    choices = add_form[: add_form.index("</select>")]
    assert f'<option value="{world.gemeente.pk}">{world.gemeente.name}</option>' in choices
    assert f'<option value="{world.politie.pk}">{world.politie.name}</option>' in choices  # the reader's
    assert stranger.name not in choices

    refused = http.post(
        _url(world, draft, f"leefgebied/{domain.pk}/interventies/"),
        {"description": "Schuldhulp", "responsible_organisation": stranger.pk},
        follow=True,
    )
    assert "Kies een verantwoordelijke partner uit het casusteam." in refused.content.decode()
    assert not Intervention.objects.filter(domain=domain).exists()

    # A partner on the team is chosen; it leaves the team later: the intervention still shows and keeps it
    housing = OrganisationFactory(name="Domijn-test")
    member = case_member_add(case=world.case, by=world.owner, organisation=housing, role=CaseRole.PARTNER)
    http.post(
        _url(world, draft, f"leefgebied/{domain.pk}/interventies/"),
        {"description": "Huurafspraken", "responsible_organisation": housing.pk},
    )
    intervention = Intervention.objects.get(domain=domain)
    assert intervention.responsible_organisation == housing
    case_member_remove(member=member, by=world.owner)
    page = http.get(_url(world, draft)).content.decode()
    assert f'<option value="{housing.pk}" selected>Domijn-test (niet meer in het casusteam)</option>' in page
    add_form = page[page.index(f'id="int-new-{domain.pk}-org"') :]
    assert "Domijn-test" not in add_form[: add_form.index("</select>")]
    http.post(
        _url(world, draft, f"leefgebied/{domain.pk}/interventies/{intervention.pk}/"),
        {"description": "Huurafspraken en huisbezoek", "responsible_organisation": housing.pk},
    )
    intervention.refresh_from_db()
    assert (intervention.description, intervention.responsible_organisation) == (
        "Huurafspraken en huisbezoek",
        housing,
    )
    # ... but no other intervention can name it any more
    again = http.post(
        _url(world, draft, f"leefgebied/{domain.pk}/interventies/"),
        {"description": "Nog een", "responsible_organisation": housing.pk},
        follow=True,
    )
    assert "Kies een verantwoordelijke partner uit het casusteam." in again.content.decode()
    assert Intervention.objects.filter(domain=domain).count() == 1
