"""The CO24 test base: one back office per municipality, an enrolled case with its team."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.test import Client as HttpClient
from django.utils import timezone

from caseplan.models import Case, CaseAccess, CaseRole
from caseplan.services.cases import case_create
from caseplan.services.clients import client_create
from caseplan.services.team import case_member_add
from co24.models import BackOfficeService, Caller, ChecklistItem, Signal
from co24.services.callers import caller_save
from co24.services.checklists import active_checklist
from co24.services.enrolment import co24_enrol
from co24.services.signals import signal_record
from privacy.models import Function, Organisation, OrganisationType, Purpose, User
from tests.conftest import verified_client
from tests.factories import OrganisationFactory, UserFactory, valid_bsn


@dataclass
class Co24World:
    gemeente: Organisation
    other_gemeente: Organisation
    backoffice: Organisation
    other_backoffice: Organisation
    pm: User  # procesmanager, write
    regisseur: User  # casusregisseur GGZ, write
    agent: User  # police, read-only team member
    operator: User  # back office that serves the municipality
    other_operator: User  # back office of another municipality
    outsider: User  # a partner not on the team
    case: Case
    caller: Caller
    clients: dict[str, HttpClient] = field(default_factory=dict)

    def http(self, who: str) -> HttpClient:
        if who not in self.clients:
            self.clients[who] = verified_client(getattr(self, who))
        return self.clients[who]

    def item(self, text_start: str) -> ChecklistItem:
        checklist = active_checklist(self.case)
        assert checklist is not None
        return checklist.items.get(text__startswith=text_start)

    def signal(self, *, answers: dict[str, str] | None = None, minutes_ago: int = 0, **fields: Any) -> Signal:
        values: dict[str, Any] = {
            "account": "Buurvrouw belt: hij schreeuwt 's nachts.",
            "caller": self.caller,
            "received_at": timezone.now() - datetime.timedelta(minutes=minutes_ago),
            "backoffice_id": self.backoffice.pk,
        }
        values.update(fields)
        by = values.pop("by", self.operator)
        resolved = {self.item(text).pk: answer for text, answer in (answers or {}).items()}
        return signal_record(case=self.case, by=by, answers=resolved, **values)


def make_co24_world() -> Co24World:
    gemeente = OrganisationFactory(gemeente=True, name="Gemeente Almelo")
    other = OrganisationFactory(gemeente=True, name="Gemeente Oldenzaal")
    backoffice = OrganisationFactory(name="CO24 Twente-Noord", type=OrganisationType.CO24_BACKOFFICE)
    other_backoffice = OrganisationFactory(name="CO24 Twente-Zuid", type=OrganisationType.CO24_BACKOFFICE)
    BackOfficeService.objects.create(backoffice=backoffice, gemeente=gemeente)
    BackOfficeService.objects.create(backoffice=other_backoffice, gemeente=other)
    ggz = OrganisationFactory(ggz=True, name="Mediant")
    politie = OrganisationFactory(politie=True, name="Politie Twente")
    pm = UserFactory(email="pm@almelo.test", organisation=gemeente, function=Function.PROCESMANAGER)
    regisseur = UserFactory(email="regie@mediant.test", organisation=ggz, function=Function.CASUSCOORDINATOR)
    agent = UserFactory(email="agent@politie-twente.test", organisation=politie)
    client = client_create(
        by=pm,
        achternaam="Leenders",
        voornamen="Wim",
        alias="Wimpie",
        bsn=valid_bsn(5),
        geboortedatum=datetime.date(1971, 5, 14),
    )
    case = case_create(client=client, gemeente=gemeente, purpose=Purpose.objects.get(code="co24"), by=pm)
    case_member_add(case=case, by=pm, user=regisseur, role=CaseRole.CASUSCOORDINATOR, access=CaseAccess.WRITE)
    case_member_add(case=case, by=pm, user=agent, role=CaseRole.PARTNER, access=CaseAccess.READ)
    co24_enrol(case=case, backoffice=backoffice, by=pm)
    caller = caller_save(
        case=case,
        by=pm,
        name="Dhr. Dubbel",
        kind="professional",
        organisation=ggz,
        relation="Ambulant begeleider",
        phone="074-1234567",
    )
    return Co24World(
        gemeente=gemeente,
        other_gemeente=other,
        backoffice=backoffice,
        other_backoffice=other_backoffice,
        pm=pm,
        regisseur=regisseur,
        agent=agent,
        operator=UserFactory(
            email="bo@co24-noord.test", organisation=backoffice, function=Function.BACKOFFICE
        ),
        other_operator=UserFactory(
            email="bo@co24-zuid.test", organisation=other_backoffice, function=Function.BACKOFFICE
        ),
        outsider=UserFactory(email="woco@elders.test", organisation=OrganisationFactory(name="Woonbedrijf")),
        case=case,
        caller=caller,
    )
