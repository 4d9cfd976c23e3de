"""Writes of the privacy app: the access log, and the API keys of users and organisations."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from common.client_ip import client_ip
from privacy.models import AccessLog, ApiToken, Function, Organisation, OrganisationType, User


@dataclass(frozen=True)
class Viewed:
    """One piece of client data that was shown: whose (client, case), and under which purpose."""

    client_id: int | None
    case_id: int | None
    purpose: str
    detention_id: int | None = None


def _client_ip(request: HttpRequest | None) -> str | None:
    return client_ip(request) if request is not None else None


def access_log_record(
    *,
    user: User,
    viewed: Iterable[Viewed],
    action: str,
    shown: str,
    request: HttpRequest | None = None,
    channel: str = "web",
) -> int:
    """Write one access-log row per client/case shown, in one INSERT statement however many were shown
    (a list page of 25 cases writes 25 rows in one statement). Returns the number of rows."""
    organisation = user.organisation
    rows = [
        AccessLog(
            user=user,
            user_label=f"{user.get_full_name()} <{user.email}>",
            organisation_label=organisation.name if organisation else "",
            function=user.function,
            client_id=item.client_id,
            case_id=item.case_id,
            detention_id=item.detention_id,
            action=action,
            shown=shown[:300],
            purpose=item.purpose[:200],
            channel=channel,
            path=(request.get_full_path()[:500] if request is not None else ""),
            ip_address=_client_ip(request),
        )
        for item in viewed
    ]
    if rows:
        AccessLog.objects.bulk_create(rows)
    return len(rows)


# API keys. A key is 32 random bytes (256 bits), so one round of SHA-256 is the right hash: a slow password
# hash guards guessable secrets and would only cost time on every request. The first characters are kept in
# clear to find the key and to recognise it in the admin; the rest of the key never reaches the database.
KEY_BYTES = 32
PREFIX_LENGTH = 8
MAX_KEY_LENGTH = 200
# last_used_at is written at most this often per key, not on every request.
LAST_USED_EVERY = datetime.timedelta(minutes=1)


def api_token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_lifetime(*, organisation: bool) -> datetime.timedelta:
    """How long a new key is valid: API_TOKEN_DAYS_USER or API_TOKEN_DAYS_ORGANISATION."""
    days = settings.API_TOKEN_DAYS_ORGANISATION if organisation else settings.API_TOKEN_DAYS_USER
    return datetime.timedelta(days=days)


def api_token_check(
    *, user: User | None, organisation: Organisation | None, service_user: User | None
) -> None:
    """A key belongs to an active user, or to a prison and acts as an active MMD'er account of that prison
    (the access model's PI side: organisation keys exist for the prison API)."""
    errors: dict[str, str] = {}
    if user is None and organisation is None:
        errors["user"] = _("Kies de gebruiker of de organisatie van wie de sleutel is.")
    elif user is not None and organisation is not None:
        errors["organisation"] = _(
            "Een sleutel is van een gebruiker of van een organisatie, niet van allebei."
        )
    elif user is not None:
        if service_user is not None:
            errors["service_user"] = _("Alleen een sleutel van een organisatie heeft een serviceaccount.")
        if not user.is_active:
            errors["user"] = _("Deze gebruiker is niet actief.")
    elif organisation is not None:
        if organisation.type != OrganisationType.PENITENTIAIRE_INRICHTING:
            errors["organisation"] = _("Alleen een penitentiaire inrichting krijgt een API-sleutel.")
        if service_user is None:
            errors["service_user"] = _("Kies het serviceaccount waarmee de sleutel werkt.")
        elif service_user.organisation_id != organisation.pk:
            errors["service_user"] = _("Het serviceaccount hoort bij een andere organisatie.")
        elif service_user.function != Function.MMD:
            errors["service_user"] = _("Het serviceaccount heeft de functie MMD'er nodig.")
        elif not service_user.is_active:
            errors["service_user"] = _("Het serviceaccount is niet actief.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def api_token_issue(*, token: ApiToken, by: User | None) -> str:
    """Give a new (unsaved) token its key and save it; without ``expires_at`` it gets the default lifetime.
    Returns the key: after this it cannot be read back."""
    api_token_check(user=token.user, organisation=token.organisation, service_user=token.service_user)
    now = timezone.now()
    if token.expires_at is None:
        token.expires_at = now + api_token_lifetime(organisation=token.organisation is not None)
    elif token.expires_at <= now:
        raise ValidationError({"expires_at": _("Kies een moment in de toekomst.")})
    key = secrets.token_urlsafe(KEY_BYTES)
    token.key_hash = api_token_hash(key)
    token.prefix = key[:PREFIX_LENGTH]
    token.created_at = now
    token.created_by = by
    token.save()
    return key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User | None) -> ApiToken:
    """Revoking is final: whoever needs access again gets a new key."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = by
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def api_token_find(key: str) -> ApiToken | None:
    """The token of ``key`` (revoked and expired ones too), or None. Found by its clear prefix; the hashes
    are compared in constant time."""
    if not PREFIX_LENGTH <= len(key) <= MAX_KEY_LENGTH:
        return None
    digest = api_token_hash(key)
    candidates = ApiToken.objects.select_related("user", "organisation", "service_user__organisation").filter(
        prefix=key[:PREFIX_LENGTH]
    )
    found = None
    for candidate in candidates:
        if hmac.compare_digest(candidate.key_hash, digest):
            found = candidate
    return found


def api_token_touch(*, token: ApiToken, now: datetime.datetime) -> None:
    """Record that the key was used, at most once per LAST_USED_EVERY (no write on every request)."""
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_EVERY:
        return
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_EVERY)
    ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
