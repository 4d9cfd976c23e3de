from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Urgency(models.TextChoices):
    NORMAL = "normaal", _("Normaal")
    RAISED = "verhoogd", _("Verhoogd: vandaag oppakken")
    HIGH = "hoog", _("Hoog: direct de casusregisseur bellen")


class Signal(models.Model):
    """One phoned-in signal about a client: who called, when, what they said, and the checklist answers."""

    case = models.ForeignKey("caseplan.Case", on_delete=models.CASCADE, related_name="co24_signals")
    backoffice = models.ForeignKey(
        "privacy.Organisation", on_delete=models.PROTECT, null=True, related_name="+"
    )
    received_at = models.DateTimeField(_("binnengekomen op"))
    caller = models.ForeignKey(
        "co24.Caller",
        verbose_name=_("inbeller"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signals",
    )
    caller_name = models.CharField(_("naam inbeller"), max_length=200, blank=True)
    caller_relation = models.CharField(_("relatie of organisatie"), max_length=200, blank=True)
    caller_phone = models.CharField(_("telefoon inbeller"), max_length=30, blank=True)
    account = models.TextField(_("melding"))
    urgency = models.CharField(_("urgentie"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    medical = models.BooleanField(
        _("medische informatie"),
        default=False,
        help_text=_("Alleen zichtbaar voor de casusregisseur en de GGZ."),
    )
    follow_up = models.TextField(_("vervolg (afspraak, wie moet wat doen)"), blank=True)
    checklist = models.ForeignKey(
        "co24.Checklist", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(_("kanaal"), max_length=10, default="web")
    external_id = models.CharField(max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["case", "-received_at", "-id"], name="co24_signal_case_time")]
        constraints = [
            models.UniqueConstraint(
                fields=["backoffice", "external_id"],
                condition=~models.Q(external_id=""),
                name="co24_signal_external_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.received_at:%d-%m-%Y %H:%M}"

    @property
    def caller_unknown(self) -> bool:
        """Recorded without a caller from the client's list: flagged in the journal."""
        return self.caller_id is None

    @property
    def caller_label(self) -> str:
        if self.caller_id:
            return str(self.caller)
        return self.caller_name or str(_("onbekende inbeller"))


class Answer(models.TextChoices):
    YES = "ja", _("Ja")
    NO = "nee", _("Nee")
    UNKNOWN = "onbekend", _("Onbekend")


class SignalAnswer(models.Model):
    """For a risk signal "ja" means seen; for a protective factor "ja" means present."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey("co24.ChecklistItem", on_delete=models.PROTECT, related_name="answers")
    answer = models.CharField(max_length=8, choices=Answer.choices)

    class Meta:
        verbose_name = _("antwoord bij een signaal")
        verbose_name_plural = _("antwoorden bij signalen")
        constraints = [models.UniqueConstraint(fields=["signal", "item"], name="co24_answer_once")]
        indexes = [models.Index(fields=["item", "answer", "signal"], name="co24_answer_item")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.answer}"
