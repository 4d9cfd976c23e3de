"""The working-day calendar and the deadline rules are data a functional administrator maintains."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from deadlines.models import DeadlineRule, Holiday


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "source"]
    list_filter = ["source"]
    date_hierarchy = "date"
    search_fields = ["name"]


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "amount", "unit", "direction", "due_soon_days", "source"]
    search_fields = ["name", "code"]
    readonly_fields = ["code"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deadlines refer to their rule
