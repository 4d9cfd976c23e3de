"""The one test world: a municipality's case with its owner, a read-only colleague and an outsider, and
around it the nazorg parties (prisons, their MMD'ers, the municipalities' contact persons) and the CO24
parties (back offices and an enrolled case).

Every part is made the first time a test asks for it, so a test of the basic case pays for nothing else.
The fixtures in tests/conftest.py hand it out: ``world`` (the case built), ``nw`` (the nazorg parties
and their detention), ``cw`` (the CO24 parties) and ``mw`` (the casusoverleg), all views of one world
per test. The browser
tests build the same world on a committed database, with a TOTP device for everyone it makes.

The cast, and who plays whom in each domain:

- the gemeente (Enschede) and the other gemeente (Hengelo), each with a process manager;
- ``owner``: the process manager who owns the case (write); also the CO24 case's process manager;
- ``reader``: a police partner on the team with read-only access; also on the CO24 case's team;
- ``outsider``: someone of another organisation, on no team;
- nazorg: a prison and another prison with an MMD'er each, a contact person nazorg per gemeente, the
  Veiligheidshuis coordinator who places notices without a gemeente, and the GGZ as the care provider;
- CO24: the back office serving the gemeente, another back office serving the other gemeente, the
  GGZ casusregisseur, and the enrolled case with a caller;
- casusoverleg: a meeting of the other gemeente chaired by its process manager, with two of its cases on
  the agenda, attended by the reader, a police colleague and a GGZ worker.
"""

from __future__ import annotations

import datetime
import itertools
from functools import cached_property
from typing import Any, Self

from django.test import Client as HttpClient
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from caseplan.models import Case, CaseAccess, CaseRole, Contract, PlanTemplate
from caseplan.services.cases import case_create
from caseplan.services.clients import client_create
from caseplan.services.contracts import contract_prepare, contract_sign_partners
from caseplan.services.plans import plan_create, version_publish
from caseplan.services.team import case_member_add
from co24.models import BackOfficeService, Caller, ChecklistItem, Signal
from co24.services.callers import caller_save
from co24.services.checklists import active_checklist
from co24.services.enrolment import co24_enrol
from co24.services.signals import signal_record
from nazorg.models import DetentionEpisode, DetentionStatus, NazorgDocument
from nazorg.services.documents import document_start, document_submit
from nazorg.services.episodes import episode_register
from overleg.models import MeetingType
from overleg.services.agenda import agenda_add
from overleg.services.meetings import attendee_add, meeting_schedule
from privacy.models import Function, Organisation, OrganisationType, Purpose, User
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


_UNIQUE_WORLDS = itertools.count(1)


class Lazy:
    """Parts are cached properties: made on first use. ``build`` makes them now, ``built`` tells."""

    def build(self, *names: str) -> Self:
        for name in names:
            getattr(self, name)
        return self

    def built(self, name: str) -> bool:
        return name in self.__dict__


class World(Lazy):
    """The shared test base.

    ``totp``: every user gets a confirmed TOTP device (the browser tests log in for real).
    ``unique``: every organisation name, gemeente code and e-mail address is this world's own, for tests on
    a committed database (tests/concurrency.py), where the worlds of earlier tests are still there.
    """

    def __init__(self, *, totp: bool = False, unique: bool = False) -> None:
        self.totp = totp
        self.suffix = f"-{next(_UNIQUE_WORLDS)}" if unique else ""
        self._sessions: dict[int, HttpClient] = {}

    def organisation(self, name: str, **fields: Any) -> Organisation:
        if self.suffix:
            name = f"{name}{self.suffix}"
            fields.pop("cbs_code", None)  # the factory's sequence gives a free one
        return OrganisationFactory.create(name=name, **fields)

    def person(self, email: str, organisation: Organisation, **fields: Any) -> User:
        local, domain = email.split("@")
        return UserFactory.create(
            email=f"{local}{self.suffix}@{domain}", organisation=organisation, with_totp=self.totp, **fields
        )

    def client_for(self, who: str) -> HttpClient:
        """A fresh logged-in session for ``owner``, ``reader``, ``outsider`` or any other user attribute."""
        return verified_client(getattr(self, who))

    def http(self, user: User) -> HttpClient:
        """The user's logged-in session, made once per test."""
        if user.pk not in self._sessions:
            self._sessions[user.pk] = verified_client(user)
        return self._sessions[user.pk]

    # The organisations.

    @cached_property
    def gemeente(self) -> Organisation:
        return self.organisation("Gemeente Enschede-test", gemeente=True, cbs_code="GM0153")

    @cached_property
    def other_gemeente(self) -> Organisation:
        return self.organisation("Gemeente Hengelo-test", gemeente=True, cbs_code="GM0164")

    @cached_property
    def politie(self) -> Organisation:
        return self.organisation("Politie Oost-Nederland-test", politie=True)

    @cached_property
    def ggz(self) -> Organisation:
        return self.organisation("Mediant GGZ", ggz=True)

    # The people of the basic case.

    @cached_property
    def owner(self) -> User:
        return self.person(
            "pm@enschede.test",
            self.gemeente,
            first_name="Petra",
            last_name="Mulder",
            function=Function.PROCESMANAGER,
        )

    @cached_property
    def reader(self) -> User:
        return self.person("agent@politie.test", self.politie, first_name="Ahmed", last_name="Yilmaz")

    @cached_property
    def outsider(self) -> User:
        return self.person("buiten@elders.test", self.organisation("Elders"))

    @cached_property
    def other_pm(self) -> User:
        """A process manager of the other gemeente, on no team of the world's case."""
        return self.person(
            "pm@hengelo.test",
            self.other_gemeente,
            first_name="Olga",
            last_name="Overbeek",
            function=Function.PROCESMANAGER,
        )

    # The cases.

    @cached_property
    def case(self) -> Case:
        """Pieter Jansen's case, prioritised on 2 November 2026; the reader is on its team, read-only."""
        client = client_create(
            by=self.owner,
            achternaam="Jansen",
            voornamen="Pieter",
            geboortedatum=datetime.date(1985, 3, 15),
            bsn=valid_bsn(1),
        )
        case = case_create(
            client=client,
            gemeente=self.gemeente,
            purpose=Purpose.objects.get(code="pga"),
            by=self.owner,
            prioritisation_reason="Veel overlast in de wijk",
            prioritised_on=datetime.date(2026, 11, 2),
        )
        case_member_add(
            case=case, by=self.owner, user=self.reader, role=CaseRole.PARTNER, access=CaseAccess.READ
        )
        return case

    @cached_property
    def other_case(self) -> Case:
        """Sanne Bakker's case, the owner's second, so that a search visibly filters."""
        client = client_create(
            by=self.owner,
            achternaam="Bakker",
            voornamen="Sanne",
            geboortedatum=datetime.date(1992, 11, 2),
            bsn=valid_bsn(2),
        )
        return case_create(
            client=client, gemeente=self.gemeente, purpose=Purpose.objects.get(code="pga"), by=self.owner
        )

    def partners_signed_contract(self, signed_on: datetime.date | None = None) -> Contract:
        """A gedragscontract on the case's published maatwerkplan, signed for the partners and waiting
        for the client."""
        signed_on = signed_on or datetime.date.today()
        draft = plan_create(
            case=self.case, template=PlanTemplate.objects.get(code="maatwerkplan"), by=self.owner
        )
        version = version_publish(version=draft, by=self.owner, evaluation_date=None)
        prepared = contract_prepare(
            plan_version=version,
            by=self.owner,
            casemanager=self.owner,
            partner_signatory_name="B. Bakker",
            duration_kind="maanden",
            months_without_mutations=6,
            place="Enschede",
            contract_date=signed_on,
        )
        return contract_sign_partners(contract=prepared, by=self.owner, signed_on=signed_on)

    # The other domains.

    @cached_property
    def nazorg(self) -> NazorgParties:
        return NazorgParties(self)

    @cached_property
    def co24(self) -> Co24Parties:
        return Co24Parties(self)

    @cached_property
    def overleg(self) -> MeetingParties:
        return MeetingParties(self)


class NazorgParties(Lazy):
    """Detention aftercare: the prison's MMD'er and the gemeente's contact person are each other's
    read-only party; the other prison and the other gemeente are outsiders. ``episode`` (a registered
    detention of a man from the gemeente) is made on first use."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.gemeente = world.gemeente
        self.other_gemeente = world.other_gemeente
        self.care = world.ggz
        self.prison = world.organisation("PI Almelo", type=OrganisationType.PENITENTIAIRE_INRICHTING)
        self.other_prison = world.organisation("PI Zwolle", type=OrganisationType.PENITENTIAIRE_INRICHTING)
        veiligheidshuis = world.organisation("Veiligheidshuis Twente", type=OrganisationType.VEILIGHEIDSHUIS)
        person = world.person
        self.mmd = person(
            "mmd@almelo.test",
            self.prison,
            first_name="Mia",
            last_name="de Vries",
            function=Function.MMD,
            phone="0546-123456",
        )
        self.other_mmd = person("mmd@zwolle.test", self.other_prison, function=Function.MMD)
        self.contact = person(
            "nazorg@enschede.test",
            self.gemeente,
            first_name="Gert",
            last_name="Kok",
            function=Function.CONTACTPERSOON_NAZORG,
        )
        self.other_contact = person(
            "nazorg@hengelo.test", self.other_gemeente, function=Function.CONTACTPERSOON_NAZORG
        )
        self.coordinator = person(
            "coordinator@vh.test",
            veiligheidshuis,
            first_name="Vera",
            last_name="Hendriks",
            function=Function.COORDINATOR,
        )
        self.care_user = person("zorg@ggz.test", self.care, function=Function.PARTNER)

    @cached_property
    def episode(self) -> DetentionEpisode:
        return self.register()

    def http(self, who: str) -> HttpClient:
        return self.world.http(getattr(self, who))

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


class Co24Parties:
    """CO24dak: Wim Leenders' case in the gemeente, enrolled with the back office that serves it. The
    world's owner is its process manager (``pm``) and the world's reader its read-only police partner
    (``agent``); the GGZ casusregisseur has write access. The other back office serves only the other
    gemeente."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.gemeente = world.gemeente
        self.other_gemeente = world.other_gemeente
        self.pm = world.owner
        self.agent = world.reader
        self.outsider = world.outsider
        self.backoffice = world.organisation("CO24 Twente-Noord", type=OrganisationType.CO24_BACKOFFICE)
        self.other_backoffice = world.organisation("CO24 Twente-Zuid", type=OrganisationType.CO24_BACKOFFICE)
        BackOfficeService.objects.get_or_create(backoffice=self.backoffice, gemeente=self.gemeente)
        BackOfficeService.objects.get_or_create(
            backoffice=self.other_backoffice, gemeente=self.other_gemeente
        )
        self.regisseur = world.person("regie@ggz.test", world.ggz, function=Function.CASUSCOORDINATOR)
        self.case = self._enrolled_case()
        self.caller: Caller = caller_save(
            case=self.case,
            by=self.pm,
            name="Dhr. Dubbel",
            kind="professional",
            organisation=world.ggz,
            relation="Ambulant begeleider",
            phone="074-1234567",
        )
        self.operator = world.person("bo@co24-noord.test", self.backoffice, function=Function.BACKOFFICE)
        self.other_operator = world.person(
            "bo@co24-zuid.test", self.other_backoffice, function=Function.BACKOFFICE
        )

    def _enrolled_case(self) -> Case:
        client = client_create(
            by=self.pm,
            achternaam="Leenders",
            voornamen="Wim",
            alias="Wimpie",
            bsn=valid_bsn(5),
            geboortedatum=datetime.date(1971, 5, 14),
        )
        case = case_create(
            client=client, gemeente=self.gemeente, purpose=Purpose.objects.get(code="co24"), by=self.pm
        )
        case_member_add(
            case=case,
            by=self.pm,
            user=self.regisseur,
            role=CaseRole.CASUSCOORDINATOR,
            access=CaseAccess.WRITE,
        )
        case_member_add(case=case, by=self.pm, user=self.agent, role=CaseRole.PARTNER, access=CaseAccess.READ)
        co24_enrol(case=case, backoffice=self.backoffice, by=self.pm)
        return case

    def http(self, who: str) -> HttpClient:
        return self.world.http(getattr(self, who))

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


def pga_type() -> MeetingType:
    return MeetingType.objects.get(code="pga")


class MeetingParties:
    """The casusoverleg: a PGA meeting of the other gemeente in two days, chaired by its process manager
    (``pm``, the world's ``other_pm``), with two of its cases on the agenda. The world's reader attends as
    the police partner (``agent``), read-only on the first case and not on the second team; a police
    colleague (``writer``) has write access on the first; the GGZ attendee is on neither team; the world's
    outsider does not attend."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.gemeente = world.other_gemeente
        self.politie = world.politie
        self.ggz = world.ggz
        self.pm = world.other_pm
        self.agent = world.reader
        self.writer = world.person("wijkagent@politie-on.test", self.politie, last_name="Wijkagent")
        self.ggz_worker = world.person("regie@mediant.test", self.ggz, last_name="Regie")
        self.outsider = world.outsider
        self.first = self._case("Verbeek", 11)
        self.second = self._case("Oosterhof", 12)
        case_member_add(
            case=self.first, by=self.pm, user=self.agent, role=CaseRole.PARTNER, access=CaseAccess.READ
        )
        case_member_add(
            case=self.first, by=self.pm, user=self.writer, role=CaseRole.PARTNER, access=CaseAccess.WRITE
        )
        self.meeting = meeting_schedule(
            meeting_type=pga_type(),
            starts_at=timezone.now() + datetime.timedelta(days=2),
            chair=self.pm,
            by=self.pm,
            title="Casusoverleg PGA Hengelo",
            location="Zorg- en Veiligheidshuis Twente, Hengelo",
        )
        for person in (self.agent, self.writer, self.ggz_worker):
            attendee_add(meeting=self.meeting, by=self.pm, user=person)
        self.item_first = agenda_add(
            meeting=self.meeting, case=self.first, by=self.pm, reason="Nieuwe overlast in de wijk"
        )
        self.item_second = agenda_add(
            meeting=self.meeting, case=self.second, by=self.pm, reason="Terugval na ontslag"
        )

    def _case(self, achternaam: str, seed: int) -> Case:
        client = client_create(by=self.pm, achternaam=achternaam, voornamen="Kees", bsn=valid_bsn(seed))
        return case_create(
            client=client,
            gemeente=self.gemeente,
            purpose=Purpose.objects.get(code="pga"),
            by=self.pm,
            status="actief",
            prioritised_on=datetime.date.today(),
        )

    def http(self, who: str) -> HttpClient:
        return self.world.http(getattr(self, who))
