"""Destroying a dossier in one SQL statement, found by walking the model graph (no domain knowledge).

Given root tables (a model and the column that holds the root ids: its pk, or a foreign key), the builder
follows every foreign key and one-to-one that points *into* a table already in the dossier, whatever its
``on_delete`` (a row pointing at a destroyed row is part of the dossier; guardian's direct object-permission
tables too), plus the generic edges it is given (content type + object id). Foreign keys pointing *out* of
the dossier (users, organisations, templates) are never followed.

It builds ONE statement of data-modifying CTEs (``WITH d1 AS (DELETE ... RETURNING id, <file columns>), d2 AS
(DELETE FROM child WHERE parent_id IN (SELECT id FROM d1) ...) ... SELECT <counts>, <files>``), with, for every
table that has django-simple-history, the delete of its historical rows: those of the deleted ids, and
those whose parent column points at a deleted parent (live or historical), so history of rows deleted earlier
in normal use goes too. Foreign keys are DEFERRABLE INITIALLY DEFERRED, so the order of the deletes inside the
statement does not matter; self-references (a contract replacing another) are not followed (the rows are
reached through their other parent). The statement is built once per root specification and cached; one
round trip per dossier.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models


@dataclass(frozen=True)
class GenericEdge:
    """Rows of ``model`` that point at a dossier row through ``ct_field`` (a ContentType foreign key) and
    ``id_field``. ``targets``: the models it may point at (None: any model in the dossier). ``text_ids``: the
    id column is text (guardian's generic object permissions, the admin log)."""

    model: type[models.Model]
    ct_field: str
    id_field: str
    targets: tuple[type[models.Model], ...] | None = None
    text_ids: bool = False


@dataclass
class DestructionResult:
    """What one run of a statement removed: rows per model label (``historical`` rows under the model's
    historical label), and the stored files (``(storage_label, name)``, the model field's label) to delete
    after commit."""

    counts: dict[str, int] = field(default_factory=dict)
    files: list[tuple[str, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class DestructionPlan:
    """The statement for one root specification, with the models it reaches (in statement order)."""

    sql: str
    models: list[type[models.Model]]

    def execute(self, cursor: Any, root_ids: Sequence[int | str]) -> DestructionResult:
        raise NotImplementedError


def destruction_plan(
    *,
    roots: Sequence[tuple[type[models.Model], str]],
    generic: Sequence[GenericEdge] = (),
) -> DestructionPlan:
    """The (cached) statement that destroys the dossiers of the given root ids."""
    raise NotImplementedError
