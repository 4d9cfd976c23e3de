"""Walks every URL pattern and API endpoint: team member allowed, read-only member 403 on writes,
outsider 404. A new route fails this test until it is added to the matrix (or to the open routes)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from caseplan.models import (
    CaseMember,
    ClientChild,
    Goal,
    Intervention,
    PlanDomain,
    PlanPdf,
    PlanSanction,
    PlanTemplate,
    PlanVersion,
)
from caseplan.services.plans import plan_create, version_publish
from deadlines.models import Deadline
from notifications.models import Notification
from tests.co24.matrix import CO24_MATRIX
from tests.matrix_check import Check, access_log_mark, assert_access_log
from tests.nazorg.matrix import NAZORG_MATRIX
from tests.overleg.matrix import OVERLEG_MATRIX
from tests.privacy.matrix import PRIVACY_MATRIX
from tests.privacy.retention.matrix import RETENTION_MATRIX
from tests.world import World, verified_client

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


def _draft(w: World) -> PlanVersion:
    version = PlanVersion.objects.filter(plan__case=w.case, status="concept").first()
    return version or plan_create(
        case=w.case, template=PlanTemplate.objects.get(code="maatwerkplan"), by=w.owner
    )


def _published(w: World) -> PlanVersion:
    version = _draft(w)
    return version_publish(version=version, by=w.owner, evaluation_date=None)


def _version_kwargs(w: World) -> dict[str, object]:
    return {"pk": w.case.pk, "version_pk": _draft(w).pk}


def _domain_kwargs(w: World) -> dict[str, object]:
    version = _draft(w)
    return {"pk": w.case.pk, "version_pk": version.pk, "domain_pk": version.domains.get(number=1).pk}


def _goal_kwargs(w: World) -> dict[str, object]:
    kwargs = _domain_kwargs(w)
    goal = Goal.objects.create(domain_id=kwargs["domain_pk"], text="Zelfstandig wonen")
    return {**kwargs, "goal_pk": goal.pk}


def _intervention_kwargs(w: World) -> dict[str, object]:
    kwargs = _domain_kwargs(w)
    intervention = Intervention.objects.create(domain_id=kwargs["domain_pk"], description="Schuldhulp")
    return {**kwargs, "intervention_pk": intervention.pk}


def _sanction_kwargs(w: World) -> dict[str, object]:
    version = _draft(w)
    sanction = PlanSanction.objects.create(version=version, text="Meldplicht")
    return {"pk": w.case.pk, "version_pk": version.pk, "sanction_pk": sanction.pk}


def _api_version(w: World) -> PlanVersion:
    template = PlanTemplate.objects.get(code="mo-trajectplan")
    version = PlanVersion.objects.filter(plan__case=w.case, plan__template=template).first()
    return version or plan_create(case=w.case, template=template, by=w.owner)


def _api_plan_kwargs(w: World) -> dict[str, object]:
    return {"pk": w.case.pk, "plan_id": _api_version(w).plan_id}


def _api_published_plan_kwargs(w: World) -> dict[str, object]:
    version = version_publish(version=_api_version(w), by=w.owner, evaluation_date=None)
    return {"pk": w.case.pk, "plan_id": version.plan_id}


def _api_version_kwargs(w: World) -> dict[str, object]:
    version = _api_version(w)
    return {"pk": w.case.pk, "plan_id": version.plan_id, "version_id": version.pk}


def _api_domain_kwargs(w: World) -> dict[str, object]:
    kwargs = _api_version_kwargs(w)
    return {**kwargs, "domain_id": PlanDomain.objects.get(version_id=kwargs["version_id"], number=1).pk}


def _api_goal_kwargs(w: World) -> dict[str, object]:
    kwargs = _api_domain_kwargs(w)
    return {**kwargs, "goal_id": Goal.objects.create(domain_id=kwargs["domain_id"], text="Woning").pk}


def _api_intervention_kwargs(w: World) -> dict[str, object]:
    kwargs = _api_domain_kwargs(w)
    intervention = Intervention.objects.create(domain_id=kwargs["domain_id"], description="Begeleiding")
    return {**kwargs, "intervention_id": intervention.pk}


def _api_sanction_kwargs(w: World) -> dict[str, object]:
    kwargs = _api_version_kwargs(w)
    sanction = PlanSanction.objects.create(version_id=kwargs["version_id"], text="Meldplicht")
    return {**kwargs, "sanction_id": sanction.pk}


def _pdf_kwargs(w: World) -> dict[str, object]:
    version = _draft(w)
    pdf = PlanPdf.objects.create(version=version, requested_by=w.owner, status="klaar")
    pdf.file.save("matrix.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    return {"pk": w.case.pk, "version_pk": version.pk, "pdf_pk": pdf.pk}


def _contract(w: World, status: str = "voorbereid") -> object:
    """A gedragscontract on the world's case, at the given step; the frozen PDF is a stand-in."""
    import datetime
    import hashlib

    from caseplan.models import Contract
    from caseplan.services.contracts import contract_prepare, contract_sign_partners

    version = PlanVersion.objects.filter(plan__case=w.case, status="vastgesteld").first() or _published(w)
    contract = contract_prepare(
        plan_version=version,
        by=w.owner,
        casemanager=w.owner,
        partner_signatory_name="B. Bakker",
        duration_kind="maanden",
        months_without_mutations=6,
        place="Enschede",
    )
    if status == "voorbereid":
        return contract
    contract = contract_sign_partners(contract=contract, by=w.owner, signed_on=datetime.date.today())
    if status == "in_werking":
        data = b"%PDF-1.7 matrix contract"
        contract.pdf_file.save("matrix-contract.pdf", ContentFile(data), save=False)
        Contract.objects.filter(pk=contract.pk).update(
            status="in_werking",
            client_signed_on=datetime.date.today(),
            client_signed_place="Enschede",
            in_force_from=datetime.date.today(),
            months_counted_from=datetime.date.today(),
            pdf_file=contract.pdf_file.name,
            pdf_sha256=hashlib.sha256(data).hexdigest(),
        )
    return contract


def _contract_revision(w: World) -> int:
    from caseplan.models import Contract

    return Contract.objects.filter(case=w.case).latest("pk").revision


def _contract_kwargs(status: str = "voorbereid") -> Callable[[World], dict[str, object]]:
    return lambda w: {"pk": w.case.pk, "contract_id": _contract(w, status).pk}  # type: ignore[attr-defined]


def _html_contract(status: str = "voorbereid") -> Callable[[World], dict[str, object]]:
    return lambda w: {"pk": w.case.pk, "contract_pk": _contract(w, status).pk}  # type: ignore[attr-defined]


def _today() -> str:
    import datetime

    return datetime.date.today().isoformat()


def _contract_prepare_form(w: World) -> dict[str, object]:
    version = PlanVersion.objects.filter(plan__case=w.case, status="vastgesteld").first() or _published(w)
    return {
        "plan_version": version.pk,
        "casemanager": w.owner.pk,
        "partner_signatory_name": "B. Bakker",
        "duration_kind": "maanden",
        "months_without_mutations": 6,
        "place": "Enschede",
    }


def _contract_prepare_json(w: World) -> dict[str, object]:
    return {**_contract_prepare_form(w), "casemanager": w.owner.email}  # the API names people by e-mail


def _drawn_signature(w: World) -> dict[str, object]:
    import base64
    import datetime
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 20), "white").save(buffer, format="PNG")
    url = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    return {
        "signed_on": datetime.date.today().isoformat(),
        "place": "Enschede",
        "signature": url,
        "revision": _contract_revision(w),
    }


def _case_form(w: World) -> dict[str, object]:
    return {"revision": w.case.revision, "status": "actief", "purpose": w.case.purpose_id, "approach": "PGA"}


def _client_form(w: World) -> dict[str, object]:
    return {"revision": w.case.client.revision, "achternaam": "Jansen", "voornamen": "Piet"}


MATRIX: dict[str, list[Check]] = {
    "caseplan:my_cases": [Check(kwargs=lambda w: {}, outsider=200, lists_cases=True)],
    # Only functions that open cases may (the owner is a procesmanager, the others partners).
    "caseplan:case_new": [
        Check(kwargs=lambda w: {}, reader=403, outsider=403, logs=False, reason="an empty form")
    ],
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
    "caseplan:plan_home": [
        Check(),
        Check(
            method="post",
            data=lambda w: {"template": PlanTemplate.objects.get(code="maatwerkplan").pk},
            owner=302,
            reader=403,
        ),
    ],
    "caseplan:plan_version": [Check(kwargs=_version_kwargs)],
    "caseplan:plan_compare": [Check()],
    "caseplan:plan_section": [
        Check(kwargs=lambda w: {**_version_kwargs(w), "key": "co24"}, reader=403),
        Check(
            method="post",
            kwargs=lambda w: {**_version_kwargs(w), "key": "co24"},
            data=lambda w: {"revision": 1, "afspraken": "Bellen bij onrust"},
            owner=302,
            reader=403,
        ),
    ],
    "caseplan:plan_domain": [
        Check(kwargs=_domain_kwargs, reader=403),
        Check(
            method="post",
            kwargs=_domain_kwargs,
            data=lambda w: {"revision": 1, "current_situation": "x"},
            owner=302,
            reader=403,
        ),
    ],
    "caseplan:plan_goal_add": [
        Check(
            method="post",
            kwargs=_domain_kwargs,
            data=lambda w: {"kind": "einddoel", "text": "Werk"},
            owner=302,
            reader=403,
        )
    ],
    "caseplan:plan_goal_update": [
        Check(
            method="post",
            kwargs=_goal_kwargs,
            data=lambda w: {"kind": "einddoel", "text": "Werk"},
            owner=302,
            reader=403,
        )
    ],
    "caseplan:plan_goal_delete": [Check(method="post", kwargs=_goal_kwargs, owner=302, reader=403)],
    "caseplan:plan_intervention_add": [
        Check(
            method="post",
            kwargs=_domain_kwargs,
            data=lambda w: {"description": "Begeleiding"},
            owner=302,
            reader=403,
        )
    ],
    "caseplan:plan_intervention_update": [
        Check(
            method="post",
            kwargs=_intervention_kwargs,
            data=lambda w: {"description": "Schuldhulpverlening"},
            owner=302,
            reader=403,
        )
    ],
    "caseplan:plan_intervention_delete": [
        Check(method="post", kwargs=_intervention_kwargs, owner=302, reader=403)
    ],
    "caseplan:plan_sanction_add": [
        Check(
            method="post",
            kwargs=_version_kwargs,
            data=lambda w: {"text": "Meldplicht"},
            owner=302,
            reader=403,
        )
    ],
    "caseplan:plan_sanction_delete": [Check(method="post", kwargs=_sanction_kwargs, owner=302, reader=403)],
    "caseplan:plan_publish": [
        Check(method="post", kwargs=_version_kwargs, owner=200, reader=403),  # the confirmation page
        Check(
            method="post", kwargs=_version_kwargs, data=lambda w: {"bevestigd": "1"}, owner=302, reader=403
        ),
    ],
    "caseplan:plan_next": [
        Check(
            method="post",
            kwargs=lambda w: {"pk": w.case.pk, "version_pk": _published(w).pk},
            owner=302,
            reader=403,
        )
    ],
    # Every team member may print (partners print); the PDF is produced by a worker.
    "caseplan:plan_pdf": [Check(method="post", kwargs=_version_kwargs, owner=302, reader=302)],
    "caseplan:plan_pdf_status": [
        Check(kwargs=_pdf_kwargs, logs=False, reason="the PDF's progress only; its download is logged")
    ],
    "caseplan:plan_pdf_download": [Check(kwargs=_pdf_kwargs)],
    "caseplan:contract_home": [
        Check(),
        Check(
            method="post",
            data=lambda w: {**_contract_prepare_form(w), "contract_date": _today()},
            owner=302,
            reader=403,
        ),
    ],
    "caseplan:contract_detail": [Check(kwargs=_html_contract())],
    "caseplan:contract_update": [
        Check(
            method="post",
            kwargs=_html_contract(),
            data=lambda w: {**_contract_prepare_form(w), "contract_date": _today(), "revision": 1},
            owner=302,
            reader=403,
        )
    ],
    "caseplan:contract_sign_partners": [
        Check(
            method="post",
            kwargs=_html_contract(),
            data=lambda w: {"signed_on": _today(), "partner_signatory_name": "B. Bakker"},
            owner=302,
            reader=403,
        )
    ],
    "caseplan:contract_sign_client": [
        Check(
            method="post", kwargs=_html_contract("getekend_partners"), owner=200, reader=403
        )  # 200: form error
    ],
    "caseplan:contract_refuse": [
        Check(
            method="post",
            kwargs=_html_contract(),
            data=lambda w: {"refused_on": _today(), "note": "Nee"},
            owner=302,
            reader=403,
        )
    ],
    "caseplan:contract_new_version": [
        Check(
            method="post",
            kwargs=_html_contract("in_werking"),
            data=lambda w: {
                "reason": "Nieuwe afspraken",
                "discussed_with_client_on": _today(),
                "casemanager_consent": "on",
            },
            owner=302,
            reader=403,
        )
    ],
    "caseplan:contract_terminate": [
        Check(
            method="post",
            kwargs=_html_contract("in_werking"),
            data=lambda w: {"reason": "beide_akkoord", "ended_on": _today()},
            owner=302,
            reader=403,
        )
    ],
    # Art. 9: the owner (process manager of the gemeente) registers; the reader is police, but read-only.
    "caseplan:contract_police_record": [
        Check(
            method="post",
            kwargs=_html_contract("in_werking"),
            data=lambda w: {
                "registered_on": _today(),
                "reference": "PL0600-2026-1",
                "revision": _contract_revision(w),
            },
            owner=302,
            reader=403,
        )
    ],
    "caseplan:contract_pdf": [Check(kwargs=_html_contract("in_werking"))],
    "caseplan:team": [
        Check(),
        Check(
            method="post",
            data=lambda w: {"organisation": w.gemeente.pk, "role": "partner", "access": "lezen"},
            owner=302,
            reader=403,
        ),
    ],
    # Only who may change the team searches people to add (without htmx it answers the whole team page).
    "caseplan:team_search": [Check(reader=403)],
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
            method="patch",
            data=lambda w: {"version": w.case.revision, "approach": "x"},
            reader=403,
            json=True,
        ),
    ],
    "case-client": [
        Check(json=True),
        Check(
            method="patch",
            data=lambda w: {"version": w.case.client.revision, "alias": "x"},
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
    "case-plan-list": [
        Check(json=True),
        Check(method="post", data=lambda w: {"template": "maatwerkplan"}, owner=201, reader=403, json=True),
    ],
    "case-plan-next-version": [
        Check(method="post", kwargs=_api_published_plan_kwargs, owner=201, reader=403, json=True)
    ],
    "case-plan-version-list": [Check(kwargs=_api_plan_kwargs, json=True)],
    "case-plan-version-detail": [Check(kwargs=_api_version_kwargs, json=True)],
    "case-plan-version-publish": [Check(method="post", kwargs=_api_version_kwargs, reader=403, json=True)],
    "case-plan-section-detail": [
        Check(
            method="patch",
            kwargs=lambda w: {**_api_version_kwargs(w), "key": "co24"},
            data=lambda w: {"data": {"afspraken": "Bellen bij onrust"}, "revision": 1},
            reader=403,
            json=True,
        )
    ],
    "case-plan-domain-detail": [
        Check(
            method="patch",
            kwargs=_api_domain_kwargs,
            data=lambda w: {"current_situation": "Dakloos", "revision": 1},
            reader=403,
            json=True,
        )
    ],
    "case-plan-goal-list": [
        Check(
            method="post",
            kwargs=_api_domain_kwargs,
            data=lambda w: {"text": "Woning"},
            owner=201,
            reader=403,
            json=True,
        )
    ],
    "case-plan-goal-detail": [
        Check(
            method="patch",
            kwargs=_api_goal_kwargs,
            data=lambda w: {"text": "Huis", "revision": 1},
            reader=403,
            json=True,
        ),
        Check(method="delete", kwargs=_api_goal_kwargs, owner=204, reader=403, json=True),
    ],
    "case-plan-intervention-list": [
        Check(
            method="post",
            kwargs=_api_domain_kwargs,
            data=lambda w: {"description": "Begeleiding", "responsible_organisation": w.gemeente.name},
            owner=201,
            reader=403,
            json=True,
        )
    ],
    "case-plan-intervention-detail": [
        Check(method="delete", kwargs=_api_intervention_kwargs, owner=204, reader=403, json=True)
    ],
    "case-plan-sanction-list": [
        Check(
            method="post",
            kwargs=_api_version_kwargs,
            data=lambda w: {"option": 4},
            owner=201,
            reader=403,
            json=True,
        )
    ],
    "case-plan-sanction-detail": [
        Check(method="delete", kwargs=_api_sanction_kwargs, owner=204, reader=403, json=True)
    ],
    # The gedragscontract: every team member reads and prints; changes need write access.
    "case-contract-list": [
        Check(json=True),
        Check(method="post", data=_contract_prepare_json, owner=201, reader=403, json=True),
    ],
    "case-contract-detail": [
        Check(kwargs=_contract_kwargs(), json=True),
        Check(
            method="patch",
            kwargs=_contract_kwargs(),
            data=lambda w: {"revision": 1, "place": "Hengelo"},
            reader=403,
            json=True,
        ),
    ],
    "case-contract-sign-partners": [
        Check(
            method="post",
            kwargs=_contract_kwargs(),
            data=lambda w: {"signed_on": str(w.case.created_at.date()), "revision": _contract_revision(w)},
            reader=403,
            json=True,
        )
    ],
    "case-contract-sign-client": [
        Check(
            method="post",
            kwargs=_contract_kwargs("getekend_partners"),
            data=_drawn_signature,
            reader=403,
            json=True,
        )
    ],
    "case-contract-refuse": [
        Check(
            method="post",
            kwargs=_contract_kwargs(),
            data=lambda w: {"note": "Weigert", "revision": _contract_revision(w)},
            reader=403,
            json=True,
        )
    ],
    "case-contract-new-version": [
        Check(
            method="post",
            kwargs=_contract_kwargs("in_werking"),
            data=lambda w: {
                "reason": "Nieuwe casemanager",
                "casemanager_consent": True,
                "discussed_with_client_on": str(w.case.created_at.date()),
            },
            owner=201,
            reader=403,
            json=True,
        )
    ],
    "case-contract-terminate": [
        Check(
            method="post",
            kwargs=_contract_kwargs("in_werking"),
            data=lambda w: {"reason": "beide_akkoord", "revision": _contract_revision(w)},
            reader=403,
            json=True,
        )
    ],
    "case-contract-police-records": [
        Check(kwargs=_contract_kwargs("in_werking"), json=True),
        Check(
            method="post",
            kwargs=_contract_kwargs("in_werking"),
            data=lambda w: {
                "registered_on": _today(),
                "reference": "PL0600-2026-1",
                "revision": _contract_revision(w),
            },
            owner=201,
            reader=403,
            json=True,
        ),
    ],
    "case-contract-pdf": [Check(kwargs=_contract_kwargs("in_werking"))],
    "caseplan:dashboard": [Check(kwargs=lambda w: {}, outsider=200, logs=False, reason="counts only")],
    "caseplan:dashboard_csv": [Check(kwargs=lambda w: {}, outsider=200, logs=False, reason="counts only")],
    "my_work": [Check(kwargs=lambda w: {}, outsider=200, lists_cases=True)],
    "deadlines:deadline_list": [Check(kwargs=lambda w: {}, outsider=200, lists_cases=True)],
    "deadlines:deadline_detail": [Check(kwargs=_deadline_kwargs)],
    "deadlines:deadline_done": [Check(method="post", kwargs=_deadline_kwargs, owner=302, reader=403)],
    "deadline-list": [Check(kwargs=lambda w: {}, outsider=200, json=True, lists_cases=True)],
    "deadline-detail": [Check(kwargs=_deadline_kwargs, json=True)],
    "deadline-complete": [Check(method="post", kwargs=_deadline_kwargs, reader=403, json=True)],
    # Notifications are personal: only the recipient (the owner here) reaches one. They name a case by
    # its reference, never the client (notifications.models.Notification): no client data, no log row.
    "notifications:inbox": [Check(kwargs=lambda w: {}, outsider=200, logs=False, reason="own notifications")],
    "notifications:preferences": [
        Check(kwargs=lambda w: {}, outsider=200, logs=False, reason="own notification settings")
    ],
    "notifications:mark_all_read": [
        Check(method="post", kwargs=lambda w: {}, owner=302, reader=302, outsider=302)
    ],
    "notifications:open": [Check(kwargs=_notification_kwargs, owner=302, reader=404)],
    "notifications:mark_read": [Check(method="post", kwargs=_notification_kwargs, owner=302, reader=404)],
    "notification-list": [
        Check(kwargs=lambda w: {}, outsider=200, json=True, logs=False, reason="own notifications")
    ],
    "notification-read": [Check(method="post", kwargs=_notification_kwargs, reader=404, json=True)],
    **NAZORG_MATRIX,
    **CO24_MATRIX,
    **OVERLEG_MATRIX,
    **PRIVACY_MATRIX,
    **RETENTION_MATRIX,
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
    http = verified_client(check.actors(world)[who]) if check.actors else world.client_for(who)
    send = getattr(http, check.method)
    data = check.data(world)
    mark = access_log_mark()
    response = send(url, data=data, **({"content_type": "application/json"} if check.json else {}))
    expected = getattr(check, who)
    assert response.status_code == expected, (url, who, response.status_code, response.content[:300])
    assert_access_log(world, check, who, response, mark)
    if check.lists_cases:
        shown = world.case.reference in response.content.decode()
        assert shown == (who != "outsider"), (
            f"{who} {'should' if who != 'outsider' else 'must not'} see the case"
        )
    if check.lists:
        shown = check.lists(world) in response.content.decode()
        assert shown == (who != "outsider"), f"{who} {'should' if who != 'outsider' else 'must not'} see it"


def test_admin_is_only_for_staff(world: World):
    assert world.client_for("owner").get("/beheer/").status_code == 302  # redirected to the admin login
    world.owner.is_staff = True
    world.owner.save()
    assert world.client_for("owner").get("/beheer/").status_code == 200


# --- Issue 11, finding 1: another team's client's BSN reveals nothing and changes nothing ----------------
# (imports here, not at the top, to keep this block apart from the matrix above)

import datetime  # noqa: E402

from django.http import HttpResponse  # noqa: E402

from caseplan.models import Case  # noqa: E402
from privacy.models import User  # noqa: E402
from tests.caseplan.bsn import (  # noqa: E402
    SECRETS,
    api_new_case,
    known_client,
    snapshot,
    web_new_case,
)
from tests.nazorg.documents import MELDINGSBLAD, ONTSLAGBERICHT  # noqa: E402
from tests.nazorg.matrix import _nz  # noqa: E402


def _bsn_case_by_import(world: World, bsn: str) -> tuple[User, HttpResponse]:
    """A contact person nazorg of another municipality imports a released detainee with this BSN."""
    nw = _nz(world)
    User.objects.filter(pk=nw.contact.pk).update(first_name="Olga", last_name="Overbeek")
    episode = nw.register(bsn=bsn, achternaam="Anders", voornamen="Alex")
    nw.submit(episode, "meldingsblad", MELDINGSBLAD)
    nw.submit(
        episode, "ontslagbericht", {**ONTSLAGBERICHT, "ontslagdatum": datetime.date.today().isoformat()}
    )
    response = verified_client(nw.contact).post(reverse("nazorg:episode_import", kwargs={"pk": episode.pk}))
    return nw.contact, response


def _bsn_new_case(world: World, channel: str, bsn: str) -> tuple[User, HttpResponse, Case]:
    if channel == "nazorg":
        creator, response = _bsn_case_by_import(world, bsn)
    else:
        creator = world.other_pm
        response = (web_new_case if channel == "web" else api_new_case)(creator, bsn)
    assert response.status_code in (201, 302), (channel, response.status_code, response.content[:300])
    return creator, response, Case.objects.filter(created_by=creator).select_related("client").get()


@pytest.mark.parametrize("channel", ["web", "api", "nazorg"])
def test_another_teams_bsn_reveals_nothing_and_changes_nothing(world: World, channel: str):
    existing = known_client(world)
    before = snapshot(existing)

    creator, response, case = _bsn_new_case(world, channel, existing.bsn)

    assert case.client_id != existing.pk, "typing a BSN linked another team's client"
    http = verified_client(creator)
    shown = [response.content.decode()]
    for url in (f"/casussen/{case.pk}/", f"/casussen/{case.pk}/client/", f"/api/v1/cases/{case.pk}/client/"):
        page = http.get(url)
        assert page.status_code == 200, url
        shown.append(page.content.decode())
    for body in shown:
        for secret in SECRETS:
            assert secret not in body, f"{channel}: {secret!r} of another team's client is shown"
    for url in (
        f"/casussen/{world.case.pk}/",
        f"/casussen/{world.case.pk}/client/",
        f"/api/v1/cases/{world.case.pk}/client/",
    ):
        assert http.get(url).status_code == 404, url
    changed = http.patch(
        f"/api/v1/cases/{case.pk}/client/",
        {"version": case.client.revision, "brp_adres": "Elders 2"},
        content_type="application/json",
    )
    assert changed.status_code == 200
    assert snapshot(existing) == before, "another team's client was changed"
