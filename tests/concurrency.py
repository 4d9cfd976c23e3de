"""Conflicting saves sent at the same moment, for real: N threads, each with its own HTTP client and its
own database connection, released together by a barrier.

Every thread commits, so such tests cannot run inside the test's transaction. A module imports ``db``
from here, which replaces pytest-django's: the test database is set up as usual, but the module's tests
work on it committed, and at the module's end every row the module added is deleted (``committed_db``).
That is one cleanup per module; ``django_db(transaction=True)`` would flush the database and load the
seeded data again after every single test (seconds each). Tests here make their objects with unique
names (``tests.factories``)."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections, transaction
from django.db.models.fields import AutoFieldMixin

THREADS = 8
TIMEOUT = 60


def race(send: Callable[[int], Any], threads: int = THREADS) -> list[Any]:
    """Call ``send(i)`` for i in 0..threads-1, each in its own thread, all at the same moment."""
    barrier = threading.Barrier(threads)
    results: list[Any] = [None] * threads
    failures: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=TIMEOUT)
            results[index] = send(index)
        except BaseException as exc:  # reported in the main thread below
            failures.append(exc)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=run, args=(index,)) for index in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=TIMEOUT)
    assert not any(worker.is_alive() for worker in workers), "a request hung"
    if failures:
        raise failures[0]
    return results


def one_winner(responses: list[Any], ok: int = 200) -> int:
    """Exactly one save went through, every other one was refused with 409; the winner's index."""
    codes = [response.status_code for response in responses]
    assert sorted(codes) == sorted([ok] + [409] * (len(codes) - 1)), [
        (response.status_code, response.content[:200]) for response in responses
    ]
    return codes.index(ok)


def plain(value: Any) -> Any:
    """A stored value as the API shows it."""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def same_moment(stored: datetime.datetime, shown: str) -> bool:
    return stored == datetime.datetime.fromisoformat(shown)


def _added_since() -> dict[str, tuple[str, Any]]:
    """Per table: its primary key, and the largest value in it (or every value, for a key that is not a
    counter), so that the rows added afterwards can be told apart."""
    marks: dict[str, tuple[str, Any]] = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            if meta.proxy or not meta.managed or meta.db_table in marks:
                continue
            table, key = connection.ops.quote_name(meta.db_table), connection.ops.quote_name(meta.pk.column)
            if isinstance(meta.pk, AutoFieldMixin):
                cursor.execute(f"SELECT MAX({key}) FROM {table}")  # noqa: S608 - names from the models
                marks[meta.db_table] = (key, cursor.fetchone()[0] or 0)
            else:
                cursor.execute(f"SELECT {key} FROM {table}")  # noqa: S608
                marks[meta.db_table] = (key, [row[0] for row in cursor.fetchall()])
    return marks


def _delete_added(marks: dict[str, tuple[str, Any]]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys are checked at commit
        for db_table, (key, mark) in marks.items():
            table = connection.ops.quote_name(db_table)
            if isinstance(mark, list):
                cursor.execute(f"DELETE FROM {table} WHERE NOT ({key} = ANY(%s))", [mark])  # noqa: S608
            else:
                cursor.execute(f"DELETE FROM {table} WHERE {key} > %s", [mark])  # noqa: S608


@pytest.fixture
def db(committed_db: None) -> None:
    """pytest-django's ``db`` without its transaction: what a test writes is committed (and removed at the
    end of the module). The name also tells pytest-django to set the test database up."""


@pytest.fixture(scope="module")
def committed_db(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        seeded = getattr(connection, "_test_serialized_contents", None)
        if seeded and not ContentType.objects.exists():  # a flushing test ran before: put the seed back
            connection.creation.deserialize_db_from_string(seeded)
        marks = _added_since()
        try:
            yield
        finally:
            _delete_added(marks)
