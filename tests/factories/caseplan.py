"""Clients, cases and their teams, plan templates, the maatwerkplan in its parts, and the gedragscontract."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth.models import Permission

from caseplan.models import (
    Case,
    CaseAccess,
    CaseGroupObjectPermission,
    CaseMember,
    CaseRole,
    CaseStatus,
    CaseUserObjectPermission,
    Client,
    ClientChild,
    Contract,
    Goal,
    Intervention,
    Plan,
    PlanDomain,
    PlanPdf,
    PlanSanction,
    PlanSection,
    PlanTemplate,
    PlanVersion,
    PoliceRecord,
    SanctionGroup,
    SanctionOption,
    TemplateDomain,
)
from privacy.models import Purpose
from tests.factories.privacy import OrganisationFactory, UserFactory, valid_bsn


class ClientFactory(factory.django.DjangoModelFactory[Client]):
    class Meta:
        model = Client

    achternaam = factory.Faker("last_name", locale="nl_NL")
    voornamen = factory.Faker("first_name", locale="nl_NL")
    geboortedatum = factory.Faker(
        "date_between", start_date=datetime.date(1960, 1, 1), end_date=datetime.date(2005, 1, 1)
    )
    bsn = factory.Sequence(lambda n: valid_bsn(100_000 + n))


class ClientChildFactory(factory.django.DjangoModelFactory[ClientChild]):
    class Meta:
        model = ClientChild

    client = factory.SubFactory(ClientFactory)
    naam = factory.Faker("first_name", locale="nl_NL")


class CaseFactory(factory.django.DjangoModelFactory[Case]):
    class Meta:
        model = Case

    reference = factory.Sequence(lambda n: f"PGA-TEST-{n:06d}")
    client = factory.SubFactory(ClientFactory)
    gemeente = factory.SubFactory(OrganisationFactory, gemeente=True)
    purpose = factory.LazyFunction(lambda: Purpose.objects.get(code="pga"))
    status = CaseStatus.ACTIEF


class CaseMemberFactory(factory.django.DjangoModelFactory[CaseMember]):
    """A team member without the object permission that caseplan.services.team grants: for the data only."""

    class Meta:
        model = CaseMember

    case = factory.SubFactory(CaseFactory)
    user = factory.SubFactory(UserFactory)
    role = CaseRole.PARTNER
    access = CaseAccess.READ


class CaseUserObjectPermissionFactory(factory.django.DjangoModelFactory[CaseUserObjectPermission]):
    class Meta:
        model = CaseUserObjectPermission

    content_object = factory.SubFactory(CaseFactory)
    user = factory.SubFactory(UserFactory)
    permission = factory.LazyFunction(lambda: Permission.objects.get(codename="view_case"))


class CaseGroupObjectPermissionFactory(factory.django.DjangoModelFactory[CaseGroupObjectPermission]):
    class Meta:
        model = CaseGroupObjectPermission

    content_object = factory.SubFactory(CaseFactory)
    group = factory.LazyFunction(lambda: OrganisationFactory.create().group)
    permission = factory.LazyFunction(lambda: Permission.objects.get(codename="view_case"))


class PlanTemplateFactory(factory.django.DjangoModelFactory[PlanTemplate]):
    class Meta:
        model = PlanTemplate
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"sjabloon-{n}")
    name = factory.Sequence(lambda n: f"Sjabloon {n}")


class TemplateDomainFactory(factory.django.DjangoModelFactory[TemplateDomain]):
    class Meta:
        model = TemplateDomain

    template = factory.SubFactory(PlanTemplateFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Leefgebied {n}")


class SanctionOptionFactory(factory.django.DjangoModelFactory[SanctionOption]):
    class Meta:
        model = SanctionOption
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: 1000 + n)  # the menukaart's own items are numbered from 1
    group = SanctionGroup.OVERIG
    name = factory.Sequence(lambda n: f"Voorwaarde {n}")
    description = "Een voorwaarde op maat."


class PlanFactory(factory.django.DjangoModelFactory[Plan]):
    class Meta:
        model = Plan

    case = factory.SubFactory(CaseFactory)
    template = factory.LazyFunction(lambda: PlanTemplate.objects.get(code="maatwerkplan"))
    created_by = factory.SubFactory(UserFactory)


class PlanVersionFactory(factory.django.DjangoModelFactory[PlanVersion]):
    """A draft version with none of its sections or domains (caseplan.services.plans.plan_create makes those)."""

    class Meta:
        model = PlanVersion

    plan = factory.SubFactory(PlanFactory)
    number = 1
    created_by = factory.SelfAttribute("plan.created_by")


class PlanSectionFactory(factory.django.DjangoModelFactory[PlanSection]):
    class Meta:
        model = PlanSection

    version = factory.SubFactory(PlanVersionFactory)
    key = factory.Sequence(lambda n: f"sectie-{n}")


class PlanDomainFactory(factory.django.DjangoModelFactory[PlanDomain]):
    class Meta:
        model = PlanDomain

    version = factory.SubFactory(PlanVersionFactory)
    template_domain = factory.LazyAttribute(lambda domain: domain.version.plan.template.domains.first())
    number = factory.SelfAttribute("template_domain.number")
    name = factory.SelfAttribute("template_domain.name")


class GoalFactory(factory.django.DjangoModelFactory[Goal]):
    class Meta:
        model = Goal

    domain = factory.SubFactory(PlanDomainFactory)
    text = "Zelfstandig wonen"


class InterventionFactory(factory.django.DjangoModelFactory[Intervention]):
    class Meta:
        model = Intervention

    domain = factory.SubFactory(PlanDomainFactory)
    description = "Begeleid wonen"
    responsible_organisation = factory.SubFactory(OrganisationFactory, ggz=True)


class PlanSanctionFactory(factory.django.DjangoModelFactory[PlanSanction]):
    class Meta:
        model = PlanSanction

    version = factory.SubFactory(PlanVersionFactory)
    option = factory.LazyFunction(lambda: SanctionOption.objects.order_by("number").first())


class PlanPdfFactory(factory.django.DjangoModelFactory[PlanPdf]):
    class Meta:
        model = PlanPdf

    version = factory.SubFactory(PlanVersionFactory)
    requested_by = factory.SelfAttribute("version.created_by")


class ContractFactory(factory.django.DjangoModelFactory[Contract]):
    """A prepared gedragscontract (caseplan.services.contracts.contract_prepare copies in the same names)."""

    class Meta:
        model = Contract

    plan_version = factory.SubFactory(PlanVersionFactory)
    case = factory.SelfAttribute("plan_version.plan.case")
    number = 1
    gemeente_name = factory.SelfAttribute("case.gemeente.name")
    partner_signatory_name = "B. Bakker"
    client_name = factory.LazyAttribute(lambda contract: contract.case.client.full_name)
    casemanager_name = "Anouk de Vries"
    casemanager_organisation = "Tactus"
    duration_kind = "maanden"
    months_without_mutations = 6
    place = "Enschede"
    contract_date = factory.LazyFunction(datetime.date.today)
    created_by = factory.SelfAttribute("plan_version.created_by")


class PoliceRecordFactory(factory.django.DjangoModelFactory[PoliceRecord]):
    """A police mutation registered on a contract (art. 9); the count starts again from its date."""

    class Meta:
        model = PoliceRecord

    contract = factory.SubFactory(ContractFactory)
    case = factory.SelfAttribute("contract.case")
    registered_on = factory.LazyFunction(datetime.date.today)
    reference = factory.Sequence(lambda n: f"PL0600-{n:06d}")
    counted_from_before = factory.LazyAttribute(
        lambda record: record.registered_on - datetime.timedelta(days=30)
    )
    counted_from_after = factory.SelfAttribute("registered_on")
    recorded_by = factory.SelfAttribute("contract.created_by")
