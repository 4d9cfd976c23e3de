"""Query counts of the key pages are pinned and do not grow with the caseload."""

from __future__ import annotations

import pytest
from pytest_django import DjangoAssertNumQueries

from caseplan.models import CaseAccess, CaseRole
from caseplan.services.team import case_member_add
from tests.factories import CaseFactory, UserFactory

# session, user, otp device, count, page of cases, their team members, the user's organisation (for the
# access log), access-log insert, unread notifications (header), session save (savepoint, update, release)
MY_CASES_QUERIES = 12
API_LIST_QUERIES = 10  # no header, no team members
# session, user, otp device, case with client/gemeente/purpose, team, organisation, access-log insert,
# write-permission check, recent history, the drang/dwang flag, laatst besproken (overleg, through the
# case-facts hook), unread notifications, session save (3)
CASE_PAGE_QUERIES = 15


def _grow_caseload(world, extra: int) -> None:
    other = UserFactory()
    for _ in range(extra):
        case = CaseFactory(gemeente=world.gemeente)
        case_member_add(case=case, by=other, user=world.owner, role=CaseRole.PROCESMANAGER_GEMEENTE)
        case_member_add(case=case, by=other, user=other, role=CaseRole.PARTNER, access=CaseAccess.READ)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/casussen/", MY_CASES_QUERIES),
        ("/casussen/?q=a", MY_CASES_QUERIES),
        ("/api/v1/cases/", API_LIST_QUERIES),
    ],
)
def test_list_query_count_is_flat(world, url, expected, django_assert_num_queries: DjangoAssertNumQueries):
    http = world.client_for("owner")
    with django_assert_num_queries(expected):
        assert http.get(url).status_code == 200
    _grow_caseload(world, 40)
    with django_assert_num_queries(expected):
        assert http.get(url).status_code == 200


def test_case_page_query_count_is_flat(world, django_assert_num_queries: DjangoAssertNumQueries):
    http = world.client_for("owner")
    url = f"/casussen/{world.case.pk}/"
    with django_assert_num_queries(CASE_PAGE_QUERIES):
        assert http.get(url).status_code == 200
    for index in range(10):
        case_member_add(
            case=world.case, by=world.owner, user=UserFactory(email=f"extra{index}@x.test"), role="partner"
        )
    _grow_caseload(world, 10)
    with django_assert_num_queries(CASE_PAGE_QUERIES):
        assert http.get(url).status_code == 200
