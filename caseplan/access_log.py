"""Access-log helpers for caseplan reads: every page that shows client data calls one of these."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest

from caseplan.models import Case
from privacy.models import User
from privacy.services import Viewed, access_log_record


def _viewed(case: Case) -> Viewed:
    return Viewed(client_id=case.client_id, case_id=case.pk, purpose=str(case.purpose.name))


def log_case_read(
    *, user: User, case: Case, shown: str, request: HttpRequest | None, channel: str = "web"
) -> None:
    access_log_record(
        user=user, viewed=[_viewed(case)], action="inzien", shown=shown, request=request, channel=channel
    )


def log_case_list(
    *, user: User, cases: Iterable[Case], shown: str, request: HttpRequest | None, channel: str = "web"
) -> None:
    access_log_record(
        user=user,
        viewed=[_viewed(case) for case in cases],
        action="lijst",
        shown=shown,
        request=request,
        channel=channel,
    )
