"""The sections of the maatwerkplan (seed 000) other than the life domains: their fields and labels.

A guideline, not a form: every field is optional, and an empty section is shown as empty."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

YES_NO: list[tuple[str, StrOrPromise]] = [("", "—"), ("ja", _("ja")), ("nee", _("nee"))]
YES_NO_NA: list[tuple[str, StrOrPromise]] = [
    ("", "—"),
    ("ja", _("ja")),
    ("nee", _("nee")),
    ("nvt", _("n.v.t.")),
]


@dataclass(frozen=True)
class Field:
    key: str
    label: StrOrPromise
    kind: str = "text"  # text (multi-line), line, date, choice
    choices: tuple[tuple[str, StrOrPromise], ...] = ()


@dataclass(frozen=True)
class Section:
    key: str
    title: StrOrPromise
    fields: tuple[Field, ...]
    help: StrOrPromise = ""


def _choice(key: str, label: StrOrPromise, choices: list[tuple[str, StrOrPromise]]) -> Field:
    return Field(key, label, "choice", tuple(choices))


SECTIONS: tuple[Section, ...] = (
    Section(
        "procesgegevens",
        _("Procesgegevens"),
        (
            Field("procesmanager_gemeente", _("Procesmanager gemeente (naam, telefoon)"), "line"),
            Field("procesmanager_vh", _("Procesmanager Veiligheidshuis (naam, telefoon)"), "line"),
            Field("casuscoordinator", _("Casuscoördinator (naam, telefoon)"), "line"),
        ),
    ),
    Section(
        "aanleiding",
        _("Aanleiding prioritering"),
        (
            _choice("strafrechtelijk", _("Strafrechtelijk"), YES_NO),
            _choice("overlast", _("Overlast"), YES_NO),
            Field("overlastfeiten", _("Type overlast / overlastfeiten (met data)")),
            Field("geprioriteerd_door", _("Geprioriteerd door / vanuit"), "line"),
            Field("soort_aanpak", _("Datum prioritering en soort aanpak"), "line"),
        ),
    ),
    Section(
        "status",
        _("Status cliënt"),
        (
            _choice("gedetineerd", _("Gedetineerd"), YES_NO),
            Field("inrichting", _("PI of JJI; straf of civiel"), "line"),
            _choice("huiselijk_geweld", _("Huiselijk geweld"), YES_NO),
            Field("huisverbod_van", _("Huisverbod van"), "date"),
            Field("huisverbod_tot", _("Huisverbod tot en met"), "date"),
            Field("verlenging_van", _("Verlenging huisverbod van"), "date"),
            Field("verlenging_tot", _("Verlenging huisverbod tot en met"), "date"),
            _choice("toestemming_privacy", _("Toestemmingsformulier privacy getekend"), YES_NO),
            Field("toestemming_datum", _("Datum toestemming"), "date"),
            _choice("reclassering", _("Reclassering betrokken"), YES_NO),
            Field("reclassering_organisatie", _("Reclasseringsorganisatie (RO) en medewerker"), "line"),
            Field("advies_reclassering", _("Advies reclassering")),
            Field("toezicht_van", _("Toezicht van"), "date"),
            Field("toezicht_tot", _("Toezicht tot"), "date"),
            _choice("opname_ggz", _("Opname GGZ"), YES_NO),
            Field("contactpersoon_ggz", _("Contactpersoon GGZ"), "line"),
        ),
    ),
    Section(
        "diagnostiek",
        _("Diagnostiek op leefgebieden"),
        (
            Field("risc", _("RISc afgenomen (datum, door)"), "line"),
            Field("nifp", _("NIFP-rapportage (datum, door)"), "line"),
            Field("verenigde_kracht", _("Verenigde kracht")),
            Field("naastbetrokkenen", _("Naastbetrokkenen (familie, buren, vrienden)")),
            _choice("eigen_kracht", _("Eigen Kracht-conferentie besproken"), YES_NO),
            _choice("ervaringsdeskundigen", _("Ervaringsdeskundigen betrokken"), YES_NO),
            Field("aanvullende_diagnostiek", _("Aanvullende diagnostiek nodig")),
            Field("basisvoorwaarden", _("Basisvoorwaarden nazorg (uit het basisdocument)")),
        ),
    ),
    Section(
        "slachtoffers",
        _("Slachtoffer(s)"),
        (
            _choice("slachtoffer", _("Slachtoffer(s)"), YES_NO_NA),
            Field("gegevens", _("Gegevens slachtoffer(s)")),
            Field("belangen", _("Belangen")),
            Field("wensen", _("Wensen slachtoffer(s)")),
            Field("einddoel", _("Einddoel")),
            Field("tussendoel", _("Tussendoel")),
            Field("interventies", _("Interventies")),
            Field("wensen_client", _("Wensen cliënt")),
            Field("actie_client", _("Actie cliënt")),
        ),
        help=_(
            "Belangen en wensen van slachtoffers; voorkom onvoorbereide confrontatie (vervroegde vrijlating, huisvesting in de buurt)."
        ),
    ),
    Section(
        "omgeving",
        _("Omgevingsgerichte aanpak"),
        (
            Field("doel_maatregelen", _("Doel en maatregelen")),
            Field("interventies", _("Interventies")),
            Field("aanvullend", _("Aanvullende informatie")),
        ),
        help=_("Steun voor de buurt, samen met maatregelen tegen overlast door de cliënt."),
    ),
    Section(
        "co24",
        _("Inzet CO24dak"),
        (
            Field("inbellers", _("Namen inbellers")),
            Field("afspraken", _("Afspraken")),
            Field("vragen_checklist", _("Vragen checklist CO24dak")),
        ),
    ),
)

SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}
