from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DigestMark(models.Model):
    """The last signal each team member got in a daily digest, so every signal appears in exactly one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="co24_digest"
    )
    last_signal_id = models.BigIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("laatst gemelde signaal (overzicht)")
        verbose_name_plural = _("laatst gemelde signalen (overzichten)")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.last_signal_id}"


class ExportPurpose(models.TextChoices):
    WVGGZ = "wvggz", _("Grondslag Wvggz (zorgmachtiging / crisismaatregel)")
    IBS = "ibs", _("Grondslag IBS / crisismaatregel")
    VICTOR = "victor", _("Wet Victor / Victoria")
    HUISVERBOD = "huisverbod", _("Huisverbod")
    SAMENSCHOLING = "samenscholing", _("Samenscholingsverbod")
    OTHER = "anders", _("Anders")


class DossierExport(models.Model):
    """Every dossier export, with who, why and what: the PDF itself is not kept."""

    case = models.ForeignKey("caseplan.Case", on_delete=models.CASCADE, related_name="co24_exports")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(_("doel"), max_length=14, choices=ExportPurpose.choices)
    reason = models.CharField(_("toelichting"), max_length=300, blank=True)
    period_from = models.DateField(_("van"))
    period_to = models.DateField(_("tot en met"))
    signal_count = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dossierexport")
        verbose_name_plural = _("dossierexports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.period_from}–{self.period_to}"
