from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from caseplan.models import Case
from co24.models import Caller
from privacy.models import User

FIELDS = ("name", "kind", "organisation", "relation", "phone", "reports", "agreements", "active")


@transaction.atomic
def caller_save(*, case: Case, by: User, caller: Caller | None = None, **fields: Any) -> Caller:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValidationError(_("Onbekende velden: %(f)s") % {"f": ", ".join(sorted(unknown))})
    caller = caller or Caller(case=case, created_by=by)
    for name, value in fields.items():
        setattr(caller, name, value)
    caller.full_clean()
    caller.save()
    return caller
