from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

# Care providers the detainee can consent to inform (L866-868), by organisation type.
CARE_PROVIDER_TYPES = (
    ("ggz", _("GGZ")),
    ("verslavingszorg", _("Verslavingszorg")),
    ("maatschappelijk_werk", _("Maatschappelijk werk")),
    ("woningcorporatie", _("Woningcorporatie")),
    ("reclassering", _("Reclassering")),
    ("overig", _("Overige zorg- en hulpverleners")),
)


class Consent(models.Model):
    """The detainee's written consent to inform care providers; without it nothing is shared with them."""

    episode = models.ForeignKey("nazorg.DetentionEpisode", on_delete=models.CASCADE, related_name="consents")
    signed_on = models.DateField(_("ondertekend op"))
    scope = ArrayField(
        models.CharField(max_length=24, choices=CARE_PROVIDER_TYPES),
        verbose_name=_("voor welke zorgaanbieders"),
    )
    scope_note = models.CharField(_("toelichting reikwijdte"), max_length=300, blank=True)
    evidence = models.CharField(
        _("bewijs"),
        max_length=300,
        help_text=_("Bijvoorbeeld: getekend formulier in het PI-dossier, kenmerk ..."),
    )
    evidence_file = models.FileField(_("scan van het formulier"), upload_to="nazorg/toestemming/", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_on = models.DateField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        ordering = ["-signed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.signed_on:%d-%m-%Y}: {', '.join(self.scope)}"

    @property
    def scope_labels(self) -> str:
        labels = dict(CARE_PROVIDER_TYPES)
        return ", ".join(str(labels.get(value, value)) for value in self.scope)


class EpisodeShare(models.Model):
    """The basisdocument shared with a care provider, under a consent that covers it."""

    episode = models.ForeignKey("nazorg.DetentionEpisode", on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey("privacy.Organisation", on_delete=models.PROTECT, related_name="+")
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="shares")
    reason = models.CharField(_("waarom"), max_length=300)
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    shared_at = models.DateTimeField(auto_now_add=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("deling met een zorgaanbieder")
        verbose_name_plural = _("delingen met zorgaanbieders")
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "organisation"],
                condition=models.Q(ended_on__isnull=True),
                name="one_active_share",
            )
        ]
        indexes = [models.Index(fields=["organisation", "episode"], name="share_org_episode")]

    def __str__(self) -> str:
        return f"{self.episode_id} → {self.organisation_id}"
