"""One document: read a submitted version, or draft, save and submit the party's own."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from common.documents import bound_sections
from common.errors import EditConflict
from common.form_errors import add_service_errors
from common.form_helpers import set_bound_value
from common.pdf import pdf_response
from common.stash import pop_stashed_post
from nazorg.access import episode_get_for_user, may_write_document
from nazorg.access_log import log_episode_read
from nazorg.forms import document_form_class
from nazorg.models import DetentionEpisode, DocumentKind, DocumentStatus, NazorgDocument
from nazorg.schema import SPECS, DocumentSpec
from nazorg.selectors.documents import document_for_reader, readable_sections
from nazorg.services.document_pdf import document_pdf
from nazorg.services.documents import document_save, document_start, document_submit
from privacy.http import AuthenticatedRequest


def _spec(kind: str) -> DocumentSpec:
    if kind not in SPECS:
        raise Http404("Onbekend document")
    return SPECS[kind]


def document_detail(request: AuthenticatedRequest, pk: int, kind: str) -> HttpResponse:
    spec = _spec(kind)
    episode, party = episode_get_for_user(user=request.user, pk=pk)
    document = document_for_reader(
        user=request.user, episode=episode, party=party, kind=kind, wanted=request.GET.get("versie", "")
    )
    versions = episode.documents.filter(kind=kind).exclude(status=DocumentStatus.DRAFT)
    log_episode_read(
        user=request.user, episode=episode, shown=f"nazorg {kind} v{document.number}", request=request
    )
    return render(
        request,
        "nazorg/document_detail.html",
        {
            "episode": episode,
            "spec": spec,
            "kind_label": DocumentKind(kind).label,
            "document": document,
            "sections": readable_sections(spec, document.data),
            "versions": list(versions.order_by("-number")),
            "may_correct": may_write_document(party, kind) and document.status == DocumentStatus.SUBMITTED,
        },
    )


@require_GET
def document_print(request: AuthenticatedRequest, pk: int, kind: str) -> HttpResponse:
    """The document as a PDF for the prison's or the municipality's files: the version the page shows (or
    ``?versie=N``), or the writing party's own draft with ``?versie=concept``; checked and logged like the page."""
    _spec(kind)
    episode, party = episode_get_for_user(user=request.user, pk=pk)
    document = document_for_reader(
        user=request.user,
        episode=episode,
        party=party,
        kind=kind,
        wanted=request.GET.get("versie", ""),
        drafts=True,
    )
    data = document_pdf(episode=episode, document=document, user=request.user)
    label = "concept" if document.status == DocumentStatus.DRAFT else f"v{document.number}"
    log_episode_read(
        user=request.user, episode=episode, shown=f"nazorg {kind} {label} (PDF)", request=request
    )
    return pdf_response(data, f"{kind}-{episode.reference}-{label}.pdf")


def _form_data(cleaned: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in cleaned.items() if key not in ("revision", "correction_reason")}


def _writable(request: AuthenticatedRequest, pk: int, kind: str) -> tuple[DetentionEpisode, DocumentSpec]:
    spec = _spec(kind)
    episode, party = episode_get_for_user(user=request.user, pk=pk)
    if not may_write_document(party, kind):
        raise PermissionDenied(_("Dit document vult de andere partij in; u kunt het alleen inzien."))
    if kind == DocumentKind.GEMEENTEBLAD and episode.gemeente_id != request.user.organisation_id:
        raise PermissionDenied(_("Het gemeenteblad vult de gemeente in die de overdracht heeft."))
    return episode, spec


def document_edit(request: AuthenticatedRequest, pk: int, kind: str) -> HttpResponse:
    episode, spec = _writable(request, pk, kind)
    draft = document_start(episode=episode, kind=kind, by=request.user)
    form_class = document_form_class(spec, correction=draft.number > 1)
    # What was typed before the session expired only fills the form: saving and submitting take a POST.
    stashed = pop_stashed_post(request)
    posted = request.POST if request.method == "POST" else None
    form = form_class(
        posted if posted is not None else stashed, initial={**draft.data, "revision": draft.revision}
    )
    conflict: NazorgDocument | None = None
    status = 200
    if posted is not None and form.is_valid():
        try:
            draft = document_save(
                document=draft,
                by=request.user,
                data=_form_data(form.cleaned_data),
                expected_revision=form.cleaned_data["revision"],
            )
            if "submit" in posted:
                document_submit(
                    document=draft,
                    by=request.user,
                    expected_revision=draft.revision,
                    correction_reason=form.cleaned_data.get("correction_reason", ""),
                )
        except EditConflict as exc:
            conflict = exc.current
            status = 409
        except ValidationError as exc:
            add_service_errors(form, exc)
            # The draft was kept before submitting found it incomplete: the form carries its new revision,
            # or the next press of "Indienen" would be refused as a conflict with the user's own save.
            set_bound_value(form, "revision", str(draft.revision))
        else:
            if "submit" in posted:
                messages.success(request, _("%(doc)s ingediend.") % {"doc": DocumentKind(kind).label})
                return redirect("nazorg:episode_detail", pk=episode.pk)
            messages.success(request, _("Concept opgeslagen. Het is nog niet verstuurd."))
            return redirect("nazorg:document_edit", pk=episode.pk, kind=kind)
    if posted is not None and form.errors and status == 200:
        status = 400
    if conflict is not None:  # the user's text stays in the form; the other version is shown beside it
        set_bound_value(form, "revision", str(conflict.revision))
    log_episode_read(user=request.user, episode=episode, shown=f"nazorg {kind} bewerken", request=request)
    sections = bound_sections(form, spec)
    return render(
        request,
        "nazorg/document_form.html",
        {
            "episode": episode,
            "form": form,
            "sections": sections,
            "draft": draft,
            "kind": kind,
            "kind_label": DocumentKind(kind).label,
            "conflict": conflict,
            "conflict_sections": readable_sections(spec, conflict.data) if conflict else [],
            "restored": stashed is not None,
        },
        status=status,
    )
