"""One row of the permission matrix (tests/test_permission_matrix.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from privacy.models import User
from tests.conftest import World


@dataclass
class Check:
    method: str = "get"
    kwargs: Callable[[World], dict[str, object]] = lambda w: {"pk": w.case.pk}
    data: Callable[[World], dict[str, object]] = lambda w: {}
    owner: int = 200
    reader: int = 200
    outsider: int = 404
    json: bool = False
    lists_cases: bool = False  # a list open to all: team members see the case in it, outsiders do not
    # For roots other than the world's case (a nazorg detention): who plays owner, reader and outsider,
    # and the reference a list must show to owner and reader but never to the outsider.
    actors: Callable[[World], dict[str, User]] | None = None
    lists: Callable[[World], str] | None = None
