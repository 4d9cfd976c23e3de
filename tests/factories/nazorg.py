"""Detention episodes and their documents, consent and shares, the hand-over trail, and the prison API's
stored answers."""

from __future__ import annotations

import datetime
import hashlib

import factory

from nazorg.models import (
    Consent,
    DetentionEpisode,
    DetentionStatus,
    DocumentKind,
    EpisodeShare,
    HandoverEvent,
    HandoverEventKind,
    IdempotencyRecord,
    NazorgDocument,
    ReleaseDateChange,
    ReleaseDateReason,
)
from privacy.models import Function
from tests.factories.privacy import OrganisationFactory, UserFactory, valid_bsn


class DetentionEpisodeFactory(factory.django.DjangoModelFactory[DetentionEpisode]):
    """A sentenced detainee of a prison, registered by its MMD'er, for a gemeente (nazorg.services.episodes
    .episode_register sets the deadlines and the hand-over trail as well)."""

    class Meta:
        model = DetentionEpisode

    reference = factory.Sequence(lambda n: f"NZ-TEST-{n:06d}")
    achternaam = factory.Faker("last_name", locale="nl_NL")
    voornamen = factory.Faker("first_name", locale="nl_NL")
    geboortedatum = datetime.date(1990, 3, 4)
    bsn = factory.Sequence(lambda n: valid_bsn(200_000 + n))
    prison = factory.SubFactory(OrganisationFactory, prison=True)
    mmd = factory.SubFactory(
        UserFactory, organisation=factory.SelfAttribute("..prison"), function=Function.MMD
    )
    detention_start = datetime.date(2026, 11, 2)
    status = DetentionStatus.VEROORDEELD
    expected_release = datetime.date(2027, 6, 1)
    brp_gemeente = factory.SubFactory(OrganisationFactory, gemeente=True)
    gemeente_herkomst = factory.SelfAttribute("brp_gemeente")
    gemeente = factory.SelfAttribute("brp_gemeente")
    created_by = factory.SelfAttribute("mmd")


class NazorgDocumentFactory(factory.django.DjangoModelFactory[NazorgDocument]):
    """A draft document (nazorg.services.documents validates and submits it)."""

    class Meta:
        model = NazorgDocument

    episode = factory.SubFactory(DetentionEpisodeFactory)
    kind = DocumentKind.MELDINGSBLAD
    created_by = factory.SelfAttribute("episode.mmd")


class ConsentFactory(factory.django.DjangoModelFactory[Consent]):
    class Meta:
        model = Consent

    episode = factory.SubFactory(DetentionEpisodeFactory)
    signed_on = factory.LazyFunction(datetime.date.today)
    scope = factory.LazyFunction(lambda: ["ggz"])
    evidence = "Getekend formulier in het PI-dossier"
    recorded_by = factory.SelfAttribute("episode.mmd")


class EpisodeShareFactory(factory.django.DjangoModelFactory[EpisodeShare]):
    class Meta:
        model = EpisodeShare

    consent = factory.SubFactory(ConsentFactory)
    episode = factory.SelfAttribute("consent.episode")
    organisation = factory.SubFactory(OrganisationFactory, ggz=True)
    reason = "Behandeling voortzetten"
    shared_by = factory.SelfAttribute("episode.mmd")


class ReleaseDateChangeFactory(factory.django.DjangoModelFactory[ReleaseDateChange]):
    class Meta:
        model = ReleaseDateChange

    episode = factory.SubFactory(DetentionEpisodeFactory)
    old_date = factory.SelfAttribute("episode.expected_release")
    new_date = datetime.date(2027, 5, 3)
    reason = ReleaseDateReason.EARLY
    changed_by = factory.SelfAttribute("episode.mmd")


class HandoverEventFactory(factory.django.DjangoModelFactory[HandoverEvent]):
    class Meta:
        model = HandoverEvent

    episode = factory.SubFactory(DetentionEpisodeFactory)
    kind = HandoverEventKind.NOTIFIED
    to_gemeente = factory.SelfAttribute("episode.gemeente")
    by = factory.SelfAttribute("episode.mmd")


class IdempotencyRecordFactory(factory.django.DjangoModelFactory[IdempotencyRecord]):
    class Meta:
        model = IdempotencyRecord

    organisation = factory.SubFactory(OrganisationFactory, prison=True)
    key = factory.Sequence(lambda n: f"registratie-{n}")
    request_hash = factory.LazyAttribute(lambda record: hashlib.sha256(record.key.encode()).hexdigest())
    status_code = 201
    body = factory.LazyFunction(lambda: {"reference": "NZ-TEST"})
