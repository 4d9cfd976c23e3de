"""Retention and destruction (issue 14): the rules per kind of record, holds, and reviewed destruction lists.

A *kind* (privacy/retention.py) is a kind of record with its own rule: the case dossier of a client, the CO24
journal of a case, a nazorg episode never imported into a case, a month of notifications, a month of the
access log, API idempotency records, generated files. A daily job proposes a ``DestructionList`` of the roots
whose term has passed (one ``DestructionItem`` per root); the privacy officer reviews it (and, where the
rule asks, a second reviewer of the controller); a job destroys the approved items, each in its own
transaction, and freezes the destruction record (``DestructionList.report``), which holds no personal data.

Holds, items and lists name what they are about by plain ids, not foreign keys: they outlive the records
they describe, and the destruction graph (common/destruction.py) must not reach them from a client.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords


class TermUnit(models.TextChoices):
    DAYS = "dagen", _("dagen")
    MONTHS = "maanden", _("maanden")
    YEARS = "jaren", _("jaren")


class CountsFrom(models.TextChoices):
    LAST_DISCUSSED = "last_discussed", _("laatst besproken in het casusoverleg (anders: casus afgesloten)")
    CASE_CLOSED = "case_closed", _("casus afgesloten")
    RELEASE_DATE = "release_date", _("datum ontslag uit detentie (anders: aangemaakt)")
    CREATED = "created", _("aangemaakt")


def add_term(day: datetime.date, amount: int, unit: str) -> datetime.date:
    """``day`` plus a term; a month end that does not exist falls back to the last day of that month."""
    if unit == TermUnit.DAYS:
        return day + datetime.timedelta(days=amount)
    months = amount * 12 if unit == TermUnit.YEARS else amount
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has a 28th


def subtract_term(day: datetime.date, amount: int, unit: str) -> datetime.date:
    """The latest anchor date whose term has passed on ``day`` (``add_term(anchor) <= day``)."""
    if unit == TermUnit.DAYS:
        return day - datetime.timedelta(days=amount)
    return add_term(day, -amount, unit)


class RetentionRule(models.Model):
    """How long one kind of record is kept. One rule per kind; ``code`` is the kind's key.

    The functional administrator edits rules in the admin; the privacy officer reads them. ``max_term_*``
    comes from the kind (the covenant caps the case dossier at five years): a longer term is refused, and
    keeping a single item longer is done per item with an extension (``RetentionHold``)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort gegevens"), max_length=40, unique=True)
    term_amount = models.PositiveIntegerField(_("bewaartermijn"))
    term_unit = models.CharField(
        _("eenheid"), max_length=10, choices=TermUnit.choices, default=TermUnit.YEARS
    )
    counts_from = models.CharField(_("termijn loopt vanaf"), max_length=20, choices=CountsFrom.choices)
    legal_ground = models.TextField(_("grondslag"))
    record_text = models.TextField(
        _("tekst voor de verklaring van vernietiging"),
        help_text=_("Komt letterlijk in de verklaring van vernietiging; zonder persoonsgegevens."),
    )
    second_review_required = models.BooleanField(_("tweede beoordeling nodig"), default=False)
    max_term_amount = models.PositiveIntegerField(_("maximale bewaartermijn"), null=True, blank=True)
    max_term_unit = models.CharField(
        _("eenheid maximale termijn"), max_length=10, choices=TermUnit.choices, blank=True
    )
    active = models.BooleanField(_("actief"), default=True)
    revision = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gewijzigd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bewaarregel")
        verbose_name_plural = _("bewaarregels")
        ordering = ["name"]

    def __str__(self) -> str:
        return str(self.name)

    def expires_on(self, anchor: datetime.date) -> datetime.date:
        return add_term(anchor, self.term_amount, self.term_unit)

    def cutoff(self, today: datetime.date) -> datetime.date:
        """Anchors on or before this date have passed their term on ``today``."""
        return subtract_term(today, self.term_amount, self.term_unit)


def term_in_words(amount: int, unit: str) -> str:
    """A term as people say it: "1 jaar", "5 jaren", "90 dagen"."""
    if unit == TermUnit.DAYS:
        return ngettext("%(n)d dag", "%(n)d dagen", amount) % {"n": amount}
    if unit == TermUnit.MONTHS:
        return ngettext("%(n)d maand", "%(n)d maanden", amount) % {"n": amount}
    return ngettext("%(n)d jaar", "%(n)d jaren", amount) % {"n": amount}


class HoldKind(models.TextChoices):
    HOLD = "bewaarplicht", _("Bewaarplicht")
    EXTENSION = "langer_bewaren", _("Langer bewaren")
    EXCLUSION = "uitgezonderd", _("Uitgezonderd")


class HoldReason(models.TextChoices):
    LEGAL_PROCEDURE = "procedure", _("Juridische procedure")
    COMPLAINT = "klacht", _("Klacht")
    ACCESS_REQUEST = "inzageverzoek", _("Inzageverzoek in behandeling")
    STATISTICS = "statistiek", _("Statistiek of wetenschappelijk onderzoek")
    OTHER = "anders", _("Anders")


class HoldSubject(models.TextChoices):
    CLIENT = "client", _("Cliënt")
    CASE = "case", _("Casus")
    EPISODE = "episode", _("Detentie (nazorg)")


class RetentionHoldQuerySet(models.QuerySet["RetentionHold"]):
    def active(self, today: datetime.date | None = None) -> RetentionHoldQuerySet:
        today = today or timezone.localdate()
        return self.filter(lifted_at__isnull=True).filter(
            models.Q(until__isnull=True) | models.Q(until__gt=today)
        )


class RetentionHold(models.Model):
    """Blocks destruction of a client's dossier (placed on the client or one of its cases) or of a nazorg
    episode: a *bewaarplicht* (procedure, complaint, inzage request), an extension (*langer bewaren* until a
    date, decided per item in a review) or an exclusion (*uitgezonderd*).

    Active while not lifted and ``until`` is empty or after today. ``client_id``/``episode_id`` are resolved
    when the hold is placed (a hold on a case holds its client's whole dossier); items match on them."""

    kind = models.CharField(_("soort"), max_length=16, choices=HoldKind.choices)
    subject = models.CharField(_("betreft"), max_length=10, choices=HoldSubject.choices)
    subject_id = models.BigIntegerField(_("id"))
    reference = models.CharField(_("kenmerk"), max_length=200, blank=True)
    client_id = models.BigIntegerField(_("cliënt-id"), null=True, blank=True, db_index=True)
    episode_id = models.BigIntegerField(_("detentie-id"), null=True, blank=True, db_index=True)
    reason = models.CharField(_("reden"), max_length=16, choices=HoldReason.choices)
    explanation = models.TextField(_("toelichting"), blank=True)
    until = models.DateField(_("tot en met"), null=True, blank=True)
    placed_at = models.DateTimeField(_("geplaatst op"), default=timezone.now)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geplaatst door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    lifted_at = models.DateTimeField(_("opgeheven op"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opgeheven door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    lift_reason = models.TextField(_("reden opheffen"), blank=True)
    revision = models.PositiveIntegerField(default=1, editable=False)

    objects = RetentionHoldQuerySet.as_manager()

    class Meta:
        verbose_name = _("bewaarplicht")
        verbose_name_plural = _("bewaarplichten")
        ordering = ["-placed_at", "-id"]
        indexes = [models.Index(fields=["subject", "subject_id"], name="hold_subject")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}"

    def is_active(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.lifted_at is None and (self.until is None or self.until > today)


class ListOrigin(models.TextChoices):
    PERIODIC = "periodiek", _("Periodiek voorstel")
    ON_REQUEST = "op_verzoek", _("Op verzoek (vervroegde vernietiging)")


class ListStatus(models.TextChoices):
    PROPOSED = "voorgesteld", _("Voorgesteld")
    AWAITING_SECOND_REVIEW = "tweede_beoordeling", _("Wacht op tweede beoordeling")
    APPROVED = "vastgesteld", _("Vastgesteld")
    DESTROYING = "vernietigen", _("Wordt vernietigd")
    DESTROYED = "vernietigd", _("Vernietigd")
    DESTROYED_WITH_ERRORS = "vernietigd_fouten", _("Vernietigd, met fouten")
    CANCELLED = "geannuleerd", _("Geannuleerd")


# A list in one of these is still open: its items are not proposed again.
UNFINISHED_LIST_STATUSES = (
    ListStatus.PROPOSED,
    ListStatus.AWAITING_SECOND_REVIEW,
    ListStatus.APPROVED,
    ListStatus.DESTROYING,
)
REVIEWABLE_LIST_STATUSES = (ListStatus.PROPOSED, ListStatus.AWAITING_SECOND_REVIEW)


class DestructionList(models.Model):
    """A reviewed list of what is to be destroyed, and after the job its frozen destruction record."""

    number = models.CharField(_("nummer"), max_length=20, unique=True)
    origin = models.CharField(_("herkomst"), max_length=12, choices=ListOrigin.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=ListStatus.choices, default=ListStatus.PROPOSED, db_index=True
    )
    reason = models.TextField(
        _("aanleiding"), blank=True, help_text=_("Bij vervroegde vernietiging: het verzoek, zonder namen.")
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("vastgesteld op"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgesteld door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    second_reviewed_at = models.DateTimeField(_("tweede beoordeling op"), null=True, blank=True)
    second_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tweede beoordelaar"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("geannuleerd op"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geannuleerd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    started_at = models.DateTimeField(_("vernietiging gestart"), null=True, blank=True)
    finished_at = models.DateTimeField(_("vernietiging afgerond"), null=True, blank=True)
    items_total = models.PositiveIntegerField(_("te vernietigen"), default=0)
    items_done = models.PositiveIntegerField(_("afgehandeld"), default=0)
    report = models.JSONField(_("verklaring van vernietiging"), null=True, blank=True, editable=False)
    revision = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("vernietigingslijst")
        verbose_name_plural = _("vernietigingslijsten")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("second_review_destruction", _("Mag een vernietigingslijst als tweede beoordelaar vaststellen")),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_reviewable(self) -> bool:
        return self.status in REVIEWABLE_LIST_STATUSES

    @property
    def is_running(self) -> bool:
        return self.status in (ListStatus.APPROVED, ListStatus.DESTROYING)

    @property
    def progress_percent(self) -> int:
        return 100 if not self.items_total else min(100, self.items_done * 100 // self.items_total)


class Decision(models.TextChoices):
    DESTROY = "vernietigen", _("Vernietigen")
    EXTEND = "langer_bewaren", _("Langer bewaren")
    EXCLUDE = "uitzonderen", _("Uitzonderen")


class ItemStatus(models.TextChoices):
    PENDING = "open", _("Nog niet vernietigd")
    DESTROYED = "vernietigd", _("Vernietigd")
    FAILED = "mislukt", _("Mislukt")
    SKIPPED_HOLD = "bewaarplicht", _("Overgeslagen: bewaarplicht")
    SKIPPED_ACTIVE = "weer_actief", _("Overgeslagen: niet meer verlopen")
    KEPT = "bewaard", _("Bewaard (langer bewaren of uitgezonderd)")


class DestructionItem(models.Model):
    """One root on a list: a client's dossier, a case's CO24 journal, an episode, or a period (a month of
    notifications) of a period kind. ``root_key`` is the root's id as text, or the period ("2025-03")."""

    destruction_list = models.ForeignKey(DestructionList, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("soort gegevens"), max_length=40)
    rule = models.ForeignKey(RetentionRule, verbose_name=_("bewaarregel"), on_delete=models.PROTECT)
    root_key = models.CharField(_("sleutel"), max_length=40)
    root_id = models.BigIntegerField(_("id"), null=True, blank=True)
    client_id = models.BigIntegerField(_("cliënt-id"), null=True, blank=True)
    episode_id = models.BigIntegerField(_("detentie-id"), null=True, blank=True)
    reference = models.CharField(
        _("kenmerk"),
        max_length=300,
        blank=True,
        help_text=_("Casusnummer(s) of detentiekenmerk voor de beoordelaar; gewist bij vernietiging."),
    )
    anchor_date = models.DateField(_("termijn loopt vanaf"))
    expired_on = models.DateField(_("termijn verstreken op"))
    decision = models.CharField(
        _("besluit"), max_length=16, choices=Decision.choices, default=Decision.DESTROY
    )
    decision_reason = models.TextField(_("reden"), blank=True)
    extend_until = models.DateField(_("bewaren tot en met"), null=True, blank=True)
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besloten door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=14, choices=ItemStatus.choices, default=ItemStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    last_error = models.CharField(_("laatste fout"), max_length=500, blank=True)
    destroyed_at = models.DateTimeField(_("vernietigd op"), null=True, blank=True)
    counts = models.JSONField(_("aantallen"), default=dict, blank=True)
    pending_files = models.JSONField(_("nog te verwijderen bestanden"), default=list, blank=True)
    revision = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("vernietigingsregel")
        verbose_name_plural = _("vernietigingsregels")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["destruction_list", "kind", "root_key"], name="one_item_per_root"
            ),
            models.CheckConstraint(
                condition=~models.Q(decision="langer_bewaren") | models.Q(extend_until__isnull=False),
                name="extended_item_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "root_key"], name="item_kind_root"),
            models.Index(
                fields=["destruction_list", "id"], condition=models.Q(status="open"), name="item_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.root_key}"
