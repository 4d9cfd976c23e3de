"""Tipping-point (kantelmoment) rules per client, and the alerts they raise."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


def signals_within_days(signals: int, days: int) -> str:
    """ "3 risicosignalen binnen 7 dagen", with the singular where a number is one."""
    counted = ngettext("%(n)d risicosignaal", "%(n)d risicosignalen", signals) % {"n": signals}
    return ngettext("%(signals)s binnen %(d)d dag", "%(signals)s binnen %(d)d dagen", days) % {
        "signals": counted,
        "d": days,
    }


def not_seen_for_days(item: str, days: int) -> str:
    return ngettext("“%(item)s” %(d)d dag niet gezien", "“%(item)s” %(d)d dagen niet gezien", days) % {
        "item": item,
        "d": days,
    }


class RuleKind(models.TextChoices):
    COUNT = "aantal", _("N risicosignalen binnen D dagen")
    RED_FLAG = "rode_vlag", _("Een signaal op een rode-vlag-item")
    ABSENT = "afwezig", _("Beschermende factor D dagen niet gezien")


class TippingRule(models.Model):
    case = models.ForeignKey("caseplan.Case", on_delete=models.CASCADE, related_name="co24_rules")
    kind = models.CharField(_("soort regel"), max_length=10, choices=RuleKind.choices)
    threshold = models.PositiveSmallIntegerField(_("aantal signalen (N)"), null=True, blank=True)
    window_days = models.PositiveSmallIntegerField(_("dagen (D)"), null=True, blank=True)
    item_key = models.UUIDField(_("checklist-item"), null=True, blank=True)
    item_text = models.CharField(_("checklist-item (tekst)"), max_length=300, blank=True)
    active = models.BooleanField(_("actief"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kantelmomentregel")
        verbose_name_plural = _("kantelmomentregels")
        ordering = ["case", "id"]

    def __str__(self) -> str:
        if self.kind == RuleKind.COUNT:
            return signals_within_days(self.threshold or 1, self.window_days or 0)
        if self.kind == RuleKind.ABSENT:
            return not_seen_for_days(self.item_text, self.window_days or 0)
        return str(_("Signaal op een rode-vlag-item"))


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "gezien", _("Gezien")
    HANDLED = "afgehandeld", _("Afgehandeld")


class Alert(models.Model):
    case = models.ForeignKey("caseplan.Case", on_delete=models.CASCADE, related_name="co24_alerts")
    rule = models.ForeignKey(TippingRule, on_delete=models.PROTECT, related_name="alerts")
    signal = models.ForeignKey(
        "co24.Signal", on_delete=models.SET_NULL, null=True, blank=True, related_name="alerts"
    )
    summary = models.CharField(_("samenvatting"), max_length=300)
    fired_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=12, choices=AlertStatus.choices, default=AlertStatus.OPEN
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_note = models.TextField(_("afhandeling"), blank=True)

    class Meta:
        verbose_name = _("kantelmoment-alarm")
        verbose_name_plural = _("kantelmoment-alarmen")
        ordering = ["-fired_at", "-id"]
        indexes = [models.Index(fields=["case", "status"], name="co24_alert_case_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["rule"],
                condition=~models.Q(status="afgehandeld"),
                name="co24_one_open_alert_per_rule",
            )
        ]

    def __str__(self) -> str:
        return self.summary
