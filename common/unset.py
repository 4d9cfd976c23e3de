"""``UNSET``: a service's keyword argument that the caller left out.

A service that sets fields takes each field as a keyword-only parameter that defaults to ``UNSET``. A field
left out keeps its value (an update) or gets the model's default (a new object); ``None`` or ``""`` clear
it. ``given`` keeps the arguments that were passed, so the service sets only those:

    def thing_update(*, thing: Thing, by: User, name: str | Unset = UNSET, ...) -> Thing:
        for field, value in given(name=name, ...).items():
            setattr(thing, field, value)
"""

from __future__ import annotations

import enum
from typing import Any, Final, Literal, TypeAlias


class _Unset(enum.Enum):
    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset.UNSET
Unset: TypeAlias = Literal[_Unset.UNSET]


def given(**arguments: Any) -> dict[str, Any]:
    """The arguments that were passed: every one that is not ``UNSET``, in the order given."""
    return {name: value for name, value in arguments.items() if value is not UNSET}
