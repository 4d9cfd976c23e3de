"""The gedragscontract (seed 000, "Gedragscontract 1/2"): part of the maatwerkplan, prepared from a
published plan version, signed for the municipality's partners and by the client, and then frozen.

Workflow: voorbereid → getekend_partners → in_werking (the client signed; art. 9: in force from signing),
or → geweigerd (the client refused: the drang- en dwangcomponenten start). An in-force contract changes
only through a new version (art. 6), which makes the old one ``vervangen`` when it comes into force, and
ends by termination (art. 10-12) or when its end date passes (``beeindigd``). Only a contract that is
``voorbereid`` can be edited; the signed PDF is rendered once and its bytes and SHA-256 never change.

Art. 9's other duration, "ends once the client has not appeared in (police) mutations in connection with
crime or nuisance for N months", is a tracked date: ``months_counted_from`` starts when the contract comes
into force, every ``PoliceRecord`` moves it to the record's date, and ``months_end_date`` follows from it.
The end of that period is a deadline of the process manager (``caseplan.services.contracts``)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.dates import add_months


class ContractStatus(models.TextChoices):
    PREPARED = "voorbereid", _("Voorbereid")
    PARTNERS_SIGNED = "getekend_partners", _("Getekend namens de gemeentepartners")
    IN_FORCE = "in_werking", _("In werking")
    REFUSED = "geweigerd", _("Geweigerd door de cliënt")
    REPLACED = "vervangen", _("Vervangen door een nieuwe versie")
    ENDED = "beeindigd", _("Beëindigd")


OPEN_STATUSES = (ContractStatus.PREPARED, ContractStatus.PARTNERS_SIGNED)


class DurationKind(models.TextChoices):
    END_DATE = "einddatum", _("Eindigt op een datum")
    MONTHS = "maanden", _("Eindigt na N maanden zonder politiemutaties")


class SignatureMethod(models.TextChoices):
    SCAN = "scan", _("Scan van het nat getekende exemplaar")
    DRAWN = "tablet", _("Getekend op een tablet")


class TerminationReason(models.TextChoices):
    AGREED = "beide_akkoord", _("Beide ondertekenaars spreken beëindiging af (art. 10)")
    DURATION_PASSED = "duur_verlopen", _("De duur van de overeenkomst is verlopen (art. 10)")
    MONTHS_REACHED = (
        "maanden_bereikt",
        _("De cliënt kwam de afgesproken maanden niet voor in politiemutaties (art. 10)"),
    )
    OFFENCE = "strafbaar_feit", _("Strafbaar feit of overlast, blijkend uit een proces-verbaal (art. 11)")
    AGREEMENTS_MISSED = (
        "afspraken_niet_nagekomen",
        _("De cliënt kwam de afspraken uit het maatwerkplan niet na (art. 12)"),
    )


class Contract(models.Model):
    case = models.ForeignKey("caseplan.Case", on_delete=models.CASCADE, related_name="contracts")
    plan_version = models.ForeignKey(
        "caseplan.PlanVersion",
        verbose_name=_("hoort bij maatwerkplan"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    number = models.PositiveIntegerField(_("versienummer"))
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("vervangt contract"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ContractStatus.choices, default=ContractStatus.PREPARED
    )
    # the parties (names are copied in: the signed text must not change when the case does)
    gemeente_name = models.CharField(_("gemeente"), max_length=200)
    partner_signatory_name = models.CharField(_("ondertekenaar namens de gemeentepartners"), max_length=200)
    client_name = models.CharField(_("naam cliënt"), max_length=300)
    # the variable parts of the articles; the casemanager is picked from the case team, and their name and
    # organisation are copied in like the parties' (older contracts have only the typed text, no person)
    casemanager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("casemanager uit het casusteam (art. 7)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    casemanager_name = models.CharField(_("casemanager (art. 7)"), max_length=200)
    casemanager_organisation = models.CharField(_("organisatie casemanager (art. 7)"), max_length=200)
    duration_kind = models.CharField(_("duur (art. 9)"), max_length=12, choices=DurationKind.choices)
    end_date = models.DateField(_("einddatum (art. 9)"), null=True, blank=True)
    months_without_mutations = models.PositiveSmallIntegerField(
        _("maanden zonder politiemutaties (art. 9)"), null=True, blank=True
    )
    months_counted_from = models.DateField(
        _("maanden zonder politiemutaties tellen vanaf"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Het in werking treden, of de datum van de laatste geregistreerde politiemutatie."),
    )
    place = models.CharField(_("opgemaakt te"), max_length=100)
    contract_date = models.DateField(_("opgemaakt op"))
    # a new version (art. 6)
    change_reason = models.TextField(_("reden van de wijziging"), blank=True)
    discussed_with_client_on = models.DateField(_("besproken met de cliënt op"), null=True, blank=True)
    casemanager_consent = models.BooleanField(_("casemanager stemt in"), default=False)
    # signing for the partners
    partners_signed_on = models.DateField(_("getekend namens de gemeentepartners op"), null=True, blank=True)
    partners_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # signing by the client (recorded by the process manager)
    client_signed_on = models.DateField(_("getekend door de cliënt op"), null=True, blank=True)
    client_signed_place = models.CharField(_("getekend door de cliënt te"), max_length=100, blank=True)
    signature_method = models.CharField(
        _("bewijs handtekening"), max_length=10, choices=SignatureMethod.choices, blank=True
    )
    signature_file = models.FileField(_("handtekening / scan"), upload_to="contract-signatures/", blank=True)
    signature_sha256 = models.CharField(max_length=64, blank=True)
    client_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # the frozen PDF
    pdf_file = models.FileField(upload_to="contract-pdfs/", blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 van de getekende PDF"), max_length=64, blank=True)
    pdf_rendered_at = models.DateTimeField(null=True, blank=True)
    in_force_from = models.DateField(_("in werking vanaf"), null=True, blank=True)
    # refusal
    refused_on = models.DateField(_("geweigerd op"), null=True, blank=True)
    refusal_note = models.TextField(_("toelichting weigering"), blank=True)
    refused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # the end: termination, replacement or the end date passing
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)
    end_reason = models.CharField(
        _("reden beëindiging"), max_length=30, choices=TerminationReason.choices, blank=True
    )
    end_note = models.TextField(_("toelichting beëindiging"), blank=True)
    police_report_reference = models.CharField(_("nummer proces-verbaal"), max_length=100, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gedragscontract")
        verbose_name_plural = _("gedragscontracten")
        ordering = ["case", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="unique_contract_number"),
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status__in=["voorbereid", "getekend_partners"]),
                name="one_open_contract_per_case",
                violation_error_message=_("Deze casus heeft al een gedragscontract in voorbereiding."),
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status="in_werking"),
                name="one_contract_in_force_per_case",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(duration_kind="einddatum", end_date__isnull=False, months_without_mutations=None)
                    | models.Q(duration_kind="maanden", end_date=None, months_without_mutations__gte=1)
                ),
                name="contract_duration_is_date_or_months",
                violation_error_message=_("Kies een einddatum óf een aantal maanden (art. 9)."),
            ),
            models.CheckConstraint(
                condition=models.Q(duration_kind="maanden") | models.Q(months_counted_from=None),
                name="contract_months_counted_only_for_months",
            ),
            models.CheckConstraint(
                condition=~models.Q(end_reason="strafbaar_feit") | ~models.Q(police_report_reference=""),
                name="contract_offence_has_police_report",
                violation_error_message=_("Beëindiging om een strafbaar feit vraagt een proces-verbaal."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="in_werking")
                | models.Q(client_signed_on__isnull=False, partners_signed_on__isnull=False)
                & ~models.Q(pdf_sha256=""),
                name="contract_in_force_is_signed_and_frozen",
            ),
        ]

    def __str__(self) -> str:
        return f"Gedragscontract {self.case} v{self.number} ({self.get_status_display()})"

    @property
    def is_editable(self) -> bool:
        return self.status == ContractStatus.PREPARED

    @property
    def is_signed(self) -> bool:
        return bool(self.pdf_sha256)

    @property
    def months_end_date(self) -> datetime.date | None:
        """Art. 9: the day the N months without police mutations are complete, if nothing is registered
        before then."""
        if self.months_counted_from is None or not self.months_without_mutations:
            return None
        return add_months(self.months_counted_from, self.months_without_mutations)


police_reference_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9./_-]{0,39}$",
    _(
        "Alleen het kenmerk van de registratie (letters, cijfers en - . / _, zonder spaties), "
        "geen omschrijving van wat er gebeurde."
    ),
    code="police_reference",
)


class PoliceRecord(models.Model):
    """A police registration (mutatie) of the client in connection with crime or nuisance, recorded on an
    in-force contract that runs for N months without them (art. 9): it starts the count again from its
    date. Minimised on purpose: the date and the police system's own reference, never what happened; the
    content stays in the police systems (art. 11 needs the proces-verbaal itself)."""

    case = models.ForeignKey("caseplan.Case", on_delete=models.CASCADE, related_name="police_records")
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="police_records")
    registered_on = models.DateField(_("datum van de politiemutatie"))
    reference = models.CharField(
        _("kenmerk van de registratie"), max_length=40, validators=[police_reference_validator]
    )
    counted_from_before = models.DateField(_("telde vanaf"))
    counted_from_after = models.DateField(_("telt nu vanaf"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("politiemutatie")
        verbose_name_plural = _("politiemutaties")
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["contract", "-recorded_at"], name="police_record_contract")]

    def __str__(self) -> str:
        return f"{self.reference} ({self.registered_on:%d-%m-%Y})"

    @property
    def ends_on(self) -> datetime.date | None:
        """The end of the count as this mutation left it."""
        months = self.contract.months_without_mutations
        return add_months(self.counted_from_after, months) if months else None

    @property
    def restarted(self) -> bool:
        """Whether this record moved the count (an older record than the last one changes nothing)."""
        return self.counted_from_after != self.counted_from_before
