"""The gedragscontract (seed 000, "Gedragscontract 1/2"): part of the maatwerkplan, prepared from a
published plan version, signed for the municipality's partners and by the client, and then frozen.

Workflow: voorbereid → getekend_partners → in_werking (the client signed; art. 9: in force from signing),
or → geweigerd (the client refused: the drang- en dwangcomponenten start). An in-force contract changes
only through a new version (art. 6), which makes the old one ``vervangen`` when it comes into force, and
ends by termination (art. 10-12) or when its end date passes (``beeindigd``). Only a contract that is
``voorbereid`` can be edited; the signed PDF is rendered once and its bytes and SHA-256 never change."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


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
