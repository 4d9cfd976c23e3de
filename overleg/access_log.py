"""Access-log rows for the casusoverleg's reads: every page that shows an agenda item's content, or a
case's meetings, names the cases it showed (privacy.services.access_log_record)."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest

from caseplan.models import Case
from overleg.models import AgendaItem, Meeting
from privacy.models import User
from privacy.services import Viewed, access_log_record


def log_agenda_read(
    *,
    user: User,
    meeting: Meeting,
    items: Iterable[AgendaItem],
    shown: str,
    request: HttpRequest | None,
    channel: str = "web",
) -> int:
    """The agenda items whose content was shown, under the meeting type's purpose (doelbinding per overleg).
    Items shown only as "casus op de agenda" are not passed in: they show no client data."""
    items = list(items)
    if not items:
        return 0
    purpose = str(meeting.meeting_type.purpose.name)
    viewed = [Viewed(client_id=item.case.client_id, case_id=item.case_id, purpose=purpose) for item in items]
    return access_log_record(
        user=user, viewed=viewed, action="inzien", shown=shown, request=request, channel=channel
    )


def log_case_meetings_read(
    *, user: User, case: Case, shown: str, request: HttpRequest | None, channel: str = "web"
) -> int:
    return access_log_record(
        user=user,
        viewed=[Viewed(client_id=case.client_id, case_id=case.pk, purpose=str(case.purpose.name))],
        action="inzien",
        shown=shown,
        request=request,
        channel=channel,
    )


def log_cases_listed(
    *, user: User, cases: Iterable[Case], shown: str, request: HttpRequest | None, channel: str = "web"
) -> int:
    return access_log_record(
        user=user,
        viewed=[Viewed(client_id=c.client_id, case_id=c.pk, purpose=str(c.purpose.name)) for c in cases],
        action="lijst",
        shown=shown,
        request=request,
        channel=channel,
    )
