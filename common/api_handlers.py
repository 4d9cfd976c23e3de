"""Django's error pages for URLs that no API view handles: under /api/ the answer is JSON in the API's
error shape (``{"detail": ...}``), as documented in the schema, not an HTML page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found

API_PREFIX = "/api/"


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": _("Niet gevonden.")}, status=404)
    return page_not_found(request, exception)
