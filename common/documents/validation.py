"""The one check of a JSON document against its declaration, run by the services, so the web forms, the
API and any other caller get the same answer as a Django ValidationError keyed by field.

Two steps: ``clean`` (always: only known fields, each value of the right shape; an incomplete draft is
fine) and ``completeness_errors`` (before submitting: required fields and conditional requirements)."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.documents.declaration import Field, Kind, Schema, Text, is_empty
from common.documents.form_fields import form_field

UNKNOWN_FIELD = _("Onbekend veld.")
EXPECTED_TEXT = _("Verwacht tekst.")
REQUIRED_TO_SUBMIT = _("Dit veld is verplicht bij indienen.")

_SCALAR = (str, int, float)  # JSON numbers are taken as their text ("4" and 4 are the same code)


def _scalar(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, _SCALAR):
        raise ValidationError(EXPECTED_TEXT, code="invalid")
    return str(value)


@functools.cache
def _form_field(field: Field) -> forms.Field:
    """The field's form field, built once: checking a value leaves it unchanged."""
    return form_field(field)


def _clean_value(field: Field, value: Any) -> Any:
    """The value in its stored shape: text, an ISO date, a code, or a list of codes."""
    checked = _form_field(field)
    if field.kind == Kind.MULTI:
        items = value if isinstance(value, list | tuple) else [value]
        return checked.clean([_scalar(item) for item in items])
    if field.kind == Kind.DATE:
        if isinstance(value, datetime.date):
            return checked.clean(value).isoformat()
        cleaned = checked.clean(_scalar(value))
        return cleaned.isoformat() if cleaned else ""
    return checked.clean(_scalar(value))


def clean(schema: Schema, data: Mapping[str, Any]) -> dict[str, Any]:
    """The document as it is stored: known fields only, each value checked by the field's own form field
    and put in its stored shape, empty values left out. Raises ValidationError naming every bad field,
    unknown ones included."""
    known = {f.key for f in schema.fields}
    errors: dict[str, list[Any]] = {key: [UNKNOWN_FIELD] for key in data if key not in known}
    cleaned: dict[str, Any] = {}
    for field in schema.fields:
        value = data.get(field.key)
        if is_empty(value):
            continue
        try:
            value = _clean_value(field, value)
        except ValidationError as exc:
            errors[field.key] = exc.error_list
            continue
        if not is_empty(value):
            cleaned[field.key] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def completeness_errors(schema: Schema, data: Mapping[str, Any]) -> dict[str, Text]:
    """What still keeps a (clean) document from being submitted: its required fields, then the fields its
    conditional requirements ask for, one message per field; the latter name the answer that made the
    field required ("Verplicht omdat bij ‘Schulden’ ‘Ja’ is gekozen.")."""
    errors: dict[str, Text] = {
        f.key: REQUIRED_TO_SUBMIT for f in schema.fields if f.required and is_empty(data.get(f.key))
    }
    declared = {f.key: f for f in schema.fields}
    for rule in schema.rules:
        for key, message in rule.errors(data, declared).items():
            errors.setdefault(key, message)
    return errors
