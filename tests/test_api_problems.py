"""One error shape for the whole API: every error answers with problem details (RFC 9457,
application/problem+json; common/api_problem.py), through the real endpoints, status by status."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client as HttpClient

from caseplan.api import views as case_api
from caseplan.models import PlanTemplate
from caseplan.services.plans import plan_create, version_publish
from tests.problems import PROBLEM_JSON, invalid, problem
from tests.world import World

RFC9110 = "https://www.rfc-editor.org/rfc/rfc9110#section-"
JSON = "application/json"
NAZORG = "/api/v1/nazorg/detenties/"


def _case_url(world: World) -> str:
    return f"/api/v1/cases/{world.case.pk}/"


def test_invalid_input_names_every_field_at_once(world: World):
    response = world.client_for("owner").post(
        "/api/v1/cases/", {"client": {"voornamen": "Anna"}, "gemeente": "GM9999"}, content_type=JSON
    )
    body = problem(response, 400)
    assert (body["type"], body["title"], body["code"]) == (f"{RFC9110}15.5.1", "Ongeldig verzoek", "invalid")
    assert body["instance"] == "/api/v1/cases/"
    names = [param["name"] for param in body["invalidParams"]]
    assert {"client.achternaam", "gemeente", "purpose"} <= set(names), names
    required = next(param for param in body["invalidParams"] if param["name"] == "purpose")
    assert required["code"] == "required" and required["reason"]
    assert "client.achternaam: " in body["detail"] and "gemeente: " in body["detail"]


def test_a_services_validation_error_is_a_400_too(world: World):
    version = plan_create(
        case=world.case, template=PlanTemplate.objects.get(code="maatwerkplan"), by=world.owner
    )
    url = f"/api/v1/cases/{world.case.pk}/plans/{version.plan_id}/next-version/"
    body = problem(world.client_for("owner").post(url, content_type=JSON), 400)
    [param] = body["invalidParams"]
    assert (param["name"], param["code"]) == ("non_field_errors", "invalid")
    assert "conceptversie" in param["reason"] and body["detail"] == param["reason"]


def test_an_edit_conflict_is_a_409_with_the_stored_object(world: World):
    http = world.client_for("owner")
    version = world.case.revision
    assert (
        http.patch(_case_url(world), {"approach": "PGA", "version": version}, content_type=JSON).status_code
        == 200
    )
    stale = http.patch(_case_url(world), {"approach": "Anders", "version": version}, content_type=JSON)
    body = problem(stale, 409)
    assert (body["type"], body["code"]) == (f"{RFC9110}15.5.10", "edit_conflict")
    assert (body["current"]["approach"], body["current"]["version"]) == ("PGA", version + 1)
    assert "intussen" in body["detail"]


def test_a_change_to_a_frozen_object_is_a_409_with_its_own_code(world: World):
    draft = plan_create(
        case=world.case, template=PlanTemplate.objects.get(code="maatwerkplan"), by=world.owner
    )
    version = version_publish(version=draft, by=world.owner, evaluation_date=None)
    url = f"/api/v1/cases/{world.case.pk}/plans/{version.plan_id}/versions/{version.pk}/sections/aanleiding/"
    response = world.client_for("owner").patch(url, {"data": {}, "revision": 1}, content_type=JSON)
    body = problem(response, 409)
    assert (body["code"], "current" in body) == ("version_published", False)
    assert "vastgestelde versie" in body["detail"]


def test_no_or_a_wrong_key_is_a_401(world: World):
    anonymous = problem(HttpClient().get(NAZORG), 401)
    assert (anonymous["type"], anonymous["title"]) == (f"{RFC9110}15.5.2", "Niet aangemeld")
    wrong = HttpClient().get(NAZORG, headers={"Authorization": "Bearer niet-de-sleutel"})
    assert problem(wrong, 401)["code"] == "authentication_failed"
    assert wrong["WWW-Authenticate"].startswith("Bearer")


def test_a_session_without_the_second_factor_is_a_401(world: World):
    http = HttpClient()
    http.force_login(world.owner)
    assert problem(http.get("/api/v1/cases/"), 401)["code"] == "second_factor_required"


def test_a_read_only_colleague_gets_403_and_nobody_signed_in_401(world: World):
    response = world.client_for("reader").patch(
        _case_url(world), {"approach": "x", "version": world.case.revision}, content_type=JSON
    )
    body = problem(response, 403)
    assert (body["type"], body["code"]) == (f"{RFC9110}15.5.4", "permission_denied")
    assert body["detail"] == "U mag deze casus alleen inzien."
    anonymous = HttpClient().get("/api/v1/cases/")
    assert problem(anonymous, 401)["code"] == "not_authenticated"
    assert anonymous["WWW-Authenticate"].startswith("Token")


def test_an_outsider_gets_404_that_says_nothing_about_the_case(world: World):
    body = problem(world.client_for("outsider").get(_case_url(world)), 404)
    assert (body["type"], body["code"], body["instance"]) == (
        f"{RFC9110}15.5.5",
        "not_found",
        _case_url(world),
    )
    assert world.case.client.achternaam not in str(body)


def test_a_method_the_url_does_not_have_is_a_405(world: World):
    response = world.client_for("owner").put(_case_url(world), {}, content_type=JSON)
    body = problem(response, 405)
    assert (body["type"], body["code"]) == (f"{RFC9110}15.5.6", "method_not_allowed")
    assert "PATCH" in response["Allow"]


def test_an_answer_format_the_api_does_not_have_is_a_406_in_problem_json(world: World):
    response = world.client_for("owner").get("/api/v1/cases/", HTTP_ACCEPT="application/xml")
    assert problem(response, 406)["code"] == "not_acceptable"


def test_a_body_type_the_operation_does_not_take_is_a_415(world: World):
    response = world.client_for("owner").post("/api/v1/cases/", "achternaam=X", content_type="text/plain")
    assert problem(response, 415)["code"] == "unsupported_media_type"


def test_a_nul_in_the_query_string_is_a_400_whose_instance_leaves_the_query_out(world: World):
    body = problem(world.client_for("owner").get("/api/v1/cases/", {"q": "123\x00"}), 400)
    assert (body["code"], body["instance"]) == ("parse_error", "/api/v1/cases/")


def test_an_unexpected_error_is_a_500_that_tells_nothing(world: World, monkeypatch: pytest.MonkeyPatch):
    def broken(**kwargs: Any) -> Any:
        raise RuntimeError("geheime details uit de database")

    monkeypatch.setattr(case_api, "case_list_for_user", broken)
    http = world.client_for("owner")
    http.raise_request_exception = False
    body = problem(http.get("/api/v1/cases/"), 500)
    assert (body["type"], body["code"]) == (f"{RFC9110}15.6.1", "error")
    assert "geheime" not in str(body)


def test_titles_and_details_follow_the_chosen_language(world: World):
    http = world.client_for("outsider")
    http.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = problem(http.get(_case_url(world)), 404)
    assert body["title"] == "Not Found"
    http = world.client_for("owner")
    http.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "version" in invalid(http.patch(_case_url(world), {"approach": "x"}, content_type=JSON))


def test_the_schema_documents_every_error_as_a_problem(world: World):
    schema = world.client_for("owner").get("/api/v1/schema/", HTTP_ACCEPT=JSON).json()
    components = schema["components"]["schemas"]
    assert {"status", "title", "detail"} <= set(components["Problem"]["required"])
    assert components["InvalidParam"]["required"] == ["name", "code", "reason"]
    errors = 0
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            for status, response in operation.get("responses", {}).items():
                if int(status) < 400:
                    continue
                errors += 1
                assert list(response["content"]) == [PROBLEM_JSON], (path, method, status)
                schema_of = response["content"][PROBLEM_JSON]["schema"]
                refs = [schema_of, *schema_of.get("allOf", [])]
                assert {"$ref": "#/components/schemas/Problem"} in refs, (path, method, status)
    assert errors > 200
    case_conflict = schema["paths"]["/api/v1/cases/{id}/"]["patch"]["responses"]["409"]
    specific = case_conflict["content"][PROBLEM_JSON]["schema"]["allOf"][1]["$ref"].rsplit("/", 1)[-1]
    assert components[specific]["properties"]["current"]["allOf"] == [{"$ref": "#/components/schemas/Case"}]
