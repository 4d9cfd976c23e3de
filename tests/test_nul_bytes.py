"""Issue 11 (5): a NUL character anywhere in the input (query string, form field, JSON body) is answered with
a 400 that names the problem, never a 500 from the database. PostgreSQL text and jsonb cannot hold NUL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from rest_framework.views import APIView

from caseplan.models import Case, PlanSection, PlanTemplate, PlanVersion
from caseplan.services.plans import plan_create
from common.nul_guard import NulRejectingParserMixin
from tests.nazorg.test_api import LIST as NAZORG_API
from tests.nazorg.test_api import connect
from tests.problems import problem
from tests.test_permission_matrix import MATRIX
from tests.world import World, verified_client

NUL = "\x00"


def _refused(response: Any) -> None:
    assert response.status_code == 400, (response.status_code, response.content[:300])
    assert "NUL" in response.content.decode(), response.content[:300]


# The routes the probe named.


def _owner(world: World) -> HttpClient:
    return world.client_for("owner")


def _operator(world: World) -> HttpClient:
    return verified_client(world.co24.operator)


def _mmd(world: World) -> HttpClient:
    return verified_client(world.nazorg.mmd)


def _contact(world: World) -> HttpClient:
    return verified_client(world.nazorg.contact)


NAMED_GETS: list[tuple[str, Callable[[World], HttpClient], str]] = [
    ("/casussen/?q=%00", _owner, "case list"),
    ("/api/v1/cases/?q=%00", _owner, "API case list"),
    ("/co24/zoeken/?q=%00", _operator, "CO24 search"),
    ("/co24/?q=%00", _operator, "CO24 phone screen"),
    ("/nazorg/werklijst/?q=%00", _mmd, "nazorg worklist"),
    ("/nazorg/inbox/?q=%00", _contact, "nazorg inbox"),
    ("/termijnen/?soort=%00", _owner, "deadlines"),
    ("/api/v1/deadlines/?soort=%00", _owner, "API deadlines"),
]


@pytest.mark.parametrize(("url", "who", "label"), NAMED_GETS, ids=[label for _u, _w, label in NAMED_GETS])
def test_a_nul_in_the_query_string_is_a_400(
    world: World, url: str, who: Callable[[World], HttpClient], label
):
    _refused(who(world).get(url))


def test_a_nul_bsn_on_the_nazorg_api_is_a_400(world: World):
    system = connect(world.nazorg.build("episode").prison, "systeem@almelo.test")
    response = system.get(NAZORG_API, bsn=NUL)
    _refused(response)
    assert "NUL" in problem(response, 400)["detail"]


# JSON bodies: the character escaped as \u0000, nested anywhere.


@pytest.mark.parametrize(
    ("client", "gemeente", "field"),
    [
        ({"achternaam": "Jan\u0000sen"}, "GM0153", "client.achternaam"),
        ({"achternaam": "Jansen"}, "GM\u00000153", "gemeente"),
    ],
    ids=["nested-value", "looked-up-value"],
)
def test_a_nul_in_a_json_body_creates_no_case(
    world: World, client: dict[str, str], gemeente: str, field: str
):
    body = {"client": client, "gemeente": gemeente, "purpose": "pga"}
    cases = Case.objects.count()
    response = _owner(world).post("/api/v1/cases/", body, content_type="application/json")
    _refused(response)
    assert field in problem(response, 400)["detail"]
    assert Case.objects.count() == cases


@pytest.mark.parametrize(
    "body",
    [
        {"template": "maatwerk\u0000plan"},
        {"template": "maatwerkplan", "extra": [{"a": ["\u0000"]}]},
        {"\u0000": 1},
    ],
    ids=["value", "deep-in-an-unknown-field", "key"],
)
def test_a_nul_in_a_plan_request_is_a_400(world: World, body: dict[str, Any]):
    response = _owner(world).post(
        f"/api/v1/cases/{world.case.pk}/plans/", body, content_type="application/json"
    )
    _refused(response)
    assert not PlanVersion.objects.filter(plan__case=world.case).exists()


def test_a_nul_in_plan_section_data_never_reaches_jsonb(world: World):
    version = plan_create(
        case=world.case, template=PlanTemplate.objects.get(code="mo-trajectplan"), by=world.owner
    )
    url = f"/api/v1/cases/{world.case.pk}/plans/{version.plan_id}/versions/{version.pk}/sections/co24/"
    body = {"data": {"afspraken": "Bellen\u0000bij onrust"}, "revision": 1}
    _refused(_owner(world).patch(url, body, content_type="application/json"))
    assert PlanSection.objects.get(version=version, key="co24").data == {}


def test_a_nul_in_the_nazorg_api_body_is_a_400(world: World):
    nw = world.nazorg.build("episode")
    system = connect(nw.prison, "systeem@almelo.test")
    response = system.post(NAZORG_API, {"achternaam": "de\u0000Boer", "meldingsblad": {"mmd_naam": "\u0000"}})
    _refused(response)


# Forms, urlencoded and multipart.


def test_a_nul_in_a_form_field_is_a_400_and_changes_nothing(world: World):
    http = _owner(world)
    client = world.case.client
    data = {"revision": client.revision, "achternaam": "Jan\x00sen", "voornamen": "Piet"}
    _refused(http.post(f"/casussen/{world.case.pk}/client/bewerken/", data))
    client.refresh_from_db()
    assert client.achternaam == "Jansen"


def test_a_nul_in_a_plan_section_form_is_a_400(world: World):
    version = plan_create(
        case=world.case, template=PlanTemplate.objects.get(code="maatwerkplan"), by=world.owner
    )
    url = f"/casussen/{world.case.pk}/plan/v{version.pk}/sectie/co24/"
    _refused(_owner(world).post(url, {"revision": 1, "afspraken": "a\x00b"}, HTTP_HX_REQUEST="true"))
    assert PlanSection.objects.get(version=version, key="co24").data == {}


def test_a_nul_in_a_multipart_api_body_is_a_400(world: World):
    """The contract API also takes multipart and urlencoded bodies: their parsers refuse NUL too."""
    from caseplan.models import Contract
    from tests.test_permission_matrix import _contract_prepare_json

    url = f"/api/v1/cases/{world.case.pk}/contracts/"
    form = {**_contract_prepare_json(world), "place": "Ens\x00chede"}
    response = _owner(world).post(url, form)  # multipart, as the test client sends it
    _refused(response)
    assert "place" in problem(response, 400)["detail"]
    assert not Contract.objects.exists()


# The sweeps: every list route with NUL in its query string, every form and JSON write with NUL in its body.


def _is_list_route(name: str) -> bool:
    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


LIST_GETS = [
    (name, i)
    for name, checks in MATRIX.items()
    for i, c in enumerate(checks)
    if c.method == "get" and _is_list_route(name)
]
FORM_POSTS = [
    (name, i)
    for name, checks in MATRIX.items()
    for i, c in enumerate(checks)
    if c.method == "post" and not c.json
]
JSON_WRITES = [
    (name, i) for name, checks in MATRIX.items() for i, c in enumerate(checks) if c.method != "get" and c.json
]
OTHER_PARAMS = ["soort", "status", "bsn", "filter", "tab", "pagina", "page", "gemeente", "termijn", "a", "b"]


def _http(world: World, name: str, index: int) -> HttpClient:
    check = MATRIX[name][index]
    return verified_client(check.actors(world)["owner"]) if check.actors else world.client_for("owner")


@pytest.mark.parametrize(("name", "index"), LIST_GETS, ids=[f"{n}-{i}" for n, i in LIST_GETS])
@pytest.mark.parametrize(
    "query",
    ["q=%00", "&".join(f"{p}=x%00" for p in OTHER_PARAMS), "%00=1"],
    ids=["q", "other-params", "param-name"],
)
def test_sweep_every_list_route_refuses_a_nul_in_the_query(world: World, name: str, index: int, query: str):
    check = MATRIX[name][index]
    check.kwargs(world)
    _refused(_http(world, name, index).get(f"{reverse(name)}?{query}"))


@pytest.mark.parametrize(("name", "index"), FORM_POSTS, ids=[f"{n}-{i}" for n, i in FORM_POSTS])
def test_sweep_every_form_post_refuses_a_nul(world: World, name: str, index: int):
    check = MATRIX[name][index]
    url = reverse(name, kwargs=check.kwargs(world))
    data = {**check.data(world), "toelichting": "Regel\x00twee"}
    _refused(_http(world, name, index).post(url, data))


@pytest.mark.parametrize(("name", "index"), JSON_WRITES, ids=[f"{n}-{i}" for n, i in JSON_WRITES])
def test_sweep_every_json_write_refuses_a_nul(world: World, name: str, index: int):
    check = MATRIX[name][index]
    url = reverse(name, kwargs=check.kwargs(world))
    fields = check.data(world)
    data = {**fields, "notitie": {"regels": ["goed", "fout\u0000"]}}
    response = getattr(_http(world, name, index), check.method)(url, data, content_type="application/json")
    if check.owner >= 400:  # refused before the body is read (the prison API takes organisation keys only)
        assert response.status_code == check.owner
    elif not fields:  # an action without a body (delete, publish, mark read): a body is refused or ignored
        assert response.status_code in (400, check.owner), response.content[:300]
    else:
        _refused(response)


def _api_views(patterns: list[object]) -> list[tuple[str, type[APIView]]]:
    views: list[tuple[str, type[APIView]]] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            views += _api_views(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            cls = getattr(pattern.callback, "cls", None)
            if cls is not None and issubclass(cls, APIView):
                views.append((pattern.name or str(pattern.pattern), cls))
    return views


def test_every_api_view_parses_bodies_through_the_nul_guard():
    unguarded = sorted(
        {
            f"{name}: {parser.__name__}"
            for name, cls in _api_views(get_resolver().url_patterns)
            for parser in cls.parser_classes
            if not issubclass(parser, NulRejectingParserMixin)
        }
    )
    assert not unguarded, f"API views with a parser that lets NUL through: {unguarded}"
