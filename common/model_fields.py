"""A model's own field by name, typed as a field (``_meta.get_field`` may also return a reverse relation)."""

from __future__ import annotations

from typing import Any

from django.db.models import Field, Model


def concrete_field(model: type[Model] | Model, name: str) -> Field[Any, Any]:
    field = model._meta.get_field(name)
    if not isinstance(field, Field):
        raise TypeError(f"{model._meta.label}.{name} is a relation from another model, not a field")
    return field
