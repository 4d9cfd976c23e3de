"""The API's error answers in its OpenAPI schema, documented once for every operation.

A drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]) adds to each operation
the error statuses it can answer, with the body each one has today:

- 400: the validation errors per field (DRF's shape: a field name with a list of messages, an object for a
  nested field, a list for a list field; errors that belong to no single field under ``detail`` or
  ``non_field_errors``);
- 401, 403, 404, 415, 429: ``{"detail": "..."}``; a 429 says in ``Retry-After`` how many seconds to wait;
- 409: ``{"detail": "..."}``, with the stored version in ``current`` after a stale version or revision.

An operation that documents a status itself keeps its description; only a missing body is filled in."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

WRITE_METHODS = {"post", "put", "patch", "delete"}
METHODS = WRITE_METHODS | {"get", "head", "options", "trace"}

ERROR = "ErrorResponse"
VALIDATION_ERRORS = "ValidationErrorResponse"
CONFLICT = "ConflictResponse"


def _components() -> dict[str, dict[str, Any]]:
    return {
        ERROR: {
            "type": "object",
            "properties": {"detail": {"type": "string", "description": _("Wat er mis is.")}},
            "required": ["detail"],
        },
        VALIDATION_ERRORS: {
            "type": "object",
            "description": _(
                "Per veld wat er mis is: de veldnaam met een lijst meldingen (bij een genest veld een object, "
                "bij een lijst een lijst per element). Fouten die niet bij één veld horen staan onder "
                "`detail` of `non_field_errors`."
            ),
            "additionalProperties": {},
        },
        CONFLICT: {
            "type": "object",
            "properties": {
                "detail": {"type": "string", "description": _("Wat er botst.")},
                "current": {
                    "type": "object",
                    "description": _(
                        "Bij een verouderde versie of revisie: de opgeslagen gegevens, in dezelfde vorm als "
                        "het gewone antwoord. Stuur uw wijziging opnieuw op basis hiervan."
                    ),
                    "additionalProperties": {},
                },
            },
            "additionalProperties": {},
        },
    }


def _responses(operation: dict[str, Any], method: str) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """Status -> (description, component, headers) of the errors this operation can answer."""
    has_body = "requestBody" in operation
    has_input = has_body or any(p.get("in") in {"query", "header"} for p in operation.get("parameters", []))
    authenticated = bool(operation.get("security"))
    found: dict[str, tuple[str, str, dict[str, Any]]] = {}
    if has_input or method in WRITE_METHODS:
        found["400"] = (_("Ongeldig verzoek: per veld wat er mis is."), VALIDATION_ERRORS, {})
    if authenticated:
        found["401"] = (
            _(
                "Niet aangemeld: geen, een ongeldige of een ingetrokken sleutel, of de tweestapsverificatie "
                "is niet afgerond."
            ),
            ERROR,
            {},
        )
        found["403"] = (
            _(
                "Geen toestemming voor deze handeling, bijvoorbeeld alleen-lezen in deze casus (of niet "
                "aangemeld, bij een verzoek zonder geldige sleutel)."
            ),
            ERROR,
            {},
        )
    found["404"] = (
        _("Niet gevonden, of u heeft er geen toegang toe: het antwoord zegt niet of het bestaat."),
        ERROR,
        {},
    )
    if method in WRITE_METHODS:
        found["409"] = (
            _(
                "Botst met de huidige toestand; na een verouderde versie of revisie staan de opgeslagen "
                "gegevens in `current`."
            ),
            CONFLICT,
            {},
        )
    if has_body:
        found["415"] = (_("Dit inhoudstype (Content-Type) kent deze operatie niet."), ERROR, {})
    if authenticated:
        found["429"] = (
            _(
                "Te veel verzoeken met deze sleutel of dit account: probeer het over het aantal seconden in "
                "Retry-After opnieuw."
            ),
            ERROR,
            {
                "Retry-After": {
                    "description": _("Aantal seconden om te wachten."),
                    "required": True,
                    "schema": {"type": "integer", "minimum": 0},
                }
            },
        )
    return found


def document_error_responses(result: dict[str, Any], generator: Any, **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: the error answers of every operation, with their bodies."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for name, body in _components().items():
        schemas.setdefault(name, body)
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for status, (description, component, headers) in _responses(operation, method).items():
                response = responses.setdefault(status, {"description": description})
                response.setdefault(
                    "content", {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}}
                )
                if headers:
                    response.setdefault("headers", {}).update(headers)
    return result
