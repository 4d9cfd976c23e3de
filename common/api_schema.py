"""The API's error answers in its OpenAPI schema, documented once for every operation.

A drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]) adds to each operation
the error statuses it can answer (400, 401, 403, 404, 409 on writes, 415, 429 with ``Retry-After``), and
gives every error answer, also those an operation documents itself, one body: ``Problem``, problem details
as ``application/problem+json`` (common/api_problem.py). An operation that documents a body of its own for
an error (the ``current`` of an edit conflict, common/api_lock.py) gets it on top of ``Problem``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from common.api_problem import PROBLEM_JSON

WRITE_METHODS = {"post", "put", "patch", "delete"}
METHODS = WRITE_METHODS | {"get", "head", "options", "trace"}

PROBLEM = "Problem"
INVALID_PARAM = "InvalidParam"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _components() -> dict[str, dict[str, Any]]:
    return {
        PROBLEM: {
            "type": "object",
            "description": _(
                "Probleemdetails (RFC 9457, application/problem+json), het ene foutformaat van deze API."
            ),
            "properties": {
                "type": {
                    "type": "string",
                    "format": "uri-reference",
                    "description": _("Soort probleem: de definitie van de HTTP-status."),
                },
                "title": {"type": "string", "description": _("De status in woorden.")},
                "status": {
                    "type": "integer",
                    "minimum": 400,
                    "maximum": 599,
                    "description": _("HTTP-status."),
                },
                "detail": {"type": "string", "description": _("Wat er bij dit verzoek mis is.")},
                "instance": {
                    "type": "string",
                    "format": "uri-reference",
                    "description": _("Het pad dat antwoordde (zonder query string)."),
                },
                "code": {
                    "type": "string",
                    "description": _(
                        "Welk probleem precies, bijvoorbeeld `invalid`, `not_authenticated`, `permission_denied`, "
                        "`not_found`, `edit_conflict`, `version_published`, `contract_locked`, `throttled`."
                    ),
                },
                "invalidParams": {
                    "type": "array",
                    "items": _ref(INVALID_PARAM),
                    "description": _("Bij ongeldige invoer: alle ongeldige velden tegelijk."),
                },
                "current": {
                    "type": "object",
                    "nullable": True,
                    "additionalProperties": {},
                    "description": _(
                        "Bij een verouderde versie of revisie (`edit_conflict`): de opgeslagen gegevens, in "
                        "dezelfde vorm als het gewone antwoord. Stuur uw wijziging opnieuw op basis hiervan."
                    ),
                },
            },
            "required": ["type", "title", "status", "detail", "instance", "code"],
        },
        INVALID_PARAM: {
            "type": "object",
            "properties": {
                "name": {
                    "type": "string",
                    "description": _(
                        "Het veld zoals in het verzoek; genest met punten en posities (`data.datum`, "
                        "`answers[1].item_id`); `non_field_errors` voor een fout die bij geen enkel veld hoort."
                    ),
                },
                "code": {
                    "type": "string",
                    "description": _("Soort fout, bijvoorbeeld `required` of `invalid`."),
                },
                "reason": {"type": "string", "description": _("Wat er mis is.")},
            },
            "required": ["name", "code", "reason"],
        },
    }


def _responses(operation: dict[str, Any], method: str) -> dict[str, tuple[str, dict[str, Any]]]:
    """Status -> (description, headers) of the errors this operation can answer."""
    has_body = "requestBody" in operation
    has_input = has_body or any(p.get("in") in {"query", "header"} for p in operation.get("parameters", []))
    authenticated = bool(operation.get("security"))
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    if has_input or method in WRITE_METHODS:
        found["400"] = (
            _("Ongeldig verzoek; bij ongeldige invoer staat per veld in `invalidParams` wat er mis is."),
            {},
        )
    if authenticated:
        found["401"] = (
            _(
                "Niet aangemeld: geen, een ongeldige of een ingetrokken sleutel, of de tweestapsverificatie "
                "is niet afgerond."
            ),
            {},
        )
        found["403"] = (
            _(
                "Geen toestemming voor deze handeling, bijvoorbeeld alleen-lezen in deze casus (of niet "
                "aangemeld, bij een verzoek zonder geldige sleutel)."
            ),
            {},
        )
    found["404"] = (
        _("Niet gevonden, of u heeft er geen toegang toe: het antwoord zegt niet of het bestaat."),
        {},
    )
    if method in WRITE_METHODS:
        found["409"] = (
            _(
                "Botst met de huidige toestand; na een verouderde versie of revisie staan de opgeslagen "
                "gegevens in `current`."
            ),
            {},
        )
    if has_body:
        found["415"] = (_("Dit inhoudstype (Content-Type) kent deze operatie niet."), {})
    if authenticated:
        found["429"] = (
            _(
                "Te veel verzoeken met deze sleutel of dit account: probeer het over het aantal seconden in "
                "Retry-After opnieuw."
            ),
            {
                "Retry-After": {
                    "description": _("Aantal seconden om te wachten."),
                    "required": True,
                    "schema": {"type": "integer", "minimum": 0},
                }
            },
        )
    return found


def _problem_content(response: dict[str, Any]) -> dict[str, Any]:
    """The body of an error answer: Problem, with what the operation documents itself on top of it."""
    content = response.get("content", {})
    if list(content) == [PROBLEM_JSON]:
        return content
    own = [media["schema"] for media in content.values() if media.get("schema")]
    schema = {"allOf": [_ref(PROBLEM), own[0]]} if own else _ref(PROBLEM)
    return {PROBLEM_JSON: {"schema": schema}}


def document_error_responses(result: dict[str, Any], generator: Any, **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: the error answers of every operation, each a Problem."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for name, body in _components().items():
        schemas.setdefault(name, body)
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for status, (description, headers) in _responses(operation, method).items():
                response = responses.setdefault(status, {"description": description})
                if headers:
                    response.setdefault("headers", {}).update(headers)
            for status, response in responses.items():
                if status.isdigit() and int(status) >= 400:
                    response["content"] = _problem_content(response)
    return result
