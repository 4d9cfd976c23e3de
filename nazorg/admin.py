"""Functional administration for nazorg: the envelope of episodes and documents for support questions (the
prison systems' API keys are in the privacy app's admin). Detainee data (names, BSN, document contents) is
only shown on the nazorg pages, where every read is logged; writes go through the services, never through
the admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from nazorg.access_log import log_episode_read
from nazorg.models import DetentionEpisode, NazorgDocument
from privacy.models import User

LOG_CHANNEL = "beheer"


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
        "revision",
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
