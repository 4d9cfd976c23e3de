"""What the nazorg documents hold in a typical hand-over: a detainee without income or housing, with debts."""

from __future__ import annotations

MELDINGSBLAD = {"mmd_naam": "Mia de Vries", "mmd_telefoon": "0546-123456", "datum": "2026-11-02"}
GEMEENTEBLAD = {
    "burgerlijke_staat": "alleenstaand_zonder_kinderen",
    "kinderen": "nee",
    "id_bezit": "ja",
    "id_soort": "Paspoort",
    "inkomstenbron": "geen_regulier",
    "huisvesting_voor": "8",
    "vh_geprioriteerd": "nee",
    "gemeente_naam": "Gert Kok",
    "gemeente_telefoon": "053-4811111",
    "datum": "2026-11-05",
}
BASISDOCUMENT = {
    "status_id": "2",
    "status_onderdak": "4",
    "status_inkomen": "4",
    "status_schulden": "1",
    "status_zorg": "3",
    "id_geldig": "ja",
    "id_soort": "Paspoort",
    "inkomstenbron": "geen_regulier",
    "actie_inkomen_gemeente": "Bijstand aanvragen vóór ontslag",
    "schulden": "ja",
    "schulden_band": "c",
    "huisvesting_voor": "8",
    "actie_onderdak_gemeente": "Plek in de maatschappelijke opvang regelen",
    "zorg_contact_voor": "nee",
    "overgedragen": "ja",
    "overdracht_kanaal": "applicatie",
    "mi_inkomen": "nee",
    "mi_onderdak": "nee",
    "mi_zorgverzekering": "ja",
}
ONTSLAGBERICHT = {
    "contact_gemeente": "ja",
    "info_van_gemeente": "ja",
    "id_geldig": "ja",
    "inkomen": "ja",
    "inkomen_bron": "uitkering",
    "schulden": "ja",
    "schuldhulp": "ja",
    "huisvesting": "6",
    "zorgafspraken": "nee",
    "zorgafspraken_nee": "geen_zorgvraag",
    "zorgverzekering": "ja",
}
