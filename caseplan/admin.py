"""Functional administrators manage reference data here; client data is only reached through the case pages."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from caseplan.models import Case, PlanTemplate, SanctionOption, TemplateDomain


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


class TemplateDomainInline(admin.TabularInline):
    model = TemplateDomain
    extra = 1
    fields = ["number", "name", "kind", "description", "goal_suggestions"]


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
