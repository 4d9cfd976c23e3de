"""Every error the API answers, in one shape: problem details (RFC 9457, ``application/problem+json``), as the
NL API Design Rules ask (/core/error-handling/problem-details: ``status``, ``title`` and ``detail`` always).

    {"type": "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1", "title": "Ongeldig verzoek",
     "status": 400, "detail": "text: Dit veld is verplicht.", "instance": "/api/v1/cases/1/…/goals/",
     "code": "invalid", "invalidParams": [{"name": "text", "code": "required", "reason": "Dit veld is …"}]}

- ``type`` names the kind of problem by its HTTP status (the status' definition); ``code`` says which one
  more precisely (``invalid``, ``not_found``, ``edit_conflict``, ``version_published``…). ``title`` is the
  status in words, ``detail`` this occurrence, ``instance`` the path that answered (without the query
  string: it can hold a BSN). Titles and details follow the request's language, Dutch first.
- Invalid input (400) lists every invalid field in ``invalidParams`` (``name`` as in the request, nested
  with dots and list positions: ``data.datum``, ``answers[1].item_id``; errors of no single field under
  ``non_field_errors``), all at once (/core/error-handling/all-errors).
- An edit conflict (409, ``edit_conflict``) carries the stored object in ``current``: a view whose writes
  can raise ``EditConflict`` says what that shows (and logs the read) in ``edit_conflict(exc) -> Conflict``.
  A change that the object's state no longer allows (``StateConflict``: a published plan version, a signed
  contract, a submitted document) is a 409 with the error's own code.
- A service's Django ValidationError is a 400 naming its fields; where the service's names differ from the
  request's, the view says so with ``service_fields`` (a nested document's fields under its key).

``problem_exception_handler`` is DRF's EXCEPTION_HANDLER; ``not_found`` and ``server_error`` are Django's
handler404/handler500, answering the same shape for any URL under /api/."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from http import HTTPStatus
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.defaults import page_not_found
from django.views.defaults import server_error as django_server_error
from rest_framework import exceptions, status
from rest_framework.fields import get_error_detail
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from common.errors import EditConflict, StateConflict

PROBLEM_JSON = "application/problem+json"
API_PREFIX = "/api/"

_RFC9110 = "https://www.rfc-editor.org/rfc/rfc9110#section-"
TYPES = {
    400: f"{_RFC9110}15.5.1",
    401: f"{_RFC9110}15.5.2",
    403: f"{_RFC9110}15.5.4",
    404: f"{_RFC9110}15.5.5",
    405: f"{_RFC9110}15.5.6",
    406: f"{_RFC9110}15.5.7",
    409: f"{_RFC9110}15.5.10",
    413: f"{_RFC9110}15.5.14",
    415: f"{_RFC9110}15.5.16",
    422: f"{_RFC9110}15.5.21",
    429: "https://www.rfc-editor.org/rfc/rfc6585#section-4",
    500: f"{_RFC9110}15.6.1",
}
TITLES: dict[int, str | Promise] = {
    400: pgettext_lazy("HTTP-status", "Ongeldig verzoek"),
    401: pgettext_lazy("HTTP-status", "Niet aangemeld"),
    403: pgettext_lazy("HTTP-status", "Geen toestemming"),
    404: pgettext_lazy("HTTP-status", "Niet gevonden"),
    405: pgettext_lazy("HTTP-status", "Methode niet toegestaan"),
    406: pgettext_lazy("HTTP-status", "Gevraagd formaat niet beschikbaar"),
    409: pgettext_lazy("HTTP-status", "Conflict met de huidige toestand"),
    413: pgettext_lazy("HTTP-status", "Verzoek te groot"),
    415: pgettext_lazy("HTTP-status", "Inhoudstype niet ondersteund"),
    422: pgettext_lazy("HTTP-status", "Verzoek niet te verwerken"),
    429: pgettext_lazy("HTTP-status", "Te veel verzoeken"),
    500: pgettext_lazy("HTTP-status", "Interne serverfout"),
}
CONFLICT_DETAIL = _(
    "Dit record is intussen door iemand anders gewijzigd. Hieronder de opgeslagen versie; "
    "stuur uw wijziging opnieuw met deze versie."
)
NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY
_NO_CURRENT = object()


class ProblemJSONRenderer(JSONRenderer):
    media_type = PROBLEM_JSON
    format = "problem+json"


class Conflict(exceptions.APIException):
    """409 after an edit conflict, with the stored object (as the client reads it) in ``current``."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = CONFLICT_DETAIL
    default_code = "edit_conflict"

    def __init__(self, detail: Any = None, code: str | None = None, *, current: Any = _NO_CURRENT) -> None:
        super().__init__(detail, code)
        self.current = current


# --- from exception to problem ----------------------------------------------------------------------------


def _from_service(exc: DjangoValidationError) -> exceptions.APIException:
    """A service's error: a change the state no longer allows is 409, any other invalid input 400."""
    if isinstance(exc, StateConflict):
        conflict = exceptions.APIException(exc.messages[0], code=exc.code or "state_conflict")
        conflict.status_code = status.HTTP_409_CONFLICT
        return conflict
    detail = get_error_detail(exc)
    if isinstance(detail, list):
        return exceptions.ValidationError({NON_FIELD: detail})
    return exceptions.ValidationError({_api_key(key): value for key, value in detail.items()})


def _api_key(key: str) -> str:
    return NON_FIELD if key == NON_FIELD_ERRORS else key


def _as_api_exception(exc: Exception, view: Any) -> Exception:
    """DRF's exception for the errors the API knows; anything else stays as it is (a 500)."""
    if isinstance(exc, EditConflict):
        answer = getattr(view, "edit_conflict", None)
        return answer(exc) if answer is not None else Conflict()
    if isinstance(exc, DjangoValidationError):
        return _from_service(exc)
    if isinstance(exc, Http404):
        return exceptions.NotFound(*exc.args)
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(*exc.args)
    return exc


def _name(where: str, key: Any) -> str:
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else str(key)


def invalid_params(detail: Any, where: str = "") -> list[dict[str, str]]:
    """DRF's nested errors as a flat list of ``{name, code, reason}``, in the order of the request."""
    if isinstance(detail, Mapping):
        return [param for key, value in detail.items() for param in invalid_params(value, _name(where, key))]
    if isinstance(detail, list):
        params: list[dict[str, str]] = []
        for index, item in enumerate(detail):
            # A list of messages belongs to ``where``; a list of objects (a many=True serializer) to its items.
            params += invalid_params(item, where if isinstance(item, str) else _name(where, index))
        return params
    return [
        {
            "name": where or NON_FIELD,
            "code": getattr(detail, "code", None) or "invalid",
            "reason": str(detail),
        }
    ]


def _summary(params: list[dict[str, str]]) -> str:
    return " ".join(
        param["reason"] if param["name"] == NON_FIELD else f"{param['name']}: {param['reason']}"
        for param in params
    )


def problem(
    status_code: int, detail: Any, *, instance: str, code: str | None = None, **members: Any
) -> dict[str, Any]:
    """The body of one problem: the members every problem has, then the extension members given."""
    title = TITLES.get(status_code) or HTTPStatus(status_code).phrase
    return {
        "type": TYPES.get(status_code, "about:blank"),
        "title": str(title),
        "status": status_code,
        "detail": str(detail),
        "instance": instance,
        "code": code
        or getattr(detail, "code", None)
        or HTTPStatus(status_code).phrase.lower().replace(" ", "_"),
        **members,
    }


def _problem_of(exc: exceptions.APIException, status_code: int, instance: str) -> dict[str, Any]:
    if isinstance(exc.detail, dict | list):
        params = invalid_params(exc.detail)
        code = "invalid" if isinstance(exc, exceptions.ValidationError) else exc.default_code
        return problem(status_code, _summary(params), instance=instance, code=code, invalidParams=params)
    members = {}
    if isinstance(exc, Conflict) and exc.current is not _NO_CURRENT:
        members["current"] = exc.current
    return problem(status_code, exc.detail, instance=instance, **members)


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's EXCEPTION_HANDLER. It runs after the view's own transactions were undone, so a read logged while
    answering (the ``current`` of an edit conflict) is kept."""
    exc = _as_api_exception(exc, context.get("view"))
    if not isinstance(exc, exceptions.APIException):
        return None  # an unexpected error: Django answers 500 (server_error below, under /api/)
    # DRF's own handler sets the headers (WWW-Authenticate, Retry-After) and marks a rollback.
    response = drf_exception_handler(exc, context)
    assert response is not None
    request: Request | None = context.get("request")
    response.data = _problem_of(exc, response.status_code, request.path if request is not None else "")
    if request is not None:  # whatever the client asked for (a PDF, HTML), a problem is JSON
        request.accepted_renderer = ProblemJSONRenderer()
        request.accepted_media_type = PROBLEM_JSON
    return response


# --- fields named as in the request ----------------------------------------------------------------------


def api_validation_error(
    exc: DjangoValidationError,
    *,
    rename: Mapping[str, str] | None = None,
    under: str = "",
    top_level: Collection[str] = (),
) -> exceptions.APIException:
    """A service's errors under the request's names: ``rename`` maps the service's field names to the API's
    (``NON_FIELD_ERRORS`` too), ``under`` puts the fields of a nested document under its key, except the
    request's own fields in ``top_level``."""
    converted = _from_service(exc)
    if not isinstance(converted, exceptions.ValidationError) or not isinstance(converted.detail, dict):
        return converted
    names = {_api_key(key): name for key, name in (rename or {}).items()}
    renamed = {names.get(key, key): value for key, value in converted.detail.items()}
    if not under:
        return exceptions.ValidationError(renamed)
    outer = {key: value for key, value in renamed.items() if key in top_level}
    nested = {key: value for key, value in renamed.items() if key not in top_level}
    return exceptions.ValidationError({**outer, under: nested} if nested else outer)


@contextmanager
def service_fields(
    *, rename: Mapping[str, str] | None = None, under: str = "", top_level: Collection[str] = ()
) -> Iterator[None]:
    """Inside this block a service's validation errors name the request's fields (see api_validation_error)."""
    try:
        yield
    except DjangoValidationError as exc:
        raise api_validation_error(exc, rename=rename, under=under, top_level=top_level) from exc


# --- Django's error pages under /api/ ---------------------------------------------------------------------


def problem_response(
    request: HttpRequest, status_code: int, detail: Any, code: str | None = None
) -> HttpResponse:
    """A problem answered outside DRF (middleware, Django's error handlers)."""
    body = problem(status_code, detail, instance=request.path, code=code)
    return JsonResponse(
        body, status=status_code, content_type=PROBLEM_JSON, json_dumps_params={"ensure_ascii": False}
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler404: under /api/ a problem, elsewhere Django's page."""
    if request.path.startswith(API_PREFIX):
        return problem_response(request, 404, gettext("Niet gevonden."), code="not_found")
    return page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: under /api/ a problem that tells nothing about the cause, elsewhere Django's page."""
    if request.path.startswith(API_PREFIX):
        return problem_response(
            request, 500, gettext("Er ging iets mis aan onze kant. Probeer het later opnieuw."), code="error"
        )
    return django_server_error(request)
