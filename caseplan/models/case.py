from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CaseStatus(models.TextChoices):
    AANGEMELD = "aangemeld", _("Aangemeld")
    ACTIEF = "actief", _("Actief")
    NAZORG = "nazorg", _("Nazorg / monitoring")
    AFGESLOTEN = "afgesloten", _("Afgesloten")


class PrioritisedBy(models.TextChoices):
    PARTNER = "partner", _("Partner")
    MUTATIES = "mutaties", _("Politiemutaties")
    HUISVERBOD = "huisverbod", _("Huisverbod")
    CASUSOVERLEG = "casusoverleg", _("Casusoverleg")


class Case(models.Model):
    """A casus: the root object that every piece of client data hangs off, and that access is decided on."""

    reference = models.CharField(_("casusnummer"), max_length=20, unique=True, editable=False)
    client = models.ForeignKey(
        "caseplan.Client", verbose_name=_("cliënt"), on_delete=models.PROTECT, related_name="cases"
    )
    gemeente = models.ForeignKey(
        "privacy.Organisation",
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="cases",
        limit_choices_to={"type": "gemeente"},
    )
    purpose = models.ForeignKey(
        "privacy.Purpose", verbose_name=_("doel van de verwerking"), on_delete=models.PROTECT
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.AANGEMELD
    )
    high_priority = models.BooleanField(_("hoge prioriteit"), default=False)
    prioritised_on = models.DateField(_("geprioriteerd op"), null=True, blank=True)
    prioritised_by = models.CharField(
        _("geprioriteerd door / vanuit"), max_length=20, choices=PrioritisedBy.choices, blank=True
    )
    prioritisation_reason = models.TextField(_("aanleiding prioritering"), blank=True)
    approach = models.CharField(_("soort aanpak"), max_length=200, blank=True)
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    closed_reason = models.TextField(_("reden afsluiting"), blank=True)
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["gemeente", "status"], name="case_gemeente_status")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="afgesloten") | models.Q(closed_on__isnull=False),
                name="closed_case_has_date",
                violation_error_message=_("Een afgesloten casus heeft een afsluitdatum."),
            )
        ]

    def __str__(self) -> str:
        return self.reference
