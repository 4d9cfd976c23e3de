from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from privacy.models.user import Function


class AccessLog(models.Model):
    """One read of client data (NEN 7513 / Logboek Dataverwerkingen): who, whose, what, why, when, where.

    Client and case are kept as plain ids (not foreign keys) so that the log outlives the destruction of
    the records it describes, as the retention rules require.

    At volume (issue 19): the table is partitioned by month on ``at`` (migration 0010, PostgreSQL
    declarative partitioning; privacy/access_log/partitions.py keeps twelve months ahead and a default
    partition). Its primary key in the database is (id, at), as partitioning requires; ``id`` alone is
    unique all the same (one identity sequence), which is what Django's ``pk`` relies on. Only the indexes
    the privacy officer's viewer needs exist: per client, per user, and newest first.
    """

    at = models.DateTimeField(_("tijdstip"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.PROTECT,
        null=True,
        db_index=False,  # (user, at) below
    )
    user_label = models.CharField(_("gebruiker (bij inzage)"), max_length=300)
    organisation_label = models.CharField(_("organisatie (bij inzage)"), max_length=200, blank=True)
    function = models.CharField(
        _("functie (bij inzage)"), max_length=32, blank=True, choices=Function.choices
    )
    client_id = models.BigIntegerField(_("cliënt-id"), null=True)
    case_id = models.BigIntegerField(_("casus-id"), null=True)
    detention_id = models.BigIntegerField(_("detentie-id (nazorg)"), null=True)
    action = models.CharField(_("handeling"), max_length=40)
    shown = models.CharField(_("getoonde gegevens"), max_length=300)
    purpose = models.CharField(_("doel"), max_length=200)
    channel = models.CharField(_("kanaal"), max_length=10, default="web")
    path = models.CharField(_("adres"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True)

    class Meta:
        verbose_name = _("inzage")
        verbose_name_plural = _("inzagelog")
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["client_id", "at"], name="accesslog_client_at"),
            models.Index(fields=["user", "at"], name="accesslog_user_at"),
            models.Index(fields=["at"], name="accesslog_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_label}: {self.shown}"
