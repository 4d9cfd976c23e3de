"""The API's one error shape as the tests read it: problem details (common/api_problem.py)."""

from __future__ import annotations

from typing import Any

PROBLEM_JSON = "application/problem+json"


def problem(response: Any, status: int) -> dict[str, Any]:
    """The body of an error answer, after checking that it is a problem with this status."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM_JSON, response["Content-Type"]
    body = response.json()
    assert body["status"] == status, body
    for member in ("type", "title", "detail", "instance", "code"):
        assert isinstance(body[member], str) and body[member], (member, body)
    return body


def invalid(response: Any) -> dict[str, list[str]]:
    """A 400's invalid fields, by name as in the request (``data.datum``), each with its reasons."""
    body = problem(response, 400)
    found: dict[str, list[str]] = {}
    for param in body["invalidParams"]:
        assert set(param) == {"name", "code", "reason"}, param
        found.setdefault(param["name"], []).append(param["reason"])
    return found


def invalid_fields(response: Any) -> set[str]:
    """A 400's invalid top-level fields: ``answers`` for ``answers[1].item_id``."""
    return {name.split("[")[0].split(".")[0] for name in invalid(response)}
