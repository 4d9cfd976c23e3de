"""Response headers every page and API answer needs, whatever app it comes from."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class NoStoreMiddleware:
    """No page, fragment or API answer with client data is kept in a browser or proxy cache: every response
    to a logged-in user and every API response gets ``Cache-Control: no-store, private``. A response that
    already says ``no-store`` keeps its own header; static files are left alone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        path = request.path_info
        if path.startswith(f"/{settings.STATIC_URL.lstrip('/')}"):
            return response
        if not (path.startswith("/api/") or request.user.is_authenticated):
            return response
        if "no-store" not in response.get("Cache-Control", ""):
            patch_cache_control(response, no_store=True, private=True)
        return response
