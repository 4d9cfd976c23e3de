"""The errors services raise that every app shares: one exception each, answered the same way everywhere."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


class EditConflict(Exception):
    """Somebody else saved the record after this user loaded it: refuse, and show both versions."""

    def __init__(self, current: Any, message: str = "") -> None:
        super().__init__(message or "Edit conflict")
        self.current = current


class StateConflict(ValidationError):
    """The object's state no longer allows this change: a published plan version, a signed or closed
    contract, a submitted document. A page shows it like any validation error; the API answers 409."""
