"""One nazorg document as a PDF, for the prison's and the municipality's files: the document's questions and
answers (the schema engine's sections, nazorg/schema.py) under a header with the kind of document, the person,
the prison, the municipalities, the dates and whether it was submitted or is still a concept. Laid out by the
one PDF renderer (common/pdf.py); nothing is stored, and the caller logs the read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from common.pdf import date_text, pdf_language, render_pdf
from nazorg.models import DetentionEpisode, DocumentKind, DocumentStatus, NazorgDocument
from nazorg.schema import SPECS
from nazorg.selectors.documents import readable_sections
from privacy.models import User

TEMPLATE = "nazorg/pdf/document.html"


@dataclass
class Row:
    label: str
    value: str


def _filled(rows: list[Row]) -> list[Row]:
    return [row for row in rows if row.value]


def _who(user: User | None) -> str:
    if user is None:
        return ""
    organisation = user.organisation.name if user.organisation else ""
    return f"{user}, {organisation}" if organisation else str(user)


def person_rows(episode: DetentionEpisode) -> list[Row]:
    return _filled(
        [
            Row(_("Naam"), episode.full_name),
            Row(_("Geboortedatum"), date_text(episode.geboortedatum)),
            Row(_("BSN"), episode.bsn),
            Row(_("Kenmerk"), episode.reference),
        ]
    )


def detention_rows(episode: DetentionEpisode) -> list[Row]:
    prison = episode.prison.name
    if episode.locatie:
        prison = f"{prison}, {episode.locatie}"
    mmd = ""
    if episode.mmd is not None:
        mmd = episode.mmd.get_full_name() or str(episode.mmd)
        if episode.mmd.phone:
            mmd = f"{mmd}, {episode.mmd.phone}"
    return _filled(
        [
            Row(_("Penitentiaire inrichting"), prison),
            Row(_("MMD'er"), mmd),
            Row(_("Aanvang detentie"), date_text(episode.detention_start)),
            Row(_("Status detentie"), episode.get_status_display()),
            Row(_("Verwachte einddatum"), date_text(episode.expected_release)),
            Row(_("Ontslagen op"), date_text(episode.released_on)),
            Row(
                _("Gemeente van herkomst"),
                episode.gemeente_herkomst.name if episode.gemeente_herkomst else "",
            ),
            Row(
                _("Gemeente die de nazorg oppakt"),
                episode.gemeente.name if episode.gemeente else _("nog geen (wachtrij coördinatoren)"),
            ),
            Row(
                _("Gemeente van vestiging"),
                episode.gemeente_vestiging.name if episode.gemeente_vestiging else "",
            ),
            Row(_("Melding ontvangen op"), date_text(episode.notice_received_on)),
        ]
    )


def status_rows(document: NazorgDocument) -> list[Row]:
    submitted = ""
    if document.submitted_at is not None:
        submitted = timezone.localtime(document.submitted_at).strftime("%d-%m-%Y %H:%M")
        by = _who(document.submitted_by)
        if by:
            submitted = _("%(when)s door %(who)s") % {"when": submitted, "who": by}
        if document.channel == "api":
            submitted = f"{submitted} ({_('via koppeling')})"
    return _filled(
        [
            Row(_("Versie"), str(document.number)),
            Row(_("Status"), document.get_status_display()),
            Row(_("Ingediend op"), submitted),
            Row(_("Reden correctie"), document.correction_reason),
            Row(
                _("Concept laatst opgeslagen"),
                timezone.localtime(document.updated_at).strftime("%d-%m-%Y %H:%M")
                if document.status == DocumentStatus.DRAFT
                else "",
            ),
        ]
    )


def issuer(episode: DetentionEpisode, document: NazorgDocument) -> str:
    """The organisation the document comes from: the prison for its documents, the municipality whose
    contact person wrote the gemeenteblad."""
    if SPECS[document.kind].party == "pi":
        return episode.prison.name
    author = document.submitted_by or document.created_by
    if author is not None and author.organisation is not None:
        return author.organisation.name
    return episode.gemeente.name if episode.gemeente else ""


def build_context(*, episode: DetentionEpisode, document: NazorgDocument, user: User) -> dict[str, Any]:
    sections = readable_sections(SPECS[document.kind], document.data)
    for section in sections:
        section["rows"] = [row for row in section["rows"] if row["value"]]
    return {
        "episode": episode,
        "document": document,
        "kind_label": DocumentKind(document.kind).label,
        "issuer": issuer(episode, document),
        "is_draft": document.status == DocumentStatus.DRAFT,
        "is_superseded": document.status == DocumentStatus.SUPERSEDED,
        "person_rows": person_rows(episode),
        "detention_rows": detention_rows(episode),
        "status_rows": status_rows(document),
        "sections": [section for section in sections if section["filled"]],
        "empty_sections": [str(section["title"]) for section in sections if not section["filled"]],
        "printed_by": user.get_full_name() or str(user),
        "printed_at": timezone.localtime(),
    }


def document_pdf(*, episode: DetentionEpisode, document: NazorgDocument, user: User) -> bytes:
    with pdf_language():
        context = build_context(episode=episode, document=document, user=user)
    return render_pdf(TEMPLATE, context)
