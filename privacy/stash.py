"""Keep what a user typed when their session expired, so the form can show it again after login."""

from __future__ import annotations

from django.http import HttpRequest, QueryDict

_KEY = "stashed_post"


def stash_post(request: HttpRequest) -> None:
    data = request.POST.copy()
    data.pop("csrfmiddlewaretoken", None)
    request.session[_KEY] = {"path": request.path, "data": data.urlencode()}


def pop_stashed_post(request: HttpRequest) -> QueryDict | None:
    """The stashed input for this page, once; None if there is none."""
    stashed = request.session.get(_KEY)
    if not stashed or stashed.get("path") != request.path:
        return None
    del request.session[_KEY]
    return QueryDict(stashed["data"])
