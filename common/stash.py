"""Keep what a user typed when their session expired, so the form can show it again after login.

A stash is only a pre-fill: it is restored on the GET after login and shown with a notice; nothing in it is
ever saved or submitted until the user presses the button again. Only a request that passes Django's CSRF
check (token, cookie and Origin/Referer) is stashed, so a hostile page cannot plant input or replace the
victim's session cookie.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, QueryDict
from django.middleware.csrf import CsrfViewMiddleware

_KEY = "stashed_post"


def _no_view(request: HttpRequest) -> HttpResponse:  # pragma: no cover - never called
    raise AssertionError("the CSRF check of a stash calls no view")


def csrf_rejection(request: HttpRequest) -> HttpResponse | None:
    """Django's own CSRF check, run before anything is stashed (the view-level check comes too late for a
    request that is redirected to the login page). None if the request passes; otherwise the normal CSRF
    failure response. A stash is never exempt, whatever the view."""
    return CsrfViewMiddleware(_no_view).process_view(request, _no_view, (), {})


def stash_post(request: HttpRequest) -> None:
    """Stash a POST that already passed ``csrf_rejection``."""
    data = request.POST.copy()
    data.pop("csrfmiddlewaretoken", None)
    request.session[_KEY] = {"path": request.path, "data": data.urlencode()}


def pop_stashed_post(request: HttpRequest) -> QueryDict | None:
    """The stashed input for this page, once, on a GET; None if there is none. A POST never takes it: the
    form is bound to what the user sends, never to what was stashed."""
    if request.method != "GET":
        return None
    stashed = request.session.get(_KEY)
    if not stashed or stashed.get("path") != request.path:
        return None
    del request.session[_KEY]
    return QueryDict(stashed["data"])
