"""Functional administration for nazorg: API keys of prison systems, and the envelope of episodes and
documents for support questions. Detainee data (names, BSN, document contents) is only shown on the nazorg
pages, where every read is logged; writes go through the services, never through the admin."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from nazorg.logging import log_episode_read
from nazorg.models import DetentionEpisode, NazorgDocument, OrganisationToken
from nazorg.services.tokens import token_check, token_issue, token_revoke
from privacy.models import User

LOG_CHANNEL = "beheer"

# Shown once, right after the key is made; it is never stored and cannot be shown again.
KEY_PAGE = engines["django"].from_string(
    """{% extends "admin/base_site.html" %}{% load i18n %}
{% block content %}
<div id="content-main">
  <p>{% blocktranslate %}Geef deze sleutel aan de beheerder van het systeem van {{ organisation }}.
  Hij wordt <strong>niet opnieuw getoond</strong>: alleen een vingerafdruk wordt bewaard. Kwijt? Trek de
  sleutel in en maak een nieuwe.{% endblocktranslate %}</p>
  <p><code id="api-key" style="font-size: 1.2em; user-select: all;">{{ key }}</code></p>
  <p>{% translate "Gebruik" %}: <code>Authorization: Bearer &lt;{% translate "sleutel" %}&gt;</code></p>
  <p><a class="button" href="{{ changelist_url }}">{% translate "Ik heb de sleutel bewaard" %}</a></p>
</div>
{% endblock %}"""
)


class OrganisationTokenForm(forms.ModelForm):
    class Meta:
        model = OrganisationToken
        fields = ["organisation", "service_user", "name"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        token_check(organisation=cleaned.get("organisation"), service_user=cleaned.get("service_user"))
        return cleaned


@admin.register(OrganisationToken)
class OrganisationTokenAdmin(admin.ModelAdmin):
    form = OrganisationTokenForm
    list_display = ["name", "organisation", "prefix", "service_user", "created_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "organisation__name", "prefix"]
    autocomplete_fields = ["organisation", "service_user"]
    actions = ["revoke"]

    def get_fields(self, request: HttpRequest, obj: OrganisationToken | None = None) -> tuple[str, ...]:
        if obj is None:
            return ("organisation", "service_user", "name")
        return ("name", "organisation", "service_user", "prefix", "created_at", "revoked_at")

    def get_readonly_fields(self, request: HttpRequest, obj: OrganisationToken | None = None) -> list[str]:
        if obj is None:
            return []
        return ["organisation", "service_user", "prefix", "created_at", "revoked_at"]

    def save_model(self, request: HttpRequest, obj: OrganisationToken, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)  # only the name can change
        else:
            obj._plain_key = token_issue(token=obj)  # type: ignore[attr-defined]

    def response_add(
        self, request: HttpRequest, obj: OrganisationToken, post_url_continue: str | None = None
    ) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": _("Nieuwe API-sleutel: %(name)s") % {"name": obj.name},
            "organisation": obj.organisation.name,
            "key": obj._plain_key,  # type: ignore[attr-defined]
            "changelist_url": reverse("admin:nazorg_organisationtoken_changelist"),
            "opts": self.opts,
        }
        response = TemplateResponse(request, KEY_PAGE, context)
        add_never_cache_headers(response)
        return response

    def has_delete_permission(self, request: HttpRequest, obj: OrganisationToken | None = None) -> bool:
        return False  # revoke instead: the key's history stays visible

    @admin.action(description=_("Geselecteerde sleutels intrekken"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[OrganisationToken]) -> None:
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True):
            token_revoke(token=token)
            self.log_change(request, token, [{"changed": {"fields": ["revoked_at"]}}])
            revoked += 1
        self.message_user(
            request,
            ngettext("%(n)d sleutel ingetrokken.", "%(n)d sleutels ingetrokken.", revoked) % {"n": revoked},
            messages.SUCCESS,
        )


class _Envelope:
    """Stands in for the episode on admin pages: ``str()`` gives the reference, not the detainee's name."""

    def __init__(self, obj: Any, label: str) -> None:
        self._obj = obj
        self._label = label

    def __str__(self) -> str:
        return self._label

    def __getattr__(self, name: str) -> Any:
        return getattr(self._obj, name)


class EnvelopeAdmin(admin.ModelAdmin):
    """Read-only, and never the detainee's name: not in titles, breadcrumbs or links. Opening one is
    still logged, because a reference with detention dates is detainee data to anyone with nazorg access."""

    def episode_of(self, obj: Any) -> DetentionEpisode:
        raise NotImplementedError

    def label(self, obj: Any) -> str:
        return self.episode_of(obj).reference

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Any = None,
    ) -> HttpResponse:
        if obj is not None:
            assert isinstance(request.user, User)  # the admin site lets only signed-in staff in
            context["original"] = _Envelope(obj, self.label(obj))
            context["subtitle"] = self.label(obj)
            log_episode_read(
                user=request.user,
                episode=self.episode_of(obj),
                shown=f"beheer: {self.opts.verbose_name} (envelop)",
                request=request,
                channel=LOG_CHANNEL,
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        obj = self.get_object(request, unquote(object_id))
        if obj is not None:
            extra_context = {
                **(extra_context or {}),
                "title": _("Wijzigingsgeschiedenis: %(label)s") % {"label": self.label(obj)},
                "object": _Envelope(obj, self.label(obj)),
            }
        return super().history_view(request, object_id, extra_context)


@admin.register(DetentionEpisode)
class DetentionEpisodeAdmin(EnvelopeAdmin):
    """Only the envelope (no name, BSN or documents), like the case admin."""

    list_display = [
        "reference",
        "prison",
        "gemeente",
        "handover_status",
        "detention_start",
        "expected_release",
        "released_on",
    ]
    list_filter = ["handover_status", "status", "prison"]
    list_select_related = ["prison", "gemeente"]
    search_fields = ["=reference"]
    readonly_fields = (
        "reference",
        "prison",
        "status",
        "detention_start",
        "expected_release",
        "released_on",
        "not_screened",
        "gemeente",
        "gemeente_vestiging",
        "handover_status",
        "notice_received_on",
        "gemeente_since",
        "case",
        "version",
        "created_at",
    )
    fields = readonly_fields

    def episode_of(self, obj: DetentionEpisode) -> DetentionEpisode:
        return obj


@admin.register(NazorgDocument)
class NazorgDocumentAdmin(EnvelopeAdmin):
    """Which version of which document, by which channel: never its contents."""

    list_display = ["episode_reference", "kind", "number", "status", "channel", "submitted_at"]
    list_filter = ["kind", "status", "channel"]
    list_select_related = ["episode"]
    search_fields = ["=episode__reference"]
    readonly_fields = (
        "episode_reference",
        "kind",
        "number",
        "status",
        "channel",
        "revision",
        "correction_reason",
        "created_at",
        "submitted_at",
    )
    fields = readonly_fields

    def episode_of(self, obj: NazorgDocument) -> DetentionEpisode:
        return obj.episode

    def label(self, obj: NazorgDocument) -> str:
        return f"{obj.episode.reference}: {obj}"

    @admin.display(description=_("detentie"), ordering="episode__reference")
    def episode_reference(self, obj: NazorgDocument) -> str:
        return obj.episode.reference
