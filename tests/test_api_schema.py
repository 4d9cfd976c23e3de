"""The API keeps to its own OpenAPI schema: schemathesis runs over every operation of /api/v1/schema/,
in-process against the WSGI application and inside the test database, as the users the schema is for
(the case owner with a user token; a prison's system with its organisation key for the nazorg API).

Every response must be documented (status code, content type, headers) and match its schema, and no input,
valid or not, may give a server error. The run is bounded and deterministic: a few examples per operation,
a fixed seed, no example database."""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.core.result import Err

from caseplan.models import CaseMember, PlanTemplate, SanctionOption
from caseplan.services.contracts import contract_prepare
from caseplan.services.plans import (
    goal_save,
    intervention_save,
    plan_create,
    sanction_add,
    version_publish,
    version_start_next,
)
from co24.services.enrolment import co24_enrol
from co24.services.signals import signal_record
from deadlines.models import Deadline
from notifications.models import Notification
from overleg.models import MeetingType
from overleg.services.agenda import agenda_add
from overleg.services.meetings import meeting_schedule
from privacy.models import Function
from tests.api_keys import organisation_key, user_key
from tests.factories import UserFactory
from tests.nazorg.documents import MELDINGSBLAD
from tests.problems import invalid, problem
from tests.world import World

# Per operation and generation mode: about a minute for the whole API. For a deeper look now and then:
# API_SCHEMA_MAX_EXAMPLES=100 pytest tests/test_api_schema.py
MAX_EXAMPLES = int(os.environ.get("API_SCHEMA_MAX_EXAMPLES", "8"))
# No server error, and every response as documented; the checks about business rules are left out.
CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
]


@dataclass
class ApiWorld:
    token: str
    prison_key: str
    path_ids: dict[str, dict[str, int]]


@pytest.fixture
def api_world(world: World, settings: Any, tmp_path: Any) -> ApiWorld:
    """The shared world with one of everything on its case, so that every path of the schema resolves."""
    settings.MEDIA_ROOT = tmp_path
    owner, case = world.owner, world.case
    template = PlanTemplate.objects.get(code="maatwerkplan")
    published = version_publish(
        version=plan_create(case=case, template=template, by=owner), by=owner, evaluation_date=None
    )
    draft = version_start_next(plan=published.plan, by=owner)
    domain = draft.domains.get(number=1)
    goal = goal_save(domain=domain, by=owner, text="Zelfstandig wonen")
    intervention = intervention_save(domain=domain, by=owner, description="Begeleid wonen")
    sanction = sanction_add(version=draft, by=owner, option=SanctionOption.objects.get(number=5))
    contract = contract_prepare(
        plan_version=published,
        by=owner,
        casemanager=owner,
        partner_signatory_name="B. Bakker",
        duration_kind="maanden",
        months_without_mutations=6,
        place="Enschede",
    )
    co24_enrol(case=case, backoffice=world.co24.backoffice, by=owner)
    signal = signal_record(
        case=case,
        by=owner,
        caller_name="Buurvrouw",
        account="Buurvrouw belt: hij schreeuwt 's nachts.",
        received_at=timezone.now() - datetime.timedelta(hours=1),
    )
    notification = Notification.objects.create(
        recipient=owner, kind="termijn_verlopen", title="Termijn verlopen", dedupe_key="t", channel="inbox"
    )
    nw = world.nazorg.build("episode")
    service_user = UserFactory(email="systeem@almelo.test", organisation=nw.prison, function=Function.MMD)
    _token, prison_key = organisation_key(nw.prison, service_user, name="TULP")
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    meeting = meeting_schedule(
        meeting_type=MeetingType.objects.get(code="pga"), starts_at=timezone.now(), chair=owner, by=owner
    )
    item = agenda_add(meeting=meeting, case=case, by=owner)
    plan_ids = {"id": case.pk, "plan_id": published.plan_id, "version_id": draft.pk}
    return ApiWorld(
        token=user_key(owner),
        prison_key=prison_key,
        path_ids={
            "/api/v1/nazorg/": {"id": nw.episode.pk},
            "/api/v1/deadlines/": {"id": Deadline.objects.get(case=case).pk},
            "/api/v1/notifications/": {"id": notification.pk},
            "/api/v1/co24/": {"id": case.pk, "signal_id": signal.pk},
            "/api/v1/overleg/": {"id": meeting.pk, "item_id": item.pk},
            "/api/v1/cases/": {
                **plan_ids,
                "domain_id": domain.pk,
                "goal_id": goal.pk,
                "intervention_id": intervention.pk,
                "sanction_id": sanction.pk,
                "contract_id": contract.pk,
                "member_pk": CaseMember.objects.get(case=case, user=world.reader).pk,
            },
        },
    )


@pytest.fixture
def wsgi_app() -> Iterator[WSGIHandler]:
    """Django's WSGI application as the test client runs it: without closing the test's connection after
    every request (that would end the test transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(wsgi_app: WSGIHandler, api_world: ApiWorld) -> Any:
    config = schemathesis.Config.from_dict(
        {
            "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
            "generation": {
                # The test sends the credentials itself: no generated Authorization header or session cookie.
                "with-security-parameters": False,
                # NUL bytes too: the NUL guard (common/nul_guard.py) answers them with a 400.
                "allow-x00": True,
            },
        }
    )
    return schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", wsgi_app, config=config)


def _path_parameters(api_world: ApiWorld, path: str) -> dict[str, int]:
    for prefix, ids in api_world.path_ids.items():
        if path.startswith(prefix):
            return {name: value for name, value in ids.items() if f"{{{name}}}" in path}
    return {}


def _authorization(api_world: ApiWorld, path: str) -> str:
    if path.startswith("/api/v1/nazorg/"):
        return f"Bearer {api_world.prison_key}"
    return f"Token {api_world.token}"


def _explore(operation: Any, mode: GenerationMode, path_parameters: dict[str, int], auth: str) -> None:
    """One bounded, deterministic Hypothesis run over one operation; raises on the first failing case."""

    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters))
    def run(case: schemathesis.Case) -> None:
        case.call_and_validate(headers={"Authorization": auth})

    run()


def _modes(operation: Any, fixed: dict[str, int]) -> list[GenerationMode]:
    """Invalid input too, where the operation takes any input that is not fixed here."""
    generated = [p for p in operation.path_parameters if p.name not in fixed]
    if generated or operation.query or operation.headers or operation.body:
        return [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
    return [GenerationMode.POSITIVE]


def test_every_operation_keeps_to_the_schema(api_schema: Any, api_world: ApiWorld) -> None:
    """Valid and invalid input for every operation. (schemathesis' own pytest loader does not run on pytest
    9, so the operations are walked here: one Hypothesis run per operation and generation mode.)"""
    failures: list[str] = []
    labels: list[str] = []
    for result in api_schema.get_all_operations():
        if isinstance(result, Err):
            failures.append(f"The schema cannot be used: {result.err()}")
            continue
        operation = result.ok()
        labels.append(operation.label)
        fixed = _path_parameters(api_world, operation.path)
        for mode in _modes(operation, fixed):
            try:
                _explore(operation, mode, fixed, _authorization(api_world, operation.path))
            except (Exception, BaseExceptionGroup) as exc:  # a FailureGroup is a BaseExceptionGroup
                failures.append(f"{operation.label} ({mode.value}):\n{exc}")
    assert not failures, f"{len(failures)} operation(s) break the schema:\n\n" + "\n\n".join(failures)
    assert len(labels) >= 48 and "POST /api/v1/nazorg/detenties/{id}/documenten/{kind}/" in labels


def test_an_api_url_that_does_not_exist_answers_404_as_a_problem(world: World):
    http = world.client_for("owner")
    url = "/api/v1/cases/1/plans/1/versions/1/sections/geen-sectie!/"
    response = http.get(url)
    assert problem(response, 404) == {
        "type": "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5",
        "title": "Niet gevonden",
        "status": 404,
        "detail": "Niet gevonden.",
        "instance": url,
        "code": "not_found",
    }
    page = http.get("/casussen/bestaat-niet/")
    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")


def test_an_error_on_the_contract_pdf_is_json_also_when_a_pdf_was_asked_for(api_world: ApiWorld):
    ids = api_world.path_ids["/api/v1/cases/"]
    response = Client().get(
        f"/api/v1/cases/{ids['id']}/contracts/{ids['contract_id']}/pdf/",
        headers={"Authorization": f"Token {api_world.token}", "Accept": "application/pdf"},
    )
    assert problem(response, 404)["code"] == "not_found"  # not signed yet


def test_a_signal_from_the_middle_ages_is_refused(api_world: ApiWorld):
    """Found by schemathesis: a signal received in 0824 was kept, and its time came back with the local
    mean time offset of Amsterdam (+00:19:32), which is not a valid date-time."""
    case_id = api_world.path_ids["/api/v1/co24/"]["id"]
    response = Client().post(
        f"/api/v1/co24/cases/{case_id}/signals/",
        {"received_at": "0824-10-02T07:49:11Z", "account": "Buurman belt", "caller_name": "Buurman"},
        content_type="application/json",
        headers={"Authorization": f"Token {api_world.token}"},
    )
    assert "2000" in invalid(response)["received_at"][0]
