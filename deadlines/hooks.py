"""What deadlines plugs into caseplan's hooks (caseplan/hooks.py), registered in ``DeadlinesConfig.ready``:
caseplan sits below deadlines and may not import it.

- ``CaseplanDeadlines``: the deadline services as caseplan's services call them (``DeadlineKeeper``);
- ``deadline_figures``: the deadline figures on the caseload dashboard, one aggregate query over the
  dashboard's cases, whatever the caseload."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet

from caseplan.hooks import Link
from caseplan.selectors.dashboard import Figure
from deadlines.models import ACTIVE_STATUSES, Deadline, DeadlineStatus
from deadlines.selectors import this_week
from deadlines.services.deadlines import deadline_cancel_for, deadline_complete_for, deadline_set

LATE = (DeadlineStatus.OVERDUE, DeadlineStatus.ESCALATED)


class CaseplanDeadlines:
    set = staticmethod(deadline_set)
    complete_for = staticmethod(deadline_complete_for)
    cancel_for = staticmethod(deadline_cancel_for)

    @staticmethod
    def active_on_case(*, case_id: int, kind: str) -> Deadline | None:
        """The open deadline of this kind on the case, to keep its owner when it moves."""
        return Deadline.objects.filter(case_id=case_id, kind=kind, status__in=ACTIVE_STATUSES).first()


def deadline_figures(case_ids: QuerySet[Any], link: Link, today: datetime.date) -> list[Figure]:
    week_start, week_end = this_week(today)
    counts = Deadline.objects.filter(case__in=case_ids).aggregate(
        overdue=Count("pk", filter=Q(status__in=LATE)),
        escalated=Count("pk", filter=Q(status=DeadlineStatus.ESCALATED)),
        evaluation_overdue=Count("pk", filter=Q(status__in=LATE, kind="plan-evaluatie")),
        this_week=Count(
            "pk",
            filter=Q(status__in=(DeadlineStatus.OPEN,), due_on__range=(week_start, week_end)),
        ),
    )
    return [
        Figure("verlopen", counts["overdue"], link("/termijnen/", status="verlopen", casussen="1")),
        Figure("opgeschaald", counts["escalated"], link("/termijnen/", status="opgeschaald", casussen="1")),
        Figure(
            "deze week",
            counts["this_week"],
            link("/termijnen/", status="open", termijn="deze-week", casussen="1"),
        ),
        Figure(
            "evaluatie verstreken",
            counts["evaluation_overdue"],
            link("/termijnen/", status="verlopen", soort="plan-evaluatie", casussen="1"),
        ),
    ]
