"""The worker's heartbeat."""

from __future__ import annotations

import factory
from django.utils import timezone

from ops.models import Heartbeat


class HeartbeatFactory(factory.django.DjangoModelFactory[Heartbeat]):
    class Meta:
        model = Heartbeat
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"worker-{n}")
    at = factory.LazyFunction(timezone.now)
