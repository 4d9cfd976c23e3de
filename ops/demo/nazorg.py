"""Nazorg demo data: ten detainees of PI Almelo and PI Zwolle in every state of the hand-over to the
municipality, made through the nazorg services only (so deadlines, the hand-over trail, notifications and the
import into a case are what the application itself makes of them).

The MMD'ers (``mmd@pi-almelo.demo``, ``mmd@pi-zwolle.demo``), the contactpersoon nazorg of Enschede
(``nazorg@enschede.demo``) and the coordinator who works the queue (``coordinator@enschede.demo``) are demo users
of ``ops.demo.users`` with their authenticator app and backup codes. A detainee is known by a test BSN: running
the seed again finds it and leaves it alone.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from nazorg.models import DetentionEpisode, DetentionStatus, DocumentKind, NotScreenedReason
from nazorg.services.consent import consent_record, episode_share
from nazorg.services.documents import document_save, document_start, document_submit
from nazorg.services.episodes import episode_register, handover_accept
from nazorg.services.importing import episode_import
from ops.demo.cases import case_specs
from ops.demo.organisations import GEMEENTEN, gemeente_name
from ops.demo.people import person
from privacy.models import Organisation, OrganisationType, User

SEED = 2027
# prison: (its MMD'er, location, place, the MMD office's phone number as the meldingsblad gives it)
PRISONS = {
    "PI Almelo": ("mmd@pi-almelo.demo", "Huis van Bewaring", "Almelo", "0546-000111"),
    "PI Zwolle": ("mmd@pi-zwolle.demo", "Gevangenis", "Zwolle", "038-0002220"),
}
CONTACT = "nazorg@enschede.demo"
K = DocumentKind

MELDINGSBLAD = {"bijzonderheden": "Rustig op de afdeling; wil graag contact met de gemeente over wonen."}
GEMEENTEBLAD = {
    "burgerlijke_staat": "alleenstaand_met_kinderen",
    "kinderen": "ja",
    "kinderen_op_adres": "Twee kinderen (6 en 9 jaar) wonen bij de ex-partner op het BRP-adres.",
    "kinderen_verzorgers": ["familie"],
    "id_bezit": "ja",
    "id_soort": "Identiteitskaart",
    "id_geldig_tot": "2029-04-30",
    "inkomstenbron": "uitkering",
    "uitkering_soort": "Participatiewet (bijstand)",
    "uitkering_instantie": "Gemeente Enschede, team Werk en Inkomen",
    "uitkering_geblokkeerd": "ja",
    "schulden": "ja",
    "schulden_schatting": "ongeveer € 14.000",
    "huisvesting_voor": "7",
    "huisvesting_toelichting": "Briefadres bij de maatschappelijke opvang",
    "vh_geprioriteerd": "ja",
    "vh_prioritering": ["veelpleger"],
    "gewenste_acties": "Graag vóór ontslag een ID-aanvraag en een intake bij de schuldhulp regelen.",
    "gemeente_naam": "Kevin Wolters",
    "gemeente_functie": "Contactpersoon nazorg",
    "gemeente_telefoon": "14 053",
    "gemeente_email": CONTACT,
}
BASISDOCUMENT = {
    "status_id": "2",
    "status_onderdak": "4",
    "status_inkomen": "4",
    "status_schulden": "1",
    "status_zorg": "3",
    "id_geldig": "ja",
    "id_soort": "Identiteitskaart",
    "id_locatie": "inrichting",
    "inkomstenbron": "uitkering",
    "uitkering_soort": "Participatiewet",
    "uitkering_opgeschort": "ja",
    "actie_inkomen_gemeente": "Bijstand opnieuw laten ingaan op de dag van ontslag",
    "schulden": "ja",
    "schulden_band": "d",
    "cjib": "ja",
    "actie_schulden_gedetineerde": "Post van schuldeisers bewaren en meenemen naar de intake",
    "huisvesting_voor": "7",
    "actie_onderdak_gemeente": "Plek in de maatschappelijke opvang regelen vanaf de dag van ontslag",
    "zorg_contact_voor": "ja",
    "zorg_aard": ["verslaving"],
    "zorg_instelling": "Tactus Verslavingszorg, Enschede",
    "zorg_afspraken_na": "ja",
    "zorg_afspraken_met": "Tactus Verslavingszorg",
    "reclassering": "ja",
    "overgedragen": "ja",
    "overdracht_kanaal": "applicatie",
    "mi_inkomen": "ja",
    "mi_onderdak": "nee",
    "mi_zorgverzekering": "ja",
}
OVERDRACHTSDOCUMENT = {
    "status_id": "2",
    "status_onderdak": "4",
    "status_inkomen": "2",
    "status_schulden": "1",
    "status_zorg": "2",
    "id_geldig": "ja",
    "inkomen_na": "ja",
    "inkomen_na_bron": "uitkering",
    "uitkering_aangevraagd": "ja",
    "schulden": "ja",
    "schulden_band": "c",
    "afbetalingsafspraken": "ja",
    "afbetalingsafspraken_welke": "Betalingsregeling met het CJIB",
    "brp_bij_ontslag": "nee",
    "huisvesting_na": "6",
    "actie_onderdak_gemeente": "Bed in de nachtopvang reserveren, daarna begeleid wonen",
    "zorg_overdracht": "ja",
    "zorg_overdracht_instelling": "Mediant GGZ, FACT-team Enschede",
    "huisarts_na": "ja",
    "zorgverzekering_geactiveerd": "ja",
}
ONTSLAGBERICHT = {
    "adres_na_ontslag": "Maatschappelijke opvang, Enschede",
    "contact_gemeente": "ja",
    "contact_gemeente_wijze": ["telefonisch", "gemeenteblad"],
    "info_van_gemeente": "ja",
    "id_geldig": "ja",
    "inkomen": "ja",
    "inkomen_bron": "uitkering",
    "schulden": "ja",
    "schuldhulp": "ja",
    "huisvesting": "6",
    "zorgafspraken": "ja",
    "zorgafspraken_aard": ["verslaving"],
    "zorgverzekering": "ja",
}


@dataclass
class Detainee:
    """One demo detainee: where, since when, and how far the hand-over has come."""

    prison: str
    started_days_ago: int
    release_in_days: int | None  # None: preventief gehecht, end date unknown
    steps: list[str]
    herkomst: str | None = "Enschede"
    sentenced_days_ago: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


# steps, in order: melding, accept, gemeenteblad, basisdocument, basisdocument-concept, consent,
# overdracht-concept, ontslag, import
DETAINEES = [
    Detainee("PI Almelo", 1, 90, []),  # registered only: the notice is due within two working days
    Detainee("PI Almelo", 3, 45, ["melding"]),  # new in Enschede's inbox
    Detainee("PI Zwolle", 12, None, ["melding", "accept", "gemeenteblad"]),
    Detainee("PI Almelo", 20, 75, ["melding", "accept", "gemeenteblad", "basisdocument", "consent"]),
    # long-stay: the overdrachtsdocument is due eight weeks before release
    Detainee(
        "PI Zwolle",
        400,
        60,
        ["melding", "accept", "gemeenteblad", "basisdocument", "overdracht-concept"],
        sentenced_days_ago=330,
    ),
    # released yesterday: the title has ended, Enschede may take it into a case
    Detainee("PI Almelo", 35, -1, ["melding", "accept", "gemeenteblad", "basisdocument", "ontslag"]),
    Detainee("PI Almelo", 2, 30, ["melding"], herkomst=None),  # no gemeente van herkomst: the queue
    Detainee("PI Zwolle", 6, None, ["melding", "accept", "basisdocument-concept"]),
    Detainee(
        "PI Almelo",
        60,
        -12,
        ["melding", "accept", "gemeenteblad", "basisdocument", "consent", "ontslag", "import"],
    ),
    Detainee(
        "PI Zwolle", 4, 20, ["melding"], extra={"not_screened": NotScreenedReason.FOREIGNER}
    ),  # a foreigner without residence permit: not screened, no basisdocument
]


def _fields(
    spec: Detainee, demo_person: dict[str, object], gemeenten: dict[str, Organisation]
) -> dict[str, Any]:
    today = timezone.localdate()
    started = today - datetime.timedelta(days=spec.started_days_ago)
    sentenced = spec.release_in_days is not None
    fields: dict[str, Any] = {
        "achternaam": f"{demo_person['voorvoegsel']} {demo_person['achternaam']}".strip(),
        "voornamen": demo_person["voornamen"],
        "geboortedatum": demo_person["geboortedatum"],
        "bsn": demo_person["bsn"],
        "locatie": PRISONS[spec.prison][1],
        "plaats": PRISONS[spec.prison][2],
        "detention_start": started,
        "status": DetentionStatus.VEROORDEELD if sentenced else DetentionStatus.PREVENTIEF,
        "brp_gemeente": gemeenten[spec.herkomst] if spec.herkomst else None,
        **spec.extra,
    }
    if sentenced:
        fields["expected_release"] = today + datetime.timedelta(days=spec.release_in_days or 0)
        fields["sentenced_on"] = (
            today - datetime.timedelta(days=spec.sentenced_days_ago) if spec.sentenced_days_ago else started
        )
    return fields


def _submit(episode: DetentionEpisode, kind: str, by: User, data: dict[str, Any]) -> None:
    draft = document_start(episode=episode, kind=kind, by=by)
    document_submit(document=draft, by=by, data={**draft.data, **data})


def _steps(
    spec: Detainee, episode: DetentionEpisode, mmd: User, users: dict[str, User], care: Organisation
) -> None:
    contact = users[CONTACT]
    today = timezone.localdate()
    for step in spec.steps:
        episode.refresh_from_db()
        if step == "melding":
            _submit(episode, K.MELDINGSBLAD, mmd, {**MELDINGSBLAD, "mmd_telefoon": PRISONS[spec.prison][3]})
        elif step == "accept":
            handover_accept(episode=episode, by=contact)
        elif step == "gemeenteblad":
            _submit(episode, K.GEMEENTEBLAD, contact, {**GEMEENTEBLAD, "datum": today.isoformat()})
        elif step == "basisdocument":
            _submit(episode, K.BASISDOCUMENT, mmd, BASISDOCUMENT)
        elif step == "basisdocument-concept":
            document_start(episode=episode, kind=K.BASISDOCUMENT, by=mmd)
        elif step == "consent":
            consent_record(
                episode=episode,
                by=mmd,
                signed_on=today,
                scope=["ggz", "verslavingszorg"],
                evidence="Getekend formulier in het PI-dossier",
            )
            episode_share(
                episode=episode,
                by=mmd,
                organisation=care,
                reason="Ambulante behandeling na ontslag voortzetten",
            )
        elif step == "overdracht-concept":
            draft = document_start(episode=episode, kind=K.OVERDRACHTSDOCUMENT, by=mmd)
            document_save(document=draft, by=mmd, data=OVERDRACHTSDOCUMENT, expected_revision=draft.revision)
        elif step == "ontslag":
            released = today + datetime.timedelta(days=spec.release_in_days or 0)
            _submit(episode, K.ONTSLAGBERICHT, mmd, {**ONTSLAGBERICHT, "ontslagdatum": released.isoformat()})
        elif step == "import":
            episode_import(episode=episode, by=contact)


def ensure_nazorg(users: dict[str, User], organisations: dict[str, Organisation]) -> Counter[str]:
    """Create the demo detainees that are missing; one whose BSN is already registered is left alone."""
    today = timezone.localdate()
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not security
    taken = {spec.person.bsn for spec in case_specs(today)}  # never a BSN of a demo client
    places = {short: (place, postcodes) for short, _cbs, place, postcodes in GEMEENTEN}
    gemeenten = {short: organisations[gemeente_name(short)] for short in places}
    prisons = {
        name: Organisation.objects.get_or_create(
            name=name, defaults={"type": OrganisationType.PENITENTIAIRE_INRICHTING}
        )[0]
        for name in PRISONS
    }
    care = organisations["Mediant GGZ"]
    tally: Counter[str] = Counter()
    names: set[tuple[str, str]] = set()
    for spec in DETAINEES:
        demo_person = person(rng, taken, names, *places[spec.herkomst or "Enschede"]).fields
        if DetentionEpisode.objects.filter(bsn=demo_person["bsn"]).exists():
            tally["same"] += 1
            continue
        mmd = users[PRISONS[spec.prison][0]]
        with transaction.atomic():
            episode = episode_register(
                by=mmd, prison=prisons[spec.prison], mmd=mmd, **_fields(spec, demo_person, gemeenten)
            )
            _steps(spec, episode, mmd, users, care)
        tally["new"] += 1
    return tally
