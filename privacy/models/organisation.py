from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class OrganisationType(models.TextChoices):
    GEMEENTE = "gemeente", _("Gemeente")
    VEILIGHEIDSHUIS = "veiligheidshuis", _("Zorg- en Veiligheidshuis")
    GGZ = "ggz", _("GGZ")
    POLITIE = "politie", _("Politie")
    RECLASSERING = "reclassering", _("Reclassering")
    PENITENTIAIRE_INRICHTING = "pi", _("Penitentiaire inrichting")
    WONINGCORPORATIE = "woningcorporatie", _("Woningcorporatie")
    VERSLAVINGSZORG = "verslavingszorg", _("Verslavingszorg")
    MAATSCHAPPELIJK_WERK = "maatschappelijk_werk", _("Maatschappelijk werk")
    OM = "om", _("Openbaar Ministerie")
    # The youth, victim and shelter partners of the covenant's meeting types (seed 003, annex "Overzicht
    # overleggen"): kinds of their own, because a meeting type admits or refuses them by kind.
    RAAD_KINDERBESCHERMING = "rvdk", _("Raad voor de Kinderbescherming")
    JEUGDBESCHERMING = "jeugdbescherming", _("Jeugdbescherming (Bureau Jeugdzorg)")
    HALT = "halt", _("Halt")
    JEUGDINRICHTING = "jji", _("Justitiële jeugdinrichting")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis (AMK, ASHG)")
    SLACHTOFFERHULP = "slachtofferhulp", _("Slachtofferhulp")
    OPVANG = "opvang", _("Maatschappelijke en vrouwenopvang")
    CO24_BACKOFFICE = "co24", _("CO24 back office")
    OTHER = "overig", _("Overig")


cbs_code_validator = RegexValidator(
    r"^GM\d{4}$", _("Een CBS-gemeentecode bestaat uit GM en vier cijfers, bijvoorbeeld GM0153.")
)


class Organisation(models.Model):
    name = models.CharField(_("naam"), max_length=200, unique=True)
    type = models.CharField(_("soort organisatie"), max_length=32, choices=OrganisationType.choices)
    cbs_code = models.CharField(
        _("CBS-gemeentecode"), max_length=6, blank=True, validators=[cbs_code_validator]
    )
    is_active = models.BooleanField(_("actief"), default=True)
    # Every organisation has one permission group, so a whole organisation can join a case team.
    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="organisation", editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(type="gemeente") | ~models.Q(cbs_code=""),
                name="gemeente_has_cbs_code",
                violation_error_message=_("Een gemeente heeft een CBS-gemeentecode."),
            ),
            models.UniqueConstraint(
                fields=["cbs_code"], condition=~models.Q(cbs_code=""), name="unique_cbs_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.group_id is None:
            self.group = Group.objects.create(name=f"org:{self.name}")
        super().save(*args, **kwargs)

    @property
    def is_gemeente(self) -> bool:
        return self.type == OrganisationType.GEMEENTE
