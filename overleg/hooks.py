"""What the casusoverleg plugs into caseplan's hooks (caseplan/hooks.py), registered in
``OverlegConfig.ready``: the "Overleggen" tab, the case's ``laatst besproken`` date in its overview, the
dashboard figure of open cases not discussed for some weeks, and the referral to a casusoverleg that other
apps offer (nazorg: "Aanmelden voor casusoverleg" on a detention linked to a case)."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from caseplan.access import user_can_change_case
from caseplan.hooks import CaseFact, CaseTab, Link
from caseplan.models import Case
from caseplan.selectors.dashboard import Figure
from overleg.selectors import (
    NOT_DISCUSSED_WEEKS,
    case_last_discussed,
    cases_not_discussed_since,
    not_discussed_since,
)
from privacy.models import User

OVERLEG_TAB = CaseTab(key="overleg", label=gettext_lazy("Overleggen"), url_name="overleg:case_meetings")
# The part of the case's Overleggen tab where its team puts it on an upcoming agenda, and how much of a
# referral's reason it fills in there.
AGENDA_ANCHOR = "#h-put"
REFERRAL_REASON_LENGTH = 300


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


def meeting_referral(case: Case, user: User, reason: str = "") -> str | None:
    """The case's Overleggen tab, where its team picks an upcoming meeting and puts the case on the agenda,
    with the reason filled in; None for anyone who may not (the rule of ``overleg.services.agenda.agenda_add``:
    write access to the case)."""
    if not user_can_change_case(user, case):
        return None
    url = reverse("overleg:case_meetings", args=[case.pk])
    query = f"?{urlencode({'aanleiding': reason[:REFERRAL_REASON_LENGTH]})}" if reason else ""
    return f"{url}{query}{AGENDA_ANCHOR}"
