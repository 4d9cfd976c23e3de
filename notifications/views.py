from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from notifications.forms import PreferencesForm
from notifications.models import Notification
from notifications.selectors import notifications_for
from notifications.services import notification_mark_read, notifications_mark_all_read, preference_set
from privacy.http import AuthenticatedRequest


def _own(request: AuthenticatedRequest, pk: int) -> Notification:
    notification = Notification.objects.filter(recipient=request.user, pk=pk).first()
    if notification is None:
        raise Http404("Melding niet gevonden")
    return notification


def inbox(request: AuthenticatedRequest) -> HttpResponse:
    unread_only = request.GET.get("ongelezen") == "1"
    page = Paginator(notifications_for(request.user, unread_only=unread_only), 30).get_page(
        request.GET.get("pagina")
    )
    return render(request, "notifications/inbox.html", {"page": page, "unread_only": unread_only})


def open_notification(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Mark read and go to the subject; the subject's own page checks access again."""
    notification = _own(request, pk)
    notification_mark_read(notification=notification)
    target = notification.url or "/meldingen/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/meldingen/"
    return redirect(target)


@require_POST
def mark_read(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    notification = _own(request, pk)
    notification_mark_read(notification=notification)
    if request.htmx:
        return render(
            request, "notifications/_partials/notification_row.html", {"notification": notification}
        )
    return redirect("notifications:inbox")


@require_POST
def mark_all_read(request: AuthenticatedRequest) -> HttpResponse:
    count = notifications_mark_all_read(user=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)d melding gemarkeerd als gelezen.", "%(count)d meldingen gemarkeerd als gelezen.", count
        )
        % {"count": count},
    )
    return redirect("notifications:inbox")


@require_http_methods(["GET", "POST"])
def preferences(request: AuthenticatedRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        for kind, channel in form.cleaned_data.items():
            preference_set(user=request.user, kind=kind, channel=channel)
        messages.success(request, _("Uw voorkeuren zijn opgeslagen."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
