from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CaseRole(models.TextChoices):
    PROCESMANAGER_GEMEENTE = "procesmanager_gemeente", _("Procesmanager gemeente")
    PROCESMANAGER_VH = "procesmanager_vh", _("Procesmanager Veiligheidshuis")
    CASUSCOORDINATOR = "casuscoordinator", _("Casuscoördinator (casusregie)")
    CASEMANAGER = "casemanager", _("Casemanager")
    CONTACTPERSOON_NAZORG = "contactpersoon_nazorg", _("Contactpersoon nazorg")
    PARTNER = "partner", _("Ketenpartner")
    MEELEZER = "meelezer", _("Meelezer")


class CaseAccess(models.TextChoices):
    WRITE = "bewerken", _("Inzien en bewerken")
    READ = "lezen", _("Alleen inzien")


class CaseMember(models.Model):
    """A member of the case team: one user, or a whole organisation, with a role and a period."""

    case = models.ForeignKey("caseplan.Case", on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gebruiker"), on_delete=models.PROTECT, null=True, blank=True
    )
    organisation = models.ForeignKey(
        "privacy.Organisation", verbose_name=_("organisatie"), on_delete=models.PROTECT, null=True, blank=True
    )
    role = models.CharField(_("rol in de casus"), max_length=30, choices=CaseRole.choices)
    access = models.CharField(
        _("rechten"), max_length=10, choices=CaseAccess.choices, default=CaseAccess.WRITE
    )
    starts_on = models.DateField(_("vanaf"), default=datetime.date.today)
    ends_on = models.DateField(_("tot en met"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, editable=False
    )
    removed_at = models.DateTimeField(_("verwijderd op"), null=True, blank=True, editable=False)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, editable=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("casusteamlid")
        verbose_name_plural = _("casusteam")
        ordering = ["role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False, organisation__isnull=True)
                | models.Q(user__isnull=True, organisation__isnull=False),
                name="member_is_user_or_organisation",
                violation_error_message=_("Kies een gebruiker óf een hele organisatie."),
            ),
            models.UniqueConstraint(
                fields=["case", "user"],
                condition=models.Q(removed_at__isnull=True, user__isnull=False),
                name="unique_active_user_member",
                violation_error_message=_("Deze gebruiker zit al in het casusteam."),
            ),
            models.UniqueConstraint(
                fields=["case", "organisation"],
                condition=models.Q(removed_at__isnull=True, organisation__isnull=False),
                name="unique_active_organisation_member",
                violation_error_message=_("Deze organisatie zit al in het casusteam."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_label} ({self.get_role_display()})"

    @property
    def member_label(self) -> str:
        if self.user_id:
            return str(self.user)
        return f"{self.organisation} ({_('hele organisatie')})"

    @property
    def is_active(self) -> bool:
        return self.removed_at is None
