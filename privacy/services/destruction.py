"""The destruction job's loop, shared by the Celery task (``privacy.tasks.retention_destroy``) and
``manage.py destroy_list``: per item its own transaction (lock with SKIP LOCKED, re-check holds and the term,
run the kind's statement, record counts and the files to remove, mark destroyed, count progress), then the
files are removed after commit. Resumable and safe with two workers at once; the record is frozen at the end.
"""

from __future__ import annotations

from dataclasses import dataclass

from privacy.models import DestructionList

MAX_ATTEMPTS = 3


@dataclass
class DestructionRun:
    """What one run did: items destroyed, skipped (hold or no longer expired), failed for now (retried),
    failed for good; whether the list is finished."""

    destroyed: int = 0
    skipped: int = 0
    retry: int = 0
    failed: int = 0
    finished: bool = False


def destruction_run(
    *, destruction_list_id: int, max_attempts: int = MAX_ATTEMPTS, limit: int | None = None
) -> DestructionRun:
    """Process the pending destroy-items of an approved list until none are left (or ``limit`` items), then
    finish it (destroyed / destroyed_with_errors, the frozen record) when nothing is pending."""
    raise NotImplementedError


def destruction_report(*, destruction_list: DestructionList) -> dict[str, object]:
    """The destruction record (verklaring van vernietiging) as JSON: per rule its code, name, legal ground,
    record text and term, the items destroyed and the rows per kind of record (verbose_name_plural); the
    extended, excluded and skipped counts; the reviewers and times. No names, BSN, case numbers or free text."""
    raise NotImplementedError
