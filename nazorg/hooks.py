"""What nazorg plugs into caseplan's hooks (caseplan/hooks.py), registered in ``NazorgConfig.ready``: the
nazorg figure on the caseload dashboard."""

from __future__ import annotations

from nazorg.selectors.episodes import releasing_soon
from privacy.context_processors import NAZORG_FUNCTIONS
from privacy.models import User


def release_figure(user: User) -> tuple[int, str] | None:
    """Detainees released within eight weeks, for MMD'ers and municipal contact persons only (DPAN's
    authorised users); None for everyone else, without a query."""
    if user.function not in NAZORG_FUNCTIONS:
        return None
    return releasing_soon(user)
