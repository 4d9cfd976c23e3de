"""Organisations, users (with a TOTP device on request), purposes, access-log rows and API keys."""

from __future__ import annotations

import datetime
import random

import factory
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from common.validators import bsn_is_valid
from privacy.models import (
    AccessLog,
    ApiToken,
    CountsFrom,
    DestructionItem,
    DestructionList,
    Function,
    HoldKind,
    HoldReason,
    HoldSubject,
    ListOrigin,
    Organisation,
    OrganisationType,
    Purpose,
    RetentionHold,
    RetentionRule,
    TermUnit,
    User,
)
from privacy.services import api_token_hash

PASSWORD = "geheim-wachtwoord-123"  # every factory user's


def valid_bsn(seed: int) -> str:
    """A BSN that passes the 11-proof, the same one for the same seed."""
    rng = random.Random(seed)
    while True:
        candidate = f"{rng.randint(10_000_000, 99_999_999):08d}"
        for last in range(10):
            if bsn_is_valid(candidate + str(last)):
                return candidate + str(last)


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
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
        prison = factory.Trait(
            type=OrganisationType.PENITENTIAIRE_INRICHTING, name=factory.Sequence(lambda n: f"PI {n}")
        )
        backoffice = factory.Trait(
            type=OrganisationType.CO24_BACKOFFICE, name=factory.Sequence(lambda n: f"CO24 back office {n}")
        )


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"gebruiker{n}@test.example")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    organisation = factory.SubFactory(OrganisationFactory)
    function = Function.PARTNER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(user: User, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            user.save()

    class Params:
        procesmanager = factory.Trait(function=Function.PROCESMANAGER)
        with_totp = factory.Trait(
            totp=factory.RelatedFactory(
                "tests.factories.privacy.TOTPDeviceFactory", factory_related_name="user"
            )
        )


class TOTPDeviceFactory(factory.django.DjangoModelFactory[TOTPDevice]):
    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "Test-app"
    confirmed = True


class PurposeFactory(factory.django.DjangoModelFactory[Purpose]):
    class Meta:
        model = Purpose
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"doel-{n}")
    name = factory.Sequence(lambda n: f"Doel {n}")


class AccessLogFactory(factory.django.DjangoModelFactory[AccessLog]):
    """A user's read of a case (privacy.services.access_log_record writes the real ones)."""

    class Meta:
        model = AccessLog
        exclude = ("case",)

    case = factory.SubFactory("tests.factories.caseplan.CaseFactory")
    user = factory.SubFactory(UserFactory)
    user_label = factory.LazyAttribute(lambda row: str(row.user))
    organisation_label = factory.LazyAttribute(lambda row: str(row.user.organisation or ""))
    case_id = factory.SelfAttribute("case.pk")
    client_id = factory.SelfAttribute("case.client_id")
    action = "inzien"
    shown = "casus"
    purpose = "pga"
    path = factory.LazyAttribute(lambda row: f"/casussen/{row.case.pk}/")
    ip_address = "192.0.2.10"


class ApiTokenFactory(factory.django.DjangoModelFactory[ApiToken]):
    """A user's API key; the key itself is ``key`` (privacy.services.api_token_issue makes real ones, and
    tests.api_keys issues them through it)."""

    class Meta:
        model = ApiToken
        exclude = ("key",)

    key = factory.Sequence(lambda n: f"test-sleutel-{n:08d}")
    user = factory.SubFactory(UserFactory)
    name = "test"
    key_hash = factory.LazyAttribute(lambda token: api_token_hash(token.key))
    prefix = factory.LazyAttribute(lambda token: token.key[:8])
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=365))


class RetentionRuleFactory(factory.django.DjangoModelFactory[RetentionRule]):
    """A rule of a kind nobody registered: the real ones come from
    privacy/migrations/0009_default_retention_rules.py (one per kind), and a test usually reads those:
    ``RetentionRule.objects.get(code="case_dossier")``."""

    class Meta:
        model = RetentionRule

    code = factory.Sequence(lambda n: f"regel-{n}")
    kind = factory.SelfAttribute("code")
    name = "Meldingen"
    term_amount = 1
    term_unit = TermUnit.YEARS
    counts_from = CountsFrom.CREATED
    legal_ground = "Model privacyconvenant art. 9.1"
    record_text = "Meldingen vernietigd een jaar na aanmaak."


class RetentionHoldFactory(factory.django.DjangoModelFactory[RetentionHold]):
    """A bewaarplicht on a case's client (privacy.services.retention.retention_hold_place makes real ones)."""

    class Meta:
        model = RetentionHold
        exclude = ("case",)

    case = factory.SubFactory("tests.factories.caseplan.CaseFactory")
    kind = HoldKind.HOLD
    subject = HoldSubject.CASE
    subject_id = factory.SelfAttribute("case.pk")
    reference = factory.SelfAttribute("case.reference")
    client_id = factory.SelfAttribute("case.client_id")
    reason = HoldReason.COMPLAINT
    placed_by = factory.SubFactory(UserFactory)


class DestructionListFactory(factory.django.DjangoModelFactory[DestructionList]):
    class Meta:
        model = DestructionList

    number = factory.Sequence(lambda n: f"VV-2000-{n:04d}")
    origin = ListOrigin.PERIODIC


class DestructionItemFactory(factory.django.DjangoModelFactory[DestructionItem]):
    """An item of a month of notifications (period kinds need no root row)."""

    class Meta:
        model = DestructionItem

    destruction_list = factory.SubFactory(DestructionListFactory)
    rule = factory.SubFactory(RetentionRuleFactory)
    kind = factory.SelfAttribute("rule.kind")
    root_key = factory.Sequence(lambda n: f"{1990 + n // 12:04d}-{n % 12 + 1:02d}")
    reference = factory.SelfAttribute("root_key")
    anchor_date = datetime.date(2000, 1, 31)
    expired_on = datetime.date(2001, 1, 31)
