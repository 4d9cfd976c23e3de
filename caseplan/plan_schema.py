"""The sections of the maatwerkplan (seed 000) other than the life domains, declared in the document engine
(common/documents): their fields and labels. Each section is stored as its own JSON object.

A guideline, not a form: every field is optional, and an empty section is shown as empty."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from common.documents import Options, Section, choice, date, line, text

YES_NO: Options = (("ja", _("ja")), ("nee", _("nee")))
YES_NO_NA: Options = (*YES_NO, ("nvt", _("n.v.t.")))


SECTIONS: tuple[Section, ...] = (
    Section(
        "procesgegevens",
        _("Procesgegevens"),
        (
            line("procesmanager_gemeente", _("Procesmanager gemeente (naam, telefoon)")),
            line("procesmanager_vh", _("Procesmanager Veiligheidshuis (naam, telefoon)")),
            line("casuscoordinator", _("Casuscoördinator (naam, telefoon)")),
        ),
    ),
    Section(
        "aanleiding",
        _("Aanleiding prioritering"),
        (
            choice("strafrechtelijk", _("Strafrechtelijk"), YES_NO),
            choice("overlast", _("Overlast"), YES_NO),
            text("overlastfeiten", _("Type overlast / overlastfeiten (met data)")),
            line("geprioriteerd_door", _("Geprioriteerd door / vanuit")),
            line("soort_aanpak", _("Datum prioritering en soort aanpak")),
        ),
    ),
    Section(
        "status",
        _("Status cliënt"),
        (
            choice("gedetineerd", _("Gedetineerd"), YES_NO),
            line("inrichting", _("PI of JJI; straf of civiel")),
            choice("huiselijk_geweld", _("Huiselijk geweld"), YES_NO),
            date("huisverbod_van", _("Huisverbod van")),
            date("huisverbod_tot", _("Huisverbod tot en met")),
            date("verlenging_van", _("Verlenging huisverbod van")),
            date("verlenging_tot", _("Verlenging huisverbod tot en met")),
            choice("toestemming_privacy", _("Toestemmingsformulier privacy getekend"), YES_NO),
            date("toestemming_datum", _("Datum toestemming")),
            choice("reclassering", _("Reclassering betrokken"), YES_NO),
            line("reclassering_organisatie", _("Reclasseringsorganisatie (RO) en medewerker")),
            text("advies_reclassering", _("Advies reclassering")),
            date("toezicht_van", _("Toezicht van")),
            date("toezicht_tot", _("Toezicht tot")),
            choice("opname_ggz", _("Opname GGZ"), YES_NO),
            line("contactpersoon_ggz", _("Contactpersoon GGZ")),
        ),
    ),
    Section(
        "diagnostiek",
        _("Diagnostiek op leefgebieden"),
        (
            line("risc", _("RISc afgenomen (datum, door)")),
            line("nifp", _("NIFP-rapportage (datum, door)")),
            text("verenigde_kracht", _("Verenigde kracht")),
            text("naastbetrokkenen", _("Naastbetrokkenen (familie, buren, vrienden)")),
            choice("eigen_kracht", _("Eigen Kracht-conferentie besproken"), YES_NO),
            choice("ervaringsdeskundigen", _("Ervaringsdeskundigen betrokken"), YES_NO),
            text("aanvullende_diagnostiek", _("Aanvullende diagnostiek nodig")),
            text("basisvoorwaarden", _("Basisvoorwaarden nazorg (uit het basisdocument)")),
        ),
    ),
    Section(
        "slachtoffers",
        _("Slachtoffer(s)"),
        (
            choice("slachtoffer", _("Slachtoffer(s)"), YES_NO_NA),
            text("gegevens", _("Gegevens slachtoffer(s)")),
            text("belangen", _("Belangen")),
            text("wensen", _("Wensen slachtoffer(s)")),
            text("einddoel", _("Einddoel")),
            text("tussendoel", _("Tussendoel")),
            text("interventies", _("Interventies")),
            text("wensen_client", _("Wensen cliënt")),
            text("actie_client", _("Actie cliënt")),
        ),
        help=_(
            "Belangen en wensen van slachtoffers; voorkom onvoorbereide confrontatie (vervroegde vrijlating, huisvesting in de buurt)."
        ),
    ),
    Section(
        "omgeving",
        _("Omgevingsgerichte aanpak"),
        (
            text("doel_maatregelen", _("Doel en maatregelen")),
            text("interventies", _("Interventies")),
            text("aanvullend", _("Aanvullende informatie")),
        ),
        help=_("Steun voor de buurt, samen met maatregelen tegen overlast door de cliënt."),
    ),
    Section(
        "co24",
        _("Inzet CO24dak"),
        (
            text("inbellers", _("Namen inbellers")),
            text("afspraken", _("Afspraken")),
            text("vragen_checklist", _("Vragen checklist CO24dak")),
        ),
    ),
)

SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}
