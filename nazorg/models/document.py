from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nazorg.schema import DocumentKind


class DocumentStatus(models.TextChoices):
    DRAFT = "concept", _("Concept")
    SUBMITTED = "ingediend", _("Ingediend")
    SUPERSEDED = "vervangen", _("Vervangen door een nieuwere versie")


class NazorgDocument(models.Model):
    """One version of one nazorg document. Once submitted it never changes: a correction is a new version."""

    episode = models.ForeignKey("nazorg.DetentionEpisode", on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    number = models.PositiveSmallIntegerField(_("versie"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    data = models.JSONField(default=dict, blank=True)
    revision = models.PositiveIntegerField(default=1)
    channel = models.CharField(_("kanaal"), max_length=10, default="web")
    correction_reason = models.CharField(_("reden correctie"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nazorgdocument")
        verbose_name_plural = _("nazorgdocumenten")
        ordering = ["episode", "kind", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["episode", "kind", "number"], name="nazorg_document_version"),
            models.UniqueConstraint(
                fields=["episode", "kind"], condition=models.Q(status="concept"), name="nazorg_one_draft"
            ),
            models.UniqueConstraint(
                fields=["episode", "kind"], condition=models.Q(status="ingediend"), name="nazorg_one_current"
            ),
        ]
        indexes = [models.Index(fields=["kind", "status", "submitted_at"], name="nazorg_doc_kind_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.number}"
