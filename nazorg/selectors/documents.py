"""Reads of one nazorg document: which version a reader gets (the page and its PDF use the same rule), and the
document as label/value pairs per section."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from nazorg.access import Party, may_write_document
from nazorg.models import DetentionEpisode, DocumentKind, DocumentStatus, NazorgDocument
from nazorg.schema import DocumentSpec
from privacy.models import User

DRAFT = "concept"  # ?versie=concept: the writing party's own draft (the PDF only)


def readable_sections(spec: DocumentSpec, data: dict[str, Any]) -> list[dict[str, Any]]:
    """The document as label/value pairs per section, with the fixed lists' labels."""
    sections = []
    for section in spec.sections:
        rows = [{"label": f.label, "value": f.display(data.get(f.key)), "key": f.key} for f in section.fields]
        sections.append(
            {
                "title": section.title,
                "help": section.help,
                "rows": rows,
                "filled": any(r["value"] for r in rows),
            }
        )
    return sections


def may_read_draft(*, user: User, episode: DetentionEpisode, party: Party, kind: str) -> bool:
    """A draft is the writing party's own: the prison's documents for the prison, the gemeenteblad for the
    municipality that has the hand-over (as for editing it)."""
    if not may_write_document(party, kind):
        return False
    return kind != DocumentKind.GEMEENTEBLAD or episode.gemeente_id == user.organisation_id


def document_for_reader(
    *, user: User, episode: DetentionEpisode, party: Party, kind: str, wanted: str = "", drafts: bool = False
) -> NazorgDocument:
    """The version a reader gets: the submitted one, a numbered earlier one (``wanted``), or with ``drafts``
    the party's own draft (``wanted == "concept"``). 404 for anything else: a care provider sees only the
    basisdocument shared with them, and nobody sees another party's draft."""
    if party == Party.CARE and kind != DocumentKind.BASISDOCUMENT:
        raise Http404
    documents = episode.documents.filter(kind=kind).select_related(
        "submitted_by__organisation", "created_by__organisation"
    )
    if wanted == DRAFT:
        if not drafts or not may_read_draft(user=user, episode=episode, party=party, kind=kind):
            raise Http404
        document = documents.filter(status=DocumentStatus.DRAFT).first()
    else:
        versions = documents.exclude(status=DocumentStatus.DRAFT)
        chosen = (
            versions.filter(number=int(wanted))
            if wanted.isdigit()
            else versions.filter(status=DocumentStatus.SUBMITTED)
        )
        document = chosen.first()
    if document is None:
        raise Http404("Nog niet ingediend")
    return document
