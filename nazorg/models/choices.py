"""The fixed value lists of the nazorg instruments (seed 003), with the seed's own numbering as values.

Values are stored; labels are shown. A list is changed only with the seed in hand, because the WODC/MI
monitor counts these values."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Choices: TypeAlias = "tuple[tuple[str, StrOrPromise], ...]"

YES_NO: Choices = (("ja", _("Ja")), ("nee", _("Nee")))
YES_NO_UNKNOWN: Choices = (("ja", _("Ja")), ("nee", _("Nee")), ("onbekend", _("Onbekend")))

# Voorblad basisdocument, d: status per basic condition (L1193-1221).
CONDITION_STATUS: Choices = (
    ("1", _("1 Ja (probleem)")),
    ("2", _("2 Nee (geen probleem)")),
    ("3", _("3 Onbekend")),
    ("4", _("4 Actie noodzakelijk")),
)

BURGERLIJKE_STAAT: Choices = (
    ("gehuwd", _("Gehuwd")),
    ("geregistreerd_partnerschap", _("Geregistreerd partnerschap")),
    ("alleenstaand_zonder_kinderen", _("Alleenstaand (zonder minderjarige kinderen)")),
    ("alleenstaand_met_kinderen", _("Alleenstaand (met minderjarige kinderen)")),
)

VERZORGERS_KINDEREN: Choices = (
    ("familie", _("Familie")),
    ("jeugdzorg", _("Toezicht Jeugdzorg")),
    ("pleeggezin", _("Pleeggezin")),
    ("inrichting", _("Inrichting")),
    ("anders", _("Anders")),
)

ID_BEZIT: Choices = (
    ("ja", _("In het bezit van een geldig ID-bewijs")),
    ("nee", _("Niet in het bezit van een geldig ID-bewijs")),
    ("onbekend", _("Onbekend")),
)

ID_LOCATIE: Choices = (
    ("inrichting", _("In de inrichting (fouillering)")),
    ("buiten", _("Buiten de inrichting")),
)

INKOMSTENBRON: Choices = (
    ("arbeid", _("Inkomen uit arbeid")),
    ("uitkering", _("Uitkering")),
    ("geen_regulier", _("Geen regulier inkomen")),
    ("anders", _("Anders")),
)

BANKREKENING: Choices = (("ja", _("Ja")), ("nee", _("Nee")), ("anders", _("Anders")))

OPLEIDING: Choices = (
    ("lager", _("Lager onderwijs")),
    ("vmbo", _("Voorbereidend middelbaar beroepsonderwijs (ULO/VMBO)")),
    ("havo_vwo", _("Middelbaar onderwijs (MULO/HAVO/HBS/VWO)")),
    ("lbo_roc", _("Beroepsonderwijs (LBO/ROC)")),
    ("mbo", _("Middelbaar beroepsonderwijs (MBO)")),
    ("hbo", _("Hoger beroepsonderwijs (HBO)")),
    ("wo", _("Wetenschappelijk onderwijs (universiteit)")),
)

DAGBESTEDING: Choices = (
    ("scholing", _("Scholing/onderwijs")),
    ("vrijwilligerswerk", _("Vrijwilligerswerk")),
    ("hobbys", _("Hobby's")),
)

# Tabblad 6 Schulden, a (L1421-1428).
SCHULDEN_BAND: Choices = (
    ("a", _("minder dan € 1.000")),
    ("b", _("€ 1.000 tot € 5.000")),
    ("c", _("€ 5.000 tot € 10.000")),
    ("d", _("€ 10.000 tot € 50.000")),
    ("e", _("meer dan € 50.000")),
)

# Gemeenteblad 3a and Tabblad 7 Huisvesting (L1115-1124): the nine housing situations.
HUISVESTING: Choices = (
    ("1", _("Huurwoning, bij woningcorporatie")),
    ("2", _("Eigen woning")),
    ("3", _("Kamer bij particulier")),
    ("4", _("Inwonend bij familie")),
    ("5", _("Inwonend bij vrienden/kennissen")),
    ("6", _("In maatschappelijke opvang (MO)")),
    ("7", _("Dakloos met briefadres")),
    ("8", _("Dakloos zonder briefadres")),
    ("9", _("Anders")),
)
HOUSED = {"1", "2", "3", "4", "5", "6"}  # MI: "een vorm van onderdak" (a-f)

ZORG_AARD: Choices = (
    ("psychiatrisch", _("Psychiatrische zorg")),
    ("verslaving", _("Verslavingszorg")),
    ("medisch", _("Medische / lichamelijke zorg")),
    ("anders", _("Bij andere instellingen")),
)

VH_PRIORITERING: Choices = (
    ("veelpleger", _("Veelpleger")),
    ("huiselijk_geweld", _("Huiselijk geweld")),
    ("jeugd_18plus", _("Jeugd 18+")),
    ("anders", _("Anders")),
)

# Tabblad 9 Reclassering / justitieel kader, b (L1503-1508).
JUSTITIEEL_KADER: Choices = (
    ("pp", _("Penitentiair Programma (PP)")),
    ("isd_extramuraal", _("Extramurale fase ISD-maatregel")),
    ("schorsing", _("Schorsing met bijzondere voorwaarden")),
    ("vi", _("Voorwaardelijke invrijheidstelling met bijzondere voorwaarden")),
    ("voorwaardelijk_vonnis", _("Voorwaardelijk vonnis met bijzondere voorwaarden")),
)

# Overdrachtsdocument langverblijvenden: fixed reasons (L1763-1767, L1826-1836, L2000-2002).
REDEN_GEEN_ID: Choices = (
    ("1", _("Geen medewerking gedetineerde")),
    ("2", _("Strafduur en verblijf in detentie te kort")),
    ("3", _("Geen medewerking gemeente")),
    ("4", _("Geen medewerking politie")),
    ("5", _("Anders")),
)
REDEN_GEEN_INKOMEN: Choices = (
    ("1", _("Geen inkomen uit arbeid door ontslag door werkgever")),
    ("2", _("Geen recht op uitkering")),
    ("3", _("Geen regulier inkomen voorafgaand aan detentie")),
    ("4", _("Geen medewerking gedetineerde")),
    ("5", _("Strafduur en verblijf in detentie te kort")),
    ("6", _("Anders")),
)
REDEN_GEEN_ONDERDAK: Choices = (
    ("1", _("Geen medewerking gedetineerde")),
    ("2", _("Strafduur en verblijf in detentie te kort")),
    ("5", _("Anders")),
)

# MI vragen (L1522-1682).
NIET_GESCREEND: Choices = (
    ("vreemdeling", _("Vreemdeling zonder verblijfsrecht")),
    ("te_kort", _("Te kort gedetineerd")),
)
OVERDRACHT_KANAAL: Choices = (
    ("applicatie", _("Via deze applicatie (DPAN)")),
    ("email", _("E-mail")),
    ("post", _("Post")),
)
CONTACT_WIJZE: Choices = (
    ("telefonisch", _("Telefonisch")),
    ("email", _("Per e-mail")),
    ("gemeenteblad", _("Via ingevuld gemeenteblad")),
    ("anders", _("Anders")),
)
ZORGAFSPRAKEN_NEE: Choices = (
    ("geen_zorgvraag", _("Er is geen zorgvraag")),
    ("geen_afspraken", _("Wel een zorgvraag maar (nog) geen afspraken")),
)


class Condition(models.TextChoices):
    """The five basic conditions (basisvoorwaarden, L87-99)."""

    ID = "id", _("Identiteitsbewijs")
    ONDERDAK = "onderdak", _("Huisvesting / onderdak")
    INKOMEN = "inkomen", _("Inkomen / werk / dagbesteding")
    SCHULDEN = "schulden", _("Schulden")
    ZORG = "zorg", _("Zorg")


# Every action block has these four owners (L1254-1257).
ACTION_OWNERS: Choices = (
    ("gedetineerde", _("Actie gedetineerde")),
    ("mmd", _("Actie MMD'er")),
    ("gemeente", _("Actie gemeente")),
    ("anderen", _("Actie(s) andere instellingen")),
)
