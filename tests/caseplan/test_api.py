"""The REST API: same access rules as the pages, optimistic locking, clear 4xx errors."""

from __future__ import annotations

from caseplan.models import Case, CaseMember
from privacy.models import AccessLog
from tests.problems import invalid, problem


def test_list_shows_only_team_cases_and_logs_them(world):
    data = world.client_for("owner").get("/api/v1/cases/").json()
    assert [row["reference"] for row in data["results"]] == [world.case.reference]
    assert data["results"][0]["client"]["achternaam"] == "Jansen"
    assert world.client_for("outsider").get("/api/v1/cases/").json()["count"] == 0
    assert AccessLog.objects.filter(channel="api", action="lijst", case_id=world.case.pk).count() == 1


def test_detail_read_is_logged(world):
    response = world.client_for("reader").get(f"/api/v1/cases/{world.case.pk}/")
    assert response.status_code == 200
    assert response.json()["gemeente"] == "GM0153"
    row = AccessLog.objects.get(user=world.reader, channel="api")
    assert (row.case_id, row.action) == (world.case.pk, "inzien")


def test_patch_needs_the_current_version(world):
    http = world.client_for("owner")
    url = f"/api/v1/cases/{world.case.pk}/"
    response = http.patch(url, {"approach": "PGA"}, content_type="application/json")
    assert "version" in invalid(response)
    response = http.patch(
        url, {"approach": "PGA", "version": world.case.revision}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["version"] == world.case.revision + 1
    stale = http.patch(
        url, {"approach": "Anders", "version": world.case.revision}, content_type="application/json"
    )
    assert problem(stale, 409)["current"]["approach"] == "PGA"
    assert Case.objects.get(pk=world.case.pk).approach == "PGA"


def test_client_patch_validates_bsn_with_a_named_field(world):
    http = world.client_for("owner")
    response = http.patch(
        f"/api/v1/cases/{world.case.pk}/client/",
        {"bsn": "123456789", "version": world.case.client.revision},
        content_type="application/json",
    )
    assert "elfproef" in invalid(response)["bsn"][0]


def test_create_case_via_api(world):
    http = world.client_for("owner")
    payload = {
        "client": {"achternaam": "de Vries", "voornamen": "Anna", "bsn": "111222333"},
        "gemeente": "GM0153",
        "purpose": "pga",
        "prioritisation_reason": "Aanmelding via API",
    }
    response = http.post("/api/v1/cases/", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["client"]["achternaam"] == "de Vries"
    assert CaseMember.objects.filter(case_id=body["id"], user=world.owner).exists()
    again = http.post("/api/v1/cases/", payload, content_type="application/json")
    assert again.status_code == 201
    assert again.json()["client"]["id"] == body["client"]["id"], "a known BSN links the existing client"


def test_create_with_unknown_gemeente_names_the_field(world):
    response = world.client_for("owner").post(
        "/api/v1/cases/",
        {"client": {"achternaam": "X"}, "gemeente": "GM9999", "purpose": "pga"},
        content_type="application/json",
    )
    assert "gemeente" in invalid(response)


def test_team_members_via_api(world):
    http = world.client_for("owner")
    url = f"/api/v1/cases/{world.case.pk}/members/"
    response = http.post(
        url, {"user": world.outsider.email, "role": "partner"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert world.client_for("outsider").get(f"/api/v1/cases/{world.case.pk}/").status_code == 200
    member_id = response.json()["id"]
    assert http.delete(f"{url}{member_id}/").status_code == 204
    assert world.client_for("outsider").get(f"/api/v1/cases/{world.case.pk}/").status_code == 404


def test_openapi_schema_and_docs(world):
    http = world.client_for("owner")
    schema = http.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/cases/{id}/" in paths
    assert "/api/v1/cases/{id}/members/" in paths
    assert http.get("/api/v1/docs/").status_code == 200
