"""CO24dak: back offices per gemeente, enrolments, callers, checklists, signals, tipping-point rules and
alerts, digests and dossier exports."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from co24.models import (
    Alert,
    Answer,
    BackOfficeService,
    Caller,
    CallerKind,
    Checklist,
    ChecklistItem,
    ChecklistStatus,
    ChecklistTemplate,
    DigestMark,
    DossierExport,
    Enrolment,
    ExportPurpose,
    ItemKind,
    RuleKind,
    Signal,
    SignalAnswer,
    TemplateItem,
    TippingRule,
)
from privacy.models import Function, Purpose
from tests.factories.caseplan import CaseFactory
from tests.factories.privacy import OrganisationFactory, UserFactory


class Co24CaseFactory(CaseFactory):
    purpose = factory.LazyFunction(lambda: Purpose.objects.get(code="co24"))


class BackOfficeServiceFactory(factory.django.DjangoModelFactory[BackOfficeService]):
    class Meta:
        model = BackOfficeService

    backoffice = factory.SubFactory(OrganisationFactory, backoffice=True)
    gemeente = factory.SubFactory(OrganisationFactory, gemeente=True)


class EnrolmentFactory(factory.django.DjangoModelFactory[Enrolment]):
    """A case in CO24 with its back office (co24.services.enrolment.co24_enrol also starts the checklist)."""

    class Meta:
        model = Enrolment
        exclude = ("service",)

    service = factory.SubFactory(BackOfficeServiceFactory)
    case = factory.SubFactory(Co24CaseFactory, gemeente=factory.SelfAttribute("..service.gemeente"))
    backoffice = factory.SelfAttribute("service.backoffice")
    started_on = factory.LazyFunction(datetime.date.today)
    started_by = factory.SubFactory(
        UserFactory, organisation=factory.SelfAttribute("..case.gemeente"), function=Function.PROCESMANAGER
    )


class CallerFactory(factory.django.DjangoModelFactory[Caller]):
    class Meta:
        model = Caller

    case = factory.SubFactory(Co24CaseFactory)
    name = factory.Faker("name", locale="nl_NL")
    kind = CallerKind.NEIGHBOUR
    relation = "buurvrouw"
    created_by = factory.SubFactory(UserFactory)


class ChecklistTemplateFactory(factory.django.DjangoModelFactory[ChecklistTemplate]):
    class Meta:
        model = ChecklistTemplate
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"checklist-{n}")
    name = factory.Sequence(lambda n: f"Checklist {n}")


class TemplateItemFactory(factory.django.DjangoModelFactory[TemplateItem]):
    class Meta:
        model = TemplateItem

    template = factory.SubFactory(ChecklistTemplateFactory)
    kind = ItemKind.RISK
    text = factory.Sequence(lambda n: f"Risicosignaal {n}")


class ChecklistFactory(factory.django.DjangoModelFactory[Checklist]):
    class Meta:
        model = Checklist

    case = factory.SubFactory(Co24CaseFactory)
    number = 1
    status = ChecklistStatus.ACTIVE
    created_by = factory.SubFactory(UserFactory)
    activated_at = factory.LazyFunction(timezone.now)


class ChecklistItemFactory(factory.django.DjangoModelFactory[ChecklistItem]):
    class Meta:
        model = ChecklistItem

    checklist = factory.SubFactory(ChecklistFactory)
    kind = ItemKind.RISK
    text = factory.Sequence(lambda n: f"Signaal {n}")


class SignalFactory(factory.django.DjangoModelFactory[Signal]):
    """A signal phoned in to a back office, without answers (co24.services.signals.signal_record also runs
    the rules)."""

    class Meta:
        model = Signal

    case = factory.SubFactory(Co24CaseFactory)
    backoffice = factory.SubFactory(OrganisationFactory, backoffice=True)
    received_at = factory.LazyFunction(timezone.now)
    caller_name = "Buurvrouw"
    account = "Buurvrouw belt: hij schreeuwt 's nachts."
    recorded_by = factory.SubFactory(
        UserFactory, organisation=factory.SelfAttribute("..backoffice"), function=Function.BACKOFFICE
    )


class SignalAnswerFactory(factory.django.DjangoModelFactory[SignalAnswer]):
    class Meta:
        model = SignalAnswer

    item = factory.SubFactory(ChecklistItemFactory)
    signal = factory.SubFactory(
        SignalFactory,
        case=factory.SelfAttribute("..item.checklist.case"),
        checklist=factory.SelfAttribute("..item.checklist"),
    )
    answer = Answer.YES


class TippingRuleFactory(factory.django.DjangoModelFactory[TippingRule]):
    class Meta:
        model = TippingRule

    case = factory.SubFactory(Co24CaseFactory)
    kind = RuleKind.COUNT
    threshold = 3
    window_days = 7
    created_by = factory.SubFactory(UserFactory)


class AlertFactory(factory.django.DjangoModelFactory[Alert]):
    class Meta:
        model = Alert

    rule = factory.SubFactory(TippingRuleFactory)
    case = factory.SelfAttribute("rule.case")
    summary = "3 risicosignalen binnen 7 dagen"


class DigestMarkFactory(factory.django.DjangoModelFactory[DigestMark]):
    class Meta:
        model = DigestMark

    user = factory.SubFactory(UserFactory)


class DossierExportFactory(factory.django.DjangoModelFactory[DossierExport]):
    class Meta:
        model = DossierExport

    case = factory.SubFactory(Co24CaseFactory)
    requested_by = factory.SubFactory(UserFactory)
    purpose = ExportPurpose.WVGGZ
    period_from = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))
    period_to = factory.LazyFunction(datetime.date.today)
