"""The services' validation errors as API answers: 400 with the offending field named."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings


def _by_field(exc: DjangoValidationError) -> dict[str, list[str]]:
    found = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
    return {
        (api_settings.NON_FIELD_ERRORS_KEY if key == NON_FIELD_ERRORS else key): list(messages)
        for key, messages in found.items()
    }


def as_api_error(exc: DjangoValidationError) -> ValidationError:
    return ValidationError(_by_field(exc))


def as_nested_api_error(
    exc: DjangoValidationError, *, under: str, top_level: Collection[str] = ()
) -> ValidationError:
    """Errors about a document's fields go under ``under`` (``{"data": {"datum": [...]}}``); the keys in
    ``top_level`` (fields of the request itself) stay where they are."""
    nested: dict[str, Any] = {}
    outer: dict[str, Any] = {}
    for key, messages in _by_field(exc).items():
        (outer if key in top_level else nested)[key] = messages
    if nested:
        outer[under] = nested
    return ValidationError(outer)
