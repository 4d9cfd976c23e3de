"""Who may reach the privacy officer's pages: the covenant's privacy officer (function PRIVACY_OFFICER)
only. Everyone else, the functional administrator included, gets 404: not even the pages' existence shows."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.http import Http404, HttpRequest

from privacy.models import Function, User

SECOND_REVIEW_PERMISSION = "privacy.second_review_destruction"

P = ParamSpec("P")
R = TypeVar("R")


def is_privacy_officer(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and getattr(user, "function", None) == Function.PRIVACY_OFFICER
    )


def may_second_review(user: User) -> bool:
    """A privacy officer who is also the controller's second reviewer of destruction lists."""
    return is_privacy_officer(user) and user.has_perm(SECOND_REVIEW_PERMISSION)


def privacy_officer_required(view: Callable[P, R]) -> Callable[P, R]:
    """A page of the privacy officer: 404 for anyone else."""

    @wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        request = args[0]
        if not isinstance(request, HttpRequest) or not is_privacy_officer(request.user):
            raise Http404
        return view(*args, **kwargs)

    return wrapped
