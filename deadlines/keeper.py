"""The deadline services as caseplan calls them (``caseplan.hooks.DeadlineKeeper``): caseplan sits below
deadlines and may not import it, so ``DeadlinesConfig.ready`` registers this keeper there."""

from __future__ import annotations

from deadlines.models import ACTIVE_STATUSES, Deadline
from deadlines.services.deadlines import deadline_cancel_for, deadline_complete_for, deadline_set


class CaseplanDeadlines:
    set = staticmethod(deadline_set)
    complete_for = staticmethod(deadline_complete_for)
    cancel_for = staticmethod(deadline_cancel_for)

    @staticmethod
    def active_on_case(*, case_id: int, kind: str) -> Deadline | None:
        """The open deadline of this kind on the case, to keep its owner when it moves."""
        return Deadline.objects.filter(case_id=case_id, kind=kind, status__in=ACTIVE_STATUSES).first()
