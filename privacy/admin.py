from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from privacy.models import AccessLog, Organisation, Purpose, User


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "type", "cbs_code", "is_active"]
    list_filter = ["type", "is_active"]
    search_fields = ["name", "cbs_code"]


@admin.register(Purpose)
class PurposeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "legal_ground"]
    search_fields = ["name", "code"]


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "organisation", "function", "is_active"]
    list_filter = ["function", "organisation__type", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    autocomplete_fields = ["organisation", "coordinator"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Persoon"), {"fields": ("first_name", "last_name", "phone")}),
        (_("Organisatie en functie"), {"fields": ("organisation", "function", "coordinator")}),
        (_("Rechten"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Datums"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("email", "organisation", "function", "password1", "password2")},
        ),
    )


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: the access log can be searched, never changed."""

    list_display = [
        "at",
        "user_label",
        "organisation_label",
        "case_id",
        "action",
        "shown",
        "purpose",
        "channel",
    ]
    list_filter = ["action", "channel"]
    search_fields = ["user_label", "=case_id", "=client_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
