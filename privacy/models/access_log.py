from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessLog(models.Model):
    """One read of client data (NEN 7513 / Logboek Dataverwerkingen): who, whose, what, why, when, where.

    Client and case are kept as plain ids (not foreign keys) so that the log outlives the destruction of
    the records it describes, as the retention rules require.
    """

    at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gebruiker"), on_delete=models.PROTECT, null=True
    )
    user_label = models.CharField(_("gebruiker (bij inzage)"), max_length=300)
    organisation_label = models.CharField(_("organisatie (bij inzage)"), max_length=200, blank=True)
    client_id = models.BigIntegerField(_("cliënt-id"), null=True, db_index=True)
    case_id = models.BigIntegerField(_("casus-id"), null=True, db_index=True)
    detention_id = models.BigIntegerField(_("detentie-id (nazorg)"), null=True, db_index=True)
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
        indexes = [models.Index(fields=["user", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_label}: {self.shown}"
