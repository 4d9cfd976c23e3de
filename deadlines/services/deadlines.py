"""Setting, recomputing and completing deadlines. Other apps call these with their own subjects."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from common.errors import EditConflict
from common.history import note_change
from deadlines.models import ACTIVE_STATUSES, Deadline, DeadlineRule, DeadlineStatus
from deadlines.services.calendar import compute_due
from privacy.models import Organisation, User


def _active_for(subject: models.Model, kind: str) -> Deadline | None:
    return (
        Deadline.objects.select_for_update()
        .filter(
            subject_type=ContentType.objects.get_for_model(subject),
            subject_id=subject.pk,
            kind=kind,
            status__in=ACTIVE_STATUSES,
        )
        .first()
    )


@transaction.atomic
def deadline_set(
    *,
    subject: models.Model,
    kind: str,
    rule_code: str,
    anchor: datetime.date,
    title: str,
    case_id: int | None = None,
    owner_user: User | None = None,
    owner_organisation: Organisation | None = None,
    by: User | None = None,
) -> Deadline:
    """Create the deadline of this kind for the subject, or recompute it when its anchor or owner moved.

    Safe to call every time the subject is saved: nothing changes when nothing moved."""
    rule = DeadlineRule.objects.get(code=rule_code)
    due = compute_due(rule, anchor)
    deadline = _active_for(subject, kind)
    if deadline is None:
        deadline = Deadline(
            kind=kind,
            rule=rule,
            subject_type=ContentType.objects.get_for_model(subject),
            subject_id=subject.pk,
        )
    elif (
        deadline.anchor_date,
        deadline.due_on,
        deadline.rule_id,
        deadline.owner_user,
        deadline.owner_organisation,
    ) == (
        anchor,
        due,
        rule.pk,
        owner_user,
        owner_organisation,
    ):
        return deadline
    deadline.rule = rule
    deadline.title = title
    deadline.case_id = case_id
    deadline.anchor_date = anchor
    deadline.owner_user = owner_user
    deadline.owner_organisation = owner_organisation
    if deadline.due_on != due:
        deadline.due_on = due
        if due >= timezone.localdate():  # moved into the future: it starts over
            deadline.status = DeadlineStatus.OPEN
            deadline.escalation_level = 0
    note_change(deadline, by=by, reason="termijn herberekend" if deadline.pk else "termijn gesteld")
    deadline.save()
    return deadline


def _complete(deadline: Deadline, by: User | None) -> Deadline:
    """Complete a deadline that is locked and active."""
    deadline.status = DeadlineStatus.DONE
    deadline.done_at = timezone.now()
    deadline.done_by = by
    note_change(deadline, by=by, reason="termijn afgerond")
    deadline.save()
    return deadline


@transaction.atomic
def deadline_complete(*, deadline: Deadline, by: User | None) -> Deadline:
    """Complete an active deadline. Its row is locked and read again first: a deadline completed or
    cancelled meanwhile raises EditConflict with the stored one, so nobody's completion is overwritten."""
    deadline.refresh_from_db(from_queryset=Deadline.objects.select_for_update(of=("self",)))
    if deadline.status not in ACTIVE_STATUSES:
        raise EditConflict(deadline)
    return _complete(deadline, by)


@transaction.atomic
def deadline_complete_for(*, subject: models.Model, kind: str, by: User | None) -> Deadline | None:
    deadline = _active_for(subject, kind)
    return _complete(deadline, by) if deadline else None


@transaction.atomic
def deadline_cancel_for(*, subject: models.Model, kind: str, by: User | None, reason: str) -> Deadline | None:
    deadline = _active_for(subject, kind)
    if deadline is not None:
        deadline.status = DeadlineStatus.CANCELLED
        note_change(deadline, by=by, reason=reason)
        deadline.save()
    return deadline
