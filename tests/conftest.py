"""The shared test base: a case with an owner (write), a colleague with read-only access and an outsider."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.test import Client as HttpClient
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from caseplan.models import Case, CaseAccess, CaseRole
from caseplan.services.cases import case_create
from caseplan.services.clients import client_create
from caseplan.services.team import case_member_add
from privacy.models import Function, Purpose, User
from tests.factories import OrganisationFactory, UserFactory, valid_bsn


def verified_client(user: User) -> HttpClient:
    """A browser session that has passed both login steps."""
    client = HttpClient()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test-app", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@dataclass
class World:
    gemeente: object
    owner: User
    reader: User
    outsider: User
    case: Case

    def client_for(self, who: str) -> HttpClient:
        return verified_client(getattr(self, who))


@pytest.fixture
def world(db: None) -> World:
    gemeente = OrganisationFactory(gemeente=True, name="Gemeente Enschede-test", cbs_code="GM0153")
    politie = OrganisationFactory(politie=True)
    owner = UserFactory(email="pm@enschede.test", organisation=gemeente, function=Function.PROCESMANAGER)
    reader = UserFactory(email="agent@politie.test", organisation=politie)
    outsider = UserFactory(email="buiten@elders.test", organisation=OrganisationFactory(name="Elders"))
    client = client_create(by=owner, achternaam="Jansen", voornamen="Pieter", bsn=valid_bsn(1))
    case = case_create(
        client=client,
        gemeente=gemeente,
        purpose=Purpose.objects.get(code="pga"),
        by=owner,
        prioritisation_reason="Veel overlast in de wijk",
        prioritised_on=datetime.date(2026, 11, 2),
    )
    case_member_add(case=case, by=owner, user=reader, role=CaseRole.PARTNER, access=CaseAccess.READ)
    return World(gemeente=gemeente, owner=owner, reader=reader, outsider=outsider, case=case)
