"""Functional administrators manage reference data here; client data is only reached through the case pages."""

from django.contrib import admin

from caseplan.models import Case


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """Only the administrative envelope of a case (no client details, no history), for support questions."""

    list_display = ["reference", "gemeente", "status", "created_at"]
    list_filter = ["status", "gemeente"]
    search_fields = ["=reference"]
    fields = ["reference", "gemeente", "purpose", "status", "closed_on", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
