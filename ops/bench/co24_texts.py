"""Generated wording of CO24dak benchmark signals: what a caller tells the back office, per checklist category,
in the manner of the seed's example ("lets him in but won't work on problems, eats little, stays indoors").
Every sentence is fictitious."""

from __future__ import annotations

import random

# What a caller says when a risk item (by category) or a protective factor is seen.
RISK_SAYS: dict[str, tuple[str, ...]] = {
    "gedrag": (
        "Is de laatste dagen erg teruggetrokken en neemt de telefoon niet meer op.",
        "Loopt onrustig heen en weer op de galerij en praat in zichzelf.",
        "Zegt dat anderen hem beïnvloeden en dat hij geen nee kan zeggen.",
        "Reageert verward op vragen, weet de dag en de afspraak niet meer.",
    ),
    "overlast": (
        "Harde muziek en geschreeuw tot diep in de nacht, buren liggen wakker.",
        "Stankoverlast in het portiek, vuilniszakken op het balkon.",
        "Bonkt 's nachts op de muren en de deur van de bovenburen.",
    ),
    "agressie": (
        "Heeft de buurvrouw in het trappenhuis uitgescholden en bedreigd.",
        "Gooide met een stoel naar de begeleider; niemand gewond.",
        "Dreigde de woonconsulent iets aan te doen als die terugkomt.",
    ),
    "zorg": (
        "Deed de deur niet open bij het huisbezoek, wel licht aan.",
        "Is niet verschenen bij de afspraak op de polikliniek.",
        "Zegt dat hij gestopt is met de medicatie omdat hij zich goed voelt.",
    ),
    "middelen": (
        "Vermoeden van middelengebruik: rode ogen, veel bezoek kort na elkaar.",
        "Rook een sterke alcohollucht, sprak met dubbele tong.",
    ),
    "veiligheid": (
        "Zei aan de telefoon dat het allemaal niet meer hoeft.",
        "Uitte gedachten over zichzelf iets aandoen; crisisdienst gebeld.",
    ),
    "financien": (
        "Huurachterstand van drie maanden, aanmaning ligt ongeopend op de mat.",
        "Eet weinig en is afgevallen, er is geen geld voor boodschappen.",
    ),
}
PROTECTIVE_SAYS: dict[str, tuple[str, ...]] = {
    "netwerk": (
        "Zus is zondag op bezoek geweest, dat ging goed.",
        "Maakt weer een praatje met de buren bij de brievenbus.",
    ),
    "zorg": (
        "Liet de ambulant begeleider binnen en het gesprek was rustig.",
        "Heeft de medicatie in de weekdoos genomen, zag de wijkverpleging.",
    ),
    "dagritme": ("Gaat weer drie ochtenden per week naar de dagbesteding.",),
    "wonen": ("Woning is opgeruimd, de was is gedaan.",),
}
OTHER_SAYS = (
    "Belt om te laten weten hoe het gaat.",
    "Geen bijzonderheden gezien bij het wekelijkse bezoek.",
    "Cliënt vroeg zelf om contact met de casusregisseur.",
    "Uitkering loopt weer, de vaste lasten worden betaald.",
)
FOLLOW_UPS = (
    "Wijkagent loopt donderdag langs.",
    "Casusregisseur belt morgen terug met de inbeller.",
    "Huisbezoek ingepland met de ambulant begeleider.",
    "Besproken in het casusoverleg van volgende week.",
    "Inbeller belt opnieuw als het vannacht weer gebeurt.",
)
HANDLED_NOTES = (
    "Huisbezoek afgelegd met de wijkagent; afspraken gemaakt over rust in huis.",
    "Besproken met de psychiater, medicatie weer opgestart.",
    "Casusoverleg belegd; de begeleiding wordt tijdelijk geïntensiveerd.",
    "Contact gehad met de familie, die houdt een oogje in het zeil.",
)

# Callers: kind, relation and the weight of how often they call.
NETWORK_RELATIONS = ("moeder", "zus", "broer", "vader", "vriend", "dochter")
NEIGHBOUR_RELATIONS = ("buurvrouw", "buurman", "bovenburen", "beheerder van het complex")
UNKNOWN_CALLERS = (
    ("Anonieme melder", "buurtbewoner"),
    ("Medewerker supermarkt", "winkelier"),
    ("Huisartsenpost", "huisarts"),
    ("Conducteur", "openbaar vervoer"),
    ("Omwonende", "buurtbewoner"),
)
PROFESSIONAL_RELATIONS = {
    "ggz": "ambulant begeleider GGZ",
    "politie": "wijkagent",
    "woningcorporatie": "woonconsulent",
    "verslavingszorg": "begeleider verslavingszorg",
    "maatschappelijk_werk": "maatschappelijk werker",
    "reclassering": "reclasseringswerker",
}
CALLER_REPORTS = {
    "professional": "Wekelijks huisbezoek: zelfzorg, medicatie, afspraken.",
    "netwerk": "Belt na contact of als hij niet bereikbaar is.",
    "buurt": "Meldt overlast en geschreeuw in het portiek.",
    "client": "Belt soms zelf als het niet goed gaat.",
}
CALLER_AGREEMENTS = {
    "professional": "Belt na elk huisbezoek met zorgen; bij acuut gevaar 112.",
    "netwerk": "Mag altijd bellen; geen medische informatie terug.",
    "buurt": "Mag overlast melden; krijgt geen informatie over de cliënt.",
    "client": "Wordt doorverbonden met de casusregisseur.",
}
# Items a later checklist version adds to the template's (plan goals and the risk profile).
EXTRA_ITEMS = (
    ("beschermend", "dagritme", "Werkt aan doel: dagbesteding drie ochtenden per week", False, "doel"),
    ("beschermend", "netwerk", "Werkt aan doel: wekelijks contact met de zus", False, "doel"),
    ("risico", "overlast", "Overlast zoals eerder: geschreeuw en bonken 's nachts", False, "risicoprofiel"),
    ("risico", "agressie", "Signalen die eerder aan een GGZ-opname voorafgingen", True, "risicoprofiel"),
)
VERSION_NOTES = ("Op maat na de evaluatie van het plan", "Items uit het risicoprofiel toegevoegd")


def account(rng: random.Random, said: list[tuple[str, str, str]]) -> str:
    """What the caller told, from the items answered "ja" (kind, category, answer)."""
    parts = []
    for kind, category, answer in said:
        if answer != "ja":
            continue
        pool = (RISK_SAYS if kind == "risico" else PROTECTIVE_SAYS).get(category)
        if pool:
            parts.append(rng.choice(pool))
    if not parts or rng.random() < 0.4:
        parts.append(rng.choice(OTHER_SAYS))
    return " ".join(parts)
