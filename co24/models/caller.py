from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CallerKind(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional")
    NETWORK = "netwerk", _("Netwerk (familie, vrienden)")
    NEIGHBOUR = "buurt", _("Buren / buurt")
    CLIENT = "client", _("Cliënt zelf")


class Caller(models.Model):
    """Someone who may phone in about this client, with what they usually report and what was agreed."""

    case = models.ForeignKey("caseplan.Case", on_delete=models.CASCADE, related_name="co24_callers")
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort inbeller"), max_length=14, choices=CallerKind.choices)
    organisation = models.ForeignKey(
        "privacy.Organisation", verbose_name=_("organisatie"), on_delete=models.PROTECT, null=True, blank=True
    )
    relation = models.CharField(_("relatie tot de cliënt of functie"), max_length=200, blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    reports = models.TextField(_("meldt meestal"), blank=True)
    agreements = models.TextField(_("afspraken met deze inbeller"), blank=True)
    active = models.BooleanField(_("actief"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inbeller")
        verbose_name_plural = _("inbellers")
        ordering = ["-active", "name"]

    def __str__(self) -> str:
        return self.name
