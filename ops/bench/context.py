"""The benchmark user and what the scenarios need to know about it, plus a logged-in, 2FA-verified client."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Permission
from django.db.models import Count
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from caseplan.access import cases_visible_to
from caseplan.models import CaseMember
from ops.bench.state import BENCH_EMAIL
from privacy.models import User

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
PAGE_SIZE = 25
ROTATE_CASES = 10


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

    def case_id(self, iteration: int) -> int:
        """Detail scenarios rotate over a handful of the user's cases."""
        return self.case_ids[iteration % len(self.case_ids)]

    def params(self, iteration: int) -> dict[str, Any]:
        """Named parameters for the raw SQL of a scenario."""
        return {
            "user_id": self.user.pk,
            "case_id": self.case_id(iteration),
            "view_perm": self.view_permission_id,
            "change_perm": self.change_permission_id,
            "q": f"%{self.search_term}%",
            "page_size": PAGE_SIZE,
        }


def _permission_id(codename: str) -> int:
    return Permission.objects.get(content_type__app_label="caseplan", codename=codename).pk


def build_context() -> BenchContext:
    user = User.objects.select_related("organisation").get(email=BENCH_EMAIL)
    memberships = CaseMember.objects.filter(user=user, removed_at__isnull=True)
    case_ids = tuple(memberships.order_by("-case_id").values_list("case_id", flat=True)[:ROTATE_CASES])
    if not case_ids:
        raise LookupError(f"{BENCH_EMAIL} is on no case team: the benchmark data is incomplete.")
    visible = cases_visible_to(user)
    common = (
        visible.values("client__achternaam")
        .annotate(n=Count("id"))
        .order_by("-n", "client__achternaam")
        .first()
    )
    group_cases = (
        CaseMember.objects.filter(organisation__group__user=user, removed_at__isnull=True)
        .values("case_id")
        .distinct()
    )
    return BenchContext(
        user=user,
        case_ids=case_ids,
        search_term=common["client__achternaam"] if common else "Jansen",
        view_permission_id=_permission_id("view_case"),
        change_permission_id=_permission_id("change_case"),
        visible_cases=visible.count(),
        direct_cases=memberships.count(),
        group_cases=group_cases.count(),
    )


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
