"""Walks every URL pattern and API endpoint: team member allowed, read-only member 403 on writes,
outsider 404. A new route fails this test until it is added to the matrix (or to the open routes)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from caseplan.models import CaseMember, ClientChild
from deadlines.models import Deadline
from notifications.models import Notification
from tests.conftest import World

# Routes that show no client data and need no case access, with the reason.
OPEN_ROUTES = {
    "home": "redirect to mijn casussen",
    "privacy:login": "login page",
    "privacy:otp_verify": "second login step",
    "privacy:otp_setup": "2FA enrolment",
    "privacy:logout": "logout",
    "set_language": "language switch",
    "health": "health check, no client data",
    "schema": "OpenAPI schema, no client data",
    "api-docs": "API documentation",
}
ADMIN_PREFIX = "admin:"


@dataclass
class Check:
    method: str = "get"
    kwargs: Callable[[World], dict[str, object]] = lambda w: {"pk": w.case.pk}
    data: Callable[[World], dict[str, object]] = lambda w: {}
    owner: int = 200
    reader: int = 200
    outsider: int = 404
    json: bool = False
    lists_cases: bool = False  # a list open to all: team members see the case in it, outsiders do not


def _member_kwargs(w: World) -> dict[str, object]:
    member = CaseMember.objects.get(case=w.case, user=w.reader)
    return {"pk": w.case.pk, "member_pk": member.pk}


def _child_kwargs(w: World) -> dict[str, object]:
    child = ClientChild.objects.create(client=w.case.client, naam="Sam")
    return {"pk": w.case.pk, "child_pk": child.pk}


def _deadline_kwargs(w: World) -> dict[str, object]:
    return {"pk": Deadline.objects.get(case=w.case).pk}


def _notification_kwargs(w: World) -> dict[str, object]:
    notification = Notification.objects.create(
        recipient=w.owner, kind="termijn_verlopen", title="Termijn verlopen", dedupe_key="t", channel="inbox"
    )
    return {"pk": notification.pk}


def _case_form(w: World) -> dict[str, object]:
    return {"version": w.case.version, "status": "actief", "purpose": w.case.purpose_id, "approach": "PGA"}


def _client_form(w: World) -> dict[str, object]:
    return {"version": w.case.client.version, "achternaam": "Jansen", "voornamen": "Piet"}


MATRIX: dict[str, list[Check]] = {
    "caseplan:my_cases": [Check(kwargs=lambda w: {}, outsider=200, lists_cases=True)],
    # Only functions that open cases may (the owner is a procesmanager, the others partners).
    "caseplan:case_new": [Check(kwargs=lambda w: {}, reader=403, outsider=403)],
    "caseplan:case_detail": [Check()],
    "caseplan:case_edit": [Check(reader=403), Check(method="post", data=_case_form, owner=302, reader=403)],
    "caseplan:client_detail": [Check()],
    "caseplan:client_edit": [
        Check(reader=403),
        Check(method="post", data=_client_form, owner=302, reader=403),
    ],
    "caseplan:client_photo": [
        Check(owner=404, reader=404)
    ],  # no photo yet: 404 for all, tested with one below
    "caseplan:child_add": [
        Check(
            method="post",
            data=lambda w: {"naam": "Kim", "geboortedatum": "2015-04-01"},
            owner=302,
            reader=403,
        )
    ],
    "caseplan:child_remove": [Check(method="post", kwargs=_child_kwargs, owner=302, reader=403)],
    "caseplan:team": [
        Check(),
        Check(
            method="post",
            data=lambda w: {"organisation": w.gemeente.pk, "role": "partner", "access": "lezen"},
            owner=302,
            reader=403,
        ),
    ],
    "caseplan:team_remove": [Check(method="post", kwargs=_member_kwargs, owner=302, reader=403)],
    "case-list": [
        Check(kwargs=lambda w: {}, outsider=200, json=True, lists_cases=True),
        Check(
            method="post",
            kwargs=lambda w: {},
            data=lambda w: {"client": {"achternaam": "Nieuw"}, "gemeente": "GM0153", "purpose": "pga"},
            owner=201,
            reader=403,
            outsider=403,
            json=True,
        ),
    ],
    "case-detail": [
        Check(json=True),
        Check(
            method="patch", data=lambda w: {"version": w.case.version, "approach": "x"}, reader=403, json=True
        ),
    ],
    "case-client": [
        Check(json=True),
        Check(
            method="patch",
            data=lambda w: {"version": w.case.client.version, "alias": "x"},
            reader=403,
            json=True,
        ),
    ],
    "case-members": [
        Check(json=True),
        Check(
            method="post",
            data=lambda w: {"organisation": w.gemeente.name, "role": "partner", "access": "lezen"},
            owner=201,
            reader=403,
            json=True,
        ),
    ],
    "case-remove-member": [Check(method="delete", kwargs=_member_kwargs, owner=204, reader=403, json=True)],
    "caseplan:dashboard": [Check(kwargs=lambda w: {}, outsider=200)],
    "caseplan:dashboard_csv": [Check(kwargs=lambda w: {}, outsider=200)],
    "my_work": [Check(kwargs=lambda w: {}, outsider=200, lists_cases=True)],
    "deadlines:deadline_list": [Check(kwargs=lambda w: {}, outsider=200, lists_cases=True)],
    "deadlines:deadline_detail": [Check(kwargs=_deadline_kwargs)],
    "deadlines:deadline_done": [Check(method="post", kwargs=_deadline_kwargs, owner=302, reader=403)],
    "deadline-list": [Check(kwargs=lambda w: {}, outsider=200, json=True, lists_cases=True)],
    "deadline-detail": [Check(kwargs=_deadline_kwargs, json=True)],
    "deadline-complete": [Check(method="post", kwargs=_deadline_kwargs, reader=403, json=True)],
    # Notifications are personal: only the recipient (the owner here) reaches one.
    "notifications:inbox": [Check(kwargs=lambda w: {}, outsider=200)],
    "notifications:preferences": [Check(kwargs=lambda w: {}, outsider=200)],
    "notifications:mark_all_read": [
        Check(method="post", kwargs=lambda w: {}, owner=302, reader=302, outsider=302)
    ],
    "notifications:open": [Check(kwargs=_notification_kwargs, owner=302, reader=404)],
    "notifications:mark_read": [Check(method="post", kwargs=_notification_kwargs, owner=302, reader=404)],
    "notification-list": [Check(kwargs=lambda w: {}, outsider=200, json=True)],
    "notification-read": [Check(method="post", kwargs=_notification_kwargs, reader=404, json=True)],
}


def _route_names(patterns: list[object], namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _route_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_route_is_in_the_matrix():
    names = {name for name in _route_names(get_resolver().url_patterns) if not name.startswith(ADMIN_PREFIX)}
    missing = names - set(MATRIX) - set(OPEN_ROUTES)
    assert not missing, f"Routes without a permission-matrix entry: {sorted(missing)}"
    stale = (set(MATRIX) | set(OPEN_ROUTES)) - names
    assert not stale, f"Matrix entries for routes that no longer exist: {sorted(stale)}"


CASES = [
    (name, index, who)
    for name, checks in MATRIX.items()
    for index in range(len(checks))
    for who in ("owner", "reader", "outsider")
]


@pytest.mark.parametrize(("name", "index", "who"), CASES, ids=[f"{n}-{i}-{w}" for n, i, w in CASES])
def test_permission_matrix(world: World, name: str, index: int, who: str):
    check = MATRIX[name][index]
    url = reverse(name, kwargs=check.kwargs(world))
    http = world.client_for(who)
    send = getattr(http, check.method)
    if check.json:
        response = send(url, data=check.data(world), content_type="application/json")
    else:
        response = send(url, data=check.data(world))
    expected = getattr(check, who)
    assert response.status_code == expected, (url, who, response.status_code, response.content[:300])
    if check.lists_cases:
        shown = world.case.reference in response.content.decode()
        assert shown == (who != "outsider"), (
            f"{who} {'should' if who != 'outsider' else 'must not'} see the case"
        )


def test_admin_is_only_for_staff(world: World):
    assert world.client_for("owner").get("/beheer/").status_code == 302  # redirected to the admin login
    world.owner.is_staff = True
    world.owner.save()
    assert world.client_for("owner").get("/beheer/").status_code == 200
