"""Idempotent writes for seed data: create when missing, change only the fields that differ."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def upsert(model: type[M], lookup: dict[str, Any], values: dict[str, Any]) -> tuple[M, str]:
    """Return ``(obj, "new" | "changed" | "same")``; saves (and so writes history) only on a real change."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        return obj, "new"
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        return obj, "same"
    for name in changed:
        setattr(obj, name, values[name])
    obj.full_clean()
    obj.save(update_fields=changed)
    return obj, "changed"
