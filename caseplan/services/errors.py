from __future__ import annotations

from common.conflicts import EditConflict

__all__ = ["EditConflict"]
