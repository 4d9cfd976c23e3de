"""Optimistic locking on every API write to an existing object (issue 11, finding 3).

For each write endpoint, N clients send conflicting saves built on the same starting revision at the same
moment: exactly one is saved, every other one gets 409, and what is stored is the winner's. A stale
revision gets 409 with the current data, a missing one 400 naming the field, and the OpenAPI schema says
the lock field is required."""

from __future__ import annotations

import base64
import dataclasses
import datetime
import hashlib
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import models
from django.utils import timezone
from PIL import Image

from caseplan.models import (
    Case,
    Client,
    Contract,
    Goal,
    PlanDomain,
    PlanSection,
    PlanTemplate,
    PlanVersion,
)
from caseplan.services.contracts import contract_prepare, contract_sign_partners
from caseplan.services.plans import goal_save, plan_create, version_publish
from deadlines.models import Deadline
from tests.concurrency import THREADS, committed_db, db, one_winner, plain, race, same_moment
from tests.problems import problem
from tests.world import World, verified_client

__all__ = ["committed_db", "db"]  # fixtures: every test here works on the committed database
pytestmark = pytest.mark.usefixtures("db")

TODAY = timezone.localdate()
JSON = "application/json"


@dataclasses.dataclass
class Target:
    """One API write to an existing object; client ``i`` sets ``field`` to ``values(i)``."""

    url: str
    model: type[models.Model]
    pk: int
    attr: str  # where the value is stored on the model and shown in an answer
    field: str = ""  # what each client sets; "" for a step without a value of its own
    lock: str = ""  # the lock field, "" for a state step that is its own lock
    lock_value: int = 0
    method: str = "patch"
    ok: int = 200
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)
    values: Callable[[int], Any] = lambda i: f"Poging {i}"
    expected: Callable[[int], Any] | None = None  # what ``values(i)`` is stored as
    stored_of: Callable[[Any], Any] | None = None
    show: Callable[[dict[str, Any]], Any] | None = None

    def body(self, i: int, *, lock: bool = True) -> dict[str, Any]:
        body = dict(self.extra)
        if self.field:
            body[self.field] = self.values(i)
        if self.lock and lock:
            body[self.lock] = self.lock_value
        return body

    def send(self, http: Any, body: dict[str, Any]) -> Any:
        return getattr(http, self.method)(self.url, body, content_type=JSON)

    def stored(self) -> Any:
        obj = self.model.objects.get(pk=self.pk)  # type: ignore[attr-defined]
        return self.stored_of(obj) if self.stored_of else plain(getattr(obj, self.attr))

    def shown(self, body: dict[str, Any]) -> Any:
        return self.show(body) if self.show else body[self.attr]

    def wanted(self, i: int) -> Any:
        return self.expected(i) if self.expected else self.values(i)


# --- the objects, each as fresh as a client would find it ----------------------------------------------


@pytest.fixture
def lazy_world(db: None) -> World:
    """The shared test world (tests/world.py), committed, with names of its own."""
    return World(unique=True)


def _draft(w: World) -> PlanVersion:
    return plan_create(case=w.case, template=PlanTemplate.objects.get(code="maatwerkplan"), by=w.owner)


def _version_url(version: PlanVersion) -> str:
    return f"/api/v1/cases/{version.plan.case_id}/plans/{version.plan_id}/versions/{version.pk}/"


def _domain_url(domain: PlanDomain) -> str:
    return f"{_version_url(domain.version)}domains/{domain.pk}/"


def _png_data_url() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), "white").save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _contract(w: World, status: str = "voorbereid") -> Contract:
    version = version_publish(version=_draft(w), by=w.owner, evaluation_date=None)
    contract = contract_prepare(
        plan_version=version,
        by=w.owner,
        casemanager=w.owner,
        partner_signatory_name="B. Bakker",
        duration_kind="maanden",
        months_without_mutations=6,
        place="Enschede",
    )
    if status != "voorbereid":
        contract = contract_sign_partners(contract=contract, by=w.owner, signed_on=TODAY)
    if status == "in_werking":  # in force with a stand-in PDF: rendering one is not what this tests
        data = b"%PDF-1.7 stand-in"
        contract.pdf_file.save("concurrency.pdf", ContentFile(data), save=False)
        Contract.objects.filter(pk=contract.pk).update(
            status="in_werking",
            client_signed_on=TODAY,
            client_signed_place="Enschede",
            in_force_from=TODAY,
            pdf_file=contract.pdf_file.name,
            pdf_sha256=hashlib.sha256(data).hexdigest(),
        )
    return Contract.objects.get(pk=contract.pk)


def _contract_url(contract: Contract, step: str = "") -> str:
    url = f"/api/v1/cases/{contract.case_id}/contracts/{contract.pk}/"
    return f"{url}{step}/" if step else url


def case_target(w: World) -> Target:
    return Target(
        f"/api/v1/cases/{w.case.pk}/", Case, w.case.pk, "approach", "approach", "version", w.case.revision
    )


def client_target(w: World) -> Target:
    client = w.case.client
    return Target(
        f"/api/v1/cases/{w.case.pk}/client/",
        Client,
        client.pk,
        "roepnaam",
        "roepnaam",
        "version",
        client.revision,
    )


def section_target(w: World) -> Target:
    section = PlanSection.objects.get(version=_draft(w), key="aanleiding")
    return Target(
        f"{_version_url(section.version)}sections/aanleiding/",
        PlanSection,
        section.pk,
        "data",
        "data",
        "revision",
        section.revision,
        values=lambda i: {"overlastfeiten": f"Poging {i}"},
        expected=lambda i: f"Poging {i}",
        stored_of=lambda s: s.data.get("overlastfeiten"),
        show=lambda body: body["data"].get("overlastfeiten"),
    )


def domain_target(w: World) -> Target:
    domain = PlanDomain.objects.select_related("version__plan").get(version=_draft(w), number=1)
    return Target(
        _domain_url(domain),
        PlanDomain,
        domain.pk,
        "current_situation",
        "current_situation",
        "revision",
        domain.revision,
    )


def goal_target(w: World) -> Target:
    domain = PlanDomain.objects.select_related("version__plan").get(version=_draft(w), number=1)
    goal = goal_save(domain=domain, by=w.owner, text="Zelfstandig wonen")
    return Target(
        f"{_domain_url(domain)}goals/{goal.pk}/", Goal, goal.pk, "text", "text", "revision", goal.revision
    )


def publish_target(w: World) -> Target:
    version = _draft(w)
    return Target(
        f"{_version_url(version)}publish/",
        PlanVersion,
        version.pk,
        "evaluation_date",
        "evaluation_date",
        method="post",
        values=lambda i: (TODAY + datetime.timedelta(days=30 + i)).isoformat(),
    )


def contract_target(w: World) -> Target:
    contract = _contract(w)
    return Target(
        _contract_url(contract), Contract, contract.pk, "place", "place", "revision", contract.revision
    )


def sign_partners_target(w: World) -> Target:
    contract = _contract(w)
    return Target(
        _contract_url(contract, "sign-partners"),
        Contract,
        contract.pk,
        "partner_signatory_name",
        "partner_signatory_name",
        "revision",
        contract.revision,
        method="post",
        extra={"signed_on": TODAY.isoformat()},
    )


def sign_client_target(w: World) -> Target:
    contract = _contract(w, "getekend_partners")
    return Target(
        _contract_url(contract, "sign-client"),
        Contract,
        contract.pk,
        "client_signed_place",
        "place",
        "revision",
        contract.revision,
        method="post",
        extra={"signed_on": TODAY.isoformat(), "signature": _png_data_url()},
    )


def refuse_target(w: World) -> Target:
    contract = _contract(w)
    return Target(
        _contract_url(contract, "refuse"),
        Contract,
        contract.pk,
        "refusal_note",
        "note",
        "revision",
        contract.revision,
        method="post",
    )


def terminate_target(w: World) -> Target:
    contract = _contract(w, "in_werking")
    return Target(
        _contract_url(contract, "terminate"),
        Contract,
        contract.pk,
        "end_note",
        "note",
        "revision",
        contract.revision,
        method="post",
        extra={"reason": "beide_akkoord"},
    )


def complete_target(w: World) -> Target:
    deadline = Deadline.objects.get(case=w.case, kind="maatwerkplan-opstellen")
    return Target(
        f"/api/v1/deadlines/{deadline.pk}/complete/",
        Deadline,
        deadline.pk,
        "done_at",
        method="post",
        stored_of=lambda d: d.done_at,
    )


LOCKED = {
    "case": case_target,
    "client": client_target,
    "section": section_target,
    "domain": domain_target,
    "goal": goal_target,
    "contract": contract_target,
    "contract-sign-partners": sign_partners_target,
    "contract-sign-client": sign_client_target,
    "contract-refuse": refuse_target,
    "contract-terminate": terminate_target,
}
STEPS = {"publish": publish_target, "deadline-complete": complete_target}
TARGETS = {**LOCKED, **STEPS}


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def _agrees(target: Target, stored: Any, shown: Any) -> bool:
    if isinstance(stored, datetime.datetime):
        return same_moment(stored, shown)
    return stored == shown


# --- the race ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(TARGETS))
def test_concurrent_conflicting_saves_one_wins_the_rest_get_409(world: World, name: str):
    target = TARGETS[name](world)
    before = target.stored()
    clients = [verified_client(world.owner) for _ in range(THREADS)]
    responses = race(lambda i: target.send(clients[i], target.body(i)))
    winner = one_winner(responses, target.ok)
    stored = target.stored()
    assert stored != before
    assert _agrees(target, stored, target.shown(responses[winner].json())), "the answer shows what is stored"
    if target.field:
        assert stored == target.wanted(winner), "the stored value is the winner's"
    for loser in (r for r in responses if r.status_code == 409):
        current = loser.json().get("current")
        if current is not None:  # a stale revision shows what is stored now
            assert _agrees(target, stored, target.shown(current))


# --- one client at a time -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [*LOCKED, "deadline-complete"])
def test_a_stale_save_gets_409_with_the_current_data(world: World, name: str):
    target = TARGETS[name](world)
    http = world.client_for("owner")
    first = target.send(http, target.body(0))
    assert first.status_code == target.ok, first.content
    stale = target.send(http, target.body(1))  # built on the same revision as the first
    body = problem(stale, 409)
    assert body["code"] == "edit_conflict"
    assert _agrees(target, target.stored(), target.shown(body["current"]))
    if target.lock:
        assert body["current"][target.lock] != target.lock_value, "the current revision is shown"
    if target.field:
        assert target.stored() == target.wanted(0)


@pytest.mark.parametrize("name", list(LOCKED))
def test_a_save_without_its_revision_is_refused_naming_the_field(world: World, name: str):
    target = TARGETS[name](world)
    before = target.stored()
    response = target.send(world.client_for("owner"), target.body(0, lock=False))
    params = problem(response, 400)["invalidParams"]
    assert [(param["name"], param["code"]) for param in params] == [(target.lock, "required")]
    assert target.stored() == before


def test_the_schema_requires_the_lock_field_of_every_write(world: World):
    schema = world.client_for("owner").get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    components = schema["components"]["schemas"]
    versions = "/api/v1/cases/{id}/plans/{plan_id}/versions/{version_id}/"
    contract = "/api/v1/cases/{id}/contracts/{contract_id}/"
    writes = {
        ("/api/v1/cases/{id}/", "patch"): "version",
        ("/api/v1/cases/{id}/client/", "patch"): "version",
        (f"{versions}sections/{{key}}/", "patch"): "revision",
        (f"{versions}domains/{{domain_id}}/", "patch"): "revision",
        (f"{versions}domains/{{domain_id}}/goals/{{goal_id}}/", "patch"): "revision",
        (contract, "patch"): "revision",
        (f"{contract}sign-partners/", "post"): "revision",
        (f"{contract}sign-client/", "post"): "revision",
        (f"{contract}refuse/", "post"): "revision",
        (f"{contract}terminate/", "post"): "revision",
    }
    for (path, method), lock in writes.items():
        operation = schema["paths"][path][method]
        for media in operation["requestBody"]["content"].values():
            component = components[media["schema"]["$ref"].rsplit("/", 1)[-1]]
            assert lock in component.get("required", []), (path, method)
        assert "409" in operation["responses"], (path, method)
    complete = schema["paths"]["/api/v1/deadlines/{id}/complete/"]["post"]
    assert "409" in complete["responses"]
    goal = components["Goal"]["properties"]["revision"]
    assert goal.get("readOnly"), "a goal shows its revision"
