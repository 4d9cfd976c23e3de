"""factory_boy factories with traits for the shared test base."""

from __future__ import annotations

import datetime
import random

import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from caseplan.models import Case, CaseStatus, Client
from common.validators import bsn_is_valid
from privacy.models import Function, Organisation, OrganisationType, Purpose, User


def valid_bsn(seed: int) -> str:
    rng = random.Random(seed)
    while True:
        candidate = f"{rng.randint(10_000_000, 99_999_999):08d}"
        for last in range(10):
            if bsn_is_valid(candidate + str(last)):
                return candidate + str(last)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    type = OrganisationType.OTHER

    class Params:
        gemeente = factory.Trait(
            type=OrganisationType.GEMEENTE,
            name=factory.Sequence(lambda n: f"Gemeente {n}"),
            # six characters, always, and never one of the fixed codes the test worlds use (GM0153, GM9999...)
            cbs_code=factory.Sequence(lambda n: f"GM{1000 + n % 8000:04d}"),
        )
        politie = factory.Trait(
            type=OrganisationType.POLITIE, name=factory.Sequence(lambda n: f"Politie {n}")
        )
        ggz = factory.Trait(type=OrganisationType.GGZ, name=factory.Sequence(lambda n: f"GGZ {n}"))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"gebruiker{n}@test.example")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    organisation = factory.SubFactory(OrganisationFactory)
    function = Function.PARTNER
    password = factory.PostGenerationMethodCall("set_password", "geheim-wachtwoord-123")

    @factory.post_generation
    def save_password(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()

    class Params:
        procesmanager = factory.Trait(function=Function.PROCESMANAGER)
        with_totp = factory.Trait(
            totp=factory.RelatedFactory("tests.factories.TOTPDeviceFactory", factory_related_name="user")
        )


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "Test-app"
    confirmed = True


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    achternaam = factory.Faker("last_name", locale="nl_NL")
    voornamen = factory.Faker("first_name", locale="nl_NL")
    geboortedatum = factory.Faker(
        "date_between", start_date=datetime.date(1960, 1, 1), end_date=datetime.date(2005, 1, 1)
    )
    bsn = factory.Sequence(lambda n: valid_bsn(100_000 + n))


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    reference = factory.Sequence(lambda n: f"PGA-TEST-{n:06d}")
    client = factory.SubFactory(ClientFactory)
    gemeente = factory.SubFactory(OrganisationFactory, gemeente=True)
    purpose = factory.LazyFunction(lambda: Purpose.objects.get(code="pga"))
    status = CaseStatus.ACTIEF
