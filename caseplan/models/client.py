from __future__ import annotations

from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.validators import validate_bsn


class CivilStatus(models.TextChoices):
    ONGEHUWD = "ongehuwd", _("Ongehuwd")
    GEHUWD = "gehuwd", _("Gehuwd")
    GEREGISTREERD_PARTNER = "geregistreerd_partner", _("Geregistreerd partnerschap")
    SAMENWONEND = "samenwonend", _("Samenwonend")
    GESCHEIDEN = "gescheiden", _("Gescheiden")
    WEDUWE = "weduwe", _("Weduwe / weduwnaar")
    ONBEKEND = "onbekend", _("Onbekend")


class Client(models.Model):
    """The person a case is about: the identity fields of the maatwerkplan's "Gegevens cliënt"."""

    achternaam = models.CharField(_("achternaam"), max_length=150)
    voorvoegsel = models.CharField(_("voorvoegsel"), max_length=20, blank=True)
    voornamen = models.CharField(_("voornamen"), max_length=200, blank=True)
    roepnaam = models.CharField(_("roepnaam"), max_length=100, blank=True)
    alias = models.CharField(_("bijnaam / alias"), max_length=200, blank=True)
    geboortedatum = models.DateField(_("geboortedatum"), null=True, blank=True)
    geboorteplaats = models.CharField(_("geboorteplaats"), max_length=100, blank=True)
    geboorteland = models.CharField(_("geboorteland"), max_length=100, blank=True)
    crisiskaart = models.BooleanField(_("crisiskaart aanwezig"), default=False)
    foto = models.ImageField(_("foto"), upload_to="clients/", blank=True)
    brp_adres = models.CharField(_("BRP-adres (GBA)"), max_length=300, blank=True)
    verblijfsadres = models.CharField(_("feitelijk verblijfsadres"), max_length=300, blank=True)
    burgerlijke_staat = models.CharField(
        _("burgerlijke staat"), max_length=30, choices=CivilStatus.choices, blank=True
    )
    nationaliteit = models.CharField(_("nationaliteit"), max_length=100, blank=True)
    spreektaal = models.CharField(_("spreektaal"), max_length=100, blank=True)
    id_document_nummer = models.CharField(_("ID-kaart / paspoortnummer"), max_length=30, blank=True)
    bsn = models.CharField(_("BSN"), max_length=9, blank=True, validators=[validate_bsn])
    zorgverzekeraar = models.CharField(_("zorgverzekeraar"), max_length=100, blank=True)
    uitkering_soort = models.CharField(_("uitkering (soort)"), max_length=100, blank=True)
    uitkering_sinds = models.DateField(_("uitkering sinds"), null=True, blank=True)
    partner_naam = models.CharField(_("partner: naam"), max_length=200, blank=True)
    partner_geboortedatum = models.DateField(_("partner: geboortedatum"), null=True, blank=True)
    partner_adres = models.CharField(_("partner: BRP-adres"), max_length=300, blank=True)
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cliënt")
        verbose_name_plural = _("cliënten")
        ordering = ["achternaam", "voornamen"]
        # No uniqueness on the BSN: one person may have a client record per team that knows them, and a
        # uniqueness check would tell anyone typing a BSN that it is known somewhere (issue 11).
        indexes = [
            models.Index(fields=["bsn"], condition=~models.Q(bsn=""), name="client_bsn"),
            models.Index(Upper("achternaam"), name="client_achternaam_upper"),
            models.Index(fields=["geboortedatum"], name="client_geboortedatum"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        first = self.roepnaam or self.voornamen
        return " ".join(part for part in (first, self.voorvoegsel, self.achternaam) if part)

    @property
    def sort_name(self) -> str:
        name = f"{self.achternaam}, {self.voornamen or self.roepnaam}".strip(", ")
        return f"{name} {self.voorvoegsel}".strip()


class ClientChild(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="kinderen")
    naam = models.CharField(_("naam"), max_length=200)
    geboortedatum = models.DateField(_("geboortedatum"), null=True, blank=True)
    brp_adres = models.CharField(_("BRP-adres"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kind")
        verbose_name_plural = _("kinderen")
        ordering = ["geboortedatum", "naam"]

    def __str__(self) -> str:
        return self.naam
