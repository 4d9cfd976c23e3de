"""Access-log helpers: every page, export and API answer that shows a detainee's data calls one of these."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest

from nazorg.models import DetentionEpisode
from privacy.models import User
from privacy.services import Viewed, access_log_record

PURPOSE = "Sluitende aanpak nazorg ex-gedetineerden"


def _viewed(episode: DetentionEpisode) -> Viewed:
    return Viewed(
        client_id=episode.client_id, case_id=episode.case_id, purpose=PURPOSE, detention_id=episode.pk
    )


def log_episode_read(
    *, user: User, episode: DetentionEpisode, shown: str, request: HttpRequest | None, channel: str = "web"
) -> None:
    access_log_record(
        user=user, viewed=[_viewed(episode)], action="inzien", shown=shown, request=request, channel=channel
    )


def log_episode_list(
    *,
    user: User,
    episodes: Iterable[DetentionEpisode],
    shown: str,
    request: HttpRequest | None,
    channel: str = "web",
) -> None:
    access_log_record(
        user=user,
        viewed=[_viewed(e) for e in episodes],
        action="lijst",
        shown=shown,
        request=request,
        channel=channel,
    )
