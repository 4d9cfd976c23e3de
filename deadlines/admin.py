"""The working-day calendar and the deadline rules are data a functional administrator maintains."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deadlines.models import DeadlineRule, Holiday


class HolidayPeriodFilter(admin.SimpleListFilter):
    """The list opens at this year: the calendar holds 2000 to 2060, and nobody looks for 2003's Easter."""

    title = _("periode")
    parameter_name = "periode"
    FROM_THIS_YEAR, EARLIER, ALL = None, "eerder", "alle"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [(self.EARLIER, _("Vóór dit jaar")), (self.ALL, _("Alle jaren"))]

    def choices(self, changelist: Any) -> Iterator[Any]:
        choices = super().choices(changelist)
        first = next(choices)
        yield {**first, "display": _("Vanaf dit jaar")}
        yield from choices

    def queryset(self, request: HttpRequest, queryset: QuerySet[Holiday]) -> QuerySet[Holiday]:
        this_year = timezone.localdate().year
        if self.value() == self.ALL:
            return queryset
        if self.value() == self.EARLIER:
            return queryset.filter(date__year__lt=this_year)
        return queryset.filter(date__year__gte=this_year)


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "source"]
    list_filter = [HolidayPeriodFilter, "source"]
    date_hierarchy = "date"
    search_fields = ["name"]


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "amount", "unit", "direction", "due_soon_days", "source"]
    search_fields = ["name", "code"]
    readonly_fields = ["code"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deadlines refer to their rule
