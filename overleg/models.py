"""The casusoverleg: meeting types as data, meetings with their attendees and guests, an agenda of cases, and
per agenda item the minutes and the actions that follow from them.

Access hangs off two roots. The meeting's frame (type, date, place, attendees) belongs to the meeting and is
shown to its attendees; an agenda item is client data and belongs to its case: its content is shown only to
the case team (``overleg/access.py``)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from privacy.models import OrganisationType


class MeetingType(models.Model):
    """An overlegsoort of the covenant (seed 003, annex "Overzicht overleggen en bijbehorende doeleinden"):
    its purpose (doelbinding) and the kinds of organisation that may take part. Maintained in the admin."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("naam"), max_length=200, unique=True)
    abbreviation = models.CharField(_("afkorting"), max_length=20, blank=True)
    target_group = models.TextField(_("doelgroep"), blank=True)
    purpose = models.ForeignKey(
        "privacy.Purpose", verbose_name=_("doel van de verwerking"), on_delete=models.PROTECT
    )
    organisation_types = ArrayField(
        models.CharField(max_length=32, choices=OrganisationType.choices),
        verbose_name=_("soorten organisaties die mogen deelnemen"),
        default=list,
        blank=True,
    )
    parties = models.TextField(
        _("deelnemende partijen volgens het convenant"),
        blank=True,
        help_text=_("De partijen zoals het convenant ze noemt, ter toelichting op de soorten hierboven."),
    )
    is_active = models.BooleanField(_("in gebruik"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("overlegsoort")
        verbose_name_plural = _("overlegsoorten")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name

    @property
    def short_name(self) -> str:
        return self.abbreviation or self.name

    def allows(self, organisation_type: str) -> bool:
        return organisation_type in self.organisation_types

    def organisation_type_labels(self) -> list[str]:
        labels = dict(OrganisationType.choices)
        return [str(labels.get(value, value)) for value in self.organisation_types]


class MeetingStatus(models.TextChoices):
    PLANNED = "gepland", _("Gepland")
    HELD = "gehouden", _("Gehouden")
    CANCELLED = "geannuleerd", _("Geannuleerd")


class Meeting(models.Model):
    """One casusoverleg. Its frame is not client data; its agenda items are."""

    meeting_type = models.ForeignKey(
        MeetingType, verbose_name=_("overlegsoort"), on_delete=models.PROTECT, related_name="meetings"
    )
    title = models.CharField(
        _("naam van het overleg"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld de reeks of de regio: 'Casusoverleg PGA Twente-Noord'."),
    )
    starts_at = models.DateTimeField(_("datum en tijd"), db_index=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duur (minuten)"), default=90)
    location = models.CharField(_("plaats"), max_length=200, blank=True)
    video_link = models.URLField(_("videolink"), blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("voorzitter"), on_delete=models.PROTECT, related_name="+"
    )
    minute_taker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("notulist"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("overleg")
        verbose_name_plural = _("overleggen")
        ordering = ["-starts_at", "-id"]

    def __str__(self) -> str:
        return f"{self.display_title} {self.starts_at:%d-%m-%Y}"

    @property
    def display_title(self) -> str:
        return self.title or str(self.meeting_type.name)


class AttendeeRole(models.TextChoices):
    CHAIR = "voorzitter", _("Voorzitter")
    MINUTE_TAKER = "notulist", _("Notulist")
    PARTICIPANT = "deelnemer", _("Deelnemer")


class Attendee(models.Model):
    """An attending organisation, or one person of it. A row without a person admits the whole organisation
    (all its users are attendees), like a case team member that is a whole organisation."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    organisation = models.ForeignKey(
        "privacy.Organisation", verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("persoon"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_attendances",
    )
    role = models.CharField(
        _("rol"), max_length=12, choices=AttendeeRole.choices, default=AttendeeRole.PARTICIPANT
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        ordering = ["organisation__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=models.Q(user__isnull=False),
                name="overleg_unique_person",
                violation_error_message=_("Deze persoon neemt al deel."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "organisation"],
                condition=models.Q(user__isnull=True),
                name="overleg_unique_whole_organisation",
                violation_error_message=_("Deze organisatie neemt al deel."),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.user_id:
            return f"{self.user} ({self.organisation})"
        return f"{self.organisation} ({_('hele organisatie')})"


class Guest(models.Model):
    """Someone without an account who joins one meeting, after signing a confidentiality statement for it
    (covenant: occasional participants sign one, GCOS practice)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField(_("naam"), max_length=200)
    organisation_name = models.CharField(_("organisatie"), max_length=200, blank=True)
    reason = models.CharField(_("reden van aanwezigheid"), max_length=300, blank=True)
    statement_signed_on = models.DateField(_("geheimhoudingsverklaring getekend op"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gast")
        verbose_name_plural = _("gasten")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class AgendaItem(models.Model):
    """A case on a meeting's agenda, and what the meeting said about it: client data, for the case team."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey(
        "caseplan.Case", verbose_name=_("casus"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveIntegerField(_("volgorde"))
    reason = models.TextField(_("aanleiding om te bespreken"), blank=True)
    discussed = models.BooleanField(_("besproken"), null=True, blank=True)
    situation = models.TextField(_("situatie in het kort"), blank=True)
    decisions = models.TextField(_("besluiten"), blank=True)
    plan_version = models.ForeignKey(
        "caseplan.PlanVersion",
        verbose_name=_("plan ten tijde van de bespreking"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revision = models.PositiveIntegerField(default=1, editable=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    minuted_at = models.DateTimeField(_("verslag vastgelegd op"), null=True, blank=True)
    minuted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        ordering = ["meeting", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "case"],
                name="overleg_case_once_per_meeting",
                violation_error_message=_("Deze casus staat al op de agenda."),
            )
        ]
        indexes = [models.Index(fields=["case", "discussed"], name="overleg_item_case_discussed")]

    def __str__(self) -> str:
        return f"{self.meeting} #{self.position}"


class Action(models.Model):
    """An action agreed on an agenda item, with an owner and a due date; it is kept as a deadline (its
    reminders and escalation are the deadline mechanism's), and done when that deadline is."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("actie"))
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eigenaar"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    owner_organisation = models.ForeignKey(
        "privacy.Organisation",
        verbose_name=_("eigenaar (organisatie)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    due_on = models.DateField(_("uiterlijk op"))
    deadline = models.OneToOneField(
        "deadlines.Deadline",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="overleg_action",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(owner_user__isnull=False, owner_organisation__isnull=True)
                | models.Q(owner_user__isnull=True, owner_organisation__isnull=False),
                name="overleg_action_has_one_owner",
                violation_error_message=_("Kies een persoon óf een organisatie als eigenaar."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.description[:60]} ({self.due_on:%d-%m-%Y})"

    @property
    def owner_label(self) -> str:
        return str(self.owner_user or self.owner_organisation)
