"""COPY rows into a model's table with psycopg 3, filling every column the caller does not give.

Later migrations add fields; a seed step that names only the columns it cares about keeps working, because
every other concrete field gets its model default (or NULL, or '') once per COPY. A new NOT NULL field without
any default stops the seeding with a message naming the field, instead of a bare database error.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models
from django.db.models.fields import NOT_PROVIDED
from django.utils import timezone


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _default_for(model: type[models.Model], field: models.Field) -> Any:
    if field.has_default():
        value = field.get_default()
    elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        value = timezone.now()
    elif field.null:
        value = None
    elif field.empty_strings_allowed and not field.is_relation:
        value = ""
    else:
        raise ImproperlyConfigured(
            f"Benchmark seeding has no value for {model._meta.label}.{field.name}: "
            "give it one in the seed step for this model (ops/bench/seed.py)."
        )
    return field.get_db_prep_save(value, connection)


def _filled_in(model: type[models.Model], given: Sequence[str]) -> list[models.Field]:
    """The concrete fields the caller did not give and the database does not fill itself."""
    given_set = set(given)
    fields = []
    for field in model._meta.concrete_fields:
        if field.attname in given_set or field.name in given_set:
            continue
        if getattr(field, "generated", False) or getattr(field, "db_returning", False):
            continue  # identity primary keys and generated columns
        if getattr(field, "db_default", NOT_PROVIDED) is not NOT_PROVIDED:
            continue
        fields.append(field)
    return fields


def raw_cursor(django_cursor: Any) -> Any:
    """The psycopg 3 cursor under Django's wrapper (it has ``copy()``)."""
    cursor = getattr(django_cursor, "cursor", django_cursor)
    if not hasattr(cursor, "copy"):
        raise ImproperlyConfigured("The benchmark seeding needs psycopg 3 (cursor.copy()).")
    return cursor


def copy_rows(
    cursor: Any, model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """COPY ``rows`` (tuples in the order of ``columns``, attnames) into ``model``'s table."""
    opts = model._meta
    extra = _filled_in(model, columns)
    extra_values = tuple(_default_for(model, field) for field in extra)
    column_names = [opts.get_field(name).column for name in columns] + [field.column for field in extra]
    sql = f"COPY {_quote(opts.db_table)} ({', '.join(_quote(name) for name in column_names)}) FROM STDIN"
    count = 0
    with raw_cursor(cursor).copy(sql) as copy:
        if extra_values:
            for row in rows:
                copy.write_row((*row, *extra_values))
                count += 1
        else:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def next_id(cursor: Any, model: type[models.Model]) -> int:
    opts = model._meta
    sql = f"SELECT COALESCE(MAX({_quote(opts.pk.column)}), 0) + 1 FROM {_quote(opts.db_table)}"
    cursor.execute(sql)
    return int(cursor.fetchone()[0])


def sync_sequence(cursor: Any, model: type[models.Model]) -> None:
    """Move the identity sequence past the ids this seeding chose itself."""
    opts = model._meta
    table, pk = opts.db_table, opts.pk.column
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence(%s, %s), GREATEST(MAX({_quote(pk)}), 1)) FROM {_quote(table)}",
        [table, pk],
    )
