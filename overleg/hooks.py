"""What the casusoverleg plugs into caseplan's hooks (caseplan/hooks.py), registered in
``OverlegConfig.ready``: the "Overleggen" tab, the case's ``laatst besproken`` date in its overview, and the
dashboard figure of open cases not discussed for some weeks."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from caseplan.hooks import CaseFact, CaseTab, Link
from caseplan.models import Case
from caseplan.selectors.dashboard import Figure
from overleg.selectors import (
    NOT_DISCUSSED_WEEKS,
    case_last_discussed,
    cases_not_discussed_since,
    not_discussed_since,
)

OVERLEG_TAB = CaseTab(key="overleg", label=gettext_lazy("Overleggen"), url_name="overleg:case_meetings")


def case_fact_last_discussed(case: Case) -> CaseFact:
    when = case_last_discussed(case)
    value = timezone.localtime(when).strftime("%d-%m-%Y") if when else _("nog niet besproken")
    return CaseFact(
        label=_("Laatst besproken"), value=value, url=reverse("overleg:case_meetings", args=[case.pk])
    )


def not_discussed_figures(case_ids: QuerySet[Any], link: Link, today: datetime.date) -> list[Figure]:
    count = cases_not_discussed_since(not_discussed_since(), Case.objects.filter(pk__in=case_ids)).count()
    return [
        Figure(
            label="niet besproken",
            value=count,
            url=link(reverse("overleg:not_discussed"), weken=NOT_DISCUSSED_WEEKS),
            caption=_("lopende casussen niet besproken in %(weeks)d weken") % {"weeks": NOT_DISCUSSED_WEEKS},
        )
    ]
