"""The maatwerkplan REST API: nested under the case, drafts edited with revisions, published versions frozen,
every read logged, query counts flat."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import escape
from pytest_django import DjangoAssertNumQueries

from caseplan.models import (
    CaseRole,
    Goal,
    Intervention,
    PlanDomain,
    PlanSanction,
    PlanSection,
    PlanTemplate,
    PlanVersion,
    SanctionOption,
    VersionStatus,
)
from caseplan.plan_schema import SECTIONS
from caseplan.services.plans import (
    goal_save,
    intervention_save,
    plan_create,
    sanction_add,
    section_update,
    version_publish,
)
from caseplan.services.team import case_member_add
from deadlines.models import Deadline
from privacy.models import AccessLog
from tests.factories import CaseFactory, OrganisationFactory
from tests.problems import invalid, problem

JSON = "application/json"
# session, user, otp device, case (with purpose; visibility in a subquery), version (with plan, template,
# published_by), sections, domains, goals, interventions (with organisation), sanctions (with option),
# the user's organisation (for the access log), access-log insert, session save (savepoint, update, release)
VERSION_DETAIL_QUERIES = 15


def _draft(world) -> PlanVersion:
    return plan_create(
        case=world.case, template=PlanTemplate.objects.get(code="maatwerkplan"), by=world.owner
    )


def _plans_url(case_pk: int) -> str:
    return f"/api/v1/cases/{case_pk}/plans/"


def _version_url(version: PlanVersion, case_pk: int | None = None) -> str:
    case_pk = version.plan.case_id if case_pk is None else case_pk
    return f"{_plans_url(case_pk)}{version.plan_id}/versions/{version.pk}/"


def _domain_url(domain: PlanDomain) -> str:
    return f"{_version_url(domain.version)}domains/{domain.pk}/"


def _domain(version: PlanVersion, number: int = 1) -> PlanDomain:
    return PlanDomain.objects.select_related("version__plan").get(version=version, number=number)


def _published(world) -> tuple[PlanVersion, Goal, Intervention, PlanSanction]:
    """A published version 1 with a goal, an intervention and a sanction in domain 1."""
    version = _draft(world)
    domain = _domain(version)
    goal = goal_save(domain=domain, by=world.owner, text="Zelfstandig wonen")
    intervention = intervention_save(
        domain=domain, by=world.owner, description="Begeleid wonen", responsible_organisation=world.gemeente
    )
    sanction = sanction_add(version=version, by=world.owner, option=SanctionOption.objects.get(number=5))
    version = version_publish(version=version, by=world.owner, evaluation_date=None)
    return version, goal, intervention, sanction


def _detail(http, version: PlanVersion) -> dict:
    response = http.get(_version_url(version))
    assert response.status_code == 200, response.content
    return response.json()


def test_owner_creates_a_plan_with_a_draft_version_1(world):
    http = world.client_for("owner")
    response = http.post(_plans_url(world.case.pk), {"template": "maatwerkplan"}, content_type=JSON)
    assert response.status_code == 201, response.content
    plan = response.json()
    assert plan["template"] == "maatwerkplan"
    assert [(v["number"], v["status"]) for v in plan["versions"]] == [(1, "concept")]

    again = http.post(_plans_url(world.case.pk), {"template": "maatwerkplan"}, content_type=JSON)
    assert "al een plan" in invalid(again)["template"][0]
    unknown = http.post(_plans_url(world.case.pk), {"template": "bestaat-niet"}, content_type=JSON)
    assert "template" in invalid(unknown)

    listed = http.get(_plans_url(world.case.pk)).json()
    assert [p["id"] for p in listed] == [plan["id"]]
    version = PlanVersion.objects.get(plan_id=plan["id"])
    detail = _detail(http, version)
    assert [s["key"] for s in detail["sections"]] == [s.key for s in SECTIONS]
    assert all(s["revision"] == 1 for s in detail["sections"])
    assert [d["number"] for d in detail["domains"]] == list(range(1, 9))
    assert (detail["status"], detail["sanctions"], detail["flags"]) == ("concept", [], [])
    # process data comes prefilled from the case team
    assert world.owner.last_name in detail["sections"][0]["data"]["procesmanager_gemeente"]


def test_reader_reads_but_cannot_create_and_outsider_sees_nothing(world):
    version = _draft(world)
    reader, outsider = world.client_for("reader"), world.client_for("outsider")
    for url in (_plans_url(world.case.pk), f"{_plans_url(world.case.pk)}{version.plan_id}/versions/"):
        assert reader.get(url).status_code == 200
        assert outsider.get(url).status_code == 404
    assert reader.get(_version_url(version)).status_code == 200
    assert outsider.get(_version_url(version)).status_code == 404
    payload = {"template": "mo-trajectplan"}
    assert reader.post(_plans_url(world.case.pk), payload, content_type=JSON).status_code == 403
    assert outsider.post(_plans_url(world.case.pk), payload, content_type=JSON).status_code == 404


def test_fill_a_plan(world):
    http = world.client_for("owner")
    version = _draft(world)
    url = _version_url(version)

    section = http.patch(
        f"{url}sections/status/",
        {"data": {"gedetineerd": "ja", "huisverbod_van": "2026-11-02"}, "revision": 1},
        content_type=JSON,
    )
    assert section.status_code == 200, section.content
    assert section.json()["revision"] == 2
    # PATCH merges: fields not sent stay, an empty value clears
    section = http.patch(
        f"{url}sections/status/",
        {"data": {"gedetineerd": "", "opname_ggz": "nee"}, "revision": 2},
        content_type=JSON,
    )
    assert section.json()["data"] == {"huisverbod_van": "2026-11-02", "opname_ggz": "nee"}
    bad = http.patch(
        f"{url}sections/status/",
        {"data": {"gedetineerd": "misschien", "huisverbod_tot": "morgen", "kleur": "rood"}, "revision": 3},
        content_type=JSON,
    )
    assert set(invalid(bad)) == {"data.gedetineerd", "data.huisverbod_tot", "data.kleur"}
    assert (
        http.patch(f"{url}sections/bestaat-niet/", {"data": {}, "revision": 1}, content_type=JSON).status_code
        == 404
    )

    domain = _domain(version, 3)
    durl = _domain_url(domain)
    changed = http.patch(
        durl, {"current_situation": "Schulden bij de woningcorporatie", "revision": 1}, content_type=JSON
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["revision"] == 2
    missing = http.patch(durl, {"client_wishes": "x"}, content_type=JSON)
    assert list(invalid(missing)) == ["revision"]
    flags = _detail(http, version)["flags"]
    assert [(f["number"], f["reasons"]) for f in flags] == [(3, ["no_goal", "no_responsible_partner"])]

    goal = http.post(f"{durl}goals/", {"text": "Schulden saneren", "kind": "tussendoel"}, content_type=JSON)
    assert goal.status_code == 201, goal.content
    no_text = http.post(f"{durl}goals/", {"kind": "einddoel"}, content_type=JSON)
    assert list(invalid(no_text)) == ["text"]
    goal_url = f"{durl}goals/{goal.json()['id']}/"
    assert goal.json()["revision"] == 1
    edited = http.patch(goal_url, {"target_date": "2027-03-01", "revision": 1}, content_type=JSON)
    assert (edited.status_code, edited.json()["text"], edited.json()["target_date"]) == (
        200,
        "Schulden saneren",
        "2027-03-01",
    )
    assert edited.json()["revision"] == 2
    assert [f["reasons"] for f in _detail(http, version)["flags"]] == [["no_responsible_partner"]]

    # an intervention without a partner does not lift the flag; one with a partner (by name) does
    no_partner = http.post(f"{durl}interventions/", {"description": "Budgetcursus"}, content_type=JSON)
    assert no_partner.status_code == 201
    assert [f["reasons"] for f in _detail(http, version)["flags"]] == [["no_responsible_partner"]]
    unknown = http.post(
        f"{durl}interventions/",
        {"description": "Schuldhulp", "responsible_organisation": "Bestaat niet"},
        content_type=JSON,
    )
    assert list(invalid(unknown)) == ["responsible_organisation"]
    stranger = OrganisationFactory(name="Buiten het team-test")
    outside = http.post(
        f"{durl}interventions/",
        {"description": "Schuldhulp", "responsible_organisation": stranger.name},
        content_type=JSON,
    )
    assert invalid(outside)["responsible_organisation"][0].startswith("Buiten het team-test zit niet in het")
    intervention = http.post(
        f"{durl}interventions/",
        {"description": "Schuldhulpverlening", "responsible_organisation": world.gemeente.name},
        content_type=JSON,
    )
    assert intervention.status_code == 201
    assert intervention.json()["responsible_organisation"] == world.gemeente.name
    assert _detail(http, version)["flags"] == []

    sanction = http.post(
        f"{url}sanctions/", {"option": 4, "text": "Geen contact met de buren"}, content_type=JSON
    )
    assert sanction.status_code == 201
    assert (sanction.json()["option_name"], sanction.json()["group"]) == (
        "Contactverbod",
        "vrijheidsbeperkend",
    )
    free = http.post(f"{url}sanctions/", {"option": None, "text": "Eigen voorwaarde"}, content_type=JSON)
    assert (free.status_code, free.json()["option"]) == (201, None)
    empty = http.post(f"{url}sanctions/", {"option": None, "text": ""}, content_type=JSON)
    assert list(invalid(empty)) == ["text"]
    assert http.post(f"{url}sanctions/", {"option": 99}, content_type=JSON).status_code == 400

    detail = _detail(http, version)
    domain3 = next(d for d in detail["domains"] if d["number"] == 3)
    assert [g["text"] for g in domain3["goals"]] == ["Schulden saneren"]
    assert len(domain3["interventions"]) == 2
    assert [s["text"] for s in detail["sanctions"]] == ["Geen contact met de buren", "Eigen voorwaarde"]

    assert http.delete(goal_url).status_code == 204
    assert http.delete(f"{durl}interventions/{no_partner.json()['id']}/").status_code == 204
    assert http.delete(f"{url}sanctions/{free.json()['id']}/").status_code == 204
    assert not Goal.objects.filter(domain=domain).exists()
    assert Intervention.objects.filter(domain=domain).count() == 1
    assert PlanSanction.objects.filter(version=version).count() == 1


def test_publish(world):
    http = world.client_for("owner")
    version = _draft(world)
    past = http.post(f"{_version_url(version)}publish/", {"evaluation_date": "2020-01-01"}, content_type=JSON)
    assert list(invalid(past)) == ["evaluation_date"]
    evaluation = timezone.localdate() + datetime.timedelta(days=90)
    response = http.post(
        f"{_version_url(version)}publish/", {"evaluation_date": evaluation.isoformat()}, content_type=JSON
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["evaluation_date"], body["version_date"]) == (
        "vastgesteld",
        evaluation.isoformat(),
        timezone.localdate().isoformat(),
    )
    assert body["published_by"] == world.owner.get_full_name()
    assert Deadline.objects.filter(kind="plan-evaluatie", anchor_date=evaluation).exists()


def _write_requests(version, goal, intervention, sanction):
    url, durl = _version_url(version), _domain_url(goal.domain)
    return {
        "section": ("patch", f"{url}sections/aanleiding/", {"data": {"overlast": "ja"}, "revision": 1}),
        "domain": ("patch", durl, {"current_situation": "Anders", "revision": 1}),
        "goal-create": ("post", f"{durl}goals/", {"text": "Nieuw doel"}),
        "goal-update": ("patch", f"{durl}goals/{goal.pk}/", {"text": "Gewijzigd", "revision": 1}),
        "goal-delete": ("delete", f"{durl}goals/{goal.pk}/", {}),
        "intervention-create": ("post", f"{durl}interventions/", {"description": "Nieuw"}),
        "intervention-delete": ("delete", f"{durl}interventions/{intervention.pk}/", {}),
        "sanction-create": ("post", f"{url}sanctions/", {"option": 7}),
        "sanction-delete": ("delete", f"{url}sanctions/{sanction.pk}/", {}),
        "publish": ("post", f"{url}publish/", {}),
    }


WRITES = [
    "section",
    "domain",
    "goal-create",
    "goal-update",
    "goal-delete",
    "intervention-create",
    "intervention-delete",
    "sanction-create",
    "sanction-delete",
    "publish",
]


@pytest.mark.parametrize("write", WRITES)
def test_a_published_version_refuses_every_change_with_409(world, write):
    version, goal, intervention, sanction = _published(world)
    method, url, data = _write_requests(version, goal, intervention, sanction)[write]
    response = getattr(world.client_for("owner"), method)(url, data, content_type=JSON)
    body = problem(response, 409)
    assert (body["code"], "current" in body) == ("version_published", False)
    assert "vastgestelde versie" in body["detail"]
    assert Goal.objects.get(pk=goal.pk).text == "Zelfstandig wonen"
    assert Intervention.objects.filter(domain=goal.domain).count() == 1
    assert PlanSanction.objects.filter(version=version).count() == 1
    assert PlanSection.objects.get(version=version, key="aanleiding").revision == 1
    assert _domain(version).revision == 1


@pytest.mark.parametrize("write", WRITES)
def test_a_reader_gets_403_and_an_outsider_404_on_every_write(world, write):
    version = _draft(world)
    domain = _domain(version)
    goal = goal_save(domain=domain, by=world.owner, text="Zelfstandig wonen")
    intervention = intervention_save(domain=domain, by=world.owner, description="Begeleid wonen")
    sanction = sanction_add(version=version, by=world.owner, text="Eigen voorwaarde")
    method, url, data = _write_requests(version, goal, intervention, sanction)[write]
    for who, expected in (("reader", 403), ("outsider", 404)):
        response = getattr(world.client_for(who), method)(url, data, content_type=JSON)
        assert response.status_code == expected, (who, response.content)
    assert Goal.objects.get(pk=goal.pk).text == "Zelfstandig wonen"
    assert PlanVersion.objects.get(pk=version.pk).status == VersionStatus.DRAFT


def test_next_version_carries_the_goals_over(world):
    http = world.client_for("owner")
    version, goal, _intervention, _sanction = _published(world)
    next_url = f"{_plans_url(world.case.pk)}{version.plan_id}/next-version/"
    response = http.post(next_url, content_type=JSON)
    assert response.status_code == 201, response.content
    draft = response.json()
    assert (draft["number"], draft["status"], draft["based_on"]) == (2, "concept", version.pk)
    domain1 = next(d for d in draft["domains"] if d["number"] == 1)
    assert [(g["text"], g["carried_from"]) for g in domain1["goals"]] == [("Zelfstandig wonen", goal.pk)]
    assert [i["responsible_organisation"] for i in domain1["interventions"]] == [world.gemeente.name]
    assert [s["option"] for s in draft["sanctions"]] == [5]

    # the carried goal is evaluated in the new draft; the published one stays as it was
    carried_url = (
        f"{_plans_url(world.case.pk)}{version.plan_id}/versions/{draft['id']}/domains/{domain1['id']}/goals/"
    )
    evaluated = http.patch(
        f"{carried_url}{domain1['goals'][0]['id']}/",
        {"evaluation_result": "deels", "evaluation_note": "Wacht op een woning", "revision": 1},
        content_type=JSON,
    )
    assert (evaluated.status_code, evaluated.json()["evaluation_result"]) == (200, "deels")
    assert Goal.objects.get(pk=goal.pk).evaluation_result == ""

    again = http.post(next_url, content_type=JSON)
    assert "conceptversie" in invalid(again)["non_field_errors"][0]
    versions = http.get(f"{_plans_url(world.case.pk)}{version.plan_id}/versions/").json()
    assert [(v["number"], v["status"]) for v in versions] == [(2, "concept"), (1, "vastgesteld")]


def test_no_next_version_while_the_draft_is_open(world):
    version = _draft(world)
    response = world.client_for("owner").post(
        f"{_plans_url(world.case.pk)}{version.plan_id}/next-version/", content_type=JSON
    )
    assert "conceptversie" in invalid(response)["non_field_errors"][0]
    assert PlanVersion.objects.filter(plan_id=version.plan_id).count() == 1


def test_the_service_the_api_and_the_form_refuse_a_value_with_the_same_message(world):
    version = _draft(world)
    section = version.sections.get(key="status")
    bad = {"huisverbod_van": "morgen", "inrichting": "x" * 301, "gedetineerd": "misschien"}
    with pytest.raises(ValidationError) as refused:
        section_update(section=section, by=world.owner, expected_revision=1, data=bad)
    messages = refused.value.message_dict
    assert set(messages) == set(bad)
    http = world.client_for("owner")
    api = invalid(
        http.patch(
            f"{_version_url(version)}sections/status/", {"data": bad, "revision": 1}, content_type=JSON
        )
    )
    page = http.post(f"/casussen/{world.case.pk}/plan/v{version.pk}/sectie/status/", {"revision": 1, **bad})
    shown = page.content.decode()
    for key, texts in messages.items():
        for text in texts:
            assert text in api[f"data.{key}"], key
            assert escape(text) in shown, key
    section.refresh_from_db()
    assert (section.revision, section.data) == (1, {})


def test_stale_revision_gives_409_with_the_current_data(world):
    http = world.client_for("owner")
    version = _draft(world)
    url = f"{_version_url(version)}sections/omgeving/"
    first = http.patch(
        url, {"data": {"doel_maatregelen": "Buurtbemiddeling"}, "revision": 1}, content_type=JSON
    )
    assert first.status_code == 200
    stale = http.patch(url, {"data": {"doel_maatregelen": "Iets anders"}, "revision": 1}, content_type=JSON)
    current = problem(stale, 409)["current"]
    assert current["data"] == {"doel_maatregelen": "Buurtbemiddeling"}
    assert current["revision"] == 2

    durl = _domain_url(_domain(version, 5))
    assert (
        http.patch(durl, {"client_wishes": "Minderen", "revision": 1}, content_type=JSON).status_code == 200
    )
    stale = http.patch(durl, {"client_wishes": "Stoppen", "revision": 1}, content_type=JSON)
    current = problem(stale, 409)["current"]
    assert (current["client_wishes"], current["revision"]) == ("Minderen", 2)
    assert _domain(version, 5).client_wishes == "Minderen"


def test_objects_of_another_case_are_not_reachable_through_this_case(world):
    """The owner is on both teams, but a plan of case B is only found under case B."""
    other = CaseFactory(gemeente=world.gemeente)
    case_member_add(case=other, by=world.owner, user=world.owner, role=CaseRole.PROCESMANAGER_GEMEENTE)
    version = plan_create(case=other, template=PlanTemplate.objects.get(code="maatwerkplan"), by=world.owner)
    domain = _domain(version)
    goal = goal_save(domain=domain, by=world.owner, text="Doel in casus B")
    http = world.client_for("owner")
    wrong = _version_url(version, case_pk=world.case.pk)
    assert http.get(_version_url(version)).status_code == 200
    assert http.get(wrong).status_code == 404
    assert http.delete(f"{wrong}domains/{domain.pk}/goals/{goal.pk}/").status_code == 404
    assert http.post(f"{wrong}publish/", content_type=JSON).status_code == 404
    # and a goal of domain 1 is not found under domain 2 of the same version
    assert http.delete(f"{_domain_url(_domain(version, 2))}goals/{goal.pk}/").status_code == 404
    assert Goal.objects.filter(pk=goal.pk).exists()


def test_every_read_writes_one_access_log_row(world):
    version = _draft(world)
    http = world.client_for("reader")
    urls = [
        _plans_url(world.case.pk),
        f"{_plans_url(world.case.pk)}{version.plan_id}/versions/",
        _version_url(version),
    ]
    for url in urls:
        before = AccessLog.objects.count()
        assert http.get(url).status_code == 200
        assert AccessLog.objects.count() == before + 1, url
        row = AccessLog.objects.latest("pk")
        assert (row.user_id, row.case_id, row.client_id, row.channel, row.action) == (
            world.reader.pk,
            world.case.pk,
            world.case.client_id,
            "api",
            "inzien",
        )
    assert "v1" in AccessLog.objects.latest("pk").shown
    before = AccessLog.objects.count()
    world.client_for("outsider").get(_version_url(version))
    assert AccessLog.objects.count() == before, "a refused read shows nothing and logs nothing"


def test_version_detail_query_count_is_flat(world, django_assert_num_queries: DjangoAssertNumQueries):
    http = world.client_for("owner")
    version = _draft(world)
    url = _version_url(version)
    with django_assert_num_queries(VERSION_DETAIL_QUERIES):
        assert http.get(url).status_code == 200
    partner = OrganisationFactory(ggz=True)
    case_member_add(case=world.case, by=world.owner, organisation=partner, role=CaseRole.PARTNER)
    for domain in PlanDomain.objects.filter(version=version):
        for index in range(3):
            goal_save(domain=domain, by=world.owner, text=f"Doel {index}")
            intervention_save(
                domain=domain,
                by=world.owner,
                description=f"Interventie {index}",
                responsible_organisation=partner,
            )
    for number in (1, 4, 5):
        sanction_add(version=version, by=world.owner, option=SanctionOption.objects.get(number=number))
    with django_assert_num_queries(VERSION_DETAIL_QUERIES):
        assert http.get(url).status_code == 200


def test_openapi_schema_documents_the_plan_api(world):
    response = world.client_for("owner").get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    base = "/api/v1/cases/{id}/plans/{plan_id}/versions/{version_id}/"
    for path, methods in {
        "/api/v1/cases/{id}/plans/": {"get", "post"},
        "/api/v1/cases/{id}/plans/{plan_id}/next-version/": {"post"},
        "/api/v1/cases/{id}/plans/{plan_id}/versions/": {"get"},
        base: {"get"},
        f"{base}publish/": {"post"},
        f"{base}sections/{{key}}/": {"patch"},
        f"{base}domains/{{domain_id}}/": {"patch"},
        f"{base}domains/{{domain_id}}/goals/": {"post"},
        f"{base}domains/{{domain_id}}/goals/{{goal_id}}/": {"patch", "delete"},
        f"{base}domains/{{domain_id}}/interventions/": {"post"},
        f"{base}domains/{{domain_id}}/interventions/{{intervention_id}}/": {"delete"},
        f"{base}sanctions/": {"post"},
        f"{base}sanctions/{{sanction_id}}/": {"delete"},
    }.items():
        assert set(paths[path]) - {"parameters"} == methods, path
