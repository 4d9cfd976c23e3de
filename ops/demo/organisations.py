"""The partner organisations of the Twente covenant: 14 municipalities and their chain partners."""

from __future__ import annotations

from collections import Counter

from ops.demo.records import upsert
from privacy.models import Organisation, OrganisationType

# (name, CBS code, main place, postcode range): the 14 Twente municipalities.
GEMEENTEN: list[tuple[str, str, str, tuple[int, int]]] = [
    ("Almelo", "GM0141", "Almelo", (7601, 7609)),
    ("Borne", "GM0147", "Borne", (7621, 7623)),
    ("Dinkelland", "GM1774", "Denekamp", (7591, 7591)),
    ("Enschede", "GM0153", "Enschede", (7511, 7548)),
    ("Haaksbergen", "GM0158", "Haaksbergen", (7481, 7483)),
    ("Hellendoorn", "GM0163", "Nijverdal", (7441, 7443)),
    ("Hengelo", "GM0164", "Hengelo", (7550, 7559)),
    ("Hof van Twente", "GM1735", "Goor", (7471, 7472)),
    ("Losser", "GM0168", "Losser", (7581, 7582)),
    ("Oldenzaal", "GM0173", "Oldenzaal", (7571, 7577)),
    ("Rijssen-Holten", "GM1742", "Rijssen", (7461, 7463)),
    ("Tubbergen", "GM0183", "Tubbergen", (7651, 7651)),
    ("Twenterand", "GM1700", "Vriezenveen", (7671, 7672)),
    ("Wierden", "GM0189", "Wierden", (7641, 7642)),
]

T = OrganisationType
PARTNERS: list[tuple[str, str]] = [
    ("Zorg- en Veiligheidshuis Twente", T.VEILIGHEIDSHUIS),
    ("Mediant GGZ", T.GGZ),
    ("Dimence", T.GGZ),
    ("Politie Oost-Nederland", T.POLITIE),
    ("Reclassering Nederland", T.RECLASSERING),
    ("Tactus Verslavingsreclassering", T.RECLASSERING),
    ("PI Almelo", T.PENITENTIAIRE_INRICHTING),
    ("PI Zwolle", T.PENITENTIAIRE_INRICHTING),
    ("Domijn", T.WONINGCORPORATIE),
    ("Ons Huis", T.WONINGCORPORATIE),
    ("Welbions", T.WONINGCORPORATIE),
    ("Tactus Verslavingszorg", T.VERSLAVINGSZORG),
    ("Wijkracht", T.MAATSCHAPPELIJK_WERK),
    ("Openbaar Ministerie Oost-Nederland", T.OM),
    ("CO24dak back office Twente", T.CO24_BACKOFFICE),
]


def gemeente_name(short: str) -> str:
    return f"Gemeente {short}"


def ensure_organisations() -> tuple[dict[str, Organisation], Counter[str]]:
    """All demo organisations by name (municipalities also by their short name, e.g. "Enschede")."""
    found: dict[str, Organisation] = {}
    tally: Counter[str] = Counter()
    for short, cbs_code, _place, _postcodes in GEMEENTEN:
        org, state = upsert(
            Organisation,
            {"cbs_code": cbs_code},
            {"name": gemeente_name(short), "type": OrganisationType.GEMEENTE, "is_active": True},
        )
        found[short] = found[org.name] = org
        tally[state] += 1
    for name, org_type in PARTNERS:
        org, state = upsert(Organisation, {"name": name}, {"type": org_type, "is_active": True})
        found[name] = org
        tally[state] += 1
    return found, tally
