"""The permission-matrix rows of the privacy officer's retention pages (tests/test_permission_matrix.py).
The privacy officer plays the owner; the functional administrator (who manages the rules in beheer) plays the
reader and the world's process manager the outsider: both get 404 on every page, reads and writes alike.
Pages that name a client (items, holds) log the read; the others show no client data."""

from __future__ import annotations

from django.utils import timezone

from privacy.models import DestructionList, ItemStatus, ListStatus, RetentionHold, User
from tests.matrix_check import Check
from tests.privacy.retention.pages_world import cast, proposed_list
from tests.world import World


def _officers(w: World) -> dict[str, User]:
    people = cast(w)
    return {"owner": people.officer, "reader": people.beheerder, "outsider": w.owner}


def _second_reviewer(w: World) -> dict[str, User]:
    people = cast(w)
    return {"owner": people.second, "reader": people.beheerder, "outsider": w.owner}


ACTORS = _officers


def _list(w: World) -> DestructionList:
    if not hasattr(w, "_retention_list"):
        w._retention_list = proposed_list(w, months=1)  # type: ignore[attr-defined]
    return w._retention_list  # type: ignore[attr-defined]


def _list_kwargs(w: World) -> dict[str, object]:
    return {"pk": _list(w).pk}


def _item_kwargs(w: World) -> dict[str, object]:
    destruction_list = _list(w)
    return {"pk": destruction_list.pk, "item_pk": destruction_list.items.get(kind="case_dossier").pk}


def _awaiting_second_review(w: World) -> dict[str, object]:
    destruction_list = _list(w)
    DestructionList.objects.filter(pk=destruction_list.pk).update(
        status=ListStatus.AWAITING_SECOND_REVIEW, reviewed_by=cast(w).officer, reviewed_at=timezone.now()
    )
    return {"pk": destruction_list.pk}


def _with_errors(w: World) -> dict[str, object]:
    destruction_list = _list(w)
    destruction_list.items.update(status=ItemStatus.FAILED, attempts=3, last_error="RuntimeError: test")
    DestructionList.objects.filter(pk=destruction_list.pk).update(status=ListStatus.DESTROYED_WITH_ERRORS)
    return {"pk": destruction_list.pk}


def _destroyed(w: World) -> dict[str, object]:
    destruction_list = _list(w)
    destruction_list.items.update(status=ItemStatus.DESTROYED, reference="")
    DestructionList.objects.filter(pk=destruction_list.pk).update(
        status=ListStatus.DESTROYED,
        report={"number": destruction_list.number, "rules": [], "totals": {"items": 2, "destroyed": 2}},
    )
    return {"pk": destruction_list.pk}


def _hold(w: World) -> RetentionHold:
    if not hasattr(w, "_retention_hold"):
        w._retention_hold = RetentionHold.objects.create(  # type: ignore[attr-defined]
            kind="bewaarplicht",
            subject="case",
            subject_id=w.case.pk,
            reference=w.case.reference,
            client_id=w.case.client_id,
            reason="klacht",
            placed_by=cast(w).officer,
        )
    return w._retention_hold  # type: ignore[attr-defined]


def _holds(w: World) -> dict[str, object]:
    _hold(w)  # one on the world's case, so that the page shows (and logs) it
    return {}


def _hold_kwargs(w: World) -> dict[str, object]:
    return {"pk": _hold(w).pk}


def _revision(w: World) -> dict[str, object]:
    return {"revision": _list(w).revision}


def _decision(w: World) -> dict[str, object]:
    return {"revision": 1, "decision": "uitzonderen", "reason": "Lopende klacht"}


def _no_kwargs(w: World) -> dict[str, object]:
    return {}


NO_CLIENT_DATA = "lists, counts and rules: no client data"

RETENTION_MATRIX: dict[str, list[Check]] = {
    "privacy:home": [Check(kwargs=_no_kwargs, actors=ACTORS, reader=404, logs=False, reason=NO_CLIENT_DATA)],
    "privacy:retention_rules": [
        Check(kwargs=_no_kwargs, actors=ACTORS, reader=404, logs=False, reason=NO_CLIENT_DATA)
    ],
    "privacy:retention_holds": [
        Check(kwargs=_holds, actors=ACTORS, reader=404),
        Check(
            method="post",
            kwargs=_no_kwargs,
            data=lambda w: {"subject": "case", "reference": w.case.reference, "reason": "klacht"},
            actors=ACTORS,
            owner=302,
            reader=404,
        ),
    ],
    "privacy:retention_hold_lift": [
        Check(kwargs=_hold_kwargs, actors=ACTORS, reader=404),
        Check(
            method="post",
            kwargs=_hold_kwargs,
            data=lambda w: {"revision": 1, "lift_reason": "Klacht afgehandeld"},
            actors=ACTORS,
            owner=302,
            reader=404,
        ),
    ],
    "privacy:destruction_lists": [
        Check(kwargs=_no_kwargs, actors=ACTORS, reader=404, logs=False, reason=NO_CLIENT_DATA)
    ],
    "privacy:destruction_request": [
        Check(kwargs=_no_kwargs, actors=ACTORS, reader=404, logs=False, reason="an empty form"),
        # The world's case is open: the form answers that the dossier is still in use.
        Check(
            method="post",
            kwargs=_no_kwargs,
            data=lambda w: {"subject": "case", "reference": w.case.reference, "reason": "Verzoek toegekend"},
            actors=ACTORS,
            reader=404,
        ),
    ],
    "privacy:destruction_list": [Check(kwargs=_list_kwargs, actors=ACTORS, reader=404)],
    "privacy:destruction_item": [
        Check(kwargs=_item_kwargs, actors=ACTORS, reader=404),
        Check(method="post", kwargs=_item_kwargs, data=_decision, actors=ACTORS, owner=302, reader=404),
    ],
    "privacy:destruction_approve": [
        Check(method="post", kwargs=_list_kwargs, data=_revision, actors=ACTORS, owner=302, reader=404)
    ],
    "privacy:destruction_second_review": [
        Check(
            method="post",
            kwargs=_awaiting_second_review,
            data=_revision,
            actors=_second_reviewer,
            owner=302,
            reader=404,
        )
    ],
    "privacy:destruction_cancel": [
        Check(kwargs=_list_kwargs, actors=ACTORS, reader=404, logs=False, reason="the list's number only"),
        Check(method="post", kwargs=_list_kwargs, data=_revision, actors=ACTORS, owner=302, reader=404),
    ],
    "privacy:destruction_progress": [
        Check(kwargs=_list_kwargs, actors=ACTORS, reader=404, logs=False, reason="counts only while it runs"),
        Check(kwargs=_with_errors, actors=ACTORS, reader=404),  # the failed items, by reference
    ],
    "privacy:destruction_retry": [
        Check(method="post", kwargs=_with_errors, actors=ACTORS, owner=302, reader=404)
    ],
    "privacy:destruction_record": [
        Check(
            kwargs=_destroyed,
            actors=ACTORS,
            reader=404,
            logs=False,
            reason="the record holds no personal data",
        )
    ],
    "privacy:destruction_record_pdf": [
        Check(
            kwargs=_destroyed,
            actors=ACTORS,
            reader=404,
            logs=False,
            reason="the record holds no personal data",
        )
    ],
}
