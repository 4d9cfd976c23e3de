"""The casusoverleg rows of the permission matrix, on the world's case. The owner (process manager, write
member of the team) chairs the meeting; the reader (read-only team member) attends it; the outsider does not
attend and gets 404. Where the meeting page is open to an attendee who is not on the case's team, a second
row puts that attendee in the outsider's place: they get the page, never the case (no number, no log row)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from overleg.models import Action, AgendaItem, Attendee, Meeting, MeetingType
from overleg.services.agenda import agenda_add
from overleg.services.meetings import attendee_add, meeting_schedule
from overleg.services.minutes import action_add
from privacy.models import Organisation, User
from tests.matrix_check import Check
from tests.world import World


@dataclass
class OverlegMatrixWorld:
    meeting: Meeting  # the world's case is on its agenda
    empty: Meeting  # a later meeting with nothing on it yet
    item: AgendaItem
    ggz: Organisation
    attendee: User  # attends both meetings, is on no team
    participant: Attendee


def _ow(w: World) -> OverlegMatrixWorld:
    if not hasattr(w, "_overleg"):
        pga = MeetingType.objects.get(code="pga")
        ggz = w.ggz
        attendee = w.person("deelnemer@mediant.test", ggz)
        meetings = []
        for days in (2, 9):
            meeting = meeting_schedule(
                meeting_type=pga,
                starts_at=timezone.now() + datetime.timedelta(days=days),
                chair=w.owner,
                by=w.owner,
                title=f"Matrixoverleg {days}",
            )
            attendee_add(meeting=meeting, by=w.owner, user=w.reader)
            meetings.append((meeting, attendee_add(meeting=meeting, by=w.owner, user=attendee)))
        (meeting, participant), (empty, _) = meetings
        item = agenda_add(meeting=meeting, case=w.case, by=w.owner, reason="Matrix")
        w._overleg = OverlegMatrixWorld(meeting, empty, item, ggz, attendee, participant)  # type: ignore[attr-defined]
    return w._overleg  # type: ignore[attr-defined]


def _meeting(w: World) -> dict[str, object]:
    return {"pk": _ow(w).meeting.pk}


def _case(w: World) -> dict[str, object]:
    _ow(w)  # with the case on a meeting's agenda
    return {"pk": w.case.pk}


def _empty(w: World) -> dict[str, object]:
    return {"pk": _ow(w).empty.pk}


def _item(w: World) -> dict[str, object]:
    ow = _ow(w)
    return {"pk": ow.meeting.pk, "item_pk": ow.item.pk}


def _api_item(w: World) -> dict[str, object]:
    ow = _ow(w)
    return {"pk": ow.meeting.pk, "item_id": ow.item.pk}


def _action(w: World) -> dict[str, object]:
    ow = _ow(w)
    action = Action.objects.filter(item=ow.item).first() or action_add(
        item=ow.item,
        by=w.owner,
        description="Huisbezoek",
        due_on=timezone.localtime(ow.meeting.starts_at).date(),
        owner_user=w.owner,
    )
    return {**_item(w), "action_pk": action.pk}


def _not_on_team() -> Callable[[World], dict[str, User]]:
    """The attendee who is on no team takes the outsider's place."""
    return lambda w: {"owner": w.owner, "reader": w.reader, "outsider": _ow(w).attendee}


def _reference(w: World) -> str:
    return w.case.reference


def _meeting_form(w: World) -> dict[str, object]:
    return {
        "meeting_type": MeetingType.objects.get(code="pga").pk,
        "date": (timezone.localdate() + datetime.timedelta(days=14)).isoformat(),
        "time": "09:30",
        "duration_minutes": 90,
        "chair": w.owner.email,
    }


def _meeting_edit_form(w: World) -> dict[str, object]:
    return {
        "revision": 1,
        "date": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
        "time": "10:00",
        "duration_minutes": 90,
        "status": "gepland",
    }


OVERLEG_MATRIX: dict[str, list[Check]] = {
    "overleg:meeting_list": [
        Check(
            kwargs=lambda w: {},
            outsider=200,
            logs=False,
            reason="the frames of the user's own meetings (type, date, place, chair): no client data",
        )
    ],
    # Only functions that open cases schedule (the owner is a procesmanager, the others partners).
    "overleg:meeting_new": [
        Check(kwargs=lambda w: {}, reader=403, outsider=403, logs=False, reason="an empty form"),
        Check(method="post", kwargs=lambda w: {}, data=_meeting_form, owner=302, reader=403, outsider=403),
    ],
    "overleg:not_discussed": [
        Check(kwargs=lambda w: {}, data=lambda w: {"weken": 0}, outsider=200, lists_cases=True),
    ],
    "overleg:case_meetings": [
        Check(kwargs=_case),
        Check(method="post", data=lambda w: {"meeting": _ow(w).empty.pk}, owner=302, reader=403),
    ],
    "overleg:case_minutes_pdf": [Check(kwargs=_case)],
    "overleg:meeting_pdf": [
        Check(kwargs=_meeting),
        Check(kwargs=_meeting, actors=_not_on_team(), outsider=200, logs=True),
    ],
    "overleg:meeting_detail": [
        Check(kwargs=_meeting),
        Check(kwargs=_meeting, actors=_not_on_team(), outsider=200, lists=_reference),
    ],
    "overleg:attendee_add": [
        Check(
            method="post",
            kwargs=_meeting,
            data=lambda w: {"organisation": _ow(w).ggz.pk},
            owner=302,
            reader=403,
        )
    ],
    "overleg:attendee_remove": [
        Check(
            method="post",
            kwargs=lambda w: {**_meeting(w), "attendee_pk": _ow(w).participant.pk},
            owner=302,
            reader=403,
        )
    ],
    "overleg:guest_add": [
        Check(
            method="post",
            kwargs=_meeting,
            data=lambda w: {"name": "Tolk", "statement_signed_on": timezone.localdate().isoformat()},
            owner=302,
            reader=403,
        )
    ],
    "overleg:meeting_edit": [
        Check(kwargs=_meeting, reader=403, logs=False, reason="the meeting's frame only: no client data"),
        Check(method="post", kwargs=_meeting, data=_meeting_edit_form, owner=302, reader=403),
    ],
    "overleg:meeting_invite": [Check(method="post", kwargs=_meeting, owner=302, reader=403)],
    "overleg:agenda_add": [
        Check(
            method="post",
            kwargs=_empty,
            data=lambda w: {"reference": w.case.reference},
            owner=302,
            reader=403,
        )
    ],
    "overleg:agenda_move": [
        Check(
            method="post",
            kwargs=_item,
            data=lambda w: {"richting": "omlaag", "revision": 1},
            owner=302,
            reader=403,
        )
    ],
    "overleg:agenda_remove": [Check(method="post", kwargs=_item, owner=302, reader=403)],
    "overleg:item_minutes": [
        Check(kwargs=_item, reader=403),
        Check(kwargs=_item, reader=403, actors=_not_on_team()),
        Check(
            method="post",
            kwargs=_item,
            data=lambda w: {"revision": 1, "discussed": "ja", "situation": "Stabiel"},
            owner=302,
            reader=403,
        ),
    ],
    "overleg:action_add": [
        Check(
            method="post",
            kwargs=_item,
            data=lambda w: {
                "description": "Bellen",
                "owner": f"user:{w.owner.pk}",
                "due_on": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
            },
            owner=302,
            reader=403,
        )
    ],
    "overleg:action_done": [Check(method="post", kwargs=_action, owner=302, reader=403)],
    # The API: the same rules, JSON.
    "overleg-meeting-list": [
        Check(kwargs=lambda w: {}, json=True, outsider=200, logs=False, reason="meeting frames only"),
        Check(
            method="post",
            kwargs=lambda w: {},
            data=lambda w: {"meeting_type": "pga", "starts_at": timezone.now().isoformat()},
            owner=201,
            reader=403,
            outsider=403,
            json=True,
        ),
    ],
    "overleg-meeting-detail": [
        Check(kwargs=_meeting, json=True),
        Check(kwargs=_meeting, json=True, actors=_not_on_team(), outsider=200, lists=_reference),
    ],
    "overleg-item-list": [
        Check(
            method="post",
            kwargs=_empty,
            data=lambda w: {"case": w.case.reference},
            owner=201,
            reader=403,
            json=True,
        )
    ],
    "overleg-item-detail": [
        Check(kwargs=_api_item, json=True),
        Check(kwargs=_api_item, json=True, actors=_not_on_team()),
        Check(
            method="patch",
            kwargs=_api_item,
            data=lambda w: {"revision": 1, "discussed": True, "situation": "Stabiel"},
            reader=403,
            json=True,
        ),
    ],
    "overleg-item-actions": [
        Check(
            method="post",
            kwargs=_api_item,
            data=lambda w: {
                "description": "Bellen",
                "due_on": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
                "owner_user": w.owner.email,
            },
            owner=201,
            reader=403,
            json=True,
        )
    ],
}
