from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class OrganisationToken(models.Model):
    """An API key for one organisation's system (a prison's registration system), acting as a service user.

    Only the hash is stored; the key is shown once, when it is made."""

    organisation = models.ForeignKey(
        "privacy.Organisation", on_delete=models.CASCADE, related_name="api_tokens"
    )
    service_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("naam koppeling"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-sleutel organisatie")
        verbose_name_plural = _("API-sleutels organisaties")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class IdempotencyRecord(models.Model):
    """The answer to a submission, kept under its Idempotency-Key so a retry creates nothing twice."""

    organisation = models.ForeignKey("privacy.Organisation", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="idempotency_key_per_org")
        ]

    def __str__(self) -> str:
        return self.key
