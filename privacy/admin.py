from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from privacy.models import (
    AccessLog,
    ApiToken,
    AuthenticatorApp,
    BackupCodes,
    Organisation,
    Purpose,
    RetentionRule,
    TokenState,
    User,
)
from privacy.services import api_token_check, api_token_issue, api_token_revoke
from privacy.services.retention import retention_rule_check, retention_rule_save


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
    readonly_fields = ["last_login", "date_joined"]
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


class ApiTokenForm(forms.ModelForm):
    """Issuing a key: its owner (a user, or an organisation with its service account), a name, and when it
    expires (empty: the default lifetime). Afterwards only the name can change."""

    class Meta:
        model = ApiToken
        fields = ["name", "user", "organisation", "service_user", "expires_at"]
        help_texts = {
            "expires_at": _("Leeg: over een jaar voor een gebruiker, over twee jaar voor een organisatie."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "expires_at" in self.fields:
            self.fields["expires_at"].required = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.instance.pk is None:
            api_token_check(
                user=cleaned.get("user"),
                organisation=cleaned.get("organisation"),
                service_user=cleaned.get("service_user"),
            )
            expires_at = cleaned.get("expires_at")
            if expires_at is not None and expires_at <= timezone.now():
                self.add_error("expires_at", _("Kies een moment in de toekomst."))
        return cleaned


class TokenKindFilter(admin.SimpleListFilter):
    title = _("soort")
    parameter_name = "soort"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("gebruiker", _("Gebruiker")), ("organisatie", _("Organisatie"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> QuerySet[ApiToken]:
        if self.value() == "gebruiker":
            return queryset.filter(user__isnull=False)
        if self.value() == "organisatie":
            return queryset.filter(organisation__isnull=False)
        return queryset


class TokenStateFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return list(TokenState.choices)

    def queryset(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> QuerySet[ApiToken]:
        now = timezone.now()
        if self.value() == TokenState.ACTIVE:
            return queryset.filter(revoked_at__isnull=True, expires_at__gt=now)
        if self.value() == TokenState.EXPIRED:
            return queryset.filter(revoked_at__isnull=True, expires_at__lte=now)
        if self.value() == TokenState.REVOKED:
            return queryset.filter(revoked_at__isnull=False)
        return queryset


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Keys of users and of organisations' systems. Issuing one shows the key once; revoking is final, and
    keys are never deleted, so their history stays visible."""

    form = ApiTokenForm
    list_display = [
        "name",
        "owner_label",
        "kind_label",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
        "state_label",
    ]
    list_select_related = ["user", "organisation"]
    list_filter = [TokenKindFilter, TokenStateFilter]
    search_fields = ["name", "=prefix", "user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation", "service_user"]
    actions = ["revoke"]
    ADD_FIELDS = ("name", "user", "organisation", "service_user", "expires_at")
    SHOWN_FIELDS = (
        "name",
        "user",
        "organisation",
        "service_user",
        "prefix",
        "created_at",
        "created_by",
        "expires_at",
        "last_used_at",
        "revoked_at",
        "revoked_by",
    )

    def get_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> tuple[str, ...]:
        return self.ADD_FIELDS if obj is None else self.SHOWN_FIELDS

    def get_readonly_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> list[str]:
        return [] if obj is None else [field for field in self.SHOWN_FIELDS if field != "name"]

    @admin.display(description=_("eigenaar"))
    def owner_label(self, obj: ApiToken) -> str:
        return str(obj.owner)

    @admin.display(description=_("soort"))
    def kind_label(self, obj: ApiToken) -> str:
        return str(_("Organisatie") if obj.is_organisation_key else _("Gebruiker"))

    @admin.display(description=_("status"))
    def state_label(self, obj: ApiToken) -> str:
        return str(obj.state().label)

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)  # only the name can change
        else:
            obj._plain_key = api_token_issue(token=obj, by=request.user)  # type: ignore[attr-defined, arg-type]

    def response_add(
        self, request: HttpRequest, obj: ApiToken, post_url_continue: str | None = None
    ) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": _("Nieuwe API-sleutel: %(name)s") % {"name": obj.name},
            "token": obj,
            "key": obj._plain_key,  # type: ignore[attr-defined]
            "keyword": "Bearer" if obj.is_organisation_key else "Token",
            "changelist_url": reverse("admin:privacy_apitoken_changelist"),
            "opts": self.opts,
        }
        response = TemplateResponse(request, "privacy/admin/api_token_issued.html", context)
        add_never_cache_headers(response)
        return response

    def has_delete_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False

    @admin.action(description=_("Geselecteerde sleutels intrekken"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True):
            api_token_revoke(token=token, by=request.user)  # type: ignore[arg-type]
            self.log_change(request, token, [{"changed": {"fields": ["revoked_at"]}}])
            revoked += 1
        self.message_user(
            request,
            ngettext("%(n)d sleutel ingetrokken.", "%(n)d sleutels ingetrokken.", revoked) % {"n": revoked},
            messages.SUCCESS,
        )


# The second login factor: who has one, when it was last used, and a reset (delete) when a user lost their
# phone. django-otp's own admin is English and shows the secrets; it is replaced by these. A user sets up a
# new authenticator app at /inloggen/instellen/ after a reset.


class ConfirmedFilter(admin.SimpleListFilter):
    title = _("bevestigd")
    parameter_name = "bevestigd"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("ja", _("Ja")), ("nee", _("Nee, nog niet ingesteld"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() in ("ja", "nee"):
            return queryset.filter(confirmed=self.value() == "ja")
        return queryset


class SecondFactorAdmin(admin.ModelAdmin):
    list_display = [
        "user_display",
        "name_display",
        "created_display",
        "last_used_display",
        "confirmed_display",
    ]
    list_filter = [ConfirmedFilter]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    search_help_text = _("Zoek op e-mailadres of naam van de gebruiker.")
    list_select_related = ["user"]
    fields = ("user_display", "name_display", "created_display", "last_used_display", "confirmed_display")
    readonly_fields = fields

    @admin.display(description=_("gebruiker"), ordering="user__email")
    def user_display(self, device: TOTPDevice | StaticDevice) -> str:
        return str(device.user)

    @admin.display(description=_("naam"), ordering="name")
    def name_display(self, device: TOTPDevice | StaticDevice) -> str:
        return device.name

    @admin.display(description=_("ingesteld op"), ordering="created_at")
    def created_display(self, device: TOTPDevice | StaticDevice) -> Any:
        return device.created_at

    @admin.display(description=_("laatst gebruikt"), ordering="last_used_at")
    def last_used_display(self, device: TOTPDevice | StaticDevice) -> Any:
        return device.last_used_at

    @admin.display(description=_("bevestigd"), boolean=True, ordering="confirmed")
    def confirmed_display(self, device: TOTPDevice | StaticDevice) -> bool:
        return bool(device.confirmed)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(AuthenticatorApp)
class AuthenticatorAppAdmin(SecondFactorAdmin):
    """Deleting a user's app makes them set up a new one at their next login."""


@admin.register(BackupCodes)
class BackupCodesAdmin(SecondFactorAdmin):
    """Deleting a user's backup codes; they print new ones after their next login."""


for replaced in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(replaced):
        admin.site.unregister(replaced)


class RetentionRuleForm(forms.ModelForm):
    class Meta:
        model = RetentionRule
        fields = [
            "name",
            "term_amount",
            "term_unit",
            "counts_from",
            "legal_ground",
            "record_text",
            "second_review_required",
            "active",
        ]

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]  # Django's hook that copies the values onto the instance; not in the stubs
        if not self.errors:
            try:
                retention_rule_check(rule=self.instance)
            except ValidationError as error:
                self.add_error(None, error)


@admin.register(RetentionRule)
class RetentionRuleAdmin(SimpleHistoryAdmin):
    """The functional administrator changes the terms; a term past the kind's maximum is refused. Rules
    come with their kinds (migrations): none is added or deleted here."""

    form = RetentionRuleForm
    list_display = [
        "name",
        "code",
        "term_amount",
        "term_unit",
        "counts_from",
        "second_review_required",
        "active",
    ]
    list_filter = ["active", "second_review_required"]
    readonly_fields = [
        "code",
        "kind",
        "max_term_amount",
        "max_term_unit",
        "revision",
        "updated_by",
        "updated_at",
    ]
    fieldsets = (
        (None, {"fields": ("name", "code", "kind", "active")}),
        (
            _("Termijn"),
            {"fields": ("term_amount", "term_unit", "counts_from", "max_term_amount", "max_term_unit")},
        ),
        (_("Verantwoording"), {"fields": ("legal_ground", "record_text", "second_review_required")}),
        (_("Wijziging"), {"fields": ("revision", "updated_by", "updated_at")}),
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: RetentionRule | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: RetentionRule, form: Any, change: bool) -> None:
        retention_rule_save(rule=obj, by=request.user)  # type: ignore[arg-type]  # the admin is behind the login
