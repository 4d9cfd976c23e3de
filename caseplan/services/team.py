"""The case team: joining and leaving grants and revokes the guardian object permissions on the case.
Whoever joins is told, by the case number only (a notification may leave the system by e-mail)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from caseplan.models import Case, CaseAccess, CaseMember, CaseRole
from common.history import note_change
from notifications.models import NotificationKind
from notifications.services import Message, notify
from privacy.models import Function, Organisation, OrganisationType, User

VIEW = "caseplan.view_case"
CHANGE = "caseplan.change_case"

# The case role that goes with a function; a function with no role of its own works the case as casemanager.
FUNCTION_ROLES: dict[str, str] = {
    Function.CASUSCOORDINATOR: CaseRole.CASUSCOORDINATOR,
    Function.CONTACTPERSOON_NAZORG: CaseRole.CONTACTPERSOON_NAZORG,
    Function.PARTNER: CaseRole.PARTNER,
}


def case_role_of(user: User) -> str:
    """The role a user has in a case they open themselves (an import, say), from their function: a process
    manager of a Veiligheidshuis is its procesmanager, one of a gemeente the gemeente's."""
    if user.function == Function.PROCESMANAGER:
        organisation = user.organisation
        if organisation is not None and organisation.type == OrganisationType.VEILIGHEIDSHUIS:
            return CaseRole.PROCESMANAGER_VH
        return CaseRole.PROCESMANAGER_GEMEENTE
    return FUNCTION_ROLES.get(user.function, CaseRole.CASEMANAGER)


def _principal(member: CaseMember) -> object:
    if member.user is not None:
        return member.user
    assert member.organisation is not None  # the member_is_user_or_organisation constraint
    return member.organisation.group


def _grant(member: CaseMember) -> None:
    principal = _principal(member)
    assign_perm(VIEW, principal, member.case)
    if member.access == CaseAccess.WRITE:
        assign_perm(CHANGE, principal, member.case)
    else:
        remove_perm(CHANGE, principal, member.case)


def _revoke(member: CaseMember) -> None:
    principal = _principal(member)
    remove_perm(VIEW, principal, member.case)
    remove_perm(CHANGE, principal, member.case)


@transaction.atomic
def case_member_add(
    *,
    case: Case,
    by: User,
    role: str,
    user: User | None = None,
    organisation: Organisation | None = None,
    access: str = CaseAccess.WRITE,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> CaseMember:
    if (user is None) == (organisation is None):
        raise ValidationError(_("Kies een gebruiker óf een hele organisatie."))
    if user is not None and not user.is_active:
        raise ValidationError({"user": _("Deze gebruiker is niet actief.")})
    member = CaseMember(
        case=case,
        user=user,
        organisation=organisation,
        role=role,
        access=access,
        starts_on=starts_on or timezone.localdate(),
        ends_on=ends_on,
        added_by=by,
    )
    if ends_on is not None and ends_on < member.starts_on:
        raise ValidationError({"ends_on": _("De einddatum ligt vóór de begindatum.")})
    member.full_clean()
    note_change(member, by=by, reason="teamlid toegevoegd")
    member.save()
    _grant(member)
    _notify_added(member, by)
    return member


def _told_for_organisation(organisation: Organisation) -> list[User]:
    """Who hears that a whole organisation joined: its coordinators, who divide the work; an organisation
    without one hears it through all its active users, so the news is never lost."""
    users = User.objects.filter(organisation=organisation, is_active=True)
    return list(users.filter(function=Function.COORDINATOR)) or list(users)


def _notify_added(member: CaseMember, by: User) -> None:
    """Tell the new member (a person, or for an organisation see ``_told_for_organisation``); not the one
    who added them. The case is named by its number only: never the client."""
    reference = member.case.reference
    if member.user is not None:
        recipients = [member.user]
        title = _("U bent toegevoegd aan het casusteam van casus %(ref)s") % {"ref": reference}
    else:
        assert member.organisation is not None  # the member_is_user_or_organisation constraint
        recipients = _told_for_organisation(member.organisation)
        title = _("%(organisation)s is toegevoegd aan het casusteam van casus %(ref)s") % {
            "organisation": member.organisation.name,
            "ref": reference,
        }
    recipients = [user for user in recipients if user.pk != by.pk]
    if not recipients:
        return
    notify(
        recipients=recipients,
        message=Message(
            kind=NotificationKind.CASE_TEAM,
            title=title,
            body=_("Rol in de casus: %(role)s. Rechten: %(access)s.")
            % {"role": member.get_role_display(), "access": member.get_access_display()},
            url=reverse("caseplan:case_detail", kwargs={"pk": member.case_id}),
            case_id=member.case_id,
        ),
        dedupe_key=f"casusteam:{member.pk}:toegevoegd",
    )


@transaction.atomic
def case_member_change_access(*, member: CaseMember, by: User, access: str) -> CaseMember:
    member.access = access
    note_change(member, by=by, reason="rechten gewijzigd")
    member.save(update_fields=["access"])
    _grant(member)
    return member


@transaction.atomic
def case_member_remove(*, member: CaseMember, by: User | None, reason: str = "teamlid verwijderd") -> None:
    if member.removed_at is not None:
        return
    remaining_writers = (
        CaseMember.objects.filter(case=member.case, removed_at__isnull=True, access=CaseAccess.WRITE)
        .exclude(pk=member.pk)
        .exists()
    )
    if by is not None and member.access == CaseAccess.WRITE and not remaining_writers:
        raise ValidationError(
            _("Dit is het laatste teamlid dat de casus mag bewerken. Voeg eerst iemand anders toe.")
        )
    member.removed_at = timezone.now()
    member.removed_by = by
    note_change(member, by=by, reason=reason)
    member.save(update_fields=["removed_at", "removed_by"])
    _revoke(member)


def case_members_expire(*, today: datetime.date | None = None) -> int:
    """End the memberships whose period is over (safe to run twice: removed members are skipped)."""
    today = today or timezone.localdate()
    expired = CaseMember.objects.filter(removed_at__isnull=True, ends_on__lt=today).select_related(
        "case", "user", "organisation__group"
    )
    count = 0
    for member in expired:
        case_member_remove(member=member, by=None, reason="einddatum lidmaatschap verstreken")
        count += 1
    return count
