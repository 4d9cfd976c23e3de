"""The agenda of a meeting: cases put on it by their team, in an order the chair decides."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from caseplan.access import cases_writable_by
from caseplan.models import Case, CaseStatus
from common.errors import EditConflict
from common.history import note_change
from overleg.models import AgendaItem, Attendee, Meeting, MeetingStatus
from overleg.services.meetings import refusal
from privacy.models import User


def _refused_attendees(meeting: Meeting) -> list[str]:
    """Attendees whose kind the meeting type no longer admits (the type may have changed since they were
    added): with them present, no case is discussed."""
    attendees = Attendee.objects.filter(meeting=meeting).select_related("organisation")
    return [reason for a in attendees if (reason := refusal(meeting.meeting_type, a.organisation))]


@transaction.atomic
def agenda_add(*, meeting: Meeting, case: Case, by: User, reason: str = "") -> AgendaItem:
    """Put a case on the agenda: only someone on its team with write access may, for an open meeting
    whose attendees may all take part in this meeting type."""
    if not cases_writable_by(by, Case.objects.filter(pk=case.pk)).exists():
        raise ValidationError(
            {"case": _("Alleen wie in het casusteam zit (met schrijfrechten), zet een casus op de agenda.")}
        )
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("De agenda van een gehouden of geannuleerd overleg ligt vast."))
    if case.status == CaseStatus.AFGESLOTEN:
        raise ValidationError({"case": _("Een afgesloten casus komt niet meer op de agenda.")})
    refused = _refused_attendees(meeting)
    if refused:
        raise ValidationError(refused)
    if AgendaItem.objects.filter(meeting=meeting, case=case).exists():
        raise ValidationError({"case": _("Deze casus staat al op de agenda.")})
    # the meeting row is locked so two people adding at once get different positions
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    last = AgendaItem.objects.filter(meeting=meeting).aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem(meeting=meeting, case=case, position=last + 1, reason=reason, added_by=by)
    item.full_clean()
    note_change(item, by=by, reason="op de agenda gezet")
    item.save()
    return item


@transaction.atomic
def agenda_reorder(*, meeting: Meeting, by: User, item_ids: list[int], expected_revision: int) -> Meeting:
    """Put the agenda in this order (every item once). The meeting's revision guards against two people
    reordering at once: the second gets EditConflict with the stored meeting."""
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if current.revision != expected_revision:
        raise EditConflict(current)
    items = {item.pk: item for item in AgendaItem.objects.filter(meeting=meeting)}
    if sorted(item_ids) != sorted(items):
        raise ValidationError(_("Geef elk agendapunt precies één keer een plaats."))
    for position, pk in enumerate(item_ids, start=1):
        item = items[pk]
        if item.position != position:
            item.position = position
            note_change(item, by=by, reason="volgorde gewijzigd")
            item.save(update_fields=["position"])
    current.revision += 1
    note_change(current, by=by, reason="agenda herschikt")
    current.save(update_fields=["revision"])
    return current


def agenda_move(*, meeting: Meeting, by: User, item_id: int, offset: int, expected_revision: int) -> Meeting:
    """Move one item up (offset -1) or down (+1)."""
    order = list(
        AgendaItem.objects.filter(meeting=meeting).order_by("position", "id").values_list("pk", flat=True)
    )
    if item_id not in order:
        raise ValidationError(_("Dit agendapunt hoort niet bij dit overleg."))
    index = order.index(item_id)
    target = min(max(index + offset, 0), len(order) - 1)
    order.insert(target, order.pop(index))
    return agenda_reorder(meeting=meeting, by=by, item_ids=order, expected_revision=expected_revision)


@transaction.atomic
def agenda_remove(*, item: AgendaItem, by: User) -> None:
    """Take a case off the agenda before anything is recorded about it."""
    if item.minuted_at is not None or item.actions.exists():
        raise ValidationError(_("Over deze casus is al verslag gelegd; het agendapunt blijft staan."))
    note_change(item, by=by, reason="van de agenda gehaald")
    item.delete()
