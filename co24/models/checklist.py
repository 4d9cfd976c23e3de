"""Checklists of risk signals and protective factors: templates, and the per-client versions made from them.

A client's checklist is versioned: a signal points at the items of the version it was answered against, so
an old answer keeps its meaning when the checklist changes. ``key`` follows an item across versions."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    RISK = "risico", _("Risicosignaal")
    PROTECTIVE = "beschermend", _("Beschermende factor")


class ChecklistTemplate(models.Model):
    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        verbose_name = _("checklistsjabloon")
        verbose_name_plural = _("checklistsjablonen")

    def __str__(self) -> str:
        return self.name


class TemplateItem(models.Model):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("soort"), max_length=12, choices=ItemKind.choices)
    category = models.CharField(_("categorie"), max_length=60, blank=True)
    text = models.CharField(_("vraag / signaal"), max_length=300)
    red_flag = models.BooleanField(_("rode vlag"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("onderdeel van een checklistsjabloon")
        verbose_name_plural = _("onderdelen van checklistsjablonen")
        ordering = ["template", "order", "id"]

    def __str__(self) -> str:
        return self.text


class ChecklistStatus(models.TextChoices):
    DRAFT = "concept", _("Concept")
    ACTIVE = "actief", _("In gebruik")
    SUPERSEDED = "vervangen", _("Vervangen")


class Checklist(models.Model):
    case = models.ForeignKey("caseplan.Case", on_delete=models.CASCADE, related_name="co24_checklists")
    number = models.PositiveSmallIntegerField(_("versie"))
    status = models.CharField(
        _("status"), max_length=10, choices=ChecklistStatus.choices, default=ChecklistStatus.DRAFT
    )
    based_on = models.ForeignKey(
        ChecklistTemplate, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("wat is veranderd"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    activated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        ordering = ["case", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="co24_checklist_version"),
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(status="actief"), name="co24_one_active_checklist"
            ),
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(status="concept"), name="co24_one_draft_checklist"
            ),
        ]

    def __str__(self) -> str:
        return f"checklist v{self.number}"


class ItemSource(models.TextChoices):
    TEMPLATE = "sjabloon", _("Uit het sjabloon")
    GOAL = "doel", _("Uit een doel van het plan")
    RISK_PROFILE = "risicoprofiel", _("Uit het risicoprofiel")
    OWN = "eigen", _("Op maat toegevoegd")


class ChecklistItem(models.Model):
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="items")
    key = models.UUIDField(default=uuid.uuid4, db_index=True)
    kind = models.CharField(_("soort"), max_length=12, choices=ItemKind.choices)
    category = models.CharField(_("categorie"), max_length=60, blank=True)
    text = models.CharField(_("vraag / signaal"), max_length=300)
    red_flag = models.BooleanField(_("rode vlag"), default=False)
    source = models.CharField(
        _("herkomst"), max_length=14, choices=ItemSource.choices, default=ItemSource.OWN
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("checklistonderdeel")
        verbose_name_plural = _("checklistonderdelen")
        ordering = ["checklist", "order", "id"]

    def __str__(self) -> str:
        return self.text
