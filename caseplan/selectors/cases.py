"""Reads of the caseplan app, each with the joins its page needs so query counts stay flat."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from caseplan.access import cases_visible_to, cases_writable_by
from caseplan.models import Case, CaseMember, CaseRole, CaseStatus, Client
from caseplan.selectors.contracts import cases_with_refused_contract
from caseplan.selectors.plans import cases_with_flagged_domains, cases_with_published_plan
from common.validators import bsn_is_valid
from privacy.models import User

_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
PROCESS_MANAGER_ROLES = (CaseRole.PROCESMANAGER_GEMEENTE, CaseRole.PROCESMANAGER_VH)


def parse_search_date(term: str) -> datetime.date | None:
    for pattern, order in ((_DATE, (2, 1, 0)), (_ISO_DATE, (0, 1, 2))):
        match = pattern.match(term)
        if match:
            parts = [int(part) for part in match.groups()]
            try:
                return datetime.date(parts[order[0]], parts[order[1]], parts[order[2]])
            except ValueError:
                return None
    return None


def case_search_filter(term: str) -> Q:
    """Name or alias (contains), date of birth (dd-mm-jjjj), or an exact BSN; case number too."""
    term = term.strip()
    if not term:
        return Q()
    digits = term.replace(" ", "")
    if digits.isdigit() and len(digits) == 9:
        return Q(client__bsn=digits) if bsn_is_valid(digits) else Q(pk__in=[])
    birth_date = parse_search_date(term)
    if birth_date is not None:
        return Q(client__geboortedatum=birth_date)
    if term.upper().startswith("PGA-"):
        return Q(reference__iexact=term)
    query = Q()
    for word in term.split():
        query &= (
            Q(client__achternaam__icontains=word)
            | Q(client__voornamen__icontains=word)
            | Q(client__roepnaam__icontains=word)
            | Q(client__alias__icontains=word)
        )
    return query


def client_reusable_by(*, user: User, bsn: str) -> Client | None:
    """The client with this BSN that the user may already change through a case team they are on, if any.

    A BSN reaches no further: a client known only to other teams stays invisible, and the caller treats the
    BSN exactly like an unknown one (the same query either way, the same answer)."""
    if not bsn:
        return None
    writable = cases_writable_by(user, Case.objects.filter(client_id=OuterRef("pk")))
    return Client.objects.filter(bsn=bsn).filter(Exists(writable)).order_by("pk").first()


def _active_members() -> Prefetch:
    return Prefetch(
        "members",
        queryset=CaseMember.objects.filter(removed_at__isnull=True).select_related("user", "organisation"),
        to_attr="active_members",
    )


def _month(value: str) -> datetime.date | None:
    try:
        return datetime.datetime.strptime(value, "%Y-%m").date()
    except (TypeError, ValueError):
        return None


def _next_month(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1)


def case_list_for_user(
    *,
    user: User,
    search: str = "",
    status: str = "",
    priority: str = "",
    gemeente_id: int | None = None,
    team: bool = False,
    open_only: bool = False,
    inflow: str = "",
    outflow: str = "",
    without_plan: bool = False,
    escalate: bool = False,
    coercion: bool = False,
    with_team: bool = True,
) -> QuerySet[Case]:
    """The cases on the user's teams, narrowed by the search box and by the dashboard's click-throughs."""
    queryset = cases_visible_to(user).select_related("client", "gemeente", "purpose")
    if search:
        queryset = queryset.filter(case_search_filter(search))
    if status:
        queryset = queryset.filter(status=status)
    if priority in ("0", "1"):
        queryset = queryset.filter(high_priority=priority == "1")
    if gemeente_id:
        queryset = queryset.filter(gemeente_id=gemeente_id)
    if team:
        coordinated = CaseMember.objects.filter(removed_at__isnull=True, user__coordinator_id=user.pk)
        queryset = queryset.filter(pk__in=coordinated.values("case_id"))
    if open_only:
        queryset = queryset.exclude(status=CaseStatus.AFGESLOTEN)
    if month := _month(inflow):
        queryset = queryset.filter(created_at__date__gte=month, created_at__date__lt=_next_month(month))
    if month := _month(outflow):
        queryset = queryset.filter(closed_on__gte=month, closed_on__lt=_next_month(month))
    if without_plan:
        queryset = queryset.exclude(status=CaseStatus.AFGESLOTEN).exclude(pk__in=cases_with_published_plan())
    if escalate:
        queryset = queryset.filter(pk__in=cases_with_flagged_domains())
    if coercion:
        queryset = queryset.filter(pk__in=cases_with_refused_contract())
    if with_team:
        queryset = queryset.prefetch_related(_active_members())
    return queryset.order_by("-created_at", "-id")


def case_detail_queryset() -> QuerySet[Case]:
    return Case.objects.select_related(
        "client", "gemeente", "purpose", "created_by", "co24"
    ).prefetch_related(_active_members())


def case_team(case: Case) -> list[CaseMember]:
    return list(
        CaseMember.objects.filter(case=case)
        .select_related("user__organisation", "organisation", "added_by", "removed_by")
        .order_by("removed_at", "role", "id")
    )


def current_team(case: Case, *, today: datetime.date | None = None) -> list[CaseMember]:
    """The case team as it stands today (who a printed plan or contract goes to), in the order of the roles:
    members not removed, whose period has begun and not ended, people with an active account."""
    today = today or datetime.date.today()
    order = {role: index for index, role in enumerate(CaseRole.values)}
    members = (
        CaseMember.objects.filter(case=case, removed_at__isnull=True, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .exclude(user__is_active=False)
        .select_related("user__organisation", "organisation")
    )
    return sorted(members, key=lambda member: (order.get(member.role, len(order)), member.pk))


def case_recent_changes(case: Case, limit: int = 8) -> list[object]:
    return list(case.history.select_related("history_user").order_by("-history_date")[:limit])


def process_managers(case: Case) -> list[CaseMember]:
    return [member for member in getattr(case, "active_members", []) if member.role in PROCESS_MANAGER_ROLES]


def case_process_managers(case_id: int) -> list[User]:
    """The users who are process manager on the case (directly, not via a whole organisation)."""
    return list(
        User.objects.filter(
            casemember__case_id=case_id,
            casemember__removed_at__isnull=True,
            casemember__role__in=PROCESS_MANAGER_ROLES,
            is_active=True,
        ).distinct()
    )


def cases_process_managers(case_ids: Iterable[int]) -> dict[int, list[User]]:
    """``case_process_managers`` for many cases in one query: case id → its process managers (cases
    without one are left out)."""
    found: dict[int, dict[int, User]] = {}
    members = CaseMember.objects.filter(
        case_id__in=set(case_ids),
        removed_at__isnull=True,
        role__in=PROCESS_MANAGER_ROLES,
        user__is_active=True,
    ).select_related("user")
    for member in members.only("case_id", "user"):
        if member.user is not None:
            found.setdefault(member.case_id, {})[member.user.pk] = member.user
    return {case_id: list(users.values()) for case_id, users in found.items()}
