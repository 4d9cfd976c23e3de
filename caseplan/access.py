"""The one access function per root object, and the queryset filter for lists.

Access to a case comes only from its team: a django-guardian object permission granted to the user
directly, or to the group of the user's organisation. Nobody sees a case by rank alone, superusers
included (covenant: confidentiality applies even towards colleagues and managers).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from caseplan.models import Case, CaseGroupObjectPermission, CaseUserObjectPermission
from privacy.models import OrganisationType, User

VIEW_CODENAME = "view_case"
CHANGE_CODENAME = "change_case"

# Who registers a police mutation on a gedragscontract (art. 9), always with write access to the case: the
# justice partners, who hold the police information (politie, OM, reclassering), and the organisations of
# the process manager who directs the contract and hears of mutations in the casusoverleg (gemeente,
# Zorg- en Veiligheidshuis). Care, housing and other partners may read the count but not feed it: a police
# mutation is criminal data (AVG art. 10), recorded only by those whose task it is.
POLICE_RECORD_ORGANISATION_TYPES = frozenset(
    {
        OrganisationType.POLITIE,
        OrganisationType.OM,
        OrganisationType.RECLASSERING,
        OrganisationType.GEMEENTE,
        OrganisationType.VEILIGHEIDSHUIS,
    }
)


def _has_case_permission(user: User, codename: str) -> Q:
    direct = CaseUserObjectPermission.objects.filter(
        content_object=OuterRef("pk"), user_id=user.pk, permission__codename=codename
    )
    via_organisation = CaseGroupObjectPermission.objects.filter(
        content_object=OuterRef("pk"), group__user=user.pk, permission__codename=codename
    )
    return Exists(direct) | Exists(via_organisation)


def _visible_case_ids(user: User) -> QuerySet[CaseUserObjectPermission, Mapping[str, object]]:
    # A UNION of two index scans: an OR of two EXISTS would make PostgreSQL scan every case.
    direct = CaseUserObjectPermission.objects.filter(user_id=user.pk, permission__codename=VIEW_CODENAME)
    via_organisation = CaseGroupObjectPermission.objects.filter(
        group__user=user.pk, permission__codename=VIEW_CODENAME
    )
    return direct.values("content_object_id").union(via_organisation.values("content_object_id"))


def cases_visible_to(user: User, queryset: QuerySet[Case] | None = None) -> QuerySet[Case]:
    queryset = Case.objects.all() if queryset is None else queryset
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    return queryset.filter(pk__in=_visible_case_ids(user))


def cases_visible_to_users(user_ids: Iterable[int], cases: QuerySet[Case]) -> dict[int, set[int]]:
    """``cases_visible_to`` for many users at once, within ``cases``: user id → the ids of the cases among
    ``cases`` they see (two queries, whatever the number of users). For jobs; the caller passes active users."""
    user_ids = set(user_ids)
    direct = CaseUserObjectPermission.objects.filter(
        user_id__in=user_ids, permission__codename=VIEW_CODENAME, content_object__in=cases
    ).values_list("user_id", "content_object_id")
    via_organisation = CaseGroupObjectPermission.objects.filter(
        group__user__in=user_ids, permission__codename=VIEW_CODENAME, content_object__in=cases
    ).values_list("group__user", "content_object_id")
    visible: dict[int, set[int]] = {}
    for rows in (direct, via_organisation):
        for user_id, case_id in rows:
            if user_id in user_ids:
                visible.setdefault(user_id, set()).add(case_id)
    return visible


def cases_writable_by(user: User, queryset: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """The cases the user may change: on the team with write access, directly or through their organisation."""
    queryset = Case.objects.all() if queryset is None else queryset
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    return queryset.filter(_has_case_permission(user, CHANGE_CODENAME))


def user_can_change_case(user: User, case: Case) -> bool:
    return cases_writable_by(user, Case.objects.filter(pk=case.pk)).exists()


def case_get_for_user(
    *, user: User, pk: int | str, write: bool = False, queryset: QuerySet[Case] | None = None
) -> Case:
    """The case, if the user is on its team: 404 for anyone else (no existence leak), 403 for read-only."""
    try:
        case = cases_visible_to(user, queryset).get(pk=int(pk))
    except (Case.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Casus niet gevonden") from exc
    if write and not user_can_change_case(user, case):
        raise PermissionDenied(_("U mag deze casus alleen inzien."))
    return case


def may_record_police_records(user: User) -> bool:
    """The kind of organisation that may register police mutations (write access to the case is asked
    separately, by ``case_get_for_user(write=True)`` and the service)."""
    organisation = user.organisation if user.organisation_id else None
    return organisation is not None and organisation.type in POLICE_RECORD_ORGANISATION_TYPES
