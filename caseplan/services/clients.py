from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.fields.files import FieldFile

from caseplan.models import Client, ClientChild
from caseplan.selectors.cases import client_reusable_by
from common.errors import EditConflict
from common.files import save_or_discard
from common.history import note_change
from common.uploads import PHOTO, check_upload
from privacy.models import User


def _check_photo(fields: dict[str, Any]) -> None:
    photo = fields.get("foto")
    if photo and not isinstance(photo, FieldFile):  # a new upload, not the stored photo
        fields["foto"] = check_upload(photo, PHOTO, field="foto")


@transaction.atomic
def client_create(*, by: User, **fields: Any) -> Client:
    _check_photo(fields)
    client = Client(**fields)
    client.full_clean()
    note_change(client, by=by, reason="cliënt aangemaakt")
    client.save()
    return client


@transaction.atomic
def client_for_new_case(*, by: User, bsn: str = "", **fields: Any) -> Client:
    """The client a new case is opened for: the user's own client with this BSN, or a new one.

    A BSN only links a client the user can already change through a case team they are on, so typing it
    gives no new access. Any other BSN, known to another team or to nobody, gets a new client from the typed
    fields. Linking the cases of one person across teams is a deliberate act with a legal ground, never a
    side effect of typing a BSN."""
    known = client_reusable_by(user=by, bsn=bsn)
    if known is not None:
        return known
    return client_create(by=by, bsn=bsn, **fields)


@transaction.atomic
def client_update(*, client: Client, by: User, expected_revision: int, **fields: Any) -> Client:
    """Save changed fields, unless somebody else saved first (optimistic locking on ``revision``).

    A new photo is checked by content, size and pixels (a form's ``UploadField`` already did); the photo
    it replaces, or one cleared with ``foto=""``, leaves storage when the transaction commits."""
    _check_photo(fields)
    current = Client.objects.select_for_update().get(pk=client.pk)
    if current.revision != expected_revision:
        raise EditConflict(current)
    old_photo = current.foto.name
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean()
    current.revision += 1  # the row is locked, so a plain increment is safe
    note_change(current, by=by, reason="cliëntgegevens gewijzigd")
    save_or_discard(current, "foto", old_photo)
    return current


@transaction.atomic
def client_child_add(*, client: Client, by: User, **fields: Any) -> ClientChild:
    child = ClientChild(client=client, **fields)
    child.full_clean()
    note_change(child, by=by, reason="kind toegevoegd")
    child.save()
    return child


@transaction.atomic
def client_child_remove(*, child: ClientChild, by: User) -> None:
    note_change(child, by=by, reason="kind verwijderd")
    child.delete()
