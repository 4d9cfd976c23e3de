"""Holidays, deadline rules and deadlines (on a case, owned by a user)."""

from __future__ import annotations

import datetime

import factory
from django.contrib.contenttypes.models import ContentType

from caseplan.models import Case
from deadlines.models import DayKind, Deadline, DeadlineRule, Holiday, HolidaySource
from tests.factories.caseplan import CaseFactory
from tests.factories.privacy import UserFactory


class HolidayFactory(factory.django.DjangoModelFactory[Holiday]):
    class Meta:
        model = Holiday
        django_get_or_create = ("date",)

    # after the last year the calendar migration holds, so a factory holiday never replaces a real one
    date = factory.Sequence(lambda n: datetime.date(2100, 1, 1) + datetime.timedelta(days=n))
    name = "Gelijkgestelde dag"
    source = HolidaySource.EXTRA


class DeadlineRuleFactory(factory.django.DjangoModelFactory[DeadlineRule]):
    class Meta:
        model = DeadlineRule
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"termijn-{n}")
    name = factory.Sequence(lambda n: f"Termijn {n}")
    amount = 5
    unit = DayKind.WORKING


class DeadlineFactory(factory.django.DjangoModelFactory[Deadline]):
    """A deadline on a case (its subject), owned by a user."""

    class Meta:
        model = Deadline

    case = factory.SubFactory(CaseFactory)
    subject_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(Case))
    subject_id = factory.SelfAttribute("case.pk")
    rule = factory.SubFactory(DeadlineRuleFactory)
    kind = factory.SelfAttribute("rule.code")
    title = factory.SelfAttribute("rule.name")
    anchor_date = factory.LazyFunction(datetime.date.today)
    due_on = factory.LazyAttribute(lambda deadline: deadline.anchor_date + datetime.timedelta(days=7))
    owner_user = factory.SubFactory(UserFactory)
