"""The API's key authentication, one class for users' keys and organisations' keys.

A client sends ``Authorization: Token <key>``; ``Bearer <key>`` means the same (the prison API documented
Bearer, the rest of the API Token, and existing clients keep working with either). A user's key acts as
that user; an organisation's key acts as the organisation's service account, so the access functions
decide what it sees exactly as they do for a person. Each API says which kind of key it takes: the prison
API takes organisation keys only, every other API personal keys only. A key that is unknown, revoked,
expired, of the other kind, or whose account is inactive answers 401 with the reason."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from privacy.models import ApiToken, TokenState, User
from privacy.services import api_token_find, api_token_touch

KEYWORDS = frozenset({b"token", b"bearer"})


class ApiTokenAuthentication(BaseAuthentication):
    """Personal keys: the request acts as the key's user."""

    keyword = "Token"  # the scheme named in the 401's WWW-Authenticate header
    organisation_keys = False  # which kind of key this API takes

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(
                _("Geef de sleutel mee als: Authorization: %(keyword)s <sleutel>.")
                % {"keyword": self.keyword}
            )
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise AuthenticationFailed(_("Ongeldige API-sleutel.")) from exc
        token = api_token_find(key)
        if token is None:
            raise AuthenticationFailed(_("Ongeldige API-sleutel."))
        now = timezone.now()
        refusal = self.refusal(token, now=now)
        if refusal:
            raise AuthenticationFailed(refusal)
        api_token_touch(token=token, now=now)
        user = token.acts_as
        assert user is not None  # the check constraint: every key has an account to act as
        return user, token

    def refusal(self, token: ApiToken, *, now: datetime.datetime) -> str | None:
        """Why this key may not be used here, or None."""
        state = token.state(now)
        if state == TokenState.REVOKED:
            return _("Deze API-sleutel is ingetrokken. Vraag functioneel beheer om een nieuwe.")
        if state == TokenState.EXPIRED:
            return _("Deze API-sleutel is verlopen op %(date)s. Vraag functioneel beheer om een nieuwe.") % {
                "date": timezone.localtime(token.expires_at).strftime("%d-%m-%Y %H:%M")
            }
        if token.is_organisation_key != self.organisation_keys:
            if self.organisation_keys:
                return _("Deze API werkt alleen met de API-sleutel van een organisatie.")
            return _("Deze API werkt met een persoonlijke API-sleutel, niet met die van een organisatie.")
        if not _account_active(token):
            return _("Het account of de organisatie van deze API-sleutel is niet actief.")
        return None

    def authenticate_header(self, request: Request) -> str:
        # Makes DRF answer 401 (not 403) when the key is missing or refused.
        return f'{self.keyword} realm="api"'


class OrganisationKeyAuthentication(ApiTokenAuthentication):
    """Organisation keys (the prison API): the request acts as the organisation's service account."""

    keyword = "Bearer"
    organisation_keys = True


def _account_active(token: ApiToken) -> bool:
    if not token.is_organisation_key:
        return token.user is not None and token.user.is_active
    organisation, user = token.organisation, token.service_user
    return (
        organisation is not None
        and organisation.is_active
        and user is not None
        and user.is_active
        and user.organisation_id == organisation.pk
    )


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "privacy.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "Persoonlijke API-sleutel, uitgegeven door functioneel beheer: `Authorization: Token <sleutel>`. "
                "De sleutel werkt als de gebruiker, met diens toegang."
            ),
        }


class OrganisationKeyScheme(OpenApiAuthenticationExtension):
    target_class = "privacy.authentication.OrganisationKeyAuthentication"
    name = "organisatieSleutel"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "API-sleutel van een organisatie (het systeem van een penitentiaire inrichting), uitgegeven "
                "door functioneel beheer: `Authorization: Bearer <sleutel>`. Het systeem werkt als het "
                "serviceaccount van de organisatie en ziet alleen detenties van de eigen inrichting."
            ),
        }
