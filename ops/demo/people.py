"""Made-up people for the demo: names by background, Twente addresses, 11-proof test BSNs."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from caseplan.models import CivilStatus
from common.validators import bsn_is_valid

TWENTE_TOWNS = ["Enschede", "Hengelo", "Almelo", "Oldenzaal", "Borne", "Haaksbergen", "Rijssen", "Nijverdal"]


@dataclass(frozen=True)
class Background:
    country: str
    nationality: str
    language: str
    birthplaces: list[str]
    male: list[str]
    female: list[str]
    surnames: list[str]


BACKGROUNDS: list[tuple[int, Background]] = [
    (
        70,
        Background(
            "Nederland",
            "Nederlandse",
            "Nederlands",
            [*TWENTE_TOWNS, "Deventer", "Zwolle", "Apeldoorn"],
            [
                "Gerrit",
                "Hendrikus",
                "Marcel",
                "Patrick",
                "Dennis",
                "Kevin",
                "Mike",
                "Stefan",
                "Sander",
                "Jeroen",
                "Erwin",
                "Rick",
                "Niels",
                "Jordy",
                "Bas",
                "Martijn",
                "Wesley",
                "Johan",
                "Ronald",
            ],
            [
                "Anja",
                "Monique",
                "Sandra",
                "Linda",
                "Esther",
                "Chantal",
                "Priscilla",
                "Kim",
                "Naomi",
                "Sabrina",
                "Denise",
                "Marieke",
                "Ilona",
                "Jessica",
                "Bianca",
            ],
            [
                "Jansen",
                "de Vries",
                "Bakker",
                "Visser",
                "Smit",
                "Meijer",
                "Mulder",
                "Bos",
                "Hendriks",
                "Kuipers",
                "Nijhuis",
                "Oude Nijhuis",
                "Brinkman",
                "Wolters",
                "Lammers",
                "Kamphuis",
                "Kleinsman",
                "Haverkate",
                "Gerritsen",
                "Velthuis",
                "Schuurman",
                "ter Beek",
                "van der Meer",
                "van den Berg",
                "Klein Gebbink",
                "Hulsbeek",
                "Rouwhorst",
                "Roerink",
                "Wessels",
                "Bruggink",
                "Groot Wassink",
                "Leferink",
                "Olthof",
                "Eshuis",
                "Tijhuis",
                "Geerdink",
                "Morsink",
                "ten Dam",
                "van Rijn",
            ],
        ),
    ),
    (
        8,
        Background(
            "Turkije",
            "Nederlandse",
            "Turks",
            ["Ankara", "Konya", "Kayseri", "Enschede"],
            ["Mehmet", "Mustafa", "Emre", "Burak", "Hasan", "Kemal"],
            ["Ayşe", "Fatma", "Elif", "Zeynep"],
            ["Yilmaz", "Kaya", "Demir", "Çelik", "Şahin", "Öztürk", "Arslan", "Doğan"],
        ),
    ),
    (
        7,
        Background(
            "Marokko",
            "Nederlandse",
            "Tarifit, Nederlands",
            ["Nador", "Al Hoceima", "Tanger", "Almelo"],
            ["Mohamed", "Youssef", "Said", "Karim", "Hamza"],
            ["Fatima", "Naima", "Samira"],
            ["El Idrissi", "Benali", "Bouzid", "El Khatib", "Amrani", "Ouali"],
        ),
    ),
    (
        5,
        Background(
            "Suriname",
            "Nederlandse",
            "Nederlands",
            ["Paramaribo", "Nieuw-Nickerie", "Hengelo"],
            ["Roy", "Glenn", "Errol", "Ricardo"],
            ["Sharon", "Jennifer", "Romina"],
            ["Biharie", "Ramdin", "Pinas", "Kartodikromo", "Sedney"],
        ),
    ),
    (
        5,
        Background(
            "Polen",
            "Poolse",
            "Pools",
            ["Warschau", "Krakau", "Wrocław"],
            ["Tomasz", "Piotr", "Krzysztof", "Marek"],
            ["Agnieszka", "Katarzyna"],
            ["Nowak", "Kowalczyk", "Wiśniewski", "Zieliński", "Mazur"],
        ),
    ),
    (
        5,
        Background(
            "Syrië",
            "Syrische",
            "Arabisch",
            ["Aleppo", "Damascus", "Homs"],
            ["Ahmad", "Omar", "Khaled"],
            ["Rania", "Nour"],
            ["Al-Hassan", "Haddad", "Khalil", "Mansour"],
        ),
    ),
]

STREETS = [
    "Kerkstraat",
    "Molenstraat",
    "Schoolstraat",
    "Stationsstraat",
    "Wilhelminastraat",
    "Julianastraat",
    "Oranjestraat",
    "Beatrixstraat",
    "Haaksbergerstraat",
    "Deurningerstraat",
    "Oldenzaalsestraat",
    "Hengelosestraat",
    "Boddenkampstraat",
    "Wooldriksweg",
    "Brinkstraat",
    "Tuindorpstraat",
    "Grotestraat",
    "Enschedesestraat",
    "Deldenerstraat",
    "Wierdensestraat",
    "Lipperkerkstraat",
    "Marktstraat",
    "Bornsestraat",
]
ALIASES = {
    True: ["Rooie", "De Kleine", "Tinus", "Bolle", "Sjonnie", "Gekke Henkie", "Turbo", "Tatta", "Mo"],
    False: ["Kiki", "Sjaan", "Mimi", "Roos"],
}
NO_FIXED_ABODE = [
    "Dak- en thuisloos; slaapt wisselend bij kennissen",
    "Nachtopvang Leger des Heils",
    "Maatschappelijke opvang, tijdelijke kamer",
]
PREFIXES = ("van der", "van den", "van de", "van", "ter", "ten", "de", "den", "te")
POSTCODE_LETTERS = "ABCEGHJKLMNPRTVWXZ"  # no SA, SD, SS: those pairs are not used in Dutch postcodes


@dataclass
class Person:
    fields: dict[str, object] = field(default_factory=dict)

    @property
    def bsn(self) -> str:
        return str(self.fields["bsn"])


def test_bsn(rng: random.Random, taken: set[str]) -> str:
    """A valid BSN from the RvIG test range 999990000-999999999: eight digits, then the check digit."""
    while True:
        head = "99999" + f"{rng.randrange(1000):03d}"
        total = sum(int(digit) * weight for digit, weight in zip(head, range(9, 1, -1), strict=True))
        check = total % 11
        if check == 10:  # no digit makes this 11-proof: draw again
            continue
        bsn = head + str(check)
        if bsn not in taken and bsn_is_valid(bsn):
            taken.add(bsn)
            return bsn


def _split_surname(surname: str) -> tuple[str, str]:
    for prefix in PREFIXES:
        if surname.startswith(prefix + " "):
            return prefix, surname[len(prefix) + 1 :]
    return "", surname


def address(rng: random.Random, place: str, postcodes: tuple[int, int]) -> str:
    postcode = f"{rng.randint(*postcodes)} {rng.choice(POSTCODE_LETTERS)}{rng.choice(POSTCODE_LETTERS)}"
    return f"{rng.choice(STREETS)} {rng.randint(1, 180)}, {postcode} {place}"


def person(
    rng: random.Random, taken: set[str], names: set[tuple[str, str]], place: str, postcodes: tuple[int, int]
) -> Person:
    weights, backgrounds = zip(*BACKGROUNDS, strict=True)
    bg = rng.choices(backgrounds, weights=weights)[0]
    male = rng.random() < 0.78  # the PGA caseload is mostly men
    while True:  # no two clients with the same name: that would only confuse a demo
        first, second = rng.choice(bg.male if male else bg.female), rng.choice(bg.male if male else bg.female)
        surname = rng.choice(bg.surnames)
        if (first, surname) not in names:
            names.add((first, surname))
            break
    voorvoegsel, achternaam = _split_surname(surname)
    born = datetime.date(1962, 1, 1) + datetime.timedelta(days=rng.randrange(42 * 365))
    brp = address(rng, place, postcodes)
    homeless = rng.random() < 0.2
    fields: dict[str, object] = {
        "voornamen": first if second == first or rng.random() < 0.5 else f"{first} {second}",
        "roepnaam": first,
        "voorvoegsel": voorvoegsel,
        "achternaam": achternaam,
        "alias": rng.choice(ALIASES[male]) if rng.random() < 0.25 else "",
        "geboortedatum": born,
        "geboorteplaats": rng.choice(bg.birthplaces),
        "geboorteland": bg.country,
        "nationaliteit": bg.nationality,
        "spreektaal": bg.language,
        "bsn": test_bsn(rng, taken),
        "brp_adres": "" if homeless and rng.random() < 0.5 else brp,
        "verblijfsadres": rng.choice(NO_FIXED_ABODE) if homeless else brp,
        "burgerlijke_staat": rng.choice(
            [CivilStatus.ONGEHUWD] * 5
            + [CivilStatus.GESCHEIDEN] * 2
            + [CivilStatus.GEHUWD, CivilStatus.SAMENWONEND]
        ),
        "crisiskaart": rng.random() < 0.15,
        "zorgverzekeraar": rng.choice(["Menzis"] * 4 + ["Zilveren Kruis", "CZ", "VGZ"]),
        "uitkering_soort": rng.choice(["Participatiewet (bijstand)"] * 3 + ["WW", "Wajong", "WIA", ""]),
    }
    if fields["uitkering_soort"]:
        year = max(born.year + 18, 2010 + rng.randrange(14))
        fields["uitkering_sinds"] = datetime.date(year, born.month, min(born.day, 28))
    if fields["burgerlijke_staat"] in (CivilStatus.GEHUWD, CivilStatus.SAMENWONEND):
        partner_first = rng.choice(bg.female if male else bg.male)
        fields["partner_naam"] = f"{partner_first} {rng.choice(bg.surnames)}"
        fields["partner_adres"] = brp
    return Person(fields)
