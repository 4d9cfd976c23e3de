"""The CO24 rows of the permission matrix. Owner: the process manager (write team member); reader: the
police partner (read-only team member); outsider: the back office of another municipality, or a partner
who is not on the team. The serving back office has its own rows where it may do more than an outsider."""

from __future__ import annotations

from collections.abc import Callable

from co24.models import Alert, Caller, TippingRule
from co24.services.checklists import active_checklist, checklist_start_version
from privacy.models import User
from tests.matrix_check import Check
from tests.world import Co24Parties, World


def _cw(w: World) -> Co24Parties:
    return w.co24


def _case(w: World) -> dict[str, object]:
    return {"pk": _cw(w).case.pk}


def _actors(owner: str, reader: str, outsider: str) -> Callable[[World], dict[str, User]]:
    return lambda w: {
        "owner": getattr(_cw(w), owner),
        "reader": getattr(_cw(w), reader),
        "outsider": getattr(_cw(w), outsider),
    }


TEAM = _actors("pm", "agent", "other_operator")
TEAM_VS_STRANGER = _actors("pm", "agent", "outsider")
BACKOFFICE = _actors("operator", "agent", "other_operator")  # the serving back office as "owner"


def _signal(w: World) -> dict[str, object]:
    cw = _cw(w)
    return {"pk": cw.case.pk, "signal_pk": cw.signal().pk}


def _api_signal(w: World) -> dict[str, object]:
    cw = _cw(w)
    return {"pk": cw.case.pk, "signal_id": cw.signal().pk}


def _caller(w: World) -> dict[str, object]:
    cw = _cw(w)
    return {"pk": cw.case.pk, "caller_pk": Caller.objects.filter(case=cw.case).first().pk}  # type: ignore[union-attr]


def _draft_item(w: World) -> dict[str, object]:
    cw = _cw(w)
    draft = checklist_start_version(case=cw.case, by=cw.pm)
    return {"pk": cw.case.pk, "item_pk": draft.items.first().pk}  # type: ignore[union-attr]


def _rule(w: World) -> dict[str, object]:
    cw = _cw(w)
    return {"pk": cw.case.pk, "rule_pk": TippingRule.objects.filter(case=cw.case).first().pk}  # type: ignore[union-attr]


def _alert(w: World) -> dict[str, object]:
    cw = _cw(w)
    cw.signal(answers={"Fysieke agressie": "ja"})
    return {"pk": cw.case.pk, "alert_pk": Alert.objects.get(case=cw.case).pk}


def _signal_json(w: World) -> dict[str, object]:
    cw = _cw(w)
    item = active_checklist(cw.case).items.first()  # type: ignore[union-attr]
    return {
        "account": "Buurman belt over geschreeuw",
        "caller_id": cw.caller.pk,
        "answers": [{"item_id": item.pk, "answer": "nee"}],  # type: ignore[union-attr]
    }


CO24_MATRIX: dict[str, list[Check]] = {
    # The phone screen is the back office's own: team members are not back office (404).
    "co24:intake": [
        Check(
            kwargs=lambda w: {},
            actors=_actors("operator", "agent", "outsider"),
            reader=404,
            logs=False,
            reason="an empty search box",
        ),
        # With a search term it lists clients (logged); another back office finds only its own.
        Check(
            kwargs=lambda w: {},
            data=lambda w: {"q": "Leenders"},
            actors=_actors("operator", "operator", "other_operator"),
            outsider=200,
            lists=lambda w: _cw(w).case.reference,
        ),
    ],
    "co24:intake_search": [
        # Another back office searches its own clients only: it gets a page, without ours.
        Check(
            kwargs=lambda w: {},
            data=lambda w: {"q": "Leenders"},
            actors=_actors("operator", "operator", "other_operator"),
            lists=lambda w: _cw(w).case.reference,
            outsider=200,
        ),
        Check(
            kwargs=lambda w: {},
            data=lambda w: {"q": "Leenders"},
            actors=_actors("operator", "operator", "pm"),
            outsider=404,
        ),
    ],
    "co24:signal_new": [
        Check(kwargs=_case, actors=BACKOFFICE, reader=403),
        Check(kwargs=_case, actors=TEAM, reader=403),
    ],
    "co24:journal": [
        Check(kwargs=_case, actors=TEAM),
        Check(kwargs=_case, actors=BACKOFFICE),
        Check(kwargs=_case, actors=TEAM_VS_STRANGER),
    ],
    "co24:signal_detail": [
        Check(kwargs=_signal, actors=TEAM),
        Check(kwargs=_signal, actors=TEAM_VS_STRANGER),
    ],
    "co24:enrol": [
        Check(kwargs=_case, actors=TEAM),
        Check(
            method="post",
            kwargs=_case,
            data=lambda w: {"backoffice": _cw(w).backoffice.pk},
            actors=TEAM,
            owner=302,
            reader=403,
        ),
    ],
    "co24:callers": [
        Check(kwargs=_case, actors=TEAM),
        Check(kwargs=_case, actors=BACKOFFICE),
        Check(
            method="post",
            kwargs=_case,
            data=lambda w: {"name": "Zus Ria", "kind": "netwerk", "relation": "zus"},
            actors=TEAM_VS_STRANGER,
            owner=302,
            reader=403,
        ),
    ],
    "co24:caller_edit": [Check(kwargs=_caller, actors=TEAM, reader=403)],
    "co24:checklist": [Check(kwargs=_case, actors=TEAM), Check(kwargs=_case, actors=BACKOFFICE)],
    "co24:checklist_new_version": [Check(method="post", kwargs=_case, actors=TEAM, owner=302, reader=403)],
    "co24:checklist_item_add": [Check(kwargs=_case, actors=TEAM, reader=403)],
    "co24:checklist_item_remove": [
        Check(method="post", kwargs=_draft_item, actors=TEAM, owner=302, reader=403)
    ],
    "co24:checklist_activate": [Check(kwargs=_case, actors=TEAM, owner=302, reader=403)],
    "co24:rules": [Check(kwargs=_case, actors=TEAM_VS_STRANGER)],
    "co24:rule_disable": [Check(method="post", kwargs=_rule, actors=TEAM, owner=302, reader=403)],
    "co24:alerts": [Check(kwargs=_case, actors=TEAM)],
    "co24:alert_acknowledge": [Check(method="post", kwargs=_alert, actors=TEAM, owner=302, reader=403)],
    "co24:alert_handle": [Check(kwargs=_alert, actors=TEAM, reader=403)],
    "co24:export": [
        Check(kwargs=_case, actors=TEAM, reader=403),
        Check(kwargs=_case, actors=TEAM_VS_STRANGER, reader=403),
    ],
    "co24-signal-list": [
        Check(kwargs=_case, actors=TEAM, json=True),
        Check(kwargs=_case, actors=BACKOFFICE, json=True),
        Check(
            method="post",
            kwargs=_case,
            data=_signal_json,
            actors=BACKOFFICE,
            owner=201,
            reader=403,
            json=True,
        ),
    ],
    "co24-signal-detail": [Check(kwargs=_api_signal, actors=TEAM_VS_STRANGER, json=True)],
    "co24-checklist": [Check(kwargs=_case, actors=TEAM, json=True)],
}
