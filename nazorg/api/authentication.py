"""A prison's system authenticates with its organisation's API key: ``Authorization: Bearer <key>``.

The request then acts as the key's service user (an MMD'er account of that prison), so the nazorg access
functions decide what it sees exactly as they do for a person."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from nazorg.models import OrganisationToken, token_hash
from privacy.models import User

KEYWORD = "Bearer"


class OrganisationTokenAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[User, OrganisationToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(_("Geef de sleutel mee als: Authorization: Bearer <sleutel>."))
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise AuthenticationFailed(_("Ongeldige API-sleutel.")) from exc
        token = (
            OrganisationToken.objects.select_related("organisation", "service_user__organisation")
            .filter(key_hash=token_hash(key))
            .first()
        )
        if token is None or not _usable(token):
            raise AuthenticationFailed(_("Ongeldige of ingetrokken API-sleutel."))
        return token.service_user, token

    def authenticate_header(self, request: Request) -> str:
        # Makes DRF answer 401 (not 403) when the key is missing or wrong.
        return f'{KEYWORD} realm="api"'


def _usable(token: OrganisationToken) -> bool:
    user = token.service_user
    return (
        token.revoked_at is None
        and token.organisation.is_active
        and user.is_active
        and user.organisation_id == token.organisation_id
    )


class OrganisationTokenScheme(OpenApiAuthenticationExtension):
    target_class = "nazorg.api.authentication.OrganisationTokenAuthentication"
    name = "organisatieSleutel"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "API-sleutel van de penitentiaire inrichting, uitgegeven door functioneel beheer: "
                "`Authorization: Bearer <sleutel>`. Het systeem ziet alleen detenties van de eigen inrichting."
            ),
        }
