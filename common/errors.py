"""The edit conflict every optimistic lock raises: services of every app, one exception."""

from __future__ import annotations

from typing import Any


class EditConflict(Exception):
    """Somebody else saved the record after this user loaded it: refuse, and show both versions."""

    def __init__(self, current: Any, message: str = "") -> None:
        super().__init__(message or "Edit conflict")
        self.current = current
