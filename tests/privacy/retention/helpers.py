"""Checks shared by the retention tests: rows left pointing at nothing, and traces of a person anywhere."""

from __future__ import annotations

from django.apps import apps
from django.db import connection, models

from common.destruction import is_history_model


def orphans() -> set[tuple[str, str, int]]:
    """Every (table, column, row id) whose foreign key — also the unconstrained ones of history tables and
    the generic references (content type + object id) — points at a row that does not exist."""
    found: set[tuple[str, str, int]] = set()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            if meta.proxy or not meta.managed:
                continue
            pk = quote(meta.pk.column)  # type: ignore[union-attr]
            for field in meta.concrete_fields:
                if not isinstance(field, models.ForeignKey) or field.related_model is None:
                    continue
                target = field.related_model._meta  # type: ignore[union-attr]
                if target.label in ("contenttypes.ContentType", "auth.Permission"):
                    continue
                cursor.execute(
                    f"SELECT c.{pk} FROM {quote(meta.db_table)} c WHERE c.{quote(field.column)} IS NOT NULL "  # noqa: S608
                    f"AND NOT EXISTS (SELECT 1 FROM {quote(target.db_table)} p "
                    f"WHERE p.{quote(field.target_field.column)} = c.{quote(field.column)})"
                )
                found |= {(meta.db_table, field.column, row[0]) for row in cursor.fetchall()}
            # Generic references: deadlines' subjects (also in their history), guardian, the admin log.
            names = {f.name for f in meta.concrete_fields}
            for ct_field, id_field in (
                ("subject_type", "subject_id"),
                ("content_type", "object_pk"),
                ("content_type", "object_id"),
            ):
                if {ct_field, id_field} <= names:
                    found |= _generic_orphans(model, ct_field, id_field)
    return found


def _generic_orphans(model: type[models.Model], ct_field: str, id_field: str) -> set[tuple[str, str, int]]:
    from django.contrib.contenttypes.models import ContentType

    found: set[tuple[str, str, int]] = set()
    meta = model._meta
    ct_column = meta.get_field(ct_field).column  # type: ignore[union-attr]
    id_column = meta.get_field(id_field).column  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {connection.ops.quote_name(meta.pk.column)}, {ct_column}, {id_column} "  # type: ignore[union-attr]  # noqa: S608
            f"FROM {connection.ops.quote_name(meta.db_table)}"
        )
        rows = cursor.fetchall()
    for pk, content_type_id, object_id in rows:
        target = ContentType.objects.get_for_id(content_type_id).model_class()
        if target is None or is_history_model(target):
            continue
        if not target._default_manager.filter(pk=object_id).exists():
            found.add((meta.db_table, id_column, pk))
    return found


def traces(*needles: str) -> list[tuple[str, str, str]]:
    """Every (table, column, needle) where a text or JSON column of any table holds one of the needles."""
    hits: list[tuple[str, str, str]] = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
            "AND data_type IN ('text', 'character varying', 'jsonb', 'json')"
        )
        columns = cursor.fetchall()
        for table, column in columns:
            for needle in needles:
                cursor.execute(
                    f"SELECT 1 FROM {quote(table)} WHERE {quote(column)}::text LIKE %s LIMIT 1",  # noqa: S608
                    [f"%{needle}%"],
                )
                if cursor.fetchone():
                    hits.append((table, column, needle))
    return hits
