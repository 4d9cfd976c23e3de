"""Drafting, submitting and correcting nazorg documents. A submitted version never changes."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.documents import clean, completeness_errors
from common.errors import EditConflict, StateConflict
from common.history import note_change
from nazorg.models import (
    DetentionEpisode,
    DocumentKind,
    DocumentStatus,
    HandoverEvent,
    HandoverEventKind,
    NazorgDocument,
)
from nazorg.schema import SPECS
from nazorg.services.deadlines import episode_sync_deadlines
from nazorg.services.notices import tell_municipality, tell_prison
from privacy.models import User

NEEDS_NOTICE = {
    DocumentKind.GEMEENTEBLAD,
    DocumentKind.BASISDOCUMENT,
    DocumentKind.OVERDRACHTSDOCUMENT,
    DocumentKind.ONTSLAGBERICHT,
}


def current_version(episode: DetentionEpisode, kind: str) -> NazorgDocument | None:
    return episode.documents.filter(kind=kind, status=DocumentStatus.SUBMITTED).first()


def draft_of(episode: DetentionEpisode, kind: str) -> NazorgDocument | None:
    return episode.documents.filter(kind=kind, status=DocumentStatus.DRAFT).first()


@transaction.atomic
def document_start(*, episode: DetentionEpisode, kind: str, by: User, channel: str = "web") -> NazorgDocument:
    """The open draft of this document, or a new one: a correction starts from the submitted text."""
    DetentionEpisode.objects.select_for_update().filter(pk=episode.pk).first()  # one draft at a time
    draft = draft_of(episode, kind)
    if draft is not None:
        return draft
    submitted = current_version(episode, kind)
    data = dict(submitted.data) if submitted else _prefill(episode, kind, by)
    number = (
        episode.documents.filter(kind=kind).order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    return NazorgDocument.objects.create(
        episode=episode, kind=kind, number=number, data=data, created_by=by, channel=channel
    )


def _prefill(episode: DetentionEpisode, kind: str, by: User) -> dict[str, Any]:
    """A new document's first values: who fills it in and when, from what is known already. Only a new
    draft starts from these; a draft or a submitted version keeps what was typed."""
    today = timezone.localdate().isoformat()
    if kind == DocumentKind.MELDINGSBLAD and episode.mmd_id:
        mmd = episode.mmd
        return {
            "mmd_naam": mmd.get_full_name(),  # type: ignore[union-attr]
            "mmd_telefoon": mmd.phone,  # type: ignore[union-attr]
            "mmd_email": mmd.email,  # type: ignore[union-attr]
            "datum": today,
        }
    if kind == DocumentKind.GEMEENTEBLAD:
        # The municipality's contact person who starts the gemeenteblad signs it, as the MMD'er the meldingsblad.
        contact = {
            "gemeente_naam": by.get_full_name(),
            "gemeente_functie": str(by.get_function_display()) if by.function else "",
            "gemeente_telefoon": by.phone,
            "gemeente_email": by.email,
        }
        return {**{key: value for key, value in contact.items() if value}, "datum": today}
    if kind == DocumentKind.ONTSLAGBERICHT and episode.expected_release:
        return {"ontslagdatum": episode.expected_release.isoformat()}
    if kind == DocumentKind.BASISDOCUMENT:
        return {"overgedragen": "ja", "overdracht_kanaal": "applicatie"}
    return {}


def _locked_draft(document: NazorgDocument, expected_revision: int | None) -> NazorgDocument:
    current = (
        NazorgDocument.objects.select_for_update(of=("self",)).select_related("episode").get(pk=document.pk)
    )
    if current.status != DocumentStatus.DRAFT:
        raise StateConflict(
            _("Deze versie is al ingediend. Start een correctie om iets te wijzigen."),
            code="document_submitted",
        )
    if expected_revision is not None and current.revision != expected_revision:
        raise EditConflict(current)
    return current


def _store(document: NazorgDocument, data: dict[str, Any], by: User) -> None:
    document.data = clean(SPECS[document.kind], data)
    document.revision += 1
    note_change(document, by=by)


@transaction.atomic
def document_save(
    *, document: NazorgDocument, by: User, data: dict[str, Any], expected_revision: int | None
) -> NazorgDocument:
    """Keep a draft as it is, incomplete or not; only values of the wrong shape are refused."""
    current = _locked_draft(document, expected_revision)
    _store(current, data, by)
    current.save()
    return current


@transaction.atomic
def document_submit(
    *,
    document: NazorgDocument,
    by: User,
    data: dict[str, Any] | None = None,
    expected_revision: int | None = None,
    expected_current: int | None = None,
    correction_reason: str = "",
) -> NazorgDocument:
    """Submit the draft. With ``expected_current`` (the number of the submitted version the sender built
    on, 0 for none) a version submitted by someone else meanwhile is refused (EditConflict with that
    version, or None) instead of replaced."""
    current = _locked_draft(document, expected_revision)
    if data is not None:
        _store(current, data, by)
    errors: dict[str, Any] = completeness_errors(SPECS[current.kind], current.data)
    episode = (
        DetentionEpisode.objects.select_for_update(of=("self",))
        .select_related("prison", "gemeente", "mmd")
        .get(pk=current.episode_id)
    )
    previous = current_version(episode, current.kind)
    if expected_current is not None and (previous.number if previous else 0) != expected_current:
        raise EditConflict(previous)
    errors.update(_order_errors(episode, current.kind))
    if current.number > 1 and not correction_reason.strip():
        errors["correction_reason"] = _("Geef aan wat deze correctie verandert.")
    if errors:
        raise ValidationError(errors)
    if previous is not None:
        previous.status = DocumentStatus.SUPERSEDED
        note_change(previous, by=by)
        previous.save(update_fields=["status", "updated_at"])
    current.status = DocumentStatus.SUBMITTED
    current.submitted_by = by
    current.submitted_at = timezone.now()
    current.correction_reason = correction_reason.strip()
    note_change(current, by=by)
    current.save()
    _effects(episode, current, by, is_correction=previous is not None)
    return current


def _order_errors(episode: DetentionEpisode, kind: str) -> dict[str, Any]:
    if kind in NEEDS_NOTICE and episode.notice_received_on is None:
        return {"__all__": _("Dien eerst het meldingsblad detentie in.")}
    if kind == DocumentKind.OVERDRACHTSDOCUMENT and not episode.is_long_stay:
        return {
            "__all__": _(
                "Het overdrachtsdocument is alleen voor langverblijvenden (restant straf vier maanden of meer)."
            )
        }
    if kind == DocumentKind.GEMEENTEBLAD and episode.gemeente_id is None:
        return {"__all__": _("Deze melding heeft nog geen gemeente.")}
    return {}


def _effects(episode: DetentionEpisode, document: NazorgDocument, by: User, *, is_correction: bool) -> None:
    today = timezone.localdate()
    kind = document.kind
    changed = False
    if kind == DocumentKind.MELDINGSBLAD and episode.notice_received_on is None:
        episode.notice_received_on = today
        episode.gemeente_since = today if episode.gemeente_id else None
        HandoverEvent.objects.create(
            episode=episode,
            kind=HandoverEventKind.NOTIFIED if episode.gemeente_id else HandoverEventKind.QUEUED,
            to_gemeente=episode.gemeente,
            by=by,
        )
        changed = True
    if kind == DocumentKind.ONTSLAGBERICHT:
        episode.released_on = datetime.date.fromisoformat(document.data["ontslagdatum"])
        changed = True
    if changed:
        episode.revision += 1
        note_change(episode, by=by, reason=f"{kind} ingediend")
        episode.save()
    episode_sync_deadlines(episode=episode, by=by)
    label = str(DocumentKind(kind).label)
    title = (_("Correctie: %(doc)s") if is_correction else _("Nieuw: %(doc)s")) % {"doc": label}
    if SPECS[kind].party == "pi":
        tell_municipality(
            episode=episode,
            title=title,
            body=_("Bekijk het document in de nazorg-inbox."),
            key=f"{kind}:{document.number}",
        )
    else:
        tell_prison(
            episode=episode,
            title=title,
            body=_("De gemeente heeft het gemeenteblad ingevuld."),
            key=f"{kind}:{document.number}",
        )
