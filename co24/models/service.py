"""Which back office serves which municipality, and which cases are enrolled in CO24."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BackOfficeService(models.Model):
    """A CO24 back office takes calls for the clients of these municipalities (offered to several, L10in Twente)."""

    backoffice = models.ForeignKey(
        "privacy.Organisation",
        on_delete=models.CASCADE,
        related_name="co24_served",
        limit_choices_to={"type": "co24"},
    )
    gemeente = models.ForeignKey(
        "privacy.Organisation",
        on_delete=models.CASCADE,
        related_name="co24_backoffices",
        limit_choices_to={"type": "gemeente"},
    )
    since = models.DateField(_("sinds"), null=True, blank=True)

    class Meta:
        verbose_name = _("CO24 back office voor gemeente")
        verbose_name_plural = _("CO24 back offices per gemeente")
        constraints = [models.UniqueConstraint(fields=["backoffice", "gemeente"], name="co24_service_once")]

    def __str__(self) -> str:
        return f"{self.backoffice} → {self.gemeente}"


class Enrolment(models.Model):
    """A case in CO24dak: its back office logs signals for it against its checklist."""

    case = models.OneToOneField("caseplan.Case", on_delete=models.CASCADE, related_name="co24")
    backoffice = models.ForeignKey(
        "privacy.Organisation", on_delete=models.PROTECT, related_name="co24_enrolments"
    )
    started_on = models.DateField(_("gestart op"))
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("CO24-aanmelding")
        verbose_name_plural = _("CO24-aanmeldingen")
        indexes = [models.Index(fields=["backoffice", "ended_on"], name="co24_enrolment_bo")]

    def __str__(self) -> str:
        return f"{self.case_id} @ {self.backoffice_id}"

    @property
    def active(self) -> bool:
        return self.ended_on is None
