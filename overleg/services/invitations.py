"""Invitations: one notification per attending person, in the app and by e-mail (as they chose), naming
the meeting and the case numbers of their own teams only. E-mail leaves the system: no client names, and
no numbers of cases the person is not on the team of.

An organisation that attends as a whole gets no personal invitation (that would mail all its staff): add
the persons who come. Sending again after a change (date, place, agenda) reaches everyone once more;
sending again without a change sends nothing (the dedupe key covers what the invitation says)."""

from __future__ import annotations

import hashlib

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications.models import NotificationKind
from notifications.services import Message, notify
from overleg.access import visible_case_ids
from overleg.models import AgendaItem, Attendee, Meeting
from privacy.models import User


def _body(meeting: Meeting, references: list[str], total: int) -> str:
    lines = [
        _("Plaats: %(place)s") % {"place": meeting.location or "—"},
    ]
    if meeting.video_link:
        lines.append(_("Videolink: %(link)s") % {"link": meeting.video_link})
    lines.append(
        ngettext("Op de agenda: %(n)d casus.", "Op de agenda: %(n)d casussen.", total) % {"n": total}
    )
    if references:
        lines.append(_("Uit uw casusteams: %(refs)s.") % {"refs": ", ".join(references)})
    return "\n".join(lines)


def _digest(meeting: Meeting, case_ids: list[int]) -> str:
    said = f"{meeting.starts_at.isoformat()}|{meeting.location}|{meeting.video_link}|{sorted(case_ids)}"
    return hashlib.sha256(said.encode()).hexdigest()[:16]


def meeting_invite(*, meeting: Meeting, by: User) -> int:
    """Invite every attending person (chair and minute taker included, not the sender). Returns how many
    invitations went out."""
    items = list(AgendaItem.objects.filter(meeting=meeting).select_related("case").order_by("position", "id"))
    case_ids = [item.case_id for item in items]
    people = [
        attendee.user
        for attendee in Attendee.objects.filter(meeting=meeting, user__isnull=False).select_related("user")
        if attendee.user_id != by.pk
    ]
    when = timezone.localtime(meeting.starts_at)
    title = _("Uitnodiging %(type)s op %(date)s om %(time)s") % {
        "type": meeting.meeting_type.short_name,
        "date": when.strftime("%d-%m-%Y"),
        "time": when.strftime("%H:%M"),
    }
    key = f"overleg:{meeting.pk}:uitnodiging:{_digest(meeting, case_ids)}"
    url = reverse("overleg:meeting_detail", args=[meeting.pk])
    sent = 0
    for person in people:
        own = visible_case_ids(person, case_ids)  # type: ignore[arg-type]
        references = [item.case.reference for item in items if item.case_id in own]
        message = Message(
            kind=NotificationKind.MEETING, title=title, body=_body(meeting, references, len(items)), url=url
        )
        sent += notify(recipients=[person], message=message, dedupe_key=key)  # type: ignore[list-item]
    return sent
