"""Reads of the case team for the places that pick from it: the responsible partner of an intervention,
the casemanager of a gedragscontract, and the search for someone to add to the team."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from caseplan.models import CaseMember
from privacy.models import Organisation, User

SEARCH_MIN_LENGTH = 2
SEARCH_MAX_LENGTH = 100
SEARCH_LIMIT = 20


def _active_members(case_id: int) -> QuerySet[CaseMember]:
    return CaseMember.objects.filter(case_id=case_id, removed_at__isnull=True)


def team_organisations(case_id: int) -> QuerySet[Organisation]:
    """The active organisations on the case team: those on it as a whole, and those of its active people."""
    members = _active_members(case_id)
    whole = members.filter(organisation__isnull=False).values("organisation_id")
    of_people = members.filter(user__isnull=False, user__is_active=True).values("user__organisation_id")
    return Organisation.objects.filter(Q(pk__in=whole) | Q(pk__in=of_people), is_active=True).order_by("name")


def team_people(case_id: int) -> QuerySet[User]:
    """The active people on the case team by name (not every user of a whole organisation on it), each
    working for an organisation: the one a casemanager acts for."""
    members = _active_members(case_id).filter(user__isnull=False).values("user_id")
    return (
        User.objects.filter(pk__in=members, is_active=True, organisation__isnull=False)
        .select_related("organisation")
        .order_by("last_name", "first_name", "pk")
    )


@dataclass(frozen=True)
class Candidate:
    """One search result: a person who may join the team, or who already is on it."""

    user: User
    on_team: bool


@dataclass(frozen=True)
class CandidateSearch:
    term: str
    candidates: list[Candidate]
    too_short: bool = False
    more: bool = False  # more matches than shown: the user should type more


def _name_filter(term: str) -> Q:
    query = Q()
    for word in term.split():
        query &= (
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(organisation__name__icontains=word)
        )
    return query


def addable_users() -> QuerySet[User]:
    """Who may be added to a team at all: active users of an active (partner) organisation."""
    return User.objects.filter(is_active=True, organisation__isnull=False, organisation__is_active=True)


def team_candidates(*, case_id: int, term: str, limit: int = SEARCH_LIMIT) -> CandidateSearch:
    """People matching every word of ``term`` in their first or last name, e-mail address or
    organisation's name, at most ``limit``, each marked when already on the team. Shows name, organisation
    and function only: nothing of any case, and nobody without an active organisation."""
    term = " ".join(term.split())[:SEARCH_MAX_LENGTH]
    if len(term) < SEARCH_MIN_LENGTH:
        return CandidateSearch(term=term, candidates=[], too_short=bool(term))
    on_team = set(_active_members(case_id).filter(user__isnull=False).values_list("user_id", flat=True))
    found = list(
        addable_users()
        .filter(_name_filter(term))
        .select_related("organisation")
        .order_by("last_name", "first_name", "pk")[: limit + 1]
    )
    return CandidateSearch(
        term=term,
        candidates=[Candidate(user=user, on_team=user.pk in on_team) for user in found[:limit]],
        more=len(found) > limit,
    )
