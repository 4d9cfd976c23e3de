"""A JSON document in an API request, checked against its declaration while the request is parsed, so its
field errors come back under the document's own field (``{"data": {"datum": [...]}}``) before any work is
done. The service checks again with the same ``clean``: it is the guard for every caller."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from common.documents.declaration import Schema
from common.documents.validation import clean


class DocumentDataField(serializers.DictField):
    """``schema`` picks the declaration from the serializer's context (the section key, the document kind).
    The value comes through as sent, so an empty value can still mean "clear this field"."""

    def __init__(self, *, schema: Callable[[Mapping[str, Any]], Schema], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.schema = schema

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        value = super().to_internal_value(data)
        try:
            clean(self.schema(self.context), value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        return value
