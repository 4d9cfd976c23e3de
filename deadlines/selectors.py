"""Which deadlines a user sees: those on cases they are on the team of, and those they or their
organisation own. Filtered in the queryset, like the case list."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from caseplan.access import cases_visible_to, user_can_change_case
from deadlines.models import ACTIVE_STATUSES, Deadline, DeadlineStatus
from privacy.models import User

FILTERS = {
    "open": Q(status__in=ACTIVE_STATUSES),
    "verlopen": Q(status__in=(DeadlineStatus.OVERDUE, DeadlineStatus.ESCALATED)),
    "opgeschaald": Q(status=DeadlineStatus.ESCALATED),
    "afgerond": Q(status=DeadlineStatus.DONE),
}


def _owned_by(user: User) -> Q:
    owned = Q(owner_user_id=user.pk)
    if user.organisation_id:
        owned |= Q(owner_organisation_id=user.organisation_id)
    return owned


def deadlines_visible_to(user: User) -> QuerySet[Deadline]:
    """Deadlines on the user's cases, those they or their organisation own, and those of the people they
    coordinate (escalations reach the coordinator, who may not be on the case team: they then see the
    deadline, not the client; see ``case_visible``)."""
    if not user.is_authenticated or not user.is_active:
        return Deadline.objects.none()
    visible_cases = cases_visible_to(user)
    return Deadline.objects.filter(
        Q(case__in=visible_cases.values("pk")) | _owned_by(user) | Q(owner_user__coordinator_id=user.pk)
    ).annotate(case_visible=Exists(visible_cases.filter(pk=OuterRef("case_id"))))


def this_week(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    today = today or timezone.localdate()
    return today, today + datetime.timedelta(days=6 - today.weekday())


def deadline_list(
    *,
    user: User,
    status: str = "open",
    mine: bool = False,
    due: str = "",
    gemeente_id: int | None = None,
    kind: str = "",
) -> QuerySet[Deadline]:
    queryset = deadlines_visible_to(user)
    if mine:
        queryset = queryset.filter(_owned_by(user))
    queryset = queryset.filter(FILTERS.get(status, FILTERS["open"]))
    if due == "deze-week":
        start, end = this_week()
        queryset = queryset.filter(due_on__range=(start, end))
    if gemeente_id:
        queryset = queryset.filter(case__gemeente_id=gemeente_id)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.select_related(
        "rule", "case__client", "case__purpose", "owner_user", "owner_organisation"
    ).order_by("due_on", "id")


def deadline_get_for_user(*, user: User, pk: int, write: bool = False) -> Deadline:
    try:
        deadline = (
            deadlines_visible_to(user)
            .select_related(
                "rule",
                "case__client",
                "case__gemeente",
                "case__purpose",
                "owner_user",
                "owner_organisation",
                "done_by",
            )
            .get(pk=pk)
        )
    except Deadline.DoesNotExist as exc:
        raise Http404("Termijn niet gevonden") from exc
    if write and not user_may_complete(user, deadline):
        raise PermissionDenied(_("U mag deze termijn alleen inzien."))
    return deadline


def user_may_complete(user: User, deadline: Deadline) -> bool:
    if deadline.owner_user_id == user.pk:
        return True
    if deadline.owner_organisation_id and deadline.owner_organisation_id == user.organisation_id:
        return True
    return bool(deadline.case_id) and deadline.case_visible and user_can_change_case(user, deadline.case)  # type: ignore[arg-type, attr-defined]
