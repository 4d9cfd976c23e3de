"""Monthly partitions of the access log (PostgreSQL declarative partitioning on ``at``, migration 0010).

``access_log_partitions_ensure`` keeps a partition for every month from the current one to twelve ahead and
gives a month its own partition when a row landed in the default partition (its rows move with it); the
daily task ``privacy.access_log_partitions`` (privacy/tasks.py) runs it, and running it twice changes nothing.
``access_log_drop_month`` is what retention calls for an expired month: a month that expired as a whole
loses its partition (detach and drop, no row-by-row delete), a month that expired in part loses its
expired rows.

Months are calendar months in ``settings.TIME_ZONE``.
"""

from __future__ import annotations

import datetime
import logging
import zoneinfo

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

TABLE = "privacy_accesslog"
DEFAULT_PARTITION = f"{TABLE}_default"
MONTHS_AHEAD = 12
# One lock for every change of the partitions, so that two runs (or a run and retention) never race.
LOCK_KEY = 7_513_0001


def _zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def month_bounds(year: int, month: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The first moment of the month and of the next, in the project's time zone."""
    zone = _zone()
    start = datetime.datetime(year, month, 1, tzinfo=zone)
    upper = datetime.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=zone)
    return start, upper


def partition_name(year: int, month: int) -> str:
    return f"{TABLE}_p{year:04d}_{month:02d}"


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _lock() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def access_log_partitions() -> list[str]:
    """The names of the access log's partitions (the default one included), oldest first."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = %s::regclass ORDER BY c.relname",
            [TABLE],
        )
        return [row[0] for row in cursor.fetchall()]


def _literal(moment: datetime.datetime) -> str:
    return f"'{moment.isoformat()}'"  # made here from integers, never from input


def _create_month(year: int, month: int) -> None:
    """Give the month its partition. Rows of that month in the default partition move into it first:
    PostgreSQL refuses a new partition for a range the default partition holds rows of."""
    name = partition_name(year, month)
    start, upper = month_bounds(year, month)
    bounds = f"FOR VALUES FROM ({_literal(start)}) TO ({_literal(upper)})"
    in_month = f"at >= {_literal(start)} AND at < {_literal(upper)}"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {DEFAULT_PARTITION} WHERE {in_month})")  # noqa: S608
        strays = cursor.fetchone()[0]
        if not strays:
            cursor.execute(f"CREATE TABLE {name} PARTITION OF {TABLE} {bounds}")
            return
        cursor.execute(f"CREATE TABLE {name} (LIKE {TABLE} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
        cursor.execute(
            f"WITH moved AS (DELETE FROM {DEFAULT_PARTITION} WHERE {in_month} RETURNING *) "  # noqa: S608
            f"INSERT INTO {name} SELECT * FROM moved"
        )
        logger.info("access log: %s rows moved from the default partition to %s", cursor.rowcount, name)
        cursor.execute(f"ALTER TABLE {TABLE} ATTACH PARTITION {name} {bounds}")


@transaction.atomic
def access_log_partitions_ensure(
    *, ahead: int = MONTHS_AHEAD, today: datetime.date | None = None, since: datetime.date | None = None
) -> list[str]:
    """Partitions for this month and ``ahead`` months after it (and for every month from ``since``, before
    loading older rows), for every month the default partition holds rows of, and the default partition
    itself. Returns the names it created (none on a second run)."""
    _lock()
    today = today or timezone.localdate()
    start = min(since or today, today)
    existing = set(access_log_partitions())
    created: list[str] = []
    with connection.cursor() as cursor:
        if DEFAULT_PARTITION not in existing:
            cursor.execute(f"CREATE TABLE {DEFAULT_PARTITION} PARTITION OF {TABLE} DEFAULT")
            created.append(DEFAULT_PARTITION)
        cursor.execute(
            f"SELECT DISTINCT extract(year FROM at AT TIME ZONE %s)::int, extract(month FROM at AT TIME ZONE %s)::int "  # noqa: S608
            f"FROM {DEFAULT_PARTITION}",
            [settings.TIME_ZONE, settings.TIME_ZONE],
        )
        months = {(year, month) for year, month in cursor.fetchall()}
    back = (today.year - start.year) * 12 + today.month - start.month
    months |= {_add_months(today.year, today.month, n) for n in range(-back, ahead + 1)}
    for year, month in sorted(months):
        if partition_name(year, month) not in existing:
            _create_month(year, month)
            created.append(partition_name(year, month))
    if created:
        logger.info("access log: partitions created: %s", ", ".join(created))
    return created


@transaction.atomic
def access_log_drop_month(year: int, month: int, *, expired_before: datetime.datetime | None = None) -> int:
    """Remove the access-log rows of one calendar month that retention found expired; returns how many.

    Without ``expired_before``, or when the whole month lies before it, the month's partition is detached
    and dropped (and any rows of that month in the default partition deleted). Otherwise only the rows
    before ``expired_before`` are deleted and the partition stays."""
    _lock()
    start, upper = month_bounds(year, month)
    name = partition_name(year, month)
    with connection.cursor() as cursor:
        if expired_before is not None and expired_before < upper:
            cursor.execute(
                f"DELETE FROM {TABLE} WHERE at >= %s AND at < %s",  # noqa: S608
                [start, max(start, expired_before)],
            )
            return cursor.rowcount
        removed = 0
        if name in access_log_partitions():
            cursor.execute(f"SELECT count(*) FROM {name}")  # noqa: S608
            removed = cursor.fetchone()[0]
            cursor.execute(f"ALTER TABLE {TABLE} DETACH PARTITION {name}")
            cursor.execute(f"DROP TABLE {name}")
            logger.info("access log: partition %s dropped (%s rows)", name, removed)
        cursor.execute(
            f"DELETE FROM {DEFAULT_PARTITION} WHERE at >= %s AND at < %s",  # noqa: S608
            [start, upper],
        )
        return removed + cursor.rowcount
