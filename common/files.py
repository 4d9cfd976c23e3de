"""Stored files leave storage with the record they belong to, and a replaced file leaves when its
replacement is committed: always *after* the transaction commits, so a rollback never loses the file
that is still current.

Each app connects its models in ``AppConfig.ready`` with ``delete_files_with_records``; every model
with a file field is covered, including ones added later (a test checks that none is missing)."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from django.apps import AppConfig
from django.core.files.storage import Storage
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete

logger = logging.getLogger(__name__)

_connected: set[type[models.Model]] = set()


def _delete(storage: Storage, name: str) -> None:
    try:
        storage.delete(name)
    except Exception:  # a file that cannot be removed must not break the request that removed its record
        logger.exception("stored file %s could not be deleted", name)


def delete_on_commit(storage: Storage, name: str) -> None:
    """Delete the stored file once the current transaction commits (at once outside a transaction)."""
    if name:
        transaction.on_commit(partial(_delete, storage, name), robust=True)


def delete_replaced(old_name: str, current: FieldFile) -> None:
    """After a save that may have put a new file in ``current``'s place: the old one goes on commit."""
    if old_name and old_name != current.name:
        delete_on_commit(current.storage, old_name)


def save_or_discard(instance: models.Model, field_name: str, old_name: str) -> None:
    """``instance.save()``; when the save fails, a new file it already wrote for ``field_name`` is removed
    again (the old one stays), and when it succeeds the replaced file goes on commit."""
    current: FieldFile = getattr(instance, field_name)
    try:
        instance.save()
    except BaseException:
        if current.name and current.name != old_name and current._committed:  # type: ignore[attr-defined]  # not in the stubs
            _delete(current.storage, current.name)
        raise
    delete_replaced(old_name, current)


def file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [field for field in model._meta.concrete_fields if isinstance(field, models.FileField)]


def _delete_files(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    for field in file_fields(sender):
        stored = getattr(instance, field.attname)
        if stored:
            delete_on_commit(stored.storage, stored.name)


def delete_files_with_records(app_config: AppConfig) -> None:
    """Connect the clean-up to every model of the app that has a file field."""
    for model in app_config.get_models():
        if file_fields(model):
            post_delete.connect(
                _delete_files, sender=model, weak=False, dispatch_uid=f"delete-files:{model._meta.label}"
            )
            _connected.add(model)


def deletes_files_with_records(model: type[models.Model]) -> bool:
    return model in _connected
