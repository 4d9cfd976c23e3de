"""Joining and leaving the case team grants and revokes the guardian object permissions."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from caseplan.access import case_get_for_user, cases_visible_to
from caseplan.models import CaseAccess, CaseMember, CaseRole
from caseplan.services.team import case_member_add, case_member_remove, case_members_expire
from caseplan.tasks import expire_case_memberships
from tests.factories import OrganisationFactory, UserFactory


def test_owner_may_write_reader_may_only_read_outsider_sees_nothing(world):
    assert case_get_for_user(user=world.owner, pk=world.case.pk, write=True) == world.case
    assert case_get_for_user(user=world.reader, pk=world.case.pk) == world.case
    with pytest.raises(PermissionDenied):
        case_get_for_user(user=world.reader, pk=world.case.pk, write=True)
    with pytest.raises(Http404):
        case_get_for_user(user=world.outsider, pk=world.case.pk)
    with pytest.raises(Http404):
        case_get_for_user(user=world.owner, pk=999_999)
    with pytest.raises(Http404):
        case_get_for_user(user=world.owner, pk="abc")


def test_superuser_rank_alone_gives_no_access(world):
    world.outsider.is_superuser = True
    world.outsider.save()
    assert not cases_visible_to(world.outsider).exists()


def test_whole_organisation_membership_covers_its_users(world):
    organisation = OrganisationFactory(name="Reclassering Test")
    colleague = UserFactory(organisation=organisation)
    member = case_member_add(
        case=world.case,
        by=world.owner,
        organisation=organisation,
        role=CaseRole.PARTNER,
        access=CaseAccess.READ,
    )
    assert case_get_for_user(user=colleague, pk=world.case.pk) == world.case
    with pytest.raises(PermissionDenied):
        case_get_for_user(user=colleague, pk=world.case.pk, write=True)
    case_member_remove(member=member, by=world.owner)
    with pytest.raises(Http404):
        case_get_for_user(user=colleague, pk=world.case.pk)


def test_removing_a_member_revokes_access_and_keeps_history(world):
    member = CaseMember.objects.get(case=world.case, user=world.reader)
    case_member_remove(member=member, by=world.owner)
    with pytest.raises(Http404):
        case_get_for_user(user=world.reader, pk=world.case.pk)
    member.refresh_from_db()
    assert member.removed_by == world.owner
    assert member.history.count() == 2


def test_the_last_writer_cannot_be_removed(world):
    member = CaseMember.objects.get(case=world.case, user=world.owner)
    with pytest.raises(ValidationError, match="laatste teamlid"):
        case_member_remove(member=member, by=world.owner)


def test_a_user_joins_only_once(world):
    with pytest.raises(ValidationError):
        case_member_add(case=world.case, by=world.owner, user=world.reader, role=CaseRole.PARTNER)


def test_expired_memberships_end_and_the_job_is_safe_to_run_twice(world):
    guest = UserFactory()
    case_member_add(
        case=world.case,
        by=world.owner,
        user=guest,
        role=CaseRole.MEELEZER,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 2, 1),
    )
    assert case_get_for_user(user=guest, pk=world.case.pk)
    assert case_members_expire(today=datetime.date(2026, 2, 1)) == 0
    assert expire_case_memberships.delay().get() == 1
    assert expire_case_memberships.delay().get() == 0
    with pytest.raises(Http404):
        case_get_for_user(user=guest, pk=world.case.pk)
