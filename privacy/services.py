"""Writes of the privacy app: the access log."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.http import HttpRequest

from common.client_ip import client_ip
from privacy.models import AccessLog, User


@dataclass(frozen=True)
class Viewed:
    """One piece of client data that was shown: whose (client, case), and under which purpose."""

    client_id: int | None
    case_id: int | None
    purpose: str
    detention_id: int | None = None


def _client_ip(request: HttpRequest | None) -> str | None:
    return client_ip(request) if request is not None else None


def access_log_record(
    *,
    user: User,
    viewed: Iterable[Viewed],
    action: str,
    shown: str,
    request: HttpRequest | None = None,
    channel: str = "web",
) -> int:
    """Write one access-log row per client/case shown, in one query. Returns the number of rows."""
    organisation = user.organisation
    rows = [
        AccessLog(
            user=user,
            user_label=f"{user.get_full_name()} <{user.email}>",
            organisation_label=organisation.name if organisation else "",
            client_id=item.client_id,
            case_id=item.case_id,
            detention_id=item.detention_id,
            action=action,
            shown=shown[:300],
            purpose=item.purpose[:200],
            channel=channel,
            path=(request.get_full_path()[:500] if request is not None else ""),
            ip_address=_client_ip(request),
        )
        for item in viewed
    ]
    if rows:
        AccessLog.objects.bulk_create(rows)
    return len(rows)
