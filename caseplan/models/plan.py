"""The maatwerkplan: a plan per case and template, in versions; a draft is edited, a published version
never changes. Sections other than the life domains keep their fields in ``PlanSection.data`` (their
fields are defined in caseplan/plan_schema.py); every editable part has a revision for optimistic locking."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class Plan(models.Model):
    case = models.ForeignKey("caseplan.Case", on_delete=models.CASCADE, related_name="plans")
    template = models.ForeignKey(
        "caseplan.PlanTemplate", verbose_name=_("sjabloon"), on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plannen")
        constraints = [
            models.UniqueConstraint(fields=["case", "template"], name="one_plan_per_case_and_template")
        ]

    def __str__(self) -> str:
        return f"{self.template} {self.case}"


class VersionStatus(models.TextChoices):
    DRAFT = "concept", _("Concept")
    PUBLISHED = "vastgesteld", _("Vastgesteld")


class PlanVersion(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versienummer"))
    status = models.CharField(
        _("status"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("deze versie vervangt versie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    version_date = models.DateField(_("versiedatum"), null=True, blank=True)
    evaluation_date = models.DateField(_("datum evaluatie"), null=True, blank=True)
    published_at = models.DateTimeField(_("vastgesteld op"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("planversie")
        verbose_name_plural = _("planversies")
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_plan_version_number"),
            models.UniqueConstraint(
                fields=["plan"], condition=models.Q(status="concept"), name="one_draft_per_plan"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number} ({self.get_status_display()})"

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT


class PlanSection(models.Model):
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(max_length=40)
    data = models.JSONField(default=dict, blank=True)
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plansectie")
        verbose_name_plural = _("plansecties")
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="unique_section_per_version")]

    def __str__(self) -> str:
        return f"{self.version} · {self.key}"


class PlanDomain(models.Model):
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="domains")
    template_domain = models.ForeignKey("caseplan.TemplateDomain", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField(_("nummer"))
    name = models.CharField(_("leefgebied"), max_length=200)
    kind = models.CharField(max_length=20, default="leefgebied")
    current_situation = models.TextField(_("huidige situatie"), blank=True)
    coercive_measures = models.TextField(_("drang- en dwangmaatregelen"), blank=True)
    client_wishes = models.TextField(_("wensen cliënt"), blank=True)
    client_action = models.TextField(_("actie cliënt"), blank=True)
    additional_info = models.TextField(_("aanvullende informatie"), blank=True)
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leefgebied")
        verbose_name_plural = _("leefgebieden")
        ordering = ["version", "number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class GoalKind(models.TextChoices):
    EINDDOEL = "einddoel", _("Einddoel")
    TUSSENDOEL = "tussendoel", _("Tussendoel")


class GoalResult(models.TextChoices):
    BEHAALD = "behaald", _("Behaald")
    DEELS = "deels", _("Deels behaald")
    NIET = "niet", _("Niet behaald")


class Goal(models.Model):
    domain = models.ForeignKey(PlanDomain, on_delete=models.CASCADE, related_name="goals")
    kind = models.CharField(
        _("soort doel"), max_length=12, choices=GoalKind.choices, default=GoalKind.EINDDOEL
    )
    text = models.TextField(pgettext_lazy("plan", "doel"))
    target_date = models.DateField(_("streefdatum"), null=True, blank=True)
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    evaluation_result = models.CharField(
        _("evaluatie vorige periode"), max_length=10, choices=GoalResult.choices, blank=True
    )
    evaluation_note = models.TextField(_("toelichting evaluatie"), blank=True)
    revision = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = pgettext_lazy("plan", "doel")
        verbose_name_plural = _("doelen")
        ordering = ["domain", "kind", "target_date", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Intervention(models.Model):
    domain = models.ForeignKey(PlanDomain, on_delete=models.CASCADE, related_name="interventions")
    description = models.TextField(_("interventie"))
    responsible_organisation = models.ForeignKey(
        "privacy.Organisation",
        verbose_name=_("verantwoordelijke partner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    responsible_person = models.CharField(_("uitvoerder"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("interventie")
        verbose_name_plural = _("interventies")
        ordering = ["domain", "id"]

    def __str__(self) -> str:
        return self.description[:60]


class PlanSanction(models.Model):
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="sanctions")
    option = models.ForeignKey(
        "caseplan.SanctionOption",
        verbose_name=_("uit de menukaart"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    text = models.TextField(_("voorwaarde / invulling"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("voorwaardelijke sanctie")
        verbose_name_plural = _("voorwaardelijke sancties")
        ordering = ["version", "option__number", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(option__isnull=False) | ~models.Q(text=""),
                name="sanction_has_option_or_text",
            )
        ]

    def __str__(self) -> str:
        return str(self.option or self.text[:60])


class PdfStatus(models.TextChoices):
    PENDING = "wacht", _("In de wachtrij")
    RUNNING = "bezig", _("Wordt gemaakt")
    DONE = "klaar", _("Klaar")
    FAILED = "mislukt", _("Mislukt")


class PlanPdf(models.Model):
    """A PDF of one plan version, rendered by a Celery task; every production and download is logged."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="pdfs")
    status = models.CharField(max_length=10, choices=PdfStatus.choices, default=PdfStatus.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="plan-pdfs/", blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("plan-PDF")
        verbose_name_plural = _("plan-PDF's")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"PDF {self.version} ({self.status})"

    @property
    def is_stuck(self) -> bool:
        """Still not done ten minutes after the request: the worker gave up or is gone; offer a new try."""
        from django.utils import timezone

        waiting = self.status in (PdfStatus.PENDING, PdfStatus.RUNNING)
        return waiting and (timezone.now() - self.requested_at).total_seconds() > 600
