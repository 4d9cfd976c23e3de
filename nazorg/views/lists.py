"""The three lists: the MMD'er's worklist, the municipal inbox and the coordinators' queue."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from common.paging import query_without_page
from nazorg.access import is_municipal_user, is_prison_user, is_queue_coordinator
from nazorg.access_log import log_episode_list
from nazorg.models import DetentionEpisode
from nazorg.selectors.episodes import INBOX_TABS, episode_rows, inbox_for, queue_for, worklist_for
from privacy.http import AuthenticatedRequest

PAGE_SIZE = 25


def index(request: AuthenticatedRequest) -> HttpResponse:
    """Each role lands on its own list."""
    if is_prison_user(request.user):
        return redirect("nazorg:worklist")
    if is_municipal_user(request.user):
        return redirect("nazorg:inbox")
    if is_queue_coordinator(request.user):
        return redirect("nazorg:queue")
    return render(request, "nazorg/no_role.html", status=200)


def _page(
    request: AuthenticatedRequest, queryset: QuerySet[DetentionEpisode], shown: str
) -> dict[str, object]:
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("pagina"))
    episodes = list(page.object_list)
    log_episode_list(user=request.user, episodes=episodes, shown=shown, request=request)
    return {"page": page, "rows": episode_rows(episodes), "query_without_page": query_without_page(request)}


def worklist(request: AuthenticatedRequest) -> HttpResponse:
    if not is_prison_user(request.user):
        raise Http404
    search = request.GET.get("q", "").strip()
    state = request.GET.get("filter", "")
    if state not in ("", "mijn", "binnenkort", "ontslagen"):
        state = ""
    context = _page(request, worklist_for(request.user, search=search, state=state), "nazorg werklijst")
    template = "nazorg/_partials/worklist_rows.html" if request.htmx else "nazorg/worklist.html"
    return render(request, template, {**context, "search": search, "state": state})


def inbox(request: AuthenticatedRequest) -> HttpResponse:
    if not is_municipal_user(request.user):
        raise Http404
    tab = request.GET.get("tab", "nieuw")
    if tab not in INBOX_TABS:
        tab = "nieuw"
    search = request.GET.get("q", "").strip()
    context = _page(request, inbox_for(request.user, tab=tab, search=search), "nazorg inbox")
    template = "nazorg/_partials/inbox_rows.html" if request.htmx else "nazorg/inbox.html"
    return render(request, template, {**context, "tab": tab, "search": search, "tabs": INBOX_TABS})


def queue(request: AuthenticatedRequest) -> HttpResponse:
    if not is_queue_coordinator(request.user):
        raise Http404
    context = _page(request, queue_for(request.user), "nazorg wachtrij")
    return render(request, "nazorg/queue.html", context)
