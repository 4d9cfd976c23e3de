"""Plan templates define the life domains (leefgebieden); a functional administrator adds one in the admin."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DomainKind(models.TextChoices):
    LEEFGEBIED = "leefgebied", _("Leefgebied")
    JUSTITIE = "justitie", _("Politie, Justitie en gemeente (drang en dwang)")


class PlanTemplate(models.Model):
    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    is_active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("plansjabloon")
        verbose_name_plural = _("plansjablonen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TemplateDomain(models.Model):
    template = models.ForeignKey(PlanTemplate, on_delete=models.CASCADE, related_name="domains")
    number = models.PositiveSmallIntegerField(_("nummer"))
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(
        _("soort"), max_length=20, choices=DomainKind.choices, default=DomainKind.LEEFGEBIED
    )
    description = models.TextField(_("toelichting"), blank=True)
    goal_suggestions = models.JSONField(
        _("voorbeelden van doelen"),
        default=list,
        blank=True,
        help_text=_("Een lijst met voorbeelddoelen (Bijlage 1)."),
    )

    class Meta:
        verbose_name = _("leefgebied van een sjabloon")
        verbose_name_plural = _("leefgebieden van een sjabloon")
        ordering = ["template", "number"]
        constraints = [models.UniqueConstraint(fields=["template", "number"], name="unique_domain_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class SanctionGroup(models.TextChoices):
    HERSTELLEND = "herstellend", _("Herstellende voorwaarden")
    VRIJHEIDSBEPERKEND = "vrijheidsbeperkend", _("Vrijheidsbeperkende voorwaarden (geboden en verboden)")
    GEDRAG = "gedrag", _("Gedragsbeïnvloedende voorwaarden")
    ZORG = "zorg", _("Op zorg gerichte voorwaarden")
    OVERIG = "overig", _("Overige")


class SanctionOption(models.Model):
    """One item of the menukaart voorwaardelijke sancties (seed 000, Bijlage 2)."""

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    group = models.CharField(_("groep"), max_length=20, choices=SanctionGroup.choices)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"))

    class Meta:
        verbose_name = _("voorwaardelijke sanctie (menukaart)")
        verbose_name_plural = _("menukaart voorwaardelijke sancties")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"
