"""One run at a time for a periodic job: a PostgreSQL session-level advisory lock.

A job that can take longer than its interval (the deadline scan every five minutes over a million
deadlines, e-mail sending against a slow mail server) must not start a second time while the first still
runs. ``single_run`` takes ``pg_try_advisory_lock`` on a key derived from the job's name: a second run (in
another worker process, or on another machine against the same database) does not get it and stops at once,
logged. The lock belongs to the database session, not a transaction, so a job may commit in steps while it
holds it; PostgreSQL drops it by itself when the session ends (a worker killed halfway leaves no stale lock).
It needs a session that stays the same for the whole run: a direct connection, not a transaction-pooling
proxy in front of the database.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from django.db import DatabaseError, connection

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for ``name`` (advisory lock keys are bigint; hash() is salted per process)."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)


@contextmanager
def single_run(name: str) -> Iterator[bool]:
    """Yield True when this run holds the lock for ``name`` (released on exit), False when another holds it."""
    key = lock_key(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        (taken,) = cursor.fetchone() or (False,)
    if not taken:
        yield False
        return
    try:
        yield True
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        except DatabaseError:  # the session is gone, and its lock with it; keep the job's own outcome
            logger.exception("%s: could not release the run lock", name)


def one_at_a_time(name: str) -> Callable[[Callable[P, R]], Callable[P, R | None]]:
    """Decorate a job so that a run started while another holds ``name`` returns None at once, logged."""

    def decorate(job: Callable[P, R]) -> Callable[P, R | None]:
        @functools.wraps(job)
        def run(*args: P.args, **kwargs: P.kwargs) -> R | None:
            with single_run(name) as mine:
                if not mine:
                    logger.warning(
                        "%s: the previous run is still going; this run stops without doing anything", name
                    )
                    return None
                return job(*args, **kwargs)

        return run

    return decorate
