"""The casusoverleg: meeting types, meetings with attendees and guests, agenda items and their actions."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from overleg.models import Action, AgendaItem, Attendee, Guest, Meeting, MeetingType
from privacy.models import Function, OrganisationType, Purpose
from tests.factories.caseplan import CaseFactory
from tests.factories.privacy import OrganisationFactory, UserFactory


class MeetingTypeFactory(factory.django.DjangoModelFactory[MeetingType]):
    class Meta:
        model = MeetingType
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"overleg-{n}")
    name = factory.Sequence(lambda n: f"Overleg {n}")
    purpose = factory.LazyFunction(lambda: Purpose.objects.get(code="pga"))
    organisation_types = factory.LazyFunction(
        lambda: [OrganisationType.GEMEENTE, OrganisationType.POLITIE, OrganisationType.GGZ]
    )


class MeetingFactory(factory.django.DjangoModelFactory[Meeting]):
    """A planned meeting without attendees (overleg.services.meetings.meeting_schedule adds the chair)."""

    class Meta:
        model = Meeting

    meeting_type = factory.SubFactory(MeetingTypeFactory)
    title = factory.Sequence(lambda n: f"Casusoverleg {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=2))
    chair = factory.SubFactory(
        UserFactory,
        organisation=factory.SubFactory(OrganisationFactory, gemeente=True),
        function=Function.PROCESMANAGER,
    )
    created_by = factory.SelfAttribute("chair")


class AttendeeFactory(factory.django.DjangoModelFactory[Attendee]):
    class Meta:
        model = Attendee

    meeting = factory.SubFactory(MeetingFactory)
    user = factory.SubFactory(UserFactory, organisation=factory.SubFactory(OrganisationFactory, politie=True))
    organisation = factory.SelfAttribute("user.organisation")
    added_by = factory.SelfAttribute("meeting.chair")


class GuestFactory(factory.django.DjangoModelFactory[Guest]):
    class Meta:
        model = Guest

    meeting = factory.SubFactory(MeetingFactory)
    name = factory.Faker("name", locale="nl_NL")
    organisation_name = "Buurtteam"
    statement_signed_on = factory.LazyFunction(datetime.date.today)
    added_by = factory.SelfAttribute("meeting.chair")


class AgendaItemFactory(factory.django.DjangoModelFactory[AgendaItem]):
    """A case on the agenda (overleg.services.agenda.agenda_add checks that its team may be discussed)."""

    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    case = factory.SubFactory(CaseFactory, gemeente=factory.SelfAttribute("..meeting.chair.organisation"))
    position = factory.Sequence(lambda n: n + 1)
    reason = "Nieuwe overlast in de wijk"
    added_by = factory.SelfAttribute("meeting.chair")


class ActionFactory(factory.django.DjangoModelFactory[Action]):
    """An action without its deadline (overleg.services.minutes.action_add sets one)."""

    class Meta:
        model = Action

    item = factory.SubFactory(AgendaItemFactory)
    description = "Huisbezoek afleggen"
    owner_user = factory.SelfAttribute("item.meeting.chair")
    due_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=7))
    created_by = factory.SelfAttribute("item.meeting.chair")
