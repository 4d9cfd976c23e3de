from __future__ import annotations

from django.db import transaction

from caseplan.models import Case
from co24.models import Caller
from common.unset import UNSET, Unset, given
from privacy.models import Organisation, User


@transaction.atomic
def caller_save(
    *,
    case: Case,
    by: User,
    caller: Caller | None = None,
    name: str | Unset = UNSET,
    kind: str | Unset = UNSET,
    organisation: Organisation | Unset | None = UNSET,
    relation: str | Unset = UNSET,
    phone: str | Unset = UNSET,
    reports: str | Unset = UNSET,
    agreements: str | Unset = UNSET,
    active: bool | Unset = UNSET,
) -> Caller:
    """Put a caller on the case's list, or change the fields given (``active=False`` deactivates)."""
    caller = caller or Caller(case=case, created_by=by)
    fields = given(
        name=name,
        kind=kind,
        organisation=organisation,
        relation=relation,
        phone=phone,
        reports=reports,
        agreements=agreements,
        active=active,
    )
    for field, value in fields.items():
        setattr(caller, field, value)
    caller.full_clean()
    caller.save()
    return caller
