"""API keys: one scheme for people and for organisations' systems. Only a SHA-256 hash of the key is stored;
the key itself is shown once, when it is issued."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from privacy.models.organisation import Organisation
from privacy.models.user import User


class TokenState(models.TextChoices):
    ACTIVE = "actief", _("Actief")
    EXPIRED = "verlopen", pgettext_lazy("API-sleutel", "Verlopen")
    REVOKED = "ingetrokken", _("Ingetrokken")


class ApiToken(models.Model):
    """A key that belongs to exactly one owner: a user (it acts as that user), or an organisation (a system
    of that organisation, such as a prison's registration system; it acts as the organisation's service
    account, so the access functions decide what it sees exactly as they do for a person)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_tokens",
    )
    organisation = models.ForeignKey(
        "privacy.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_tokens",
    )
    service_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("serviceaccount"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "Alleen bij een organisatiesleutel: het account van die organisatie waarmee de sleutel werkt."
        ),
    )
    name = models.CharField(_("naam koppeling"), max_length=100)
    prefix = models.CharField(_("begin van de sleutel"), max_length=8, db_index=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    expires_at = models.DateTimeField(_("verloopt op"))
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingetrokken door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(user__isnull=False, organisation__isnull=True, service_user__isnull=True)
                    | models.Q(user__isnull=True, organisation__isnull=False, service_user__isnull=False)
                ),
                name="api_token_one_owner",
                violation_error_message=_(
                    "Een API-sleutel hoort bij een gebruiker, of bij een organisatie met een serviceaccount."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_organisation_key(self) -> bool:
        return self.organisation_id is not None

    @property
    def owner(self) -> User | Organisation | None:
        return self.organisation if self.is_organisation_key else self.user

    @property
    def acts_as(self) -> User | None:
        """The account the request runs as: the user, or the organisation's service account."""
        return self.service_user if self.is_organisation_key else self.user

    def state(self, now: datetime.datetime | None = None) -> TokenState:
        if self.revoked_at is not None:
            return TokenState.REVOKED
        if self.expires_at <= (now or timezone.now()):
            return TokenState.EXPIRED
        return TokenState.ACTIVE
