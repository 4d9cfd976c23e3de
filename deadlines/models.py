"""One deadline mechanism for every app: rules, the working-day calendar, and the deadlines themselves."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords


class HolidaySource(models.TextChoices):
    ATW = "atw", _("Algemene termijnenwet art. 3")
    GELIJKSTELLING = "gelijkstelling", _("Besluit gelijkstelling dagen")
    EXTRA = "extra", _("Aanvullend besluit")


class Holiday(models.Model):
    """A day that does not count as a working day for statutory time limits (besides weekends)."""

    date = models.DateField(_("datum"), unique=True)
    name = models.CharField(_("naam"), max_length=100)
    source = models.CharField(_("grondslag"), max_length=20, choices=HolidaySource.choices)

    class Meta:
        verbose_name = _("feestdag")
        verbose_name_plural = _("feestdagen (Algemene termijnenwet)")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.name}"


class DayKind(models.TextChoices):
    WORKING = "werkdagen", _("werkdagen")
    CALENDAR = "kalenderdagen", _("kalenderdagen")


class Direction(models.TextChoices):
    AFTER = "na", _("na de aanleiding")
    BEFORE = "voor", _("vóór de aanleiding")


class DeadlineRule(models.Model):
    """How a due date follows from an anchor date, and when it escalates. Kept as data, shown to users."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("naam"), max_length=200)
    amount = models.PositiveIntegerField(_("aantal"))
    unit = models.CharField(_("eenheid"), max_length=15, choices=DayKind.choices)
    direction = models.CharField(
        _("richting"), max_length=5, choices=Direction.choices, default=Direction.AFTER
    )
    due_soon_days = models.PositiveIntegerField(_("melding 'bijna verlopen' (dagen vooraf)"), default=2)
    second_step_after = models.PositiveIntegerField(
        _("opschalen naar coördinator als na zoveel werkdagen nog niet afgerond"), default=1
    )
    third_step_after = models.PositiveIntegerField(
        _("opschalen naar procesmanager als na zoveel werkdagen nog niet afgerond"), default=3
    )
    source = models.CharField(_("bron"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("termijnregel")
        verbose_name_plural = _("termijnregels")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.term_display})"

    @property
    def term_display(self) -> str:
        """The term as a person reads it: "1 werkdag na de aanleiding", "5 kalenderdagen vóór de aanleiding"."""
        if self.unit == DayKind.WORKING:
            amount = ngettext("%(count)d werkdag", "%(count)d werkdagen", self.amount)
        else:
            amount = ngettext("%(count)d kalenderdag", "%(count)d kalenderdagen", self.amount)
        return f"{amount % {'count': self.amount}} {self.get_direction_display()}"


class DeadlineStatus(models.TextChoices):
    OPEN = "open", _("Open")
    OVERDUE = "verlopen", _("Verlopen")
    ESCALATED = "opgeschaald", _("Opgeschaald")
    DONE = "afgerond", _("Afgerond")
    CANCELLED = "vervallen", _("Vervallen")


ACTIVE_STATUSES = (DeadlineStatus.OPEN, DeadlineStatus.OVERDUE, DeadlineStatus.ESCALATED)


class Deadline(models.Model):
    kind = models.SlugField(_("soort"), max_length=60)
    title = models.CharField(_("omschrijving"), max_length=200)
    rule = models.ForeignKey(DeadlineRule, verbose_name=_("regel"), on_delete=models.PROTECT)
    case = models.ForeignKey(
        "caseplan.Case",
        verbose_name=_("casus"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deadlines",
    )
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    anchor_date = models.DateField(_("aanleiding op"))
    due_on = models.DateField(_("uiterlijk op"), db_index=True)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eigenaar"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deadlines",
    )
    owner_organisation = models.ForeignKey(
        "privacy.Organisation",
        verbose_name=_("eigenaar (organisatie)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deadlines",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=DeadlineStatus.choices, default=DeadlineStatus.OPEN
    )
    escalation_level = models.PositiveSmallIntegerField(_("opschalingsstap"), default=0)
    done_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("termijn")
        verbose_name_plural = _("termijnen")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["status", "due_on"], name="deadline_status_due"),
            models.Index(fields=["owner_user", "status", "due_on"], name="deadline_owner_status_due"),
            models.Index(fields=["case", "status"], name="deadline_case_status"),
            models.Index(fields=["subject_type", "subject_id", "kind"], name="deadline_subject_kind"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(owner_user__isnull=False) | models.Q(owner_organisation__isnull=False),
                name="deadline_has_owner",
            ),
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "kind"],
                condition=models.Q(status__in=["open", "verlopen", "opgeschaald"]),
                name="one_active_deadline_per_subject_and_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.due_on:%d-%m-%Y})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def owner_label(self) -> str:
        return str(self.owner_user or self.owner_organisation)
