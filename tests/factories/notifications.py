"""Inbox messages and the preferences for how they are sent."""

from __future__ import annotations

import factory

from notifications.models import Channel, Notification, NotificationKind, NotificationPreference
from tests.factories.privacy import UserFactory


class NotificationFactory(factory.django.DjangoModelFactory[Notification]):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = NotificationKind.DEADLINE_OVERDUE
    title = "Termijn verlopen"
    dedupe_key = factory.Sequence(lambda n: f"melding-{n}")
    channel = Channel.INBOX


class NotificationPreferenceFactory(factory.django.DjangoModelFactory[NotificationPreference]):
    class Meta:
        model = NotificationPreference

    user = factory.SubFactory(UserFactory)
    kind = NotificationKind.CASE_TEAM
    channel = Channel.EMAIL
