"""The nazorg documents field by field (seed 003, tabbladen), as data: one form builder, one validator.

A document is stored as a JSON object keyed by the field keys below. ``required`` fields must be filled
before a document can be submitted; drafts may be incomplete. Conditional requirements (a date only when
the answer is "ja") live in ``DocumentSpec.rules``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from nazorg import choices as c


class DocumentKind(models.TextChoices):
    MELDINGSBLAD = "meldingsblad", _("Meldingsblad detentie")
    GEMEENTEBLAD = "gemeenteblad", _("Gemeenteblad")
    BASISDOCUMENT = "basisdocument", _("Basisdocument nazorg")
    OVERDRACHTSDOCUMENT = "overdrachtsdocument", _("Overdrachtsdocument langverblijvenden")
    ONTSLAGBERICHT = "ontslagbericht", _("Ontslagbericht")


@dataclass(frozen=True)
class Field:
    key: str
    label: Any
    kind: str = "line"  # line, text, date, choice, multi, number
    choices: c.Choices = ()
    required: bool = False
    help: Any = ""


@dataclass(frozen=True)
class Section:
    key: str
    title: Any
    fields: tuple[Field, ...]
    help: Any = ""


Rule = Callable[[Mapping[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class DocumentSpec:
    kind: str
    party: str  # "pi" or "gemeente": who writes it
    sections: tuple[Section, ...]
    rules: tuple[Rule, ...] = field(default=())

    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(f for section in self.sections for f in section.fields)


def _choice(key: str, label: Any, options: c.Choices, *, required: bool = False, help: Any = "") -> Field:
    return Field(key, label, "choice", options, required, help)


def _multi(key: str, label: Any, options: c.Choices, help: Any = "") -> Field:
    return Field(key, label, "multi", options, False, help)


def _actions(prefix: str) -> tuple[Field, ...]:
    """The four-owner action block that closes every domain tab."""
    return tuple(Field(f"actie_{prefix}_{owner}", label, "text") for owner, label in c.ACTION_OWNERS)


def _requires(trigger: str, value: str | tuple[str, ...], *needed: str) -> Rule:
    """When ``trigger`` has ``value``, the ``needed`` fields must be filled."""
    values = (value,) if isinstance(value, str) else value

    def rule(data: Mapping[str, Any]) -> dict[str, Any]:
        if data.get(trigger) not in values:
            return {}
        return {key: _("Vul dit in bij dit antwoord.") for key in needed if data.get(key) in (None, "", [])}

    return rule


def _mmd_contact(prefix: str = "mmd") -> tuple[Field, ...]:
    return (
        Field(f"{prefix}_naam", _("Naam MMD'er"), required=True),
        Field(f"{prefix}_telefoon", _("Telefoonnummer MMD'er"), required=True),
        Field(f"{prefix}_email", _("E-mailadres MMD'er")),
        Field(f"{prefix}_postadres", _("Postadres")),
        Field(f"{prefix}_bezoekadres", _("Bezoekadres")),
    )


MELDINGSBLAD = DocumentSpec(
    DocumentKind.MELDINGSBLAD,
    "pi",
    (
        Section(
            "bijzonderheden",
            _("Bijzonderheden"),
            (
                Field("bijzonderheden", _("Bijzonderheden"), "text"),
                *_mmd_contact(),
                Field("datum", _("Datum"), "date", required=True),
            ),
            help=_(
                "De persoons- en detentiegegevens (PI, naam, geboortedatum, BSN, gemeente van herkomst, "
                "aanvang detentie, status en einddatum) staan bij de detentie zelf en gaan met dit blad mee."
            ),
        ),
    ),
)

GEMEENTEBLAD = DocumentSpec(
    DocumentKind.GEMEENTEBLAD,
    "gemeente",
    (
        Section(
            "persoon",
            _("Aanvullende persoonsgegevens en kind-check"),
            (
                _choice("burgerlijke_staat", _("Burgerlijke staat"), c.BURGERLIJKE_STAAT, required=True),
                _choice(
                    "kinderen",
                    _("Minderjarige kinderen waarvoor hij/zij verantwoordelijk is"),
                    c.YES_NO_UNKNOWN,
                    required=True,
                ),
                Field("kinderen_op_adres", _("Kinderen op het BRP-adres (naam en geboortedatum)"), "text"),
                Field(
                    "kinderen_elders", _("Kinderen op andere adressen (naam, geboortedatum, adres)"), "text"
                ),
                _multi("kinderen_verzorgers", _("Huidige verzorgers"), c.VERZORGERS_KINDEREN),
                Field(
                    "kinderen_verzorgers_contact",
                    _("Verzorgers per kind: contactpersoon, adres, telefoon, e-mail"),
                    "text",
                ),
            ),
            help=_(
                "Kind-check: bij een gedetineerde ouder wordt altijd nagegaan wie voor de kinderen zorgt."
            ),
        ),
        Section(
            "id",
            _("ID-bewijs"),
            (
                _choice("id_bezit", _("ID-bewijs"), c.ID_BEZIT, required=True),
                Field("id_soort", _("Soort ID-bewijs")),
                Field("id_nummer", _("Nummer ID-bewijs")),
                Field("id_geldig_tot", _("Geldig tot"), "date"),
            ),
        ),
        Section(
            "inkomen",
            _("Inkomen, opleiding en schulden"),
            (
                _choice(
                    "inkomstenbron",
                    _("Inkomsten in de drie jaar vóór detentie (SUWI-net)"),
                    c.INKOMSTENBRON,
                    required=True,
                ),
                Field("werkgevers", _("Werkgever(s) en contactgegevens"), "text"),
                Field("uitkering_soort", _("Soort uitkering (WWB, WIA, Wajong, ANW, ...)")),
                Field(
                    "uitkering_instantie",
                    _("Uitkeringsinstantie (gemeente, UWV, SVB, ...) en contactpersoon"),
                ),
                _choice("uitkering_geblokkeerd", _("Uitkering geblokkeerd"), c.YES_NO),
                Field("uitkering_geblokkeerd_door", _("Geblokkeerd per (datum) en door")),
                Field("inkomen_anders", _("Anders, namelijk (bijv. zelfstandig ondernemer, KvK)")),
                _choice("bankrekening", _("Bankrekeningnummer bekend"), c.YES_NO),
                Field("bankrekening_nummer", _("Bankrekeningnummer")),
                _choice("opleiding", _("Hoogst afgeronde opleiding"), c.OPLEIDING),
                _choice("schulden", _("Schulden"), c.YES_NO_UNKNOWN),
                Field("schulden_schatting", _("Schatting totaal bedrag aan schulden")),
                Field("schuldhulp", _("Schuldhulpverlening of WSNP: instelling en contactpersoon")),
                Field("bewindvoering", _("Bewindvoering: bewindvoerder en contactgegevens")),
            ),
        ),
        Section(
            "huisvesting",
            _("Onderdak / huisvesting"),
            (
                _choice(
                    "huisvesting_voor",
                    _("Laatste huisvestingssituatie vóór detentie"),
                    c.HUISVESTING,
                    required=True,
                ),
                Field("huisvesting_toelichting", _("Bij wie / welke instelling (naam en contactgegevens)")),
                Field("brp_adres", _("Laatst bekende BRP-adres")),
                Field("huisvesting_aanvullend", _("Aanvullende informatie"), "text"),
            ),
        ),
        Section(
            "zorg",
            _("Zorg"),
            (
                _multi("zorg_voor", _("Laatste contact met een zorginstelling vóór detentie"), c.ZORG_AARD),
                Field("zorg_instellingen", _("Instelling, plaats, contactpersoon en -gegevens"), "text"),
                Field("zorg_afspraken", _("Bijzondere afspraken in een lopend zorgtraject"), "text"),
            ),
        ),
        Section(
            "bijzonderheden",
            _("Bijzonderheden en gewenste acties"),
            (
                _choice(
                    "vh_geprioriteerd", _("Geprioriteerd bij het Veiligheidshuis"), c.YES_NO, required=True
                ),
                _multi("vh_prioritering", _("Prioritering"), c.VH_PRIORITERING),
                Field("overige_bijzonderheden", _("Overige bijzonderheden"), "text"),
                Field("gewenste_acties", _("Gewenste acties van de MMD'er"), "text"),
            ),
        ),
        Section(
            "ondertekening",
            _("Namens de gemeente"),
            (
                Field("gemeente_naam", _("Naam"), required=True),
                Field("gemeente_functie", _("Functie")),
                Field("gemeente_afdeling", _("Afdeling")),
                Field("gemeente_telefoon", _("Telefoonnummer"), required=True),
                Field("gemeente_email", _("E-mailadres")),
                Field("datum", _("Datum"), "date", required=True),
            ),
        ),
    ),
    rules=(
        _requires("id_bezit", "ja", "id_soort"),
        _requires("kinderen", "ja", "kinderen_verzorgers"),
        _requires("inkomstenbron", "uitkering", "uitkering_soort"),
        _requires("vh_geprioriteerd", "ja", "vh_prioritering"),
    ),
)


def _condition_status_fields(question: Any) -> Section:
    return Section(
        "voorblad_status",
        question,
        tuple(
            _choice(f"status_{condition.value}", condition.label, c.CONDITION_STATUS, required=True)
            for condition in c.Condition
        ),
        help=_("Per basisvoorwaarde: 1 Ja, 2 Nee, 3 Onbekend of 4 Actie noodzakelijk."),
    )


_ID_FIELDS = (
    _choice("id_geldig", _("Beschikt over een geldig identiteitsbewijs"), c.YES_NO, required=True),
    Field("id_soort", _("Soort identiteitsbewijs")),
    Field("id_nummer", _("Nummer identiteitsbewijs")),
    Field("id_geldig_tot", _("Geldig tot"), "date"),
    _choice("id_locatie", _("Waar is het identiteitsbewijs?"), c.ID_LOCATIE),
    Field("id_reden_ontbreken", _("Reden ontbreken identiteitsbewijs")),
    _choice("id_vermissing_gemeld", _("Aangifte van vermissing gedaan"), c.YES_NO),
)
_INKOMEN_FIELDS = (
    _choice(
        "inkomstenbron", _("Belangrijkste bron van inkomsten vóór detentie"), c.INKOMSTENBRON, required=True
    ),
    Field("werkgever", _("Werkgever en contactpersoon")),
    Field("uitkering_soort", _("Soort uitkering")),
    Field("uitkering_instantie", _("Uitkeringsinstantie en contactpersoon")),
    _choice("uitkering_opgeschort", _("Uitkering opgeschort via MMD"), c.YES_NO),
    _choice("bankrekening", _("Bank- of girorekening voor uitbetalingen"), c.BANKREKENING),
    _choice("dagbesteding", _("Dagbesteding vóór detentie (zonder of naast betaald werk)"), c.YES_NO),
    _multi("dagbesteding_soort", _("Soort dagbesteding"), c.DAGBESTEDING),
)
_SCHULDEN_FIELDS = (
    _choice("schulden", _("Heeft schulden"), c.YES_NO, required=True),
    _choice("schulden_band", _("Schatting totaal bedrag aan schulden"), c.SCHULDEN_BAND),
    _choice("cjib", _("CJIB-vorderingen"), c.YES_NO_UNKNOWN),
    Field("cjib_bedrag", _("Schatting CJIB-vorderingen")),
    Field("schuldeisers", _("Andere schuldeisers, namelijk")),
    _choice("schuldhulp", _("Neemt deel aan schuldhulpverlening"), c.YES_NO),
    Field("schuldhulp_instelling", _("Instelling en contactpersoon")),
    _choice("bewindvoering", _("Bewindvoering"), c.YES_NO),
)
_HUISVESTING_FIELDS = (
    _choice("huisvesting_voor", _("Huisvestingssituatie vóór detentie"), c.HUISVESTING, required=True),
    Field("huisvesting_bij", _("Bij wie / welke instelling")),
    _choice("woningzoekende", _("Ingeschreven als woningzoekende"), c.YES_NO),
    Field("woningzoekende_waar", _("In welke gemeente, bij welke aanbieder")),
)
_ZORG_FIELDS = (
    _choice("zorg_contact_voor", _("Contact met een zorginstelling vóór detentie"), c.YES_NO, required=True),
    _multi("zorg_aard", _("Aard van de zorg"), c.ZORG_AARD),
    Field("zorg_instelling", _("Instelling, plaats, contactpersoon"), "text"),
    _choice("zorgvraag_detentie", _("Zorgvraag tijdens detentie"), c.YES_NO),
    _choice("pmo", _("Doorverwezen naar het Psycho Medisch Overleg (PMO)"), c.YES_NO),
    _choice("zorg_afspraken_na", _("Afspraken over zorgcontact na detentie"), c.YES_NO),
    Field("zorg_afspraken_met", _("Met welke instelling")),
    _choice("huisarts", _("Huisarts vóór detentie"), c.YES_NO),
    _choice("zorgverzekering", _("Zorgverzekering vóór detentie"), c.YES_NO),
    _choice("zorgverzekering_opgeschort", _("Zorgverzekering opgeschort tijdens detentie"), c.YES_NO),
)
_JUSTITIE_FIELDS = (
    _choice("reclassering", _("Contact met een reclasseringsinstelling"), c.YES_NO_UNKNOWN),
    Field("reclassering_contact", _("Instelling, contactpersoon en lopende afspraken")),
    _choice("justitieel_kader", _("Justitieel kader na het verlaten van de PI"), c.YES_NO_UNKNOWN),
    _multi("justitieel_kader_soort", _("Welk kader"), c.JUSTITIEEL_KADER),
)
_COVER_CHILDREN = (
    _choice("dagelijkse_zorg_kinderen", _("Heeft de dagelijkse zorg voor minderjarige kinderen"), c.YES_NO),
    _choice("actie_kinderen", _("Acties nodig voor opvang en zorg van minderjarige kinderen"), c.YES_NO),
    _choice("actie_huisdieren", _("Acties nodig voor opvang en zorg van huisdieren"), c.YES_NO),
    _choice("actie_woning", _("Acties nodig voor de veiligheid van thuisadres en inboedel"), c.YES_NO),
    *_actions("thuis"),
    _choice(
        "telefonisch_contact", _("Telefonisch contact geweest met de gemeentelijke contactpersoon"), c.YES_NO
    ),
)

BASISDOCUMENT = DocumentSpec(
    DocumentKind.BASISDOCUMENT,
    "pi",
    (
        Section(
            "voorblad",
            _("Voorblad"),
            (
                _choice("executie_indicator", _("Executie-indicator"), c.YES_NO),
                Field(
                    "brp_adres_vestiging",
                    _("BRP-adres in de gemeente van vestiging (controle door gemeente)"),
                ),
                _choice(
                    "isd",
                    _("ISD-maatregel gevorderd of opgelegd"),
                    (*c.YES_NO_UNKNOWN, ("actie", _("Actie noodzakelijk"))),
                ),
            ),
            help=_("Einddatum, status en gemeente van vestiging staan bij de detentie zelf."),
        ),
        _condition_status_fields(_("Zijn er problemen op één van de basisvoorwaarden?")),
        Section("thuis", _("Kinderen, huisdieren en thuisadres"), _COVER_CHILDREN),
        Section("id", _("Identiteitsbewijs"), (*_ID_FIELDS, *_actions("id"))),
        Section("inkomen", _("Inkomen / werk / dagbesteding"), (*_INKOMEN_FIELDS, *_actions("inkomen"))),
        Section("schulden", _("Schulden"), (*_SCHULDEN_FIELDS, *_actions("schulden"))),
        Section("huisvesting", _("Huisvesting"), (*_HUISVESTING_FIELDS, *_actions("onderdak"))),
        Section("zorg", _("Zorg"), (*_ZORG_FIELDS, *_actions("zorg"))),
        Section("justitie", _("Reclassering / justitieel kader"), _JUSTITIE_FIELDS),
        Section(
            "overig",
            _("Overige bijzonderheden en notities MMD"),
            (
                Field("bijzonderheden", _("Bijzonderheden"), "text"),
                Field("notities_mmd", _("Notities MMD"), "text"),
            ),
        ),
        Section(
            "mi",
            _("MI-vragen (basis)"),
            (
                _choice(
                    "overgedragen", _("Informatie overgedragen aan een gemeente"), c.YES_NO, required=True
                ),
                _choice("overdracht_kanaal", _("Wijze van overdracht"), c.OVERDRACHT_KANAAL, required=True),
                _choice("mi_inkomen", _("Vorm van inkomen vóór detentie"), c.YES_NO, required=True),
                _choice("mi_onderdak", _("Vorm van onderdak vóór detentie"), c.YES_NO, required=True),
                _choice(
                    "mi_zorgverzekering", _("Ziektekostenverzekering vóór detentie"), c.YES_NO, required=True
                ),
            ),
            help=_("Voor de WODC/MI-monitor. Of de gedetineerde is gescreend, volgt uit dit document zelf."),
        ),
    ),
    rules=(
        _requires("id_geldig", "ja", "id_soort"),
        _requires("id_geldig", "nee", "id_reden_ontbreken"),
        _requires("schulden", "ja", "schulden_band"),
        _requires("zorg_afspraken_na", "ja", "zorg_afspraken_met"),
    ),
)

OVERDRACHTSDOCUMENT = DocumentSpec(
    DocumentKind.OVERDRACHTSDOCUMENT,
    "pi",
    (
        _condition_status_fields(_("Zijn er nog problemen op één van de basisvoorwaarden?")),
        Section(
            "id",
            _("Identiteitsbewijs"),
            (
                _choice(
                    "id_geldig", _("Beschikt over een geldig identiteitsbewijs"), c.YES_NO, required=True
                ),
                _choice("reden_geen_id", _("Reden dat geen geldig ID is gerealiseerd"), c.REDEN_GEEN_ID),
                *_actions("id"),
            ),
        ),
        Section(
            "inkomen",
            _("Inkomen / werk / dagbesteding"),
            (
                _choice(
                    "inkomen_na", _("Wettige vorm van inkomen direct na detentie"), c.YES_NO, required=True
                ),
                _choice("inkomen_na_bron", _("Bron"), c.INKOMSTENBRON),
                _choice("uitkering_aangevraagd", _("Uitkering aangevraagd via MMD"), c.YES_NO),
                _choice(
                    "reden_geen_inkomen", _("Reden geen inkomen direct na detentie"), c.REDEN_GEEN_INKOMEN
                ),
                _choice("werkbedrijf", _("Contact geweest met het Werkbedrijf"), c.YES_NO_UNKNOWN),
                *_actions("inkomen"),
            ),
        ),
        Section(
            "schulden",
            _("Schulden"),
            (
                _choice("schulden", _("Heeft schulden"), c.YES_NO, required=True),
                _choice("schulden_band", _("Schatting totaal bedrag aan schulden"), c.SCHULDEN_BAND),
                _choice("afbetalingsafspraken", _("Afspraken over afbetaling na detentie"), c.YES_NO),
                Field("afbetalingsafspraken_welke", _("Welke afspraken")),
            ),
        ),
        Section(
            "huisvesting",
            _("Huisvesting"),
            (
                _choice(
                    "brp_bij_ontslag",
                    _("Ingeschreven in de BRP bij ontslag"),
                    c.YES_NO_UNKNOWN,
                    required=True,
                ),
                Field("brp_adres", _("Adres en woonplaats")),
                _choice(
                    "huisvesting_na", _("(Verwachte) huisvesting na detentie"), c.HUISVESTING, required=True
                ),
                _choice(
                    "reden_geen_onderdak", _("Reden geen onderdak direct na detentie"), c.REDEN_GEEN_ONDERDAK
                ),
                *_actions("onderdak"),
            ),
        ),
        Section(
            "zorg",
            _("Zorg"),
            (
                _choice(
                    "zorg_overdracht",
                    _("Overdracht naar een zorginstelling gerealiseerd"),
                    c.YES_NO,
                    required=True,
                ),
                Field("zorg_overdracht_instelling", _("Zorginstelling, contactpersoon en -gegevens")),
                _choice("huisarts_na", _("Huisarts na detentie"), c.YES_NO),
                _choice("zorgverzekering_geactiveerd", _("Zorgverzekering opnieuw geactiveerd"), c.YES_NO),
                *_actions("zorg"),
            ),
        ),
        Section(
            "justitie",
            _("Reclassering / justitieel kader"),
            (
                *_JUSTITIE_FIELDS,
                _choice("tr_programma", _("Deelgenomen aan (TR-)programma-activiteiten"), c.YES_NO),
                Field("tr_programma_welke", _("Welke, afgerond op, vervolg na de PI bij")),
            ),
        ),
        Section(
            "overig",
            _("Overige bijzonderheden en notities MMD"),
            (
                Field("bijzonderheden", _("Bijzonderheden"), "text"),
                Field("notities_mmd", _("Notities MMD"), "text"),
            ),
        ),
    ),
    rules=(
        _requires("id_geldig", "nee", "reden_geen_id"),
        _requires("inkomen_na", "nee", "reden_geen_inkomen"),
        _requires("huisvesting_na", ("7", "8"), "reden_geen_onderdak"),
    ),
)

ONTSLAGBERICHT = DocumentSpec(
    DocumentKind.ONTSLAGBERICHT,
    "pi",
    (
        Section(
            "ontslag",
            _("Ontslag"),
            (
                Field("ontslagdatum", _("Datum ontslag"), "date", required=True),
                Field("adres_na_ontslag", _("Adres na ontslag (voor zover bekend)")),
                Field("bijzonderheden", _("Bijzonderheden"), "text"),
            ),
        ),
        Section(
            "mi",
            _("MI-vragen (ontslag)"),
            (
                _choice(
                    "contact_gemeente",
                    _("Na het basisdocument nog contact geweest met de gemeente"),
                    c.YES_NO,
                    required=True,
                ),
                _multi("contact_gemeente_wijze", _("Hoe"), c.CONTACT_WIJZE),
                _choice(
                    "info_van_gemeente", _("Informatie van de gemeente ontvangen"), c.YES_NO, required=True
                ),
                _choice("id_geldig", _("Geldig ID-bewijs op de dag van ontslag"), c.YES_NO, required=True),
                _choice("inkomen", _("Vorm van inkomen op de dag van ontslag"), c.YES_NO, required=True),
                _choice("inkomen_bron", _("Bron van inkomen"), c.INKOMSTENBRON),
                _choice(
                    "inkomen_eerste_week",
                    _("Afspraken met de gemeente om inkomen in de eerste week te regelen"),
                    c.YES_NO,
                ),
                _choice("dagbesteding", _("Vorm van dagbesteding"), c.YES_NO),
                _choice("schulden", _("Schulden op de dag van ontslag"), c.YES_NO, required=True),
                _choice("schuldhulp", _("Neemt deel aan schuldhulpverlening"), c.YES_NO),
                _choice(
                    "huisvesting",
                    _("Huisvesting/onderdak op de dag van ontslag"),
                    c.HUISVESTING,
                    required=True,
                ),
                _choice(
                    "zorgafspraken",
                    _("Afspraken met een zorginstelling over zorgcontact na detentie"),
                    c.YES_NO,
                    required=True,
                ),
                _choice("zorgafspraken_nee", _("Zo nee, waarom niet"), c.ZORGAFSPRAKEN_NEE),
                _multi("zorgafspraken_aard", _("Zo ja, welke zorg"), c.ZORG_AARD),
                _choice(
                    "zorgverzekering",
                    _("Ziektekostenverzekering op de dag van ontslag"),
                    c.YES_NO,
                    required=True,
                ),
            ),
            help=_("De WODC/MI-vragen over de situatie op de dag van ontslag."),
        ),
    ),
    rules=(
        _requires("inkomen", "nee", "inkomen_eerste_week"),
        _requires("schulden", "ja", "schuldhulp"),
        _requires("zorgafspraken", "nee", "zorgafspraken_nee"),
    ),
)

SPECS: dict[str, DocumentSpec] = {
    spec.kind: spec
    for spec in (MELDINGSBLAD, GEMEENTEBLAD, BASISDOCUMENT, OVERDRACHTSDOCUMENT, ONTSLAGBERICHT)
}


def clean_data(spec: DocumentSpec, data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Keep only known keys with values of the right shape. Returns (cleaned, errors per field)."""
    import datetime

    cleaned: dict[str, Any] = {}
    errors: dict[str, Any] = {}
    for f in spec.fields:
        value = data.get(f.key)
        if value is None or value in ("", []):
            continue
        allowed = {option for option, _label in f.choices}
        if f.kind == "choice":
            if str(value) not in allowed:
                errors[f.key] = _("Kies een van de mogelijke waarden: %(values)s.") % {
                    "values": ", ".join(sorted(allowed))
                }
                continue
            value = str(value)
        elif f.kind == "multi":
            values = [value] if isinstance(value, str) else list(value)
            unknown = [str(v) for v in values if str(v) not in allowed]
            if unknown:
                errors[f.key] = _("Onbekende waarde(n): %(values)s.") % {"values": ", ".join(unknown)}
                continue
            value = [str(v) for v in values]
        elif f.kind == "date":
            if isinstance(value, datetime.date):
                value = value.isoformat()
            try:
                datetime.date.fromisoformat(str(value))
            except ValueError:
                errors[f.key] = _("Geef een datum als JJJJ-MM-DD.")
                continue
            value = str(value)
        else:
            value = str(value).strip()
            if not value:
                continue
            if f.kind == "line" and len(value) > 300:
                errors[f.key] = _("Maximaal 300 tekens.")
                continue
        cleaned[f.key] = value
    unknown_keys = sorted(set(data) - {f.key for f in spec.fields})
    if unknown_keys:
        errors["__all__"] = _("Onbekende velden: %(keys)s.") % {"keys": ", ".join(unknown_keys)}
    return cleaned, errors


def submit_errors(spec: DocumentSpec, data: Mapping[str, Any]) -> dict[str, Any]:
    """What still stops a (clean) document from being submitted."""
    errors: dict[str, Any] = {
        f.key: _("Dit veld is verplicht bij indienen.")
        for f in spec.fields
        if f.required and data.get(f.key) in (None, "", [])
    }
    for rule in spec.rules:
        for key, message in rule(data).items():
            errors.setdefault(key, message)
    return errors
