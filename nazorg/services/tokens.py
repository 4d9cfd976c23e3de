"""Issuing and revoking the API keys of prison systems. Only a key's hash is stored: the key is shown once."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nazorg.models import OrganisationToken, token_hash
from privacy.models import Function, Organisation, OrganisationType, User

PREFIX_LENGTH = 8


def token_check(*, organisation: Organisation | None, service_user: User | None) -> None:
    """A key belongs to a prison and acts as an MMD'er account of that prison (the access model's PI side)."""
    errors: dict[str, str] = {}
    if organisation is not None and organisation.type != OrganisationType.PENITENTIAIRE_INRICHTING:
        errors["organisation"] = _("Alleen een penitentiaire inrichting krijgt een API-sleutel.")
    if service_user is not None and organisation is not None:
        if service_user.organisation_id != organisation.pk:
            errors["service_user"] = _("Het serviceaccount hoort bij een andere organisatie.")
        elif service_user.function != Function.MMD:
            errors["service_user"] = _("Het serviceaccount heeft de functie MMD'er nodig.")
        elif not service_user.is_active:
            errors["service_user"] = _("Het serviceaccount is niet actief.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def token_issue(*, token: OrganisationToken) -> str:
    """Give a new (unsaved) token its key and save it. Returns the key; after this it cannot be read back."""
    token_check(organisation=token.organisation, service_user=token.service_user)
    key = secrets.token_urlsafe(32)
    token.key_hash = token_hash(key)
    token.prefix = key[:PREFIX_LENGTH]
    token.save()
    return key


@transaction.atomic
def token_revoke(*, token: OrganisationToken) -> OrganisationToken:
    """Revoking is final: a system that needs access again gets a new key."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
