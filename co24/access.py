"""Who reaches a client's CO24 journal. The root stays the Case (ARCHITECTURE.md): the case team reaches it
through its case permission; the CO24 back office that serves the case's municipality reaches the intake and
the journal of enrolled cases, and nothing else of the case. Medical notes are shown only to the
casusregisseur and the GGZ on the team."""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from caseplan.access import cases_visible_to, user_can_change_case
from caseplan.models import Case, CaseMember, CaseRole
from co24.models import BackOfficeService, Enrolment
from privacy.models import Function, OrganisationType, User


class Role(StrEnum):
    TEAM = "team"
    TEAM_WRITE = "team_schrijven"
    BACKOFFICE = "backoffice"


def is_backoffice_user(user: User) -> bool:
    return (
        user.is_authenticated
        and user.function == Function.BACKOFFICE
        and user.organisation_id is not None
        and user.organisation.type == OrganisationType.CO24_BACKOFFICE  # type: ignore[union-attr]
    )


def backoffice_cases(user: User, queryset: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """Enrolled, running cases of the municipalities this back office serves."""
    queryset = Case.objects.all() if queryset is None else queryset
    if not is_backoffice_user(user):
        return queryset.none()
    served = BackOfficeService.objects.filter(
        backoffice_id=user.organisation_id, gemeente_id=OuterRef("gemeente_id")
    )
    enrolled = Enrolment.objects.filter(
        case_id=OuterRef("pk"), backoffice_id=user.organisation_id, ended_on__isnull=True
    )
    return queryset.filter(Exists(enrolled), Exists(served))


def co24_case_get_for_user(*, user: User, pk: int | str, write: bool = False) -> tuple[Case, Role]:
    """The case and how the user reaches it: 404 for anyone else, 403 for a read-only team member writing."""
    try:
        case_id = int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404("Casus niet gevonden") from exc
    queryset = Case.objects.select_related("client", "gemeente", "purpose", "co24")
    if is_backoffice_user(user):
        case = backoffice_cases(user, queryset).filter(pk=case_id).first()
        if case is not None:
            return case, Role.BACKOFFICE
    case = cases_visible_to(user, queryset).filter(pk=case_id).first()
    if case is None:
        raise Http404("Casus niet gevonden")
    if user_can_change_case(user, case):
        return case, Role.TEAM_WRITE
    if write:
        raise PermissionDenied(_("U mag deze casus alleen inzien."))
    return case, Role.TEAM


def may_see_medical(user: User, case: Case) -> bool:
    """The casusregisseur (GGZ casusregie) sees everything; so does the GGZ on the team. Others do not."""
    members = CaseMember.objects.filter(case=case, removed_at__isnull=True)
    direct = Q(user_id=user.pk)
    ggz = user.organisation_id is not None and user.organisation.type == OrganisationType.GGZ  # type: ignore[union-attr]
    if members.filter(direct, role=CaseRole.CASUSCOORDINATOR).exists():
        return True
    return ggz and members.filter(direct | Q(organisation_id=user.organisation_id)).exists()
