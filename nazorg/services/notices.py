"""Who hears about a hand-over: the municipality's contact persons, or the coordinators for the queue."""

from __future__ import annotations

from django.urls import reverse

from nazorg.models import DetentionEpisode
from notifications.models import NotificationKind
from notifications.services import Message, notify
from privacy.models import Function, Organisation, OrganisationType, User


def municipal_contacts(gemeente: Organisation) -> list[User]:
    users = list(
        User.objects.filter(organisation=gemeente, is_active=True, function=Function.CONTACTPERSOON_NAZORG)
    )
    return users or list(
        User.objects.filter(organisation=gemeente, is_active=True, function=Function.COORDINATOR)
    )


def queue_coordinators() -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            function=Function.COORDINATOR,
            organisation__type__in=[OrganisationType.GEMEENTE, OrganisationType.VEILIGHEIDSHUIS],
        )
    )


def tell(*, recipients: list[User], episode: DetentionEpisode, title: str, body: str, key: str) -> None:
    """E-mails name the reference only, never the detainee."""
    notify(
        recipients=recipients,
        message=Message(
            kind=NotificationKind.NAZORG,
            title=f"{title} · {episode.reference}",
            body=body,
            url=reverse("nazorg:episode_detail", args=[episode.pk]),
        ),
        dedupe_key=f"nazorg:{episode.pk}:{key}",
    )


def tell_municipality(*, episode: DetentionEpisode, title: str, body: str, key: str) -> None:
    if episode.gemeente_id is None:
        tell(recipients=queue_coordinators(), episode=episode, title=title, body=body, key=f"{key}:wachtrij")
        return
    tell(
        recipients=municipal_contacts(episode.gemeente),  # type: ignore[arg-type]
        episode=episode,
        title=title,
        body=body,
        key=f"{key}:{episode.gemeente_id}",
    )


def tell_prison(*, episode: DetentionEpisode, title: str, body: str, key: str) -> None:
    recipients = (
        [episode.mmd]
        if episode.mmd_id
        else list(
            User.objects.filter(organisation_id=episode.prison_id, is_active=True, function=Function.MMD)
        )
    )
    tell(recipients=recipients, episode=episode, title=title, body=body, key=f"{key}:pi")  # type: ignore[arg-type]
