"""The benchmark identities and what the scenarios need to know about them, plus logged-in, 2FA-verified clients.

Two identities: the heavy process manager (``BENCH_EMAIL``: ~200 cases directly, more through its
organisation, ~150 active deadlines, ~100 notifications, coordinator of a few hundred users) and a coordinator
(``BENCH_COORDINATOR_EMAIL``: reads ~2,000 cases through its organisation's group).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db.models import Count
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from caseplan.access import cases_visible_to
from caseplan.models import CaseMember
from deadlines.models import ACTIVE_STATUSES, Deadline, DeadlineStatus
from deadlines.selectors import this_week
from notifications.models import Notification
from ops.bench.state import BENCH_COORDINATOR_EMAIL, BENCH_EMAIL
from privacy.models import User

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
PAGE_SIZE = 25
ROTATE_CASES = 10
# Page sizes of the other measured pages (their views), for the raw SQL.
LIMITS = {
    "deadline_page": 50,  # deadlines.views.deadlines_index
    "api_page": 25,  # REST_FRAMEWORK PAGE_SIZE
    "inbox_page": 30,  # notifications.views.inbox
    "work_deadlines": 15,  # deadlines.views.my_work
    "work_cases": 10,
    "work_notifications": 10,
}
DASHBOARD_MONTHS = 12

# Who a scenario runs as.
PM, COORDINATOR = "procesmanager", "coördinator"
IDENTITY_EMAILS = {PM: BENCH_EMAIL, COORDINATOR: BENCH_COORDINATOR_EMAIL}
# Identities that need more than a caseload (e.g. ops.bench.nazorg_scenarios) register how their context is built.
CONTEXT_BUILDERS: dict[str, Callable[[], BenchContext]] = {}


@dataclass(frozen=True)
class BenchContext:
    user: User
    case_ids: tuple[int, ...]  # active direct memberships of the benchmark user, newest first
    search_term: str  # a surname that occurs among the user's cases
    view_permission_id: int
    change_permission_id: int
    visible_cases: int
    direct_cases: int
    group_cases: int
    coordinated_users: int = 0
    active_deadlines: int = 0  # owned by the user
    overdue_deadlines: int = 0
    notifications: int = 0
    unread_notifications: int = 0

    def case_id(self, iteration: int) -> int:
        """Detail scenarios rotate over a handful of the user's cases."""
        return self.case_ids[iteration % len(self.case_ids)]

    def params(self, iteration: int) -> dict[str, Any]:
        """Named parameters for the raw SQL of a scenario."""
        today = timezone.localdate()
        week_start, week_end = this_week(today)
        first_month = today.replace(day=1)
        for _ in range(DASHBOARD_MONTHS - 1):
            first_month = (first_month - dt.timedelta(days=1)).replace(day=1)
        return {
            "user_id": self.user.pk,
            "org_id": self.user.organisation_id,
            "case_id": self.case_id(iteration),
            "view_perm": self.view_permission_id,
            "change_perm": self.change_permission_id,
            "q": f"%{self.search_term}%",
            "page_size": PAGE_SIZE,
            "week_start": week_start,
            "week_end": week_end,
            "first_month": first_month,
            "since": timezone.make_aware(dt.datetime.combine(first_month, dt.time.min)),
            "tz": settings.TIME_ZONE,
            **LIMITS,
        }


def _permission_id(codename: str) -> int:
    return Permission.objects.get(content_type__app_label="caseplan", codename=codename).pk


def build_context(email: str = BENCH_EMAIL) -> BenchContext:
    user = User.objects.select_related("organisation").get(email=email)
    memberships = CaseMember.objects.filter(user=user, removed_at__isnull=True)
    group_memberships = CaseMember.objects.filter(organisation__group__user=user, removed_at__isnull=True)
    case_ids = tuple(memberships.order_by("-case_id").values_list("case_id", flat=True)[:ROTATE_CASES])
    if not case_ids:  # a coordinator reads its caseload through its organisation
        case_ids = tuple(
            group_memberships.order_by("-case_id").values_list("case_id", flat=True)[:ROTATE_CASES]
        )
    if not case_ids:
        raise LookupError(f"{email} is on no case team: the benchmark data is incomplete.")
    visible = cases_visible_to(user)
    common = (
        visible.values("client__achternaam")
        .annotate(n=Count("id"))
        .order_by("-n", "client__achternaam")
        .first()
    )
    owned = Deadline.objects.filter(owner_user=user, status__in=ACTIVE_STATUSES)
    notifications = Notification.objects.filter(recipient=user)
    return BenchContext(
        user=user,
        case_ids=case_ids,
        search_term=common["client__achternaam"] if common else "Jansen",
        view_permission_id=_permission_id("view_case"),
        change_permission_id=_permission_id("change_case"),
        visible_cases=visible.count(),
        direct_cases=memberships.count(),
        group_cases=group_memberships.values("case_id").distinct().count(),
        coordinated_users=User.objects.filter(coordinator=user).count(),
        active_deadlines=owned.count(),
        overdue_deadlines=owned.exclude(status=DeadlineStatus.OPEN).count(),
        notifications=notifications.count(),
        unread_notifications=notifications.filter(read_at__isnull=True).count(),
    )


@dataclass(frozen=True)
class Identity:
    ctx: BenchContext
    client: Client


def build_identities(names: set[str]) -> dict[str, Identity]:
    """A context and a verified client for each identity the chosen scenarios run as."""
    identities = {}
    for name in sorted(names):
        builder = CONTEXT_BUILDERS.get(name)
        ctx = builder() if builder is not None else build_context(IDENTITY_EMAILS[name])
        identities[name] = Identity(ctx, verified_client(ctx.user))
    return identities


def verified_client(user: User) -> Client:
    """A test client logged in as ``user`` whose session passed the second factor (django-otp)."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="benchmark", defaults={"confirmed": True})
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
