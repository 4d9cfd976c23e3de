"""NUL characters are refused at the door. PostgreSQL text and jsonb cannot hold U+0000, so a NUL that
reaches a query or a save is a 500; no real input contains one. The middleware answers 400 to a NUL in
the path, the query string or a posted form; the DRF parsers answer 400 to a NUL anywhere in a body."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import IO, Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser, FormParser, JSONParser, MultiPartParser

NUL = "\x00"
API_PREFIX = "/api/"


def _has_nul(pairs: Iterable[tuple[str, list[Any]]]) -> bool:
    return any(NUL in key or any(isinstance(v, str) and NUL in v for v in values) for key, values in pairs)


def _message() -> str:
    return _(
        "De invoer bevat een NUL-teken (U+0000). Dat teken is nergens toegestaan; haal het weg en probeer "
        "het opnieuw."
    )


class RejectNulMiddleware:
    """400 for a request whose path, query string or form fields (urlencoded or multipart) contain NUL.

    API bodies are left to the DRF parsers below: reading them here would take the body from DRF."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        api = request.path.startswith(API_PREFIX)
        if (
            NUL in request.path
            or _has_nul(request.GET.lists())
            or (request.method == "POST" and not api and _has_nul(request.POST.lists()))
        ):
            if api:
                # Imported here: the problem module loads DRF's views, which load the parsers below.
                from common.api_problem import problem_response

                return problem_response(request, 400, _message(), code="parse_error")
            return HttpResponseBadRequest(_message(), content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def nul_location(data: Any, where: str = "") -> str | None:
    """The place of the first NUL in parsed data ("client.achternaam", "goals[2].text"), or None."""
    if isinstance(data, str):
        return (where or "(body)") if NUL in data else None
    if isinstance(data, Mapping):
        # A QueryDict (form data) holds a list per key: its values share the key's name.
        pairs = data.lists() if hasattr(data, "lists") else ((key, [value]) for key, value in data.items())
        for key, values in pairs:
            place = f"{where}.{key}" if where else str(key)
            if NUL in str(key):
                return place.replace(NUL, "U+0000")
            for value in values:
                found = nul_location(value, place)
                if found:
                    return found
    elif isinstance(data, list | tuple):
        for index, value in enumerate(data):
            found = nul_location(value, f"{where}[{index}]")
            if found:
                return found
    return None


class NulRejectingParserMixin(BaseParser):
    """Refuses parsed data with a NUL anywhere in it (values and keys, at any depth)."""

    def parse(
        self, stream: IO[Any], media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        parsed = super().parse(stream, media_type, parser_context)
        data = getattr(parsed, "data", parsed)  # multipart: DataAndFiles
        where = nul_location(data)
        if where is not None:
            raise ParseError(
                _("Het veld %(field)s bevat een NUL-teken (U+0000). Dat teken is nergens toegestaan.")
                % {"field": where}
            )
        return parsed


class NulRejectingJSONParser(NulRejectingParserMixin, JSONParser):
    pass


class NulRejectingFormParser(NulRejectingParserMixin, FormParser):
    pass


class NulRejectingMultiPartParser(NulRejectingParserMixin, MultiPartParser):
    pass
