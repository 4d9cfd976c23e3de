"""The privacy officer's destruction lists: the overview, a list with its items (paged, filtered) and the
review per item (vernietigen / langer bewaren / uitzonderen, under the item's lock), "Lijst vaststellen",
the second review, cancelling, the progress of the job (an htmx-polled partial), "opnieuw proberen", and the
destruction record (verklaring van vernietiging) as a page and a PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.errors import EditConflict
from common.form_errors import add_service_errors
from common.form_helpers import set_bound_value
from common.paging import query_without_page
from privacy.access import may_second_review, privacy_officer_required
from privacy.forms.retention import ItemDecisionForm, ItemFilterForm, ListCancelForm, ListRevisionForm
from privacy.http import AuthenticatedRequest
from privacy.models import DestructionItem, DestructionList, ListStatus
from privacy.selectors.retention import destruction_items_page, destruction_list_summary, kind_label
from privacy.selectors.retention_pages import (
    destruction_failures,
    destruction_item_for_review,
    destruction_list_get,
    destruction_lists_overview,
    destruction_record,
    kind_labels,
    needs_second_review,
)
from privacy.services.record_pdf import destruction_record_pdf
from privacy.services.retention import (
    destruction_item_decide,
    destruction_list_approve,
    destruction_list_cancel,
    destruction_list_retry,
    destruction_list_second_review,
)

LISTS_PER_PAGE = 25
ITEMS_PER_PAGE = 50
RETURN_KEYS = ("soort", "besluit", "pagina")

ITEM_CONFLICT = gettext_lazy(
    "Iemand anders heeft het besluit over dit onderdeel intussen gewijzigd. Uw keuze is niet opgeslagen maar "
    "staat hieronder nog; vergelijk met het opgeslagen besluit en sla opnieuw op."
)
LIST_CONFLICT = gettext_lazy(
    "Deze lijst is intussen door iemand anders gewijzigd. Er is niets vastgesteld; bekijk de lijst opnieuw."
)


def _list_url(destruction_list: DestructionList, query: str = "", anchor: str = "") -> str:
    url = reverse("privacy:destruction_list", kwargs={"pk": destruction_list.pk})
    return f"{url}{'?' + query if query else ''}{'#' + anchor if anchor else ''}"


def _return_query(data: QueryDict | dict[str, str]) -> str:
    """The list's filters and page to go back to (only those keys: nothing else passes through)."""
    kept = QueryDict(mutable=True)
    back = QueryDict(str(data.get("terug", "")))
    for key in RETURN_KEYS:
        value = back.get(key, "")
        if value and len(value) <= 40:
            kept[key] = value
    return kept.urlencode()


@privacy_officer_required
@require_GET
def list_overview(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(destruction_lists_overview(), LISTS_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "privacy/retention/lists.html",
        {"page": page, "query_without_page": query_without_page(request), "newest_first": True},
    )


def _approve_question(destruction_list: DestructionList, destroy: int, extend: int, exclude: int) -> str:
    """The question "Lijst vaststellen" asks first, with the counts it will act on."""
    return _(
        "Lijst %(number)s vaststellen? Vernietigen: %(destroy)s. Langer bewaren: %(extend)s. "
        "Uitzonderen: %(exclude)s. Vernietigen kan niet ongedaan worden gemaakt."
    ) % {
        "number": destruction_list.number,
        "destroy": ngettext("%(n)d onderdeel", "%(n)d onderdelen", destroy) % {"n": destroy},
        "extend": extend,
        "exclude": exclude,
    }


def _detail(request: AuthenticatedRequest, destruction_list: DestructionList) -> HttpResponse:
    labels = kind_labels()
    filters = ItemFilterForm(request.GET, kinds=list(labels.items()))
    kind, decision = filters.values()
    page = destruction_items_page(
        user=request.user,
        destruction_list=destruction_list,
        page_number=request.GET.get("pagina") or 1,
        kind=kind,
        decision=decision,
        per_page=ITEMS_PER_PAGE,
        request=request,
    )
    summary = destruction_list_summary(destruction_list=destruction_list)
    second_review = destruction_list.status == ListStatus.PROPOSED and needs_second_review(
        destruction_list=destruction_list
    )
    waiting = destruction_list.status == ListStatus.AWAITING_SECOND_REVIEW
    context = {
        "destruction_list": destruction_list,
        "page": page,
        "items": [(item, labels.get(item.kind, item.kind)) for item in page.object_list],
        "filters": filters,
        "filtered": bool(kind or decision),
        "summary": summary,
        "query_without_page": query_without_page(request),
        "return_query": request.GET.urlencode(),
        "may_decide": destruction_list.status == ListStatus.PROPOSED,
        "needs_second_review": second_review,
        "approve_question": _approve_question(
            destruction_list, summary.destroy, summary.extend, summary.exclude
        ),
        "may_second_review": waiting
        and may_second_review(request.user)
        and destruction_list.reviewed_by_id != request.user.pk,
        "second_review_question": _(
            "Lijst %(number)s als tweede beoordelaar vaststellen? Vernietigen: %(destroy)s. Dit kan niet "
            "ongedaan worden gemaakt."
        )
        % {
            "number": destruction_list.number,
            "destroy": ngettext("%(n)d onderdeel", "%(n)d onderdelen", summary.destroy)
            % {"n": summary.destroy},
        },
        "revision_form": ListRevisionForm(initial={"revision": destruction_list.revision}),
        **_progress_context(request, destruction_list),
    }
    return render(request, "privacy/retention/list_detail.html", context)


@privacy_officer_required
@require_GET
def list_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _detail(request, destruction_list_get(pk=pk))


@privacy_officer_required
@require_http_methods(["GET", "POST"])
def item_review(request: AuthenticatedRequest, pk: int, item_pk: int) -> HttpResponse:
    """One item's decision, under its lock: a concurrent decision is shown, not overwritten."""
    destruction_list = destruction_list_get(pk=pk)
    item = destruction_item_for_review(
        user=request.user, destruction_list=destruction_list, pk=item_pk, request=request
    )
    data = request.POST if request.method == "POST" else request.GET
    back = _return_query(data)
    may_decide = destruction_list.status == ListStatus.PROPOSED
    form = ItemDecisionForm(
        request.POST if request.method == "POST" else None,
        initial={
            "revision": item.revision,
            "decision": item.decision,
            "reason": item.decision_reason,
            "extend_until": item.extend_until,
        },
    )
    conflict: DestructionItem | None = None
    if request.method == "POST":
        if not may_decide:
            messages.error(
                request, _("Deze lijst is niet meer in beoordeling: het besluit is niet gewijzigd.")
            )
            return redirect(_list_url(destruction_list, back))
        if form.is_valid():
            fields = form.cleaned_data
            try:
                saved = destruction_item_decide(
                    item=item,
                    decision=fields["decision"],
                    revision=fields["revision"],
                    by=request.user,
                    reason=fields["reason"],
                    extend_until=fields["extend_until"],
                )
            except EditConflict as exc:
                conflict = exc.current
                form.add_error(None, ITEM_CONFLICT)
                set_bound_value(form, "revision", str(exc.current.revision))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Besluit over %(ref)s opgeslagen: %(decision)s.")
                    % {"ref": saved.reference or saved.root_key, "decision": saved.get_decision_display()},
                )
                return redirect(_list_url(destruction_list, back, f"item-{saved.pk}"))
    if conflict is not None and conflict.decided_by_id:
        conflict = DestructionItem.objects.select_related("decided_by").get(pk=conflict.pk)
    return render(
        request,
        "privacy/retention/item.html",
        {
            "destruction_list": destruction_list,
            "item": item,
            "kind_label": kind_label(item.kind),
            "form": form,
            "conflict": conflict,
            "may_decide": may_decide,
            "back": back,
            "back_url": _list_url(destruction_list, back, f"item-{item.pk}"),
        },
    )


def _revision(request: AuthenticatedRequest) -> int | None:
    form = ListRevisionForm(request.POST)
    return form.cleaned_data["revision"] if form.is_valid() else None


def _refused(request: AuthenticatedRequest, exc: Exception) -> None:
    if isinstance(exc, EditConflict):
        messages.error(request, LIST_CONFLICT)
    elif isinstance(exc, ValidationError):
        messages.error(request, " ".join(exc.messages))


@privacy_officer_required
@require_POST
def list_approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """ "Lijst vaststellen" (the page asks first, naming the counts)."""
    destruction_list = destruction_list_get(pk=pk)
    revision = _revision(request)
    if revision is None:
        messages.error(request, LIST_CONFLICT)
        return redirect(_list_url(destruction_list))
    try:
        approved = destruction_list_approve(
            destruction_list=destruction_list, revision=revision, by=request.user
        )
    except (EditConflict, ValidationError) as exc:
        _refused(request, exc)
        return redirect(_list_url(destruction_list))
    if approved.status == ListStatus.AWAITING_SECOND_REVIEW:
        messages.success(
            request,
            _(
                "Lijst %(number)s is vastgesteld en wacht nu op de tweede beoordelaar. Er is nog niets "
                "vernietigd."
            )
            % {"number": approved.number},
        )
    else:
        messages.success(
            request,
            _("Lijst %(number)s is vastgesteld. De vernietiging is gestart.") % {"number": approved.number},
        )
    return redirect(_list_url(approved))


@privacy_officer_required
@require_POST
def list_second_review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The controller's second reviewer: a privacy officer with the permission, not the first reviewer."""
    destruction_list = destruction_list_get(pk=pk)
    if not may_second_review(request.user):
        raise PermissionDenied(_("U bent geen tweede beoordelaar van vernietigingslijsten."))
    revision = _revision(request)
    if revision is None:
        messages.error(request, LIST_CONFLICT)
        return redirect(_list_url(destruction_list))
    try:
        approved = destruction_list_second_review(
            destruction_list=destruction_list, revision=revision, by=request.user
        )
    except (EditConflict, ValidationError) as exc:
        _refused(request, exc)
        return redirect(_list_url(destruction_list))
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from exc
    messages.success(
        request,
        _("Lijst %(number)s is na de tweede beoordeling vastgesteld. De vernietiging is gestart.")
        % {"number": approved.number},
    )
    return redirect(_list_url(approved))


@privacy_officer_required
@require_http_methods(["GET", "POST"])
def list_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    destruction_list = destruction_list_get(pk=pk)
    if not destruction_list.is_reviewable:
        messages.info(
            request, _("Deze lijst is niet meer in beoordeling en kan niet meer worden geannuleerd.")
        )
        return redirect(_list_url(destruction_list))
    form = ListCancelForm(
        request.POST if request.method == "POST" else None, initial={"revision": destruction_list.revision}
    )
    if request.method == "POST" and form.is_valid():
        try:
            destruction_list_cancel(
                destruction_list=destruction_list,
                revision=form.cleaned_data["revision"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except EditConflict:
            form.add_error(None, LIST_CONFLICT)
            set_bound_value(form, "revision", str(destruction_list_get(pk=pk).revision))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Lijst %(number)s is geannuleerd. Er is niets vernietigd.")
                % {"number": destruction_list.number},
            )
            return redirect(_list_url(destruction_list))
    return render(
        request, "privacy/retention/list_cancel.html", {"destruction_list": destruction_list, "form": form}
    )


def _progress_context(request: AuthenticatedRequest, destruction_list: DestructionList) -> dict[str, object]:
    failures = (
        destruction_failures(user=request.user, destruction_list=destruction_list, request=request)
        if destruction_list.status == ListStatus.DESTROYED_WITH_ERRORS
        else []
    )
    return {
        "running": destruction_list.is_running,
        "failures": [(item, kind_label(item.kind)) for item in failures],
        "shows_progress": destruction_list.status
        in (
            ListStatus.APPROVED,
            ListStatus.DESTROYING,
            ListStatus.DESTROYED,
            ListStatus.DESTROYED_WITH_ERRORS,
        ),
    }


@privacy_officer_required
@require_GET
def list_progress(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The progress box, polled by htmx every two seconds while the job runs. Once the job has finished the
    page reloads (HX-Refresh): the list's status and its items changed too."""
    destruction_list = destruction_list_get(pk=pk)
    if request.htmx and not destruction_list.is_running:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(
        request,
        "privacy/retention/_partials/progress.html",
        {"destruction_list": destruction_list, **_progress_context(request, destruction_list)},
    )


@privacy_officer_required
@require_POST
def list_retry(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """ "Opnieuw proberen": the failed items go back to the job."""
    destruction_list = destruction_list_get(pk=pk)
    try:
        destruction_list_retry(destruction_list=destruction_list, by=request.user)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("De mislukte onderdelen worden opnieuw vernietigd."))
    return redirect(_list_url(destruction_list))


def _record(destruction_list: DestructionList) -> dict[str, object]:
    record = destruction_record(destruction_list=destruction_list)
    if record is None:
        raise Http404(_("De verklaring van vernietiging is er pas als de vernietiging is afgerond."))
    return record


@privacy_officer_required
@require_GET
def list_record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    destruction_list = destruction_list_get(pk=pk)
    return render(
        request,
        "privacy/retention/record.html",
        {"destruction_list": destruction_list, "record": _record(destruction_list)},
    )


@privacy_officer_required
@require_GET
def list_record_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    destruction_list = destruction_list_get(pk=pk)
    data = destruction_record_pdf(destruction_list=destruction_list, record=_record(destruction_list))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="verklaring-van-vernietiging-{destruction_list.number}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
