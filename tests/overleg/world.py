"""The casusoverleg test base: a PGA meeting in Twente, chaired by the process manager, with two cases on
the agenda. The police partner is on the team of the first case only; the GGZ attendee is on neither."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.test import Client as HttpClient
from django.utils import timezone

from caseplan.models import Case, CaseAccess, CaseRole
from caseplan.services.cases import case_create
from caseplan.services.clients import client_create
from caseplan.services.team import case_member_add
from overleg.models import AgendaItem, Meeting, MeetingType
from overleg.services.agenda import agenda_add
from overleg.services.meetings import attendee_add, meeting_schedule
from privacy.models import Function, Organisation, OrganisationType, Purpose, User
from tests.conftest import verified_client
from tests.factories import OrganisationFactory, UserFactory, valid_bsn


@dataclass
class MeetingWorld:
    gemeente: Organisation
    politie: Organisation
    ggz: Organisation
    pm: User  # procesmanager: chair, on both teams with write access
    agent: User  # police: attendee, read-only on the first case, not on the second
    writer: User  # police colleague: attendee, write access on the first case
    ggz_worker: User  # GGZ: attendee, on no team
    outsider: User  # not an attendee
    first: Case
    second: Case
    meeting: Meeting
    item_first: AgendaItem
    item_second: AgendaItem
    clients: dict[str, HttpClient] = field(default_factory=dict)

    def http(self, who: str) -> HttpClient:
        if who not in self.clients:
            self.clients[who] = verified_client(getattr(self, who))
        return self.clients[who]


def pga_type() -> MeetingType:
    return MeetingType.objects.get(code="pga")


def _case(pm: User, gemeente: Organisation, achternaam: str, seed: int) -> Case:
    client = client_create(by=pm, achternaam=achternaam, voornamen="Kees", bsn=valid_bsn(seed))
    return case_create(
        client=client,
        gemeente=gemeente,
        purpose=Purpose.objects.get(code="pga"),
        by=pm,
        status="actief",
        prioritised_on=datetime.date.today(),
    )


def make_meeting_world(*, starts_at: datetime.datetime | None = None) -> MeetingWorld:
    gemeente = OrganisationFactory(gemeente=True, name="Gemeente Hengelo-test", cbs_code="GM0164")
    politie = OrganisationFactory(politie=True, name="Politie Oost-Nederland")
    ggz = OrganisationFactory(ggz=True, name="Mediant GGZ")
    pm = UserFactory(
        email="pm@hengelo.test",
        organisation=gemeente,
        function=Function.PROCESMANAGER,
        last_name="Procesmanager",
    )
    agent = UserFactory(email="agent@politie-on.test", organisation=politie, last_name="Agent")
    writer = UserFactory(email="wijkagent@politie-on.test", organisation=politie, last_name="Wijkagent")
    ggz_worker = UserFactory(email="regie@mediant.test", organisation=ggz, last_name="Regie")
    outsider = UserFactory(
        email="buiten@elders.test",
        organisation=OrganisationFactory(name="Elders", type=OrganisationType.OTHER),
    )
    first = _case(pm, gemeente, "Verbeek", 11)
    second = _case(pm, gemeente, "Oosterhof", 12)
    case_member_add(case=first, by=pm, user=agent, role=CaseRole.PARTNER, access=CaseAccess.READ)
    case_member_add(case=first, by=pm, user=writer, role=CaseRole.PARTNER, access=CaseAccess.WRITE)
    meeting = meeting_schedule(
        meeting_type=pga_type(),
        starts_at=starts_at or timezone.now() + datetime.timedelta(days=2),
        chair=pm,
        by=pm,
        title="Casusoverleg PGA Hengelo",
        location="Zorg- en Veiligheidshuis Twente, Hengelo",
    )
    for person in (agent, writer, ggz_worker):
        attendee_add(meeting=meeting, by=pm, user=person)
    item_first = agenda_add(meeting=meeting, case=first, by=pm, reason="Nieuwe overlast in de wijk")
    item_second = agenda_add(meeting=meeting, case=second, by=pm, reason="Terugval na ontslag")
    return MeetingWorld(
        gemeente=gemeente,
        politie=politie,
        ggz=ggz,
        pm=pm,
        agent=agent,
        writer=writer,
        ggz_worker=ggz_worker,
        outsider=outsider,
        first=first,
        second=second,
        meeting=meeting,
        item_first=item_first,
        item_second=item_second,
    )
