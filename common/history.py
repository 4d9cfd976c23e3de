"""Who made a change and why, for the historical row that django-simple-history writes on the next save
or delete of a model instance."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.db.models import Model


class _HistoryNote(Protocol):
    # The two attributes simple-history reads from the instance (it has no type information of its own).
    _history_user: AbstractBaseUser | None
    _change_reason: str


def note_change(obj: Model, *, by: AbstractBaseUser | None, reason: str | None = None) -> None:
    """Name ``by`` (None: the system) and, when given, the ``reason`` in the next historical row of ``obj``."""
    note = cast("_HistoryNote", obj)
    note._history_user = by
    if reason is not None:
        note._change_reason = reason
