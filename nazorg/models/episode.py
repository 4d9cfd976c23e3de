"""The detention episode: the person as the prison knows them, and where their aftercare goes.

Before a case exists, the episode is the root object for access (ARCHITECTURE.md, access model)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.dates import add_months
from common.validators import validate_bsn


class DetentionStatus(models.TextChoices):
    PREVENTIEF = "preventief", _("Preventief gehecht (einddatum onbekend)")
    VEROORDEELD = "veroordeeld", _("Veroordeeld (einddatum bekend)")


class HandoverStatus(models.TextChoices):
    OPEN = "open", _("Nieuw, nog niet beoordeeld")
    ACCEPTED = "geaccepteerd", _("Geaccepteerd")
    IMPORTED = "geimporteerd", _("Overgenomen in een casus")


class NotScreenedReason(models.TextChoices):
    FOREIGNER = "vreemdeling", _("Vreemdeling zonder verblijfsrecht")
    TOO_SHORT = "te_kort", _("Te kort gedetineerd")


LONG_STAY_MONTHS = 4  # "restant straf van vier maanden of meer" (L1694): four months counts as long-stay
VERY_SHORT_STAY_DAYS = 14  # "zeer kort verblijf, minder dan twee weken" (L561)


class DetentionEpisode(models.Model):
    reference = models.CharField(_("kenmerk"), max_length=20, unique=True, editable=False)
    # The person (meldingsblad: TULP gegevens burgerlijke stand).
    achternaam = models.CharField(_("achternaam"), max_length=150)
    voornamen = models.CharField(_("voornamen (voluit)"), max_length=200, blank=True)
    geboortedatum = models.DateField(_("geboortedatum"))
    bsn = models.CharField(_("BSN (indien bekend)"), max_length=9, blank=True, validators=[validate_bsn])
    # The prison.
    prison = models.ForeignKey(
        "privacy.Organisation",
        verbose_name=_("penitentiaire inrichting"),
        on_delete=models.PROTECT,
        related_name="detention_episodes",
        limit_choices_to={"type": "pi"},
    )
    locatie = models.CharField(_("locatie"), max_length=150, blank=True)
    plaats = models.CharField(_("plaats"), max_length=100, blank=True)
    mmd = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("MMD'er"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="detention_episodes",
    )
    # Justice data.
    detention_start = models.DateField(_("aanvang detentie"))
    status = models.CharField(_("status"), max_length=12, choices=DetentionStatus.choices)
    sentenced_on = models.DateField(_("datum vonnis"), null=True, blank=True)
    expected_release = models.DateField(_("verwachte einddatum detentie"), null=True, blank=True)
    released_on = models.DateField(_("datum ontslag"), null=True, blank=True)
    not_screened = models.CharField(
        _("niet gescreend, want"), max_length=12, choices=NotScreenedReason.choices, blank=True
    )
    # Which municipality (L364-403).
    brp_gemeente = models.ForeignKey(
        "privacy.Organisation",
        verbose_name=_("ingeschreven in de BRP vóór detentie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    gemeente_jaar_1 = models.ForeignKey(
        "privacy.Organisation",
        verbose_name=_("woonadres of briefadres: 1 jaar vóór detentie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    gemeente_jaar_2 = models.ForeignKey(
        "privacy.Organisation",
        verbose_name=_("woonadres of briefadres: 2 jaar vóór detentie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    gemeente_jaar_3 = models.ForeignKey(
        "privacy.Organisation",
        verbose_name=_("woonadres of briefadres: 3 jaar vóór detentie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    gemeente_herkomst = models.ForeignKey(
        "privacy.Organisation",
        verbose_name=_("gemeente van herkomst"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    gemeente = models.ForeignKey(
        "privacy.Organisation",
        verbose_name=_("gemeente die de nazorg oppakt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nazorg_episodes",
        help_text=_(
            "Leeg: nog geen gemeente bekend; de melding staat dan in de wachtrij van de coördinatoren."
        ),
    )
    gemeente_vestiging = models.ForeignKey(
        "privacy.Organisation",
        verbose_name=_("gemeente van vestiging na detentie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nazorg_settlements",
    )
    handover_status = models.CharField(
        _("overdracht"), max_length=14, choices=HandoverStatus.choices, default=HandoverStatus.OPEN
    )
    notice_received_on = models.DateField(_("melding ontvangen op"), null=True, blank=True)
    gemeente_since = models.DateField(_("bij deze gemeente sinds"), null=True, blank=True)
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contactpersoon gemeente"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Wie de overdracht voor de gemeente accepteerde; leeg zolang niemand dat deed."),
    )
    # The municipality's first contact after release (the first week; the risk is highest in the first
    # 72 hours, L107, L1629): a deadline until it is recorded.
    first_contact_on = models.DateField(_("eerste contact na ontslag op"), null=True, blank=True)
    first_contact_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    client = models.ForeignKey(
        "caseplan.Client", on_delete=models.PROTECT, null=True, blank=True, related_name="detention_episodes"
    )
    case = models.ForeignKey(
        "caseplan.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="detention_episodes"
    )
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("detentie")
        verbose_name_plural = _("detenties")
        ordering = ["-detention_start", "-id"]
        indexes = [
            models.Index(fields=["prison", "-detention_start"], name="episode_prison_start"),
            models.Index(fields=["gemeente", "-notice_received_on", "-id"], name="episode_gemeente_notice"),
            models.Index(
                fields=["gemeente_vestiging", "-notice_received_on", "-id"], name="episode_vestiging_notice"
            ),
            # The inbox's "nieuw" tab and the worklist read only open hand-overs and running detentions.
            models.Index(
                fields=["gemeente", "-notice_received_on", "-id"],
                condition=models.Q(handover_status="open"),
                name="episode_gemeente_open",
            ),
            models.Index(
                fields=["prison", "-detention_start", "-id"],
                condition=models.Q(released_on__isnull=True),
                name="episode_prison_running",
            ),
            models.Index(
                fields=["-notice_received_on", "-id"],
                condition=models.Q(gemeente__isnull=True, released_on__isnull=True),
                name="episode_unplaced",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.full_name}"

    @property
    def full_name(self) -> str:
        return f"{self.voornamen} {self.achternaam}".strip()

    @property
    def sort_name(self) -> str:
        return f"{self.achternaam}, {self.voornamen}" if self.voornamen else self.achternaam

    @property
    def is_long_stay(self) -> bool:
        """Remaining sentence of four months or more after the verdict (L1694)."""
        if self.status != DetentionStatus.VEROORDEELD or self.expected_release is None:
            return False
        start = self.sentenced_on or self.detention_start
        return add_months(start, LONG_STAY_MONTHS) <= self.expected_release

    @property
    def is_very_short_stay(self) -> bool:
        if self.expected_release is None:
            return False
        return (self.expected_release - self.detention_start).days < VERY_SHORT_STAY_DAYS

    @property
    def title_ended(self) -> bool:
        """The judicial title has ended: the municipality may import (L2332-2335)."""
        return self.released_on is not None and self.released_on <= timezone.localdate()


class ReleaseDateReason(models.TextChoices):
    EARLY = "vervroegd", _("Vervroegde invrijheidstelling")
    APPEAL = "beroep", _("Beroepsprocedure")
    LATE_VERDICT = "vonnis", _("Nagekomen vonnis")
    SENTENCED = "veroordeeld", _("Veroordeling: einddatum bekend geworden")
    CORRECTION = "correctie", _("Correctie")
    OTHER = "anders", _("Anders")


class ReleaseDateChange(models.Model):
    """Every move of the expected release date, with its reason (the date changes: L972-975)."""

    episode = models.ForeignKey(DetentionEpisode, on_delete=models.CASCADE, related_name="release_changes")
    old_date = models.DateField(_("oude einddatum"), null=True, blank=True)
    new_date = models.DateField(_("nieuwe einddatum"), null=True, blank=True)
    reason = models.CharField(_("reden"), max_length=12, choices=ReleaseDateReason.choices)
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("wijziging van de ontslagdatum")
        verbose_name_plural = _("wijzigingen van de ontslagdatum")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.old_date} → {self.new_date}"


class HandoverEventKind(models.TextChoices):
    NOTIFIED = "gemeld", _("Gemeld aan de gemeente")
    QUEUED = "wachtrij", _("In de wachtrij: geen gemeente bekend")
    ACCEPTED = "geaccepteerd", _("Geaccepteerd")
    REJECTED = "afgewezen", _("Afgewezen")
    FORWARDED = "doorgestuurd", _("Doorgestuurd naar een andere gemeente")
    ASSIGNED = "toegewezen", _("Toegewezen door een coördinator")
    IMPORTED = "overgenomen", _("Overgenomen in een casus")
    SHARED = "gedeeld", _("Basisdocument gedeeld met een zorgaanbieder")


class HandoverEvent(models.Model):
    """The trail of a hand-over between municipalities: nothing moves without a row here."""

    episode = models.ForeignKey(DetentionEpisode, on_delete=models.CASCADE, related_name="handover_events")
    kind = models.CharField(_("gebeurtenis"), max_length=14, choices=HandoverEventKind.choices)
    from_gemeente = models.ForeignKey(
        "privacy.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_gemeente = models.ForeignKey(
        "privacy.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reden"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("overdrachtsgebeurtenis")
        verbose_name_plural = _("overdrachtsgebeurtenissen")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.get_kind_display()
