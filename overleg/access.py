"""Who reaches a meeting and its agenda items.

Two roots, two rules (ARCHITECTURE.md, the access model):
- the meeting's frame (type, date, place, attendees, guests) is for its attendees: the persons on it, the
  users of an organisation that attends as a whole, the chair, the minute taker and the organiser. Anyone
  else gets a 404, without learning that the meeting exists;
- an agenda item is client data of its case: its content is for the case team only
  (``caseplan.access``), and writing its minutes needs write access to the case. An attendee who is not on
  the team sees only that a case is on the agenda, without a name or a number.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from caseplan.access import cases_visible_to, cases_writable_by
from caseplan.models import Case
from overleg.models import AgendaItem, Attendee, Meeting
from privacy.models import User
from privacy.models.user import CASE_OPENING_FUNCTIONS

# Who schedules meetings: the functions that open cases (process managers, coordinators, casusregie).
ORGANISER_FUNCTIONS = CASE_OPENING_FUNCTIONS


def may_organise(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.function in ORGANISER_FUNCTIONS


def meetings_visible_to(user: User, queryset: QuerySet[Meeting] | None = None) -> QuerySet[Meeting]:
    queryset = Meeting.objects.all() if queryset is None else queryset
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    attends = Q(Exists(Attendee.objects.filter(meeting=OuterRef("pk"), user_id=user.pk)))
    if user.organisation_id:
        attends |= Q(
            Exists(
                Attendee.objects.filter(
                    meeting=OuterRef("pk"), user__isnull=True, organisation_id=user.organisation_id
                )
            )
        )
    return queryset.filter(
        attends | Q(chair_id=user.pk) | Q(minute_taker_id=user.pk) | Q(created_by_id=user.pk)
    )


def may_manage(user: User, meeting: Meeting) -> bool:
    """The chair, the minute taker and the organiser prepare the meeting: attendees, guests, order."""
    return user.pk in (meeting.chair_id, meeting.minute_taker_id, meeting.created_by_id)


def meeting_get_for_user(
    *, user: User, pk: int | str, manage: bool = False, queryset: QuerySet[Meeting] | None = None
) -> Meeting:
    """The meeting, if the user attends it: 404 for anyone else, 403 for an attendee who may not prepare it."""
    queryset = Meeting.objects.select_related("meeting_type__purpose", "chair", "minute_taker", "created_by")
    try:
        meeting = meetings_visible_to(user, queryset).get(pk=int(pk))
    except (Meeting.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Overleg niet gevonden") from exc
    if manage and not may_manage(user, meeting):
        raise PermissionDenied(
            _("Alleen de voorzitter, de notulist en wie het overleg plande, bereiden het voor.")
        )
    return meeting


def item_get_for_user(*, user: User, meeting: Meeting, pk: int | str, write: bool = False) -> AgendaItem:
    """An agenda item of a meeting the user attends, if they are on its case's team: 404 for anyone else
    (an attendee who is not on the team does not learn which case it is), 403 for a read-only member."""
    try:
        item = (
            AgendaItem.objects.select_related("case__client", "case__purpose", "case__gemeente", "meeting")
            .filter(case__in=cases_visible_to(user, Case.objects.all()).values("pk"))
            .get(pk=int(pk), meeting=meeting)
        )
    except (AgendaItem.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Agendapunt niet gevonden") from exc
    item.meeting = meeting
    if write and not cases_writable_by(user, Case.objects.filter(pk=item.case_id)).exists():
        raise PermissionDenied(_("U mag deze casus alleen inzien."))
    return item


def visible_case_ids(user: User, case_ids: list[int]) -> set[int]:
    """Of these cases, the ones on the user's teams, in one query."""
    if not case_ids:
        return set()
    return set(cases_visible_to(user, Case.objects.filter(pk__in=case_ids)).values_list("pk", flat=True))


def writable_case_ids(user: User, case_ids: list[int]) -> set[int]:
    if not case_ids:
        return set()
    return set(cases_writable_by(user, Case.objects.filter(pk__in=case_ids)).values_list("pk", flat=True))
