"""API keys for tests, issued through the service as the admin and the command issue them."""

from __future__ import annotations

from privacy.models import ApiToken, Organisation, User
from privacy.services import api_token_issue


def user_key(user: User, name: str = "test") -> str:
    """A new personal key of ``user``; send it as ``Authorization: Token <key>``."""
    return api_token_issue(token=ApiToken(user=user, name=name), by=None)


def organisation_key(
    organisation: Organisation, service_user: User, name: str = "test"
) -> tuple[ApiToken, str]:
    """A new key of ``organisation``'s system acting as ``service_user``, and its token."""
    token = ApiToken(organisation=organisation, service_user=service_user, name=name)
    return token, api_token_issue(token=token, by=None)
