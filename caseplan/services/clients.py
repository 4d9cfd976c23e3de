"""Writes of clients and their children. Every field is a keyword of its own: one left out keeps its value
(an update) or gets the model's default (a new client); ``common.unset`` says how."""

from __future__ import annotations

import datetime
from typing import Literal, TypedDict, Unpack

from django.core.files import File
from django.db import transaction
from django.db.models.fields.files import FieldFile

from caseplan.models import Client, ClientChild
from caseplan.selectors.cases import client_reusable_by
from common.errors import EditConflict
from common.files import save_or_discard
from common.history import note_change
from common.unset import UNSET, Unset, given
from common.uploads import PHOTO, check_upload
from privacy.models import User


def _check_photo(fields: ClientFields) -> None:
    photo = fields.get("foto")
    if photo and not isinstance(photo, FieldFile):  # a new upload, not the stored photo
        fields["foto"] = check_upload(photo, PHOTO, field="foto")


class ClientFields(TypedDict, total=False):
    """The client's own fields that a service sets. A field left out keeps its value (an update) or gets
    the model's default (a new client); ``None`` or ``""`` clear it."""

    achternaam: str
    voorvoegsel: str
    voornamen: str
    roepnaam: str
    alias: str
    geboortedatum: datetime.date | None
    geboorteplaats: str
    geboorteland: str
    crisiskaart: bool
    foto: File | Literal[""]
    brp_adres: str
    verblijfsadres: str
    burgerlijke_staat: str
    nationaliteit: str
    spreektaal: str
    id_document_nummer: str
    bsn: str
    zorgverzekeraar: str
    uitkering_soort: str
    uitkering_sinds: datetime.date | None
    partner_naam: str
    partner_geboortedatum: datetime.date | None
    partner_adres: str


@transaction.atomic
def client_create(*, by: User, **fields: Unpack[ClientFields]) -> Client:
    _check_photo(fields)
    client = Client(**fields)
    client.full_clean()
    note_change(client, by=by, reason="cliënt aangemaakt")
    client.save()
    return client


@transaction.atomic
def client_for_new_case(*, by: User, **fields: Unpack[ClientFields]) -> Client:
    """The client a new case is opened for: the user's own client with this BSN, or a new one.

    A BSN only links a client the user can already change through a case team they are on, so typing it
    gives no new access. Any other BSN, known to another team or to nobody, gets a new client from the typed
    fields. Linking the cases of one person across teams is a deliberate act with a legal ground, never a
    side effect of typing a BSN."""
    known = client_reusable_by(user=by, bsn=fields.get("bsn", ""))
    if known is not None:
        return known
    return client_create(by=by, **fields)


@transaction.atomic
def client_update(
    *, client: Client, by: User, expected_revision: int, **fields: Unpack[ClientFields]
) -> Client:
    """Save the fields given, unless somebody else saved first (optimistic locking on ``revision``).

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
def client_child_add(
    *,
    client: Client,
    by: User,
    naam: str,
    geboortedatum: datetime.date | Unset | None = UNSET,
    brp_adres: str | Unset = UNSET,
) -> ClientChild:
    child = ClientChild(client=client, naam=naam, **given(geboortedatum=geboortedatum, brp_adres=brp_adres))
    child.full_clean()
    note_change(child, by=by, reason="kind toegevoegd")
    child.save()
    return child


@transaction.atomic
def client_child_remove(*, child: ClientChild, by: User) -> None:
    note_change(child, by=by, reason="kind verwijderd")
    child.delete()
