"""Scheduling a meeting and who takes part: attending organisations and persons, and guests.

An organisation takes part only if the meeting type admits its kind (purpose limitation per overleg, seed
003 art. 3.3 and its annex); a refusal names the rule. A guest takes part only after signing a
confidentiality statement for this meeting."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import EditConflict
from common.history import note_change
from common.unset import UNSET, Unset, given
from overleg.models import Attendee, AttendeeRole, Guest, Meeting, MeetingStatus, MeetingType
from privacy.models import Organisation, User


def refusal(meeting_type: MeetingType, organisation: Organisation) -> str:
    """Why this organisation may not take part in a meeting of this type; empty when it may."""
    if meeting_type.allows(organisation.type):
        return ""
    allowed = ", ".join(meeting_type.organisation_type_labels()) or _("geen enkele soort")
    return _(
        "%(organisation)s (%(kind)s) mag niet deelnemen aan %(type)s: deze overlegsoort laat alleen "
        "deze soorten organisaties toe: %(allowed)s (doelbinding: %(purpose)s)."
    ) % {
        "organisation": organisation.name,
        "kind": organisation.get_type_display(),
        "type": meeting_type,
        "allowed": allowed,
        "purpose": meeting_type.purpose.name,
    }


def _check_organisation(meeting_type: MeetingType, organisation: Organisation | None, field: str) -> None:
    if organisation is None:
        raise ValidationError({field: _("Deze persoon hoort bij geen organisatie en kan niet deelnemen.")})
    if not organisation.is_active:
        raise ValidationError({field: _("Deze organisatie is niet actief.")})
    reason = refusal(meeting_type, organisation)
    if reason:
        raise ValidationError({field: reason})


def _save(obj: Attendee | Guest | Meeting, by: User, reason: str) -> None:
    obj.full_clean()
    note_change(obj, by=by, reason=reason)
    obj.save()


def _attendee(
    meeting: Meeting, by: User, role: str, user: User | None, organisation: Organisation
) -> Attendee:
    attendee = Attendee(meeting=meeting, user=user, organisation=organisation, role=role, added_by=by)
    _save(attendee, by, "deelnemer toegevoegd")
    return attendee


@transaction.atomic
def meeting_schedule(
    *,
    meeting_type: MeetingType,
    starts_at: datetime.datetime,
    chair: User,
    by: User,
    minute_taker: User | None = None,
    title: str = "",
    location: str = "",
    video_link: str = "",
    duration_minutes: int = 90,
    organisations: Iterable[Organisation] = (),
    persons: Iterable[User] = (),
) -> Meeting:
    """Plan a meeting. The chair and the minute taker attend it in person; so do the persons given, and
    the organisations given attend as a whole. Each must be of a kind the meeting type admits."""
    if not meeting_type.is_active:
        raise ValidationError({"meeting_type": _("Deze overlegsoort is niet meer in gebruik.")})
    _check_organisation(meeting_type, chair.organisation, "chair")
    if minute_taker is not None:
        _check_organisation(meeting_type, minute_taker.organisation, "minute_taker")
    meeting = Meeting(
        meeting_type=meeting_type,
        starts_at=starts_at,
        chair=chair,
        minute_taker=minute_taker,
        title=title,
        location=location,
        video_link=video_link,
        duration_minutes=duration_minutes,
        created_by=by,
    )
    _save(meeting, by, "overleg gepland")
    _attendee(meeting, by, AttendeeRole.CHAIR, chair, chair.organisation)  # type: ignore[arg-type]
    if minute_taker is not None and minute_taker != chair:
        _attendee(meeting, by, AttendeeRole.MINUTE_TAKER, minute_taker, minute_taker.organisation)  # type: ignore[arg-type]
    for organisation in organisations:
        attendee_add(meeting=meeting, by=by, organisation=organisation)
    for person in persons:
        if person not in (chair, minute_taker):
            attendee_add(meeting=meeting, by=by, user=person)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    by: User,
    expected_revision: int,
    title: str | Unset = UNSET,
    starts_at: datetime.datetime | Unset = UNSET,
    duration_minutes: int | Unset = UNSET,
    location: str | Unset = UNSET,
    video_link: str | Unset = UNSET,
    status: str | Unset = UNSET,
) -> Meeting:
    """Change the frame (date, place, link, title, duration, status) under the meeting's lock: the fields
    given."""
    fields = given(
        title=title,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        location=location,
        video_link=video_link,
        status=status,
    )
    current = Meeting.objects.select_for_update().select_related("meeting_type__purpose").get(pk=meeting.pk)
    if current.revision != expected_revision:
        raise EditConflict(current)
    for name, value in fields.items():
        setattr(current, name, value)
    current.revision += 1
    _save(current, by, "overleg gewijzigd")
    return current


def _require_open(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("Dit overleg is geannuleerd."))


@transaction.atomic
def attendee_add(
    *,
    meeting: Meeting,
    by: User,
    organisation: Organisation | None = None,
    user: User | None = None,
    role: str = AttendeeRole.PARTICIPANT,
) -> Attendee:
    """One person (of their own organisation), or a whole organisation."""
    if (user is None) == (organisation is None):
        raise ValidationError(_("Kies een persoon óf een hele organisatie."))
    _require_open(meeting)
    if user is not None:
        if not user.is_active:
            raise ValidationError({"user": _("Deze gebruiker is niet actief.")})
        _check_organisation(meeting.meeting_type, user.organisation, "user")
        organisation = user.organisation
    else:
        _check_organisation(meeting.meeting_type, organisation, "organisation")
    return _attendee(meeting, by, role, user, organisation)  # type: ignore[arg-type]


@transaction.atomic
def attendee_remove(*, attendee: Attendee, by: User) -> None:
    if attendee.role != AttendeeRole.PARTICIPANT:
        raise ValidationError(_("De voorzitter en de notulist blijven deelnemer; wijzig eerst het overleg."))
    note_change(attendee, by=by, reason="deelnemer verwijderd")
    attendee.delete()


@transaction.atomic
def guest_add(
    *,
    meeting: Meeting,
    by: User,
    name: str,
    statement_signed_on: datetime.date | None,
    organisation_name: str = "",
    reason: str = "",
) -> Guest:
    """A guest without an account, who signed a confidentiality statement for this meeting."""
    _require_open(meeting)
    if statement_signed_on is None:
        raise ValidationError(
            {
                "statement_signed_on": _(
                    "Een gast neemt pas deel na het tekenen van een geheimhoudingsverklaring voor dit overleg."
                )
            }
        )
    meeting_day = timezone.localtime(meeting.starts_at).date()
    if statement_signed_on > meeting_day:
        raise ValidationError(
            {"statement_signed_on": _("De geheimhoudingsverklaring kan niet na het overleg getekend zijn.")}
        )
    guest = Guest(
        meeting=meeting,
        name=name,
        organisation_name=organisation_name,
        reason=reason,
        statement_signed_on=statement_signed_on,
        added_by=by,
    )
    _save(guest, by, "gast toegevoegd")
    return guest
