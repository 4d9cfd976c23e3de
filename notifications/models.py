from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    DEADLINE_DUE_SOON = "termijn_bijna", _("Termijn verloopt binnenkort")
    DEADLINE_OVERDUE = "termijn_verlopen", _("Termijn verlopen")
    DEADLINE_ESCALATED = "termijn_opgeschaald", _("Termijn opgeschaald naar u")
    CASE_TEAM = "casusteam", _("Toegevoegd aan een casusteam")
    CONTRACT = "gedragscontract", _("Gedragscontract (weigering of einde)")
    NAZORG = "nazorg", _("Nazorg: nieuwe melding, ontslag of doorverwijzing")
    CO24_ALERT = "co24_kantelmoment", _("CO24dak: kantelmoment")
    CO24_URGENT = "co24_urgent", _("CO24dak: signaal met urgentie hoog")
    CO24_DIGEST = "co24_signalen", _("CO24dak: nieuwe signalen (dagelijks overzicht)")
    MEETING = "overleg", _("Casusoverleg: uitnodiging met de agenda")
    DESTRUCTION_FAILED = "vernietiging_mislukt", _("Vernietiging: onderdelen van een lijst mislukt")


class Channel(models.TextChoices):
    INBOX = "inbox", _("Alleen in de applicatie")
    EMAIL = "email", _("Direct per e-mail")
    DIGEST = "digest", _("Dagelijks overzicht per e-mail")


DEFAULT_CHANNELS: dict[str, str] = {
    NotificationKind.DEADLINE_DUE_SOON: Channel.DIGEST,
    NotificationKind.DEADLINE_OVERDUE: Channel.EMAIL,
    NotificationKind.DEADLINE_ESCALATED: Channel.EMAIL,
    NotificationKind.CASE_TEAM: Channel.DIGEST,
    NotificationKind.CONTRACT: Channel.EMAIL,
    NotificationKind.NAZORG: Channel.EMAIL,
    NotificationKind.CO24_ALERT: Channel.EMAIL,
    NotificationKind.CO24_URGENT: Channel.EMAIL,
    NotificationKind.CO24_DIGEST: Channel.EMAIL,
    NotificationKind.MEETING: Channel.EMAIL,
    NotificationKind.DESTRUCTION_FAILED: Channel.EMAIL,
}


class Notification(models.Model):
    """One message to one user. The unique dedupe key makes every producer safe to run twice.

    Titles and bodies name a case by its reference, never the client: e-mail leaves the system."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("soort"), max_length=30, choices=NotificationKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    body = models.TextField(_("toelichting"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    case = models.ForeignKey(
        "caseplan.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    deadline = models.ForeignKey(
        "deadlines.Deadline", on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    dedupe_key = models.CharField(max_length=120)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("gemaild op"), null=True, blank=True)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "dedupe_key"], name="one_notification_per_event"),
        ]
        indexes = [
            models.Index(
                fields=["recipient", "created_at"],
                condition=models.Q(read_at__isnull=True),
                name="unread_by_user",
            ),
            models.Index(
                fields=["channel", "created_at"], condition=models.Q(emailed_at__isnull=True), name="to_email"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("soort"), max_length=30, choices=NotificationKind.choices)
    channel = models.CharField(_("hoe"), max_length=10, choices=Channel.choices)

    class Meta:
        verbose_name = _("meldingsvoorkeur")
        verbose_name_plural = _("meldingsvoorkeuren")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} → {self.channel}"
