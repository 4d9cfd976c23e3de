"""The journal: every signal of a client, newest first, for the case team and the serving back office."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from caseplan.access_log import log_case_read
from caseplan.models import Case
from co24.access import Role, co24_case_get_for_user, may_see_medical
from co24.forms.signals import JournalFilterForm
from co24.selectors import journal_callers, journal_items, journal_signals, signal_for_case
from co24.views.manage import co24_context
from common.paging import query_without_page
from privacy.http import AuthenticatedRequest

PAGE_SIZE = 25


def _frame(case: Case, role: Role, **extra: object) -> dict[str, object]:
    """The CO24dak frame of co24/manage_base.html, plus whether this user may record a signal here."""
    context = co24_context(case, role, "journal", **extra)
    context["can_record"] = context["enrolled"] and role in (Role.BACKOFFICE, Role.TEAM_WRITE)
    return context


@require_GET
def journal(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case, role = co24_case_get_for_user(user=request.user, pk=pk)
    form = JournalFilterForm(request.GET or None, callers=journal_callers(case), items=journal_items(case))
    filters = form.filters()
    page = Paginator(journal_signals(case=case, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    log_case_read(user=request.user, case=case, shown="CO24dak-journaal (signalen)", request=request)
    context = _frame(
        case,
        role,
        form=form,
        filtered=filters.active,
        page=page,
        can_see_medical=may_see_medical(request.user, case),
        query_without_page=query_without_page(request),
    )
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    return render(request, "co24/_partials/journal_rows.html" if partial else "co24/journal.html", context)


@require_GET
def signal_detail(request: AuthenticatedRequest, pk: int, signal_pk: int) -> HttpResponse:
    case, role = co24_case_get_for_user(user=request.user, pk=pk)
    signal = signal_for_case(case=case, pk=signal_pk)
    log_case_read(user=request.user, case=case, shown=f"CO24dak-signaal {signal.pk}", request=request)
    return render(
        request,
        "co24/signal_detail.html",
        _frame(case, role, signal=signal, can_see_medical=may_see_medical(request.user, case)),
    )
