"""The privacy officer's rows of the permission matrix: the access-log viewer answers the privacy officer
(and a second one, of another organisation, in the reader's place) and nobody else; even the process
manager who owns the world's case gets 404. Each row searches for the world's client, so the matrix sees
the search logged as a read of that client."""

from __future__ import annotations

from privacy.models import Function, User
from tests.matrix_check import Check
from tests.world import World


def _officers(w: World) -> dict[str, User]:
    if not hasattr(w, "_privacy_officers"):
        w._privacy_officers = {  # type: ignore[attr-defined]
            "owner": w.person("privacy@enschede.test", w.gemeente, function=Function.PRIVACY_OFFICER),
            "reader": w.person("privacy@politie.test", w.politie, function=Function.PRIVACY_OFFICER),
            "outsider": w.owner,
        }
    return w._privacy_officers  # type: ignore[attr-defined,no-any-return]


PRIVACY_MATRIX: dict[str, list[Check]] = {
    "privacy:access_log": [
        Check(kwargs=lambda w: {}, actors=_officers, data=lambda w: {"naam": w.case.client.achternaam})
    ],
    "privacy:access_log_csv": [
        Check(kwargs=lambda w: {}, actors=_officers, data=lambda w: {"client": w.case.client_id})
    ],
    "privacy:access_log_client": [
        Check(kwargs=lambda w: {"client_id": w.case.client_id}, actors=_officers),
    ],
}
