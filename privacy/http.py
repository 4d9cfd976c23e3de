"""Request types for code behind the login.

``LoginAndTwoFactorRequiredMiddleware`` lets no anonymous visitor reach a page, and every API view
requires an authenticated user, so there ``request.user`` is a :class:`User`, never ``AnonymousUser``.
These classes only say so to the type checker; at run time the requests are Django's and DRF's own.
"""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails
from rest_framework.request import Request

from privacy.models import User


class AuthenticatedRequest(HttpRequest):
    """A page request from a signed-in user (with the ``htmx`` details of django-htmx's middleware)."""

    user: User
    htmx: HtmxDetails


class AuthenticatedApiRequest(Request):
    """An API request from a signed-in user."""

    user: User
