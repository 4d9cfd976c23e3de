from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from caseplan.access import case_get_for_user, user_can_change_case
from caseplan.access_log import log_case_read
from caseplan.forms.cases import ClientChildForm, ClientForm
from caseplan.models import Case, Client, ClientChild
from caseplan.selectors.cases import case_detail_queryset
from caseplan.services.clients import client_child_add, client_child_remove, client_update
from common.errors import EditConflict
from common.form_errors import add_service_errors
from common.form_helpers import set_bound_value
from common.model_fields import concrete_field
from common.stash import pop_stashed_post
from privacy.http import AuthenticatedRequest

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CLIENT_FIELDS = [name for name in ClientForm.Meta.fields if name != "foto"]


def _render_client_page(
    request: AuthenticatedRequest, case: Case, child_form: ClientChildForm | None = None
) -> HttpResponse:
    client = case.client
    log_case_read(user=request.user, case=case, shown="cliëntgegevens", request=request)
    return render(
        request,
        "caseplan/client_detail.html",
        {
            "case": case,
            "client": client,
            "children": list(client.kinderen.all()),
            "fields": _client_fields(client),
            "can_edit": user_can_change_case(request.user, case),
            "child_form": child_form or ClientChildForm(),
        },
    )


def client_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, pk=pk, queryset=case_detail_queryset())
    return _render_client_page(request, case)


def _client_fields(client: Client) -> list[tuple[StrOrPromise, object]]:
    rows = []
    for name in CLIENT_FIELDS:
        field = concrete_field(client, name)
        display = getattr(client, f"get_{name}_display", None)
        value = display() if display else getattr(client, name)
        rows.append((field.verbose_name, value))
    return rows


def client_photo(request: AuthenticatedRequest, pk: int) -> FileResponse:
    case = case_get_for_user(user=request.user, pk=pk, queryset=case_detail_queryset())
    if not case.client.foto:
        raise Http404(_("Er is geen foto."))
    log_case_read(user=request.user, case=case, shown="foto cliënt", request=request)
    response = FileResponse(case.client.foto.open("rb"))
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def client_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, pk=pk, write=True, queryset=case_detail_queryset())
    client = case.client
    stashed = None if request.method == "POST" else pop_stashed_post(request)
    data = request.POST if request.method == "POST" else stashed
    form = ClientForm(data, request.FILES or None, instance=client, initial={"revision": client.revision})
    conflict = None
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ClientForm.Meta.fields}
        if "foto" not in form.changed_data:
            fields.pop("foto")
        elif fields["foto"] is False:  # the "clear" checkbox
            fields["foto"] = ""
        try:
            client_update(
                client=client, by=request.user, expected_revision=form.cleaned_data["revision"], **fields
            )
        except EditConflict as exc:
            conflict = exc.current
            form.add_error(
                None,
                _(
                    "Iemand anders heeft deze cliëntgegevens intussen gewijzigd. Uw invoer is niet opgeslagen "
                    "maar staat hieronder nog; vergelijk met de opgeslagen versie en sla opnieuw op."
                ),
            )
            set_bound_value(form, "revision", str(conflict.revision))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("De cliëntgegevens zijn opgeslagen."))
            return redirect("caseplan:client_detail", pk=case.pk)
    log_case_read(user=request.user, case=case, shown="cliëntgegevens (bewerken)", request=request)
    conflict_rows = _conflict_rows(form, conflict) if conflict else []
    return render(
        request,
        "caseplan/client_edit.html",
        {
            "case": case,
            "client": client,
            "form": form,
            "conflict_rows": conflict_rows,
            "restored": stashed is not None,
        },
    )


def _conflict_rows(form: ClientForm, current: object) -> list[tuple[StrOrPromise | None, object, object]]:
    """Fields where the saved version differs from what this user typed: label, saved, typed."""
    rows = []
    for name in CLIENT_FIELDS:
        saved = getattr(current, name)
        typed = form.cleaned_data.get(name)
        if (saved or "") != (typed or ""):
            rows.append((form.fields[name].label, saved, typed))
    return rows


@require_POST
def child_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, pk=pk, write=True, queryset=case_detail_queryset())
    form = ClientChildForm(request.POST)
    if form.is_valid():
        child = client_child_add(client=case.client, by=request.user, **form.cleaned_data)
        messages.success(request, _("%(name)s is toegevoegd.") % {"name": child.naam})
        return redirect("caseplan:client_detail", pk=case.pk)
    return _render_client_page(request, case, child_form=form)


@require_POST
def child_remove(request: AuthenticatedRequest, pk: int, child_pk: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, pk=pk, write=True)
    child = get_object_or_404(ClientChild, pk=child_pk, client_id=case.client_id)
    client_child_remove(child=child, by=request.user)
    messages.success(request, _("%(name)s is verwijderd.") % {"name": child.naam})
    return redirect("caseplan:client_detail", pk=case.pk)
