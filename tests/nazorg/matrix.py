"""The nazorg rows of the permission matrix. The root is a detention, not the world's case: the prison's
MMD'er and the municipality's contact person are each other's read-only party; another prison or
municipality is the outsider and gets 404."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from nazorg.models import Consent
from nazorg.services.consent import consent_record, episode_share
from privacy.models import User
from tests.matrix_check import Check
from tests.nazorg.documents import BASISDOCUMENT, MELDINGSBLAD, ONTSLAGBERICHT
from tests.world import NazorgParties, World


def _nz(w: World) -> NazorgParties:
    return w.nazorg.build("episode")


def _noticed(w: World) -> NazorgParties:
    nw = _nz(w)
    if nw.episode.notice_received_on is None:
        nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
        nw.episode.refresh_from_db()
    return nw


def _episode(w: World) -> dict[str, object]:
    return {"pk": _noticed(w).episode.pk}


def _document(kind: str, *, submit: bool = False) -> Callable[[World], dict[str, object]]:
    def kwargs(w: World) -> dict[str, object]:
        nw = _noticed(w)
        if submit and not nw.episode.documents.filter(kind=kind, status="ingediend").exists():
            nw.submit(nw.episode, kind, BASISDOCUMENT if kind == "basisdocument" else MELDINGSBLAD)
        return {"pk": nw.episode.pk, "kind": kind}

    return kwargs


def _released(w: World) -> dict[str, object]:
    nw = _noticed(w)
    nw.submit(
        nw.episode, "ontslagbericht", {**ONTSLAGBERICHT, "ontslagdatum": datetime.date.today().isoformat()}
    )
    return {"pk": nw.episode.pk}


def _unplaced(w: World) -> dict[str, object]:
    nw = _nz(w)
    episode = nw.register(brp_gemeente=None, achternaam="Zonder-Gemeente")
    nw.submit(episode, "meldingsblad", MELDINGSBLAD)
    w._unplaced_reference = episode.reference  # type: ignore[attr-defined]
    return {"pk": episode.pk}


def _consent(w: World) -> Consent:
    nw = _noticed(w)
    return consent_record(
        episode=nw.episode, by=nw.mmd, signed_on=datetime.date.today(), scope=["ggz"], evidence="PI-dossier"
    )


def _consent_kwargs(w: World) -> dict[str, object]:
    return {"pk": _noticed(w).episode.pk, "consent_pk": _consent(w).pk}


def _shared(w: World) -> dict[str, object]:
    nw = _noticed(w)
    nw.submit(nw.episode, "basisdocument", BASISDOCUMENT)
    _consent(w)
    episode_share(episode=nw.episode, by=nw.mmd, organisation=nw.care, reason="Behandeling")
    return {"pk": nw.episode.pk}


def _noticed_only(w: World) -> dict[str, object]:
    _noticed(w)
    return {}


def _shared_basisdocument(w: World) -> dict[str, object]:
    return {**_shared(w), "kind": "basisdocument"}


def _actors(owner: str, reader: str, outsider: str) -> Callable[[World], dict[str, User]]:
    def actors(w: World) -> dict[str, User]:
        nw = _nz(w)
        pick = {"outsider_anyone": w.outsider}
        return {
            role: pick.get(name) or getattr(nw, name)
            for role, name in (("owner", owner), ("reader", reader), ("outsider", outsider))
        }

    return actors


PRISON = _actors("mmd", "contact", "other_mmd")
MUNICIPALITY = _actors("contact", "mmd", "other_contact")


def _reference(w: World) -> str:
    return _noticed(w).episode.reference


NAZORG_MATRIX: dict[str, list[Check]] = {
    "nazorg:index": [
        Check(
            kwargs=lambda w: {},
            actors=_actors("mmd", "contact", "outsider_anyone"),
            owner=302,
            reader=302,
            outsider=200,
        )
    ],
    "nazorg:worklist": [
        Check(kwargs=lambda w: {}, actors=_actors("mmd", "mmd", "other_mmd"), outsider=200, lists=_reference),
        Check(kwargs=lambda w: {}, actors=_actors("mmd", "mmd", "contact"), outsider=404),
    ],
    "nazorg:inbox": [
        Check(
            kwargs=_noticed_only,
            actors=_actors("contact", "contact", "other_contact"),
            outsider=200,
            lists=_reference,
        ),
        Check(
            kwargs=lambda w: {},
            actors=_actors("contact", "contact", "mmd"),
            outsider=404,
            logs=False,
            reason="an empty inbox: no notice yet",
        ),
    ],
    "nazorg:queue": [
        Check(
            kwargs=lambda w: _unplaced(w) and {},
            actors=_actors("coordinator", "coordinator", "contact"),
            outsider=404,
            lists=lambda w: w._unplaced_reference,  # type: ignore[attr-defined]
        )
    ],
    # Aggregates only, filtered per role: everyone gets a page (without figures when the role has none).
    "nazorg:monitor": [
        Check(
            kwargs=_noticed_only,
            actors=_actors("mmd", "contact", "outsider_anyone"),
            outsider=200,
            logs=False,
            reason="aggregates only",
        )
    ],
    "nazorg:monitor_csv": [
        Check(
            kwargs=_noticed_only,
            actors=_actors("mmd", "contact", "outsider_anyone"),
            outsider=200,
            logs=False,
            reason="aggregates only (the export is logged without a client)",
        )
    ],
    # The prison API takes organisation keys only: a person's session gets 401 (tests/nazorg/test_api.py
    # covers own prison, other prison 404 and revoked keys).
    "nazorg-detentie-list": [
        Check(kwargs=lambda w: {}, owner=401, reader=401, outsider=401, json=True),
        Check(method="post", kwargs=lambda w: {}, owner=401, reader=401, outsider=401, json=True),
    ],
    "nazorg-detentie-detail": [
        Check(kwargs=_episode, owner=401, reader=401, outsider=401, json=True),
        Check(method="patch", kwargs=_episode, owner=401, reader=401, outsider=401, json=True),
    ],
    "nazorg-detentie-document": [
        Check(method="post", kwargs=_document("meldingsblad"), owner=401, reader=401, outsider=401, json=True)
    ],
    "nazorg:episode_new": [
        Check(
            kwargs=lambda w: {},
            actors=_actors("mmd", "contact", "outsider_anyone"),
            reader=404,
            logs=False,
            reason="an empty form",
        )
    ],
    "nazorg:episode_detail": [
        Check(kwargs=_episode, actors=MUNICIPALITY),
        Check(kwargs=_episode, actors=PRISON),
        Check(kwargs=_shared, actors=_actors("mmd", "care_user", "other_contact")),
    ],
    "nazorg:episode_edit": [Check(kwargs=_episode, actors=PRISON, reader=403)],
    "nazorg:consent_new": [Check(kwargs=_episode, actors=PRISON, reader=403)],
    "nazorg:consent_withdraw": [
        Check(method="post", kwargs=_consent_kwargs, actors=PRISON, owner=302, reader=403)
    ],
    "nazorg:episode_share": [
        Check(
            method="post",
            kwargs=_shared,
            data=lambda w: {"organisation": _nz(w).care.pk, "reason": "Behandeling"},
            actors=_actors("mmd", "care_user", "other_mmd"),
            owner=302,
            reader=403,
        )
    ],
    "nazorg:document_detail": [
        Check(kwargs=_document("meldingsblad"), actors=MUNICIPALITY),
        Check(kwargs=_shared_basisdocument, actors=_actors("mmd", "care_user", "other_mmd")),
        Check(kwargs=_document("basisdocument", submit=True), actors=_actors("contact", "mmd", "care_user")),
    ],
    # The PDF answers to the same access function and version rule as the page; a draft only for its writer.
    "nazorg:document_pdf": [
        Check(kwargs=_document("meldingsblad"), actors=MUNICIPALITY),
        Check(kwargs=_shared_basisdocument, actors=_actors("mmd", "care_user", "other_mmd")),
        Check(kwargs=_document("basisdocument", submit=True), actors=_actors("contact", "mmd", "care_user")),
    ],
    "nazorg:document_edit": [
        Check(kwargs=_document("gemeenteblad"), actors=MUNICIPALITY, reader=403),
        Check(kwargs=_document("basisdocument"), actors=PRISON, reader=403),
    ],
    "nazorg:handover_accept": [
        Check(method="post", kwargs=_episode, actors=MUNICIPALITY, owner=302, reader=403)
    ],
    "nazorg:handover_reject": [
        Check(
            method="post",
            kwargs=_episode,
            data=lambda w: {"reason": "Woont elders"},
            actors=MUNICIPALITY,
            owner=302,
            reader=403,
        )
    ],
    "nazorg:handover_forward": [
        Check(
            method="post",
            kwargs=_episode,
            data=lambda w: {"to": _nz(w).other_gemeente.pk, "reason": "Gaat naar zijn zus"},
            actors=_actors("contact", "mmd", "outsider_anyone"),
            owner=302,
            reader=403,
        )
    ],
    "nazorg:handover_assign": [
        Check(
            method="post",
            kwargs=_unplaced,
            data=lambda w: {"to": _nz(w).gemeente.pk},
            actors=_actors("coordinator", "mmd", "contact"),
            owner=302,
            reader=403,
        )
    ],
    "nazorg:episode_import": [
        Check(method="post", kwargs=_released, actors=MUNICIPALITY, owner=302, reader=403)
    ],
    "nazorg:first_contact": [
        Check(
            method="post",
            kwargs=_released,
            data=lambda w: {"contacted_on": datetime.date.today().isoformat()},
            actors=MUNICIPALITY,
            owner=302,
            reader=403,
        )
    ],
}
