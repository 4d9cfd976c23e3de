"""The nazorg test base: two prisons, two municipalities, the queue's coordinator and a care provider."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.test import Client as HttpClient

from nazorg.models import DetentionEpisode, DetentionStatus, NazorgDocument
from nazorg.services.documents import document_start, document_submit
from nazorg.services.episodes import episode_register
from privacy.models import Function, Organisation, OrganisationType, User
from tests.conftest import verified_client
from tests.factories import OrganisationFactory, UserFactory, valid_bsn

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


@dataclass
class NazorgWorld:
    prison: Organisation
    other_prison: Organisation
    gemeente: Organisation
    other_gemeente: Organisation
    mmd: User
    other_mmd: User
    contact: User
    other_contact: User
    coordinator: User
    care: Organisation
    care_user: User
    episode: DetentionEpisode
    clients: dict[str, HttpClient] = field(default_factory=dict)

    def http(self, who: str) -> HttpClient:
        if who not in self.clients:
            self.clients[who] = verified_client(getattr(self, who))
        return self.clients[who]

    def register(self, **fields: Any) -> DetentionEpisode:
        values: dict[str, Any] = {
            "achternaam": "Bakker",
            "voornamen": "Jan",
            "geboortedatum": datetime.date(1990, 3, 4),
            "bsn": valid_bsn(77),
            "mmd": self.mmd,
            "detention_start": datetime.date(2026, 11, 2),
            "status": DetentionStatus.VEROORDEELD,
            "expected_release": datetime.date(2027, 6, 1),
            "brp_gemeente": self.gemeente,
        }
        values.update(fields)
        return episode_register(by=self.mmd, prison=self.prison, **values)

    def submit(
        self, episode: DetentionEpisode, kind: str, data: dict[str, Any], by: User | None = None
    ) -> NazorgDocument:
        by = by or (self.contact if kind == "gemeenteblad" else self.mmd)
        document = document_start(episode=episode, kind=kind, by=by)
        return document_submit(
            document=document, by=by, data=data, correction_reason="correctie" if document.number > 1 else ""
        )


def make_nazorg_world() -> NazorgWorld:
    prison = OrganisationFactory(name="PI Almelo", type=OrganisationType.PENITENTIAIRE_INRICHTING)
    other_prison = OrganisationFactory(name="PI Zwolle", type=OrganisationType.PENITENTIAIRE_INRICHTING)
    gemeente = OrganisationFactory(gemeente=True, name="Gemeente Enschede")
    other_gemeente = OrganisationFactory(gemeente=True, name="Gemeente Hengelo")
    vh = OrganisationFactory(name="Veiligheidshuis Twente", type=OrganisationType.VEILIGHEIDSHUIS)
    care = OrganisationFactory(ggz=True, name="GGZ Twente")
    mmd = UserFactory(
        email="mmd@almelo.test", organisation=prison, function=Function.MMD, phone="0546-123456"
    )
    world = NazorgWorld(
        prison=prison,
        other_prison=other_prison,
        gemeente=gemeente,
        other_gemeente=other_gemeente,
        mmd=mmd,
        other_mmd=UserFactory(email="mmd@zwolle.test", organisation=other_prison, function=Function.MMD),
        contact=UserFactory(
            email="nazorg@enschede.test", organisation=gemeente, function=Function.CONTACTPERSOON_NAZORG
        ),
        other_contact=UserFactory(
            email="nazorg@hengelo.test", organisation=other_gemeente, function=Function.CONTACTPERSOON_NAZORG
        ),
        coordinator=UserFactory(email="coordinator@vh.test", organisation=vh, function=Function.COORDINATOR),
        care=care,
        care_user=UserFactory(email="zorg@ggz.test", organisation=care, function=Function.PARTNER),
        episode=None,  # type: ignore[arg-type]
    )
    world.episode = world.register()
    return world
