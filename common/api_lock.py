"""Optimistic locking for API writes to an existing object, one way for every app.

The client sends back the lock value it read (``revision``, or ``version`` where an API keeps that older
name for the model's ``revision``); the service compares it with the stored one under
``select_for_update`` and raises an edit conflict, which the API answers with 409 and the current data in
``current`` (the view's ``edit_conflict``, see common/api_problem.py). The lock field is required, also in
a PATCH: a partial serializer would otherwise let a client skip it silently and overwrite someone else's
change. ``LockedSerializerMixin`` enforces that (400 naming the field) and tells the OpenAPI schema so."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

LOCK_MISSING = {
    "revision": _("Geef de revisie mee waarop uw wijziging voortbouwt."),
    "version": _("Geef de versie mee waarop uw wijziging voortbouwt."),
}


class LockedSerializerMixin(serializers.Serializer):
    # For the request serializer of a write to an existing object: ``lock_field`` stays required when the
    # serializer is partial (PATCH). A serializer that also serves a create can make the field optional
    # there (``required=False``); then it is not enforced. (A comment, not a docstring: the schema would
    # show it as the description of every such serializer.)

    lock_field: ClassVar[str] = "revision"
    lock_missing: ClassVar[StrOrPromise | None] = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get(self.lock_field)
        if field is not None:
            field.error_messages["required"] = self.missing_message()

    @classmethod
    def missing_message(cls) -> StrOrPromise:
        return cls.lock_missing or LOCK_MISSING.get(cls.lock_field) or LOCK_MISSING["revision"]

    def lock_is_required(self) -> bool:
        field = self.fields.get(self.lock_field)
        return field is not None and field.required and not field.read_only

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        # attrs are keyed by the field's source: an API field ``version`` may carry the model's ``revision``
        if self.lock_is_required() and self.fields[self.lock_field].source not in attrs:
            raise serializers.ValidationError({self.lock_field: [self.missing_message()]}, code="required")
        return attrs


class LockedSerializerExtension(OpenApiSerializerExtension):
    """The schema of a PATCH body lists no required fields; the lock field is required all the same."""

    target_class = LockedSerializerMixin
    match_subclasses = True

    def map_serializer(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        target: LockedSerializerMixin = self.target
        if direction == "request" and target.lock_is_required():
            required = schema.setdefault("required", [])
            if target.lock_field not in required:
                required.append(target.lock_field)
        return schema


def conflict_response(
    serializer_class: type[serializers.BaseSerializer], description: StrOrPromise
) -> OpenApiResponse:
    """The OpenAPI description of an edit conflict's 409: a problem (common/api_schema.py adds its members)
    with the stored object in ``current``."""
    name = serializer_class.__name__.removesuffix("Serializer")
    return OpenApiResponse(
        response=inline_serializer(
            name=f"{name}Conflict",
            fields={"current": serializer_class(allow_null=True, required=False)},
        ),
        description=str(description),
    )
