"""The nazorg documents field by field (seed 003, tabbladen), declared in the document engine
(common/documents), which builds their forms and checks their data.

A document is stored as a JSON object keyed by the field keys below. ``required`` fields must be filled
before a document can be submitted; drafts may be incomplete. Conditional requirements (a date only when
the answer is "ja") are the sections' ``rules``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from common.documents import Document, Field, Section, Text, choice, date, line, multi, required_when, text
from nazorg.models import choices as c


class DocumentKind(models.TextChoices):
    MELDINGSBLAD = "meldingsblad", _("Meldingsblad detentie")
    GEMEENTEBLAD = "gemeenteblad", _("Gemeenteblad")
    BASISDOCUMENT = "basisdocument", _("Basisdocument nazorg")
    OVERDRACHTSDOCUMENT = "overdrachtsdocument", _("Overdrachtsdocument langverblijvenden")
    ONTSLAGBERICHT = "ontslagbericht", _("Ontslagbericht")


@dataclass(frozen=True, kw_only=True)
class DocumentSpec(Document):
    party: str  # "pi" or "gemeente": who writes it


def _actions(prefix: str) -> tuple[Field, ...]:
    """The four-owner action block that closes every domain tab."""
    return tuple(text(f"actie_{prefix}_{owner}", label) for owner, label in c.ACTION_OWNERS)


def _mmd_contact(prefix: str = "mmd") -> tuple[Field, ...]:
    return (
        line(f"{prefix}_naam", _("Naam MMD'er"), required=True),
        line(f"{prefix}_telefoon", _("Telefoonnummer MMD'er"), required=True),
        line(f"{prefix}_email", _("E-mailadres MMD'er")),
        line(f"{prefix}_postadres", _("Postadres")),
        line(f"{prefix}_bezoekadres", _("Bezoekadres")),
    )


MELDINGSBLAD = DocumentSpec(
    DocumentKind.MELDINGSBLAD,
    party="pi",
    sections=(
        Section(
            "bijzonderheden",
            _("Bijzonderheden"),
            (
                text("bijzonderheden", _("Bijzonderheden")),
                *_mmd_contact(),
                date("datum", _("Datum"), required=True),
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
    party="gemeente",
    sections=(
        Section(
            "persoon",
            _("Aanvullende persoonsgegevens en kind-check"),
            (
                choice("burgerlijke_staat", _("Burgerlijke staat"), c.BURGERLIJKE_STAAT, required=True),
                choice(
                    "kinderen",
                    _("Minderjarige kinderen waarvoor hij/zij verantwoordelijk is"),
                    c.YES_NO_UNKNOWN,
                    required=True,
                ),
                text(
                    "kinderen_op_adres",
                    _("Kinderen op het BRP-adres (naam en geboortedatum)"),
                    help=_(
                        "Eén kind per regel: naam, geboortedatum (dd-mm-jjjj). Wie met geboortedatum genoemd "
                        "is, komt bij het overnemen in een casus bij de gegevens van de cliënt."
                    ),
                ),
                text(
                    "kinderen_elders",
                    _("Kinderen op andere adressen (naam, geboortedatum, adres)"),
                    help=_("Eén kind per regel: naam, geboortedatum (dd-mm-jjjj), adres."),
                ),
                multi("kinderen_verzorgers", _("Huidige verzorgers"), c.VERZORGERS_KINDEREN),
                text(
                    "kinderen_verzorgers_contact",
                    _("Verzorgers per kind: contactpersoon, adres, telefoon, e-mail"),
                ),
            ),
            help=_(
                "Kind-check: bij een gedetineerde ouder wordt altijd nagegaan wie voor de kinderen zorgt."
            ),
            rules=(required_when("kinderen", "ja", "kinderen_verzorgers"),),
        ),
        Section(
            "id",
            _("ID-bewijs"),
            (
                choice("id_bezit", _("ID-bewijs"), c.ID_BEZIT, required=True),
                line("id_soort", _("Soort ID-bewijs")),
                line("id_nummer", _("Nummer ID-bewijs")),
                date("id_geldig_tot", _("Geldig tot")),
            ),
            rules=(required_when("id_bezit", "ja", "id_soort"),),
        ),
        Section(
            "inkomen",
            _("Inkomen, opleiding en schulden"),
            (
                choice(
                    "inkomstenbron",
                    _("Inkomsten in de drie jaar vóór detentie (SUWI-net)"),
                    c.INKOMSTENBRON,
                    required=True,
                ),
                text("werkgevers", _("Werkgever(s) en contactgegevens")),
                line("uitkering_soort", _("Soort uitkering (WWB, WIA, Wajong, ANW, ...)")),
                line(
                    "uitkering_instantie",
                    _("Uitkeringsinstantie (gemeente, UWV, SVB, ...) en contactpersoon"),
                ),
                choice("uitkering_geblokkeerd", _("Uitkering geblokkeerd"), c.YES_NO),
                line("uitkering_geblokkeerd_door", _("Geblokkeerd per (datum) en door")),
                line("inkomen_anders", _("Anders, namelijk (bijv. zelfstandig ondernemer, KvK)")),
                choice("bankrekening", _("Bankrekeningnummer bekend"), c.YES_NO),
                line("bankrekening_nummer", _("Bankrekeningnummer")),
                choice("opleiding", _("Hoogst afgeronde opleiding"), c.OPLEIDING),
                choice("schulden", _("Schulden"), c.YES_NO_UNKNOWN),
                line("schulden_schatting", _("Schatting totaal bedrag aan schulden")),
                line("schuldhulp", _("Schuldhulpverlening of WSNP: instelling en contactpersoon")),
                line("bewindvoering", _("Bewindvoering: bewindvoerder en contactgegevens")),
            ),
            rules=(required_when("inkomstenbron", "uitkering", "uitkering_soort"),),
        ),
        Section(
            "huisvesting",
            _("Onderdak / huisvesting"),
            (
                choice(
                    "huisvesting_voor",
                    _("Laatste huisvestingssituatie vóór detentie"),
                    c.HUISVESTING,
                    required=True,
                ),
                line("huisvesting_toelichting", _("Bij wie / welke instelling (naam en contactgegevens)")),
                line("brp_adres", _("Laatst bekende BRP-adres")),
                text("huisvesting_aanvullend", _("Aanvullende informatie")),
            ),
        ),
        Section(
            "zorg",
            _("Zorg"),
            (
                multi("zorg_voor", _("Laatste contact met een zorginstelling vóór detentie"), c.ZORG_AARD),
                text("zorg_instellingen", _("Instelling, plaats, contactpersoon en -gegevens")),
                text("zorg_afspraken", _("Bijzondere afspraken in een lopend zorgtraject")),
            ),
        ),
        Section(
            "bijzonderheden",
            _("Bijzonderheden en gewenste acties"),
            (
                choice(
                    "vh_geprioriteerd", _("Geprioriteerd bij het Veiligheidshuis"), c.YES_NO, required=True
                ),
                multi("vh_prioritering", _("Prioritering"), c.VH_PRIORITERING),
                text("overige_bijzonderheden", _("Overige bijzonderheden")),
                text("gewenste_acties", _("Gewenste acties van de MMD'er")),
            ),
            rules=(required_when("vh_geprioriteerd", "ja", "vh_prioritering"),),
        ),
        Section(
            "ondertekening",
            _("Namens de gemeente"),
            (
                line("gemeente_naam", _("Naam"), required=True),
                line("gemeente_functie", _("Functie")),
                line("gemeente_afdeling", _("Afdeling")),
                line("gemeente_telefoon", _("Telefoonnummer"), required=True),
                line("gemeente_email", _("E-mailadres")),
                date("datum", _("Datum"), required=True),
            ),
        ),
    ),
)


def _condition_status_fields(question: Text) -> Section:
    return Section(
        "voorblad_status",
        question,
        tuple(
            choice(f"status_{condition.value}", condition.label, c.CONDITION_STATUS, required=True)
            for condition in c.Condition
        ),
        help=_("Per basisvoorwaarde: 1 Ja, 2 Nee, 3 Onbekend of 4 Actie noodzakelijk."),
    )


_ID_FIELDS = (
    choice("id_geldig", _("Beschikt over een geldig identiteitsbewijs"), c.YES_NO, required=True),
    line("id_soort", _("Soort identiteitsbewijs")),
    line("id_nummer", _("Nummer identiteitsbewijs")),
    date("id_geldig_tot", _("Geldig tot")),
    choice("id_locatie", _("Waar is het identiteitsbewijs?"), c.ID_LOCATIE),
    line("id_reden_ontbreken", _("Reden ontbreken identiteitsbewijs")),
    choice("id_vermissing_gemeld", _("Aangifte van vermissing gedaan"), c.YES_NO),
)
_INKOMEN_FIELDS = (
    choice(
        "inkomstenbron", _("Belangrijkste bron van inkomsten vóór detentie"), c.INKOMSTENBRON, required=True
    ),
    line("werkgever", _("Werkgever en contactpersoon")),
    line("uitkering_soort", _("Soort uitkering")),
    line("uitkering_instantie", _("Uitkeringsinstantie en contactpersoon")),
    choice("uitkering_opgeschort", _("Uitkering opgeschort via MMD"), c.YES_NO),
    choice("bankrekening", _("Bank- of girorekening voor uitbetalingen"), c.BANKREKENING),
    choice("dagbesteding", _("Dagbesteding vóór detentie (zonder of naast betaald werk)"), c.YES_NO),
    multi("dagbesteding_soort", _("Soort dagbesteding"), c.DAGBESTEDING),
)
_SCHULDEN_FIELDS = (
    choice("schulden", _("Heeft schulden"), c.YES_NO, required=True),
    choice("schulden_band", _("Schatting totaal bedrag aan schulden"), c.SCHULDEN_BAND),
    choice("cjib", _("CJIB-vorderingen"), c.YES_NO_UNKNOWN),
    line("cjib_bedrag", _("Schatting CJIB-vorderingen")),
    line("schuldeisers", _("Andere schuldeisers, namelijk")),
    choice("schuldhulp", _("Neemt deel aan schuldhulpverlening"), c.YES_NO),
    line("schuldhulp_instelling", _("Instelling en contactpersoon")),
    choice("bewindvoering", _("Bewindvoering"), c.YES_NO),
)
_HUISVESTING_FIELDS = (
    choice("huisvesting_voor", _("Huisvestingssituatie vóór detentie"), c.HUISVESTING, required=True),
    line("huisvesting_bij", _("Bij wie / welke instelling")),
    choice("woningzoekende", _("Ingeschreven als woningzoekende"), c.YES_NO),
    line("woningzoekende_waar", _("In welke gemeente, bij welke aanbieder")),
)
_ZORG_FIELDS = (
    choice("zorg_contact_voor", _("Contact met een zorginstelling vóór detentie"), c.YES_NO, required=True),
    multi("zorg_aard", _("Aard van de zorg"), c.ZORG_AARD),
    text("zorg_instelling", _("Instelling, plaats, contactpersoon")),
    choice("zorgvraag_detentie", _("Zorgvraag tijdens detentie"), c.YES_NO),
    choice("pmo", _("Doorverwezen naar het Psycho Medisch Overleg (PMO)"), c.YES_NO),
    choice("zorg_afspraken_na", _("Afspraken over zorgcontact na detentie"), c.YES_NO),
    line("zorg_afspraken_met", _("Met welke instelling")),
    choice("huisarts", _("Huisarts vóór detentie"), c.YES_NO),
    choice("zorgverzekering", _("Zorgverzekering vóór detentie"), c.YES_NO),
    choice("zorgverzekering_opgeschort", _("Zorgverzekering opgeschort tijdens detentie"), c.YES_NO),
)
_JUSTITIE_FIELDS = (
    choice("reclassering", _("Contact met een reclasseringsinstelling"), c.YES_NO_UNKNOWN),
    line("reclassering_contact", _("Instelling, contactpersoon en lopende afspraken")),
    choice("justitieel_kader", _("Justitieel kader na het verlaten van de PI"), c.YES_NO_UNKNOWN),
    multi("justitieel_kader_soort", _("Welk kader"), c.JUSTITIEEL_KADER),
)
_COVER_CHILDREN = (
    choice("dagelijkse_zorg_kinderen", _("Heeft de dagelijkse zorg voor minderjarige kinderen"), c.YES_NO),
    choice("actie_kinderen", _("Acties nodig voor opvang en zorg van minderjarige kinderen"), c.YES_NO),
    choice("actie_huisdieren", _("Acties nodig voor opvang en zorg van huisdieren"), c.YES_NO),
    choice("actie_woning", _("Acties nodig voor de veiligheid van thuisadres en inboedel"), c.YES_NO),
    *_actions("thuis"),
    choice(
        "telefonisch_contact", _("Telefonisch contact geweest met de gemeentelijke contactpersoon"), c.YES_NO
    ),
)

BASISDOCUMENT = DocumentSpec(
    DocumentKind.BASISDOCUMENT,
    party="pi",
    sections=(
        Section(
            "voorblad",
            _("Voorblad"),
            (
                choice("executie_indicator", _("Executie-indicator"), c.YES_NO),
                line(
                    "brp_adres_vestiging",
                    _("BRP-adres in de gemeente van vestiging (controle door gemeente)"),
                ),
                choice(
                    "isd",
                    _("ISD-maatregel gevorderd of opgelegd"),
                    (*c.YES_NO_UNKNOWN, ("actie", _("Actie noodzakelijk"))),
                ),
            ),
            help=_("Einddatum, status en gemeente van vestiging staan bij de detentie zelf."),
        ),
        _condition_status_fields(_("Zijn er problemen op één van de basisvoorwaarden?")),
        Section("thuis", _("Kinderen, huisdieren en thuisadres"), _COVER_CHILDREN),
        Section(
            "id",
            _("Identiteitsbewijs"),
            (*_ID_FIELDS, *_actions("id")),
            rules=(
                required_when("id_geldig", "ja", "id_soort"),
                required_when("id_geldig", "nee", "id_reden_ontbreken"),
            ),
        ),
        Section("inkomen", _("Inkomen / werk / dagbesteding"), (*_INKOMEN_FIELDS, *_actions("inkomen"))),
        Section(
            "schulden",
            _("Schulden"),
            (*_SCHULDEN_FIELDS, *_actions("schulden")),
            rules=(required_when("schulden", "ja", "schulden_band"),),
        ),
        Section("huisvesting", _("Huisvesting"), (*_HUISVESTING_FIELDS, *_actions("onderdak"))),
        Section(
            "zorg",
            _("Zorg"),
            (*_ZORG_FIELDS, *_actions("zorg")),
            rules=(required_when("zorg_afspraken_na", "ja", "zorg_afspraken_met"),),
        ),
        Section("justitie", _("Reclassering / justitieel kader"), _JUSTITIE_FIELDS),
        Section(
            "overig",
            _("Overige bijzonderheden en notities MMD"),
            (text("bijzonderheden", _("Bijzonderheden")), text("notities_mmd", _("Notities MMD"))),
        ),
        Section(
            "mi",
            _("MI-vragen (basis)"),
            (
                choice(
                    "overgedragen", _("Informatie overgedragen aan een gemeente"), c.YES_NO, required=True
                ),
                choice("overdracht_kanaal", _("Wijze van overdracht"), c.OVERDRACHT_KANAAL, required=True),
                choice("mi_inkomen", _("Vorm van inkomen vóór detentie"), c.YES_NO, required=True),
                choice("mi_onderdak", _("Vorm van onderdak vóór detentie"), c.YES_NO, required=True),
                choice(
                    "mi_zorgverzekering", _("Ziektekostenverzekering vóór detentie"), c.YES_NO, required=True
                ),
            ),
            help=_("Voor de WODC/MI-monitor. Of de gedetineerde is gescreend, volgt uit dit document zelf."),
        ),
    ),
)

OVERDRACHTSDOCUMENT = DocumentSpec(
    DocumentKind.OVERDRACHTSDOCUMENT,
    party="pi",
    sections=(
        _condition_status_fields(_("Zijn er nog problemen op één van de basisvoorwaarden?")),
        Section(
            "id",
            _("Identiteitsbewijs"),
            (
                choice("id_geldig", _("Beschikt over een geldig identiteitsbewijs"), c.YES_NO, required=True),
                choice("reden_geen_id", _("Reden dat geen geldig ID is gerealiseerd"), c.REDEN_GEEN_ID),
                *_actions("id"),
            ),
            rules=(required_when("id_geldig", "nee", "reden_geen_id"),),
        ),
        Section(
            "inkomen",
            _("Inkomen / werk / dagbesteding"),
            (
                choice(
                    "inkomen_na", _("Wettige vorm van inkomen direct na detentie"), c.YES_NO, required=True
                ),
                choice("inkomen_na_bron", _("Bron"), c.INKOMSTENBRON),
                choice("uitkering_aangevraagd", _("Uitkering aangevraagd via MMD"), c.YES_NO),
                choice(
                    "reden_geen_inkomen", _("Reden geen inkomen direct na detentie"), c.REDEN_GEEN_INKOMEN
                ),
                choice("werkbedrijf", _("Contact geweest met het Werkbedrijf"), c.YES_NO_UNKNOWN),
                *_actions("inkomen"),
            ),
            rules=(required_when("inkomen_na", "nee", "reden_geen_inkomen"),),
        ),
        Section(
            "schulden",
            _("Schulden"),
            (
                choice("schulden", _("Heeft schulden"), c.YES_NO, required=True),
                choice("schulden_band", _("Schatting totaal bedrag aan schulden"), c.SCHULDEN_BAND),
                choice("afbetalingsafspraken", _("Afspraken over afbetaling na detentie"), c.YES_NO),
                line("afbetalingsafspraken_welke", _("Welke afspraken")),
            ),
        ),
        Section(
            "huisvesting",
            _("Huisvesting"),
            (
                choice(
                    "brp_bij_ontslag",
                    _("Ingeschreven in de BRP bij ontslag"),
                    c.YES_NO_UNKNOWN,
                    required=True,
                ),
                line("brp_adres", _("Adres en woonplaats")),
                choice(
                    "huisvesting_na", _("(Verwachte) huisvesting na detentie"), c.HUISVESTING, required=True
                ),
                choice(
                    "reden_geen_onderdak", _("Reden geen onderdak direct na detentie"), c.REDEN_GEEN_ONDERDAK
                ),
                *_actions("onderdak"),
            ),
            rules=(required_when("huisvesting_na", ("7", "8"), "reden_geen_onderdak"),),
        ),
        Section(
            "zorg",
            _("Zorg"),
            (
                choice(
                    "zorg_overdracht",
                    _("Overdracht naar een zorginstelling gerealiseerd"),
                    c.YES_NO,
                    required=True,
                ),
                line("zorg_overdracht_instelling", _("Zorginstelling, contactpersoon en -gegevens")),
                choice("huisarts_na", _("Huisarts na detentie"), c.YES_NO),
                choice("zorgverzekering_geactiveerd", _("Zorgverzekering opnieuw geactiveerd"), c.YES_NO),
                *_actions("zorg"),
            ),
        ),
        Section(
            "justitie",
            _("Reclassering / justitieel kader"),
            (
                *_JUSTITIE_FIELDS,
                choice("tr_programma", _("Deelgenomen aan (TR-)programma-activiteiten"), c.YES_NO),
                line("tr_programma_welke", _("Welke, afgerond op, vervolg na de PI bij")),
            ),
        ),
        Section(
            "overig",
            _("Overige bijzonderheden en notities MMD"),
            (text("bijzonderheden", _("Bijzonderheden")), text("notities_mmd", _("Notities MMD"))),
        ),
    ),
)

ONTSLAGBERICHT = DocumentSpec(
    DocumentKind.ONTSLAGBERICHT,
    party="pi",
    sections=(
        Section(
            "ontslag",
            _("Ontslag"),
            (
                date("ontslagdatum", _("Datum ontslag"), required=True),
                line("adres_na_ontslag", _("Adres na ontslag (voor zover bekend)")),
                text("bijzonderheden", _("Bijzonderheden")),
            ),
        ),
        Section(
            "mi",
            _("MI-vragen (ontslag)"),
            (
                choice(
                    "contact_gemeente",
                    _("Na het basisdocument nog contact geweest met de gemeente"),
                    c.YES_NO,
                    required=True,
                ),
                multi("contact_gemeente_wijze", _("Hoe"), c.CONTACT_WIJZE),
                choice(
                    "info_van_gemeente", _("Informatie van de gemeente ontvangen"), c.YES_NO, required=True
                ),
                choice("id_geldig", _("Geldig ID-bewijs op de dag van ontslag"), c.YES_NO, required=True),
                choice("inkomen", _("Vorm van inkomen op de dag van ontslag"), c.YES_NO, required=True),
                choice("inkomen_bron", _("Bron van inkomen"), c.INKOMSTENBRON),
                choice(
                    "inkomen_eerste_week",
                    _("Afspraken met de gemeente om inkomen in de eerste week te regelen"),
                    c.YES_NO,
                ),
                choice("dagbesteding", _("Vorm van dagbesteding"), c.YES_NO),
                choice("schulden", _("Schulden op de dag van ontslag"), c.YES_NO, required=True),
                choice("schuldhulp", _("Neemt deel aan schuldhulpverlening"), c.YES_NO),
                choice(
                    "huisvesting",
                    _("Huisvesting/onderdak op de dag van ontslag"),
                    c.HUISVESTING,
                    required=True,
                ),
                choice(
                    "zorgafspraken",
                    _("Afspraken met een zorginstelling over zorgcontact na detentie"),
                    c.YES_NO,
                    required=True,
                ),
                choice("zorgafspraken_nee", _("Zo nee, waarom niet"), c.ZORGAFSPRAKEN_NEE),
                multi("zorgafspraken_aard", _("Zo ja, welke zorg"), c.ZORG_AARD),
                choice(
                    "zorgverzekering",
                    _("Ziektekostenverzekering op de dag van ontslag"),
                    c.YES_NO,
                    required=True,
                ),
            ),
            help=_("De WODC/MI-vragen over de situatie op de dag van ontslag."),
            rules=(
                required_when("inkomen", "nee", "inkomen_eerste_week"),
                required_when("schulden", "ja", "schuldhulp"),
                required_when("zorgafspraken", "nee", "zorgafspraken_nee"),
            ),
        ),
    ),
)


SPECS: dict[str, DocumentSpec] = {
    spec.key: spec
    for spec in (MELDINGSBLAD, GEMEENTEBLAD, BASISDOCUMENT, OVERDRACHTSDOCUMENT, ONTSLAGBERICHT)
}
