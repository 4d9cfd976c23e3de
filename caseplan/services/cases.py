from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caseplan.hooks import deadline_keeper
from caseplan.models import Case, CaseAccess, CaseRole, CaseStatus, Client
from caseplan.services.team import case_member_add
from common.errors import EditConflict
from common.history import note_change
from common.unset import UNSET, Unset, given
from privacy.models import Organisation, Purpose, User


def _next_reference() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('caseplan_case_reference_seq')")
        (number,) = cursor.fetchone()
    return f"PGA-{timezone.localdate().year}-{number:06d}"


@transaction.atomic
def case_create(
    *,
    client: Client,
    gemeente: Organisation,
    purpose: Purpose,
    by: User,
    creator_role: str = CaseRole.PROCESMANAGER_GEMEENTE,
    status: str | Unset = UNSET,
    high_priority: bool | Unset = UNSET,
    prioritised_on: datetime.date | Unset | None = UNSET,
    prioritised_by: str | Unset = UNSET,
    prioritisation_reason: str | Unset = UNSET,
    approach: str | Unset = UNSET,
    closed_on: datetime.date | Unset | None = UNSET,
    closed_reason: str | Unset = UNSET,
) -> Case:
    """Open a case; its creator joins the team with write access so the case is never orphaned. A field
    left out gets the model's default."""
    if not gemeente.is_gemeente:
        raise ValidationError({"gemeente": _("Kies een gemeente.")})
    fields = given(
        status=status,
        high_priority=high_priority,
        prioritised_on=prioritised_on,
        prioritised_by=prioritised_by,
        prioritisation_reason=prioritisation_reason,
        approach=approach,
        closed_on=closed_on,
        closed_reason=closed_reason,
    )
    case = Case(client=client, gemeente=gemeente, purpose=purpose, created_by=by, **fields)
    case.reference = _next_reference()
    case.full_clean()
    note_change(case, by=by, reason="casus aangemaakt")
    case.save()
    case_member_add(case=case, by=by, user=by, role=creator_role, access=CaseAccess.WRITE)
    _sync_plan_deadline(case, by)
    return case


@transaction.atomic
def case_update(
    *,
    case: Case,
    by: User,
    expected_revision: int,
    purpose: Purpose | Unset = UNSET,
    status: str | Unset = UNSET,
    high_priority: bool | Unset = UNSET,
    prioritised_on: datetime.date | Unset | None = UNSET,
    prioritised_by: str | Unset = UNSET,
    prioritisation_reason: str | Unset = UNSET,
    approach: str | Unset = UNSET,
    closed_on: datetime.date | Unset | None = UNSET,
    closed_reason: str | Unset = UNSET,
) -> Case:
    """Save the fields given, unless somebody else saved first (optimistic locking on ``revision``)."""
    fields = given(
        purpose=purpose,
        status=status,
        high_priority=high_priority,
        prioritised_on=prioritised_on,
        prioritised_by=prioritised_by,
        prioritisation_reason=prioritisation_reason,
        approach=approach,
        closed_on=closed_on,
        closed_reason=closed_reason,
    )
    current = Case.objects.select_for_update().get(pk=case.pk)
    if current.revision != expected_revision:
        raise EditConflict(current)
    for name, value in fields.items():
        setattr(current, name, value)
    if current.status == CaseStatus.AFGESLOTEN and current.closed_on is None:
        current.closed_on = timezone.localdate()
    if current.status != CaseStatus.AFGESLOTEN:
        current.closed_on = None
        current.closed_reason = ""
    current.full_clean()
    current.revision += 1  # the row is locked, so a plain increment is safe
    note_change(current, by=by, reason="casus gewijzigd")
    current.save()
    _sync_plan_deadline(current, by)
    return current


PLAN_DEADLINE = "maatwerkplan-opstellen"


def _sync_plan_deadline(case: Case, by: User) -> None:
    """A prioritised case gets a deadline for its maatwerkplan; it moves with the prioritisation date
    and lapses when the case closes."""
    deadlines = deadline_keeper()
    if case.status == CaseStatus.AFGESLOTEN or not case.prioritised_on:
        deadlines.cancel_for(
            subject=case, kind=PLAN_DEADLINE, by=by, reason="casus afgesloten of niet geprioriteerd"
        )
        return
    current = deadlines.active_on_case(case_id=case.pk, kind=PLAN_DEADLINE)
    deadlines.set(
        subject=case,
        kind=PLAN_DEADLINE,
        rule_code=PLAN_DEADLINE,
        anchor=case.prioritised_on,
        title="Maatwerkplan opstellen",
        case_id=case.pk,
        owner_user=current.owner_user if current and current.owner_user_id else by,
        by=by,
    )


@transaction.atomic
def case_close(*, case: Case, by: User, reason: str, closed_on: datetime.date | None = None) -> Case:
    return case_update(
        case=case,
        by=by,
        expected_revision=case.revision,
        status=CaseStatus.AFGESLOTEN,
        closed_on=closed_on or timezone.localdate(),
        closed_reason=reason,
    )
