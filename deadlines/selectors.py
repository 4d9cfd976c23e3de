"""Which deadlines a user sees: those on cases they are on the team of, and those they or their
organisation own. Filtered in the queryset, like the case list."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, TypeAlias, TypedDict

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from caseplan.access import cases_visible_to, user_can_change_case
from caseplan.models import Case
from deadlines.models import ACTIVE_STATUSES, Deadline, DeadlineStatus
from privacy.models import User

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _CaseVisibility(TypedDict):
    case_visible: bool  # whether the user may see the deadline's case (and so its client)


VisibleDeadline: TypeAlias = "WithAnnotations[Deadline, _CaseVisibility]"

FILTERS = {
    "open": Q(status__in=ACTIVE_STATUSES),
    "verlopen": Q(status__in=(DeadlineStatus.OVERDUE, DeadlineStatus.ESCALATED)),
    "opgeschaald": Q(status=DeadlineStatus.ESCALATED),
    "afgerond": Q(status=DeadlineStatus.DONE),
}


def deadlines_visible_to(
    user: User, *, where: Q | None = None, mine: bool = False
) -> QuerySet[VisibleDeadline]:
    """Deadlines on the user's cases, those they or their organisation own, and those of the people they
    coordinate (escalations reach the coordinator, who may not be on the case team: they then see the
    deadline, not the client; see ``case_visible``). With ``mine``, only those they or their organisation own.

    A UNION of index scans, each narrowed by ``where`` (the status filter): an OR across the case
    permissions, the owner and the owner's coordinator makes PostgreSQL filter every deadline."""
    if not user.is_authenticated or not user.is_active:
        return Deadline.objects.none().annotate(case_visible=Value(False))
    where = where or Q()
    visible_cases = cases_visible_to(user)
    arms = [Deadline.objects.filter(where, owner_user_id=user.pk)]
    if user.organisation_id:
        arms.append(Deadline.objects.filter(where, owner_organisation_id=user.organisation_id))
    if not mine:
        arms.append(Deadline.objects.filter(where, case__in=visible_cases.values("pk")))
        arms.append(Deadline.objects.filter(where, owner_user__coordinator_id=user.pk))
    ids = arms[0].order_by().values("pk").union(*(arm.order_by().values("pk") for arm in arms[1:]))
    return Deadline.objects.filter(pk__in=ids).annotate(
        case_visible=Exists(visible_cases.filter(pk=OuterRef("case_id")))
    )


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
    cases: QuerySet[Case] | None = None,
) -> QuerySet[VisibleDeadline]:
    """With ``cases`` only the deadlines of those cases (the dashboard's click-through)."""
    status_filter = FILTERS.get(status, FILTERS["open"])
    queryset = deadlines_visible_to(user, where=status_filter, mine=mine).filter(status_filter)
    if due == "deze-week":
        start, end = this_week()
        queryset = queryset.filter(due_on__range=(start, end))
    if gemeente_id:
        queryset = queryset.filter(case__gemeente_id=gemeente_id)
    if kind:
        queryset = queryset.filter(kind=kind)
    if cases is not None:
        queryset = queryset.filter(case__in=cases.values("pk"))
    # prefetch, not select_related: PostgreSQL then sorts the matching deadlines and joins only the page
    return queryset.prefetch_related(
        "rule", "case__client", "case__purpose", "owner_user", "owner_organisation"
    ).order_by("due_on", "id")


def deadline_get_for_user(*, user: User, pk: int, write: bool = False) -> VisibleDeadline:
    try:
        deadline = (
            deadlines_visible_to(user, where=Q(pk=pk))
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


def user_may_complete(user: User, deadline: VisibleDeadline) -> bool:
    if deadline.owner_user_id == user.pk:
        return True
    if deadline.owner_organisation_id and deadline.owner_organisation_id == user.organisation_id:
        return True
    return deadline.case is not None and deadline.case_visible and user_can_change_case(user, deadline.case)
