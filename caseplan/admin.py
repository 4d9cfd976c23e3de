"""Functional administrators manage reference data here; client data is only reached through the case pages."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from caseplan.models import Case, PlanTemplate, SanctionOption, TemplateDomain
from common.form_helpers import LinesField


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """Only the administrative envelope of a case (no client details, no history), for support questions."""

    list_display = ["reference", "gemeente", "status", "created_at"]
    list_filter = ["status", "gemeente"]
    search_fields = ["=reference"]
    readonly_fields = ("reference", "gemeente", "purpose", "status", "closed_on", "created_at")
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TemplateDomainForm(forms.ModelForm):
    goal_suggestions = LinesField(
        label=_("Voorbeelden van doelen"),
        required=False,
        help_text=_("Eén voorbeelddoel per regel (Bijlage 1)."),
    )

    class Meta:
        model = TemplateDomain
        fields = ["number", "name", "kind", "description", "goal_suggestions"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class TemplateDomainInline(admin.StackedInline):
    """Stacked, so every field has its own label and the form fits the page."""

    model = TemplateDomain
    form = TemplateDomainForm
    extra = 0


@admin.register(PlanTemplate)
class PlanTemplateAdmin(admin.ModelAdmin):
    """A functional administrator adds a template (for example a PGA monitor with 12 leefgebieden) here."""

    list_display = ["name", "code", "is_active"]
    prepopulated_fields = {"code": ["name"]}
    inlines = [TemplateDomainInline]


@admin.register(SanctionOption)
class SanctionOptionAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "group"]
    list_filter = ["group"]
