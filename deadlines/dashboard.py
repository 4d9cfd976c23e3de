"""The deadline figures on caseplan's caseload dashboard, registered in ``DeadlinesConfig.ready``: one
aggregate query over the dashboard's cases, whatever the caseload."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet

from caseplan.dashboard import Figure
from caseplan.hooks import Link
from deadlines.models import Deadline, DeadlineStatus
from deadlines.selectors import this_week

LATE = (DeadlineStatus.OVERDUE, DeadlineStatus.ESCALATED)


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
