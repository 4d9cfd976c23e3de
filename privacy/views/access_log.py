"""The privacy officer's access-log viewer (issue 15): search by client, user, organisation, period,
action and channel, as a paged table (newest first) and as CSV, and per client "wie heeft mijn gegevens
bekeken". Only for the privacy officer / ketenbeheerder (privacy.access.privacy_officer_required): everyone
else gets 404 (no existence leak)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from common.csv_export import csv_response
from common.paging import query_without_page
from privacy.access import privacy_officer_required
from privacy.access_log.hooks import ClientFound, ClientSearch
from privacy.access_log.viewer import (
    LogFilter,
    access_log_csv_rows,
    access_log_export_record,
    access_log_page,
    access_log_who_viewed,
    clients_search_for_officer,
)
from privacy.forms import AccessLogSearchForm
from privacy.http import AuthenticatedRequest
from privacy.models import User


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass
class Search:
    form: AccessLogSearchForm
    filter: LogFilter | None  # None: the form has errors
    clients: list[ClientFound]
    searched_clients: bool


def _search(request: AuthenticatedRequest, user: User) -> Search:
    form = AccessLogSearchForm(request.GET or None)
    if not form.is_bound:
        return Search(form=form, filter=LogFilter(), clients=[], searched_clients=False)
    if not form.is_valid():
        return Search(form=form, filter=None, clients=[], searched_clients=False)
    data = form.cleaned_data
    clients: list[ClientFound] = []
    client_ids: set[int] | None = None
    by_person = ClientSearch(name=data["naam"], birth_date=data["geboortedatum"], bsn=data["bsn"])
    if by_person:
        clients = clients_search_for_officer(user=user, search=by_person, request=request)
        client_ids = {match.client_id for match in clients}
    if data["client"]:
        client_ids = {data["client"]} if client_ids is None else client_ids & {data["client"]}
    user_id = None
    if data["gebruiker"]:
        reader = User.objects.filter(email__iexact=data["gebruiker"]).only("pk").first()
        if reader is None:
            form.add_error("gebruiker", _("Er is geen gebruiker met dit e-mailadres."))
            return Search(form=form, filter=None, clients=clients, searched_clients=bool(by_person))
        user_id = reader.pk
    search = LogFilter(
        client_ids=tuple(sorted(client_ids)) if client_ids is not None else None,
        user_id=user_id,
        organisation=data["organisatie"].strip(),
        start=_midnight(data["van"]) if data["van"] else None,
        end=_midnight(data["tot"] + datetime.timedelta(days=1)) if data["tot"] else None,
        action=data["handeling"],
        channel=data["kanaal"],
    )
    return Search(form=form, filter=search, clients=clients, searched_clients=bool(by_person))


def _page_number(request: AuthenticatedRequest) -> int:
    try:
        return int(request.GET.get("pagina", "1"))
    except ValueError:
        return 1


@privacy_officer_required
@require_GET
def access_log_search(request: AuthenticatedRequest) -> HttpResponse:
    user: User = request.user
    search = _search(request, user)
    page = access_log_page(search.filter, number=_page_number(request)) if search.filter else None
    return render(
        request,
        "privacy/access_log.html",
        {
            "form": search.form,
            "clients": search.clients,
            "searched_clients": search.searched_clients,
            "page": page,
            "query_without_page": query_without_page(request),
            "query": request.GET.urlencode(),
        },
    )


@privacy_officer_required
@require_GET
def access_log_csv(request: AuthenticatedRequest) -> HttpResponse:
    user: User = request.user
    search = _search(request, user)
    chosen = search.filter or LogFilter(client_ids=())
    response = csv_response(
        access_log_csv_rows(chosen), filename=f"inzagelog-{timezone.localdate():%Y-%m-%d}.csv"
    )
    if chosen.client_ids != ():
        access_log_export_record(user=user, search=chosen, request=request)
    return response


@privacy_officer_required
@require_GET
def access_log_client(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    """Wie heeft mijn gegevens bekeken: every read of one client (destroyed ones too, by id)."""
    user: User = request.user
    groups = access_log_who_viewed(user=user, client_id=client_id, request=request)
    page = access_log_page(LogFilter(client_ids=(client_id,)), number=_page_number(request))
    return render(
        request,
        "privacy/access_log_client.html",
        {
            "client_id": client_id,
            "groups": groups,
            "page": page,
            "query_without_page": query_without_page(request),
        },
    )
