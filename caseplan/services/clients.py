"""Writes of clients and their children. Every field is a keyword of its own: one left out keeps its value
(an update) or gets the model's default (a new client); ``common.unset`` says how."""

from __future__ import annotations

import datetime
from typing import Any

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


def _check_photo(fields: dict[str, Any]) -> None:
    photo = fields.get("foto")
    if photo and not isinstance(photo, FieldFile):  # a new upload, not the stored photo
        fields["foto"] = check_upload(photo, PHOTO, field="foto")


@transaction.atomic
def client_create(
    *,
    by: User,
    achternaam: str,
    voorvoegsel: str | Unset = UNSET,
    voornamen: str | Unset = UNSET,
    roepnaam: str | Unset = UNSET,
    alias: str | Unset = UNSET,
    geboortedatum: datetime.date | Unset | None = UNSET,
    geboorteplaats: str | Unset = UNSET,
    geboorteland: str | Unset = UNSET,
    crisiskaart: bool | Unset = UNSET,
    foto: File | str | Unset = UNSET,
    brp_adres: str | Unset = UNSET,
    verblijfsadres: str | Unset = UNSET,
    burgerlijke_staat: str | Unset = UNSET,
    nationaliteit: str | Unset = UNSET,
    spreektaal: str | Unset = UNSET,
    id_document_nummer: str | Unset = UNSET,
    bsn: str | Unset = UNSET,
    zorgverzekeraar: str | Unset = UNSET,
    uitkering_soort: str | Unset = UNSET,
    uitkering_sinds: datetime.date | Unset | None = UNSET,
    partner_naam: str | Unset = UNSET,
    partner_geboortedatum: datetime.date | Unset | None = UNSET,
    partner_adres: str | Unset = UNSET,
) -> Client:
    fields = given(
        achternaam=achternaam,
        voorvoegsel=voorvoegsel,
        voornamen=voornamen,
        roepnaam=roepnaam,
        alias=alias,
        geboortedatum=geboortedatum,
        geboorteplaats=geboorteplaats,
        geboorteland=geboorteland,
        crisiskaart=crisiskaart,
        foto=foto,
        brp_adres=brp_adres,
        verblijfsadres=verblijfsadres,
        burgerlijke_staat=burgerlijke_staat,
        nationaliteit=nationaliteit,
        spreektaal=spreektaal,
        id_document_nummer=id_document_nummer,
        bsn=bsn,
        zorgverzekeraar=zorgverzekeraar,
        uitkering_soort=uitkering_soort,
        uitkering_sinds=uitkering_sinds,
        partner_naam=partner_naam,
        partner_geboortedatum=partner_geboortedatum,
        partner_adres=partner_adres,
    )
    _check_photo(fields)
    client = Client(**fields)
    client.full_clean()
    note_change(client, by=by, reason="cliënt aangemaakt")
    client.save()
    return client


@transaction.atomic
def client_for_new_case(
    *,
    by: User,
    bsn: str = "",
    achternaam: str,
    voorvoegsel: str | Unset = UNSET,
    voornamen: str | Unset = UNSET,
    roepnaam: str | Unset = UNSET,
    alias: str | Unset = UNSET,
    geboortedatum: datetime.date | Unset | None = UNSET,
    geboorteplaats: str | Unset = UNSET,
    geboorteland: str | Unset = UNSET,
    crisiskaart: bool | Unset = UNSET,
    foto: File | str | Unset = UNSET,
    brp_adres: str | Unset = UNSET,
    verblijfsadres: str | Unset = UNSET,
    burgerlijke_staat: str | Unset = UNSET,
    nationaliteit: str | Unset = UNSET,
    spreektaal: str | Unset = UNSET,
    id_document_nummer: str | Unset = UNSET,
    zorgverzekeraar: str | Unset = UNSET,
    uitkering_soort: str | Unset = UNSET,
    uitkering_sinds: datetime.date | Unset | None = UNSET,
    partner_naam: str | Unset = UNSET,
    partner_geboortedatum: datetime.date | Unset | None = UNSET,
    partner_adres: str | Unset = UNSET,
) -> Client:
    """The client a new case is opened for: the user's own client with this BSN, or a new one.

    A BSN only links a client the user can already change through a case team they are on, so typing it
    gives no new access. Any other BSN, known to another team or to nobody, gets a new client from the typed
    fields. Linking the cases of one person across teams is a deliberate act with a legal ground, never a
    side effect of typing a BSN."""
    known = client_reusable_by(user=by, bsn=bsn)
    if known is not None:
        return known
    return client_create(
        by=by,
        bsn=bsn,
        achternaam=achternaam,
        voorvoegsel=voorvoegsel,
        voornamen=voornamen,
        roepnaam=roepnaam,
        alias=alias,
        geboortedatum=geboortedatum,
        geboorteplaats=geboorteplaats,
        geboorteland=geboorteland,
        crisiskaart=crisiskaart,
        foto=foto,
        brp_adres=brp_adres,
        verblijfsadres=verblijfsadres,
        burgerlijke_staat=burgerlijke_staat,
        nationaliteit=nationaliteit,
        spreektaal=spreektaal,
        id_document_nummer=id_document_nummer,
        zorgverzekeraar=zorgverzekeraar,
        uitkering_soort=uitkering_soort,
        uitkering_sinds=uitkering_sinds,
        partner_naam=partner_naam,
        partner_geboortedatum=partner_geboortedatum,
        partner_adres=partner_adres,
    )


@transaction.atomic
def client_update(
    *,
    client: Client,
    by: User,
    expected_revision: int,
    achternaam: str | Unset = UNSET,
    voorvoegsel: str | Unset = UNSET,
    voornamen: str | Unset = UNSET,
    roepnaam: str | Unset = UNSET,
    alias: str | Unset = UNSET,
    geboortedatum: datetime.date | Unset | None = UNSET,
    geboorteplaats: str | Unset = UNSET,
    geboorteland: str | Unset = UNSET,
    crisiskaart: bool | Unset = UNSET,
    foto: File | str | Unset = UNSET,
    brp_adres: str | Unset = UNSET,
    verblijfsadres: str | Unset = UNSET,
    burgerlijke_staat: str | Unset = UNSET,
    nationaliteit: str | Unset = UNSET,
    spreektaal: str | Unset = UNSET,
    id_document_nummer: str | Unset = UNSET,
    bsn: str | Unset = UNSET,
    zorgverzekeraar: str | Unset = UNSET,
    uitkering_soort: str | Unset = UNSET,
    uitkering_sinds: datetime.date | Unset | None = UNSET,
    partner_naam: str | Unset = UNSET,
    partner_geboortedatum: datetime.date | Unset | None = UNSET,
    partner_adres: str | Unset = UNSET,
) -> Client:
    """Save the fields given, unless somebody else saved first (optimistic locking on ``revision``).

    A new photo is checked by content, size and pixels (a form's ``UploadField`` already did); the photo
    it replaces, or one cleared with ``foto=""``, leaves storage when the transaction commits."""
    fields = given(
        achternaam=achternaam,
        voorvoegsel=voorvoegsel,
        voornamen=voornamen,
        roepnaam=roepnaam,
        alias=alias,
        geboortedatum=geboortedatum,
        geboorteplaats=geboorteplaats,
        geboorteland=geboorteland,
        crisiskaart=crisiskaart,
        foto=foto,
        brp_adres=brp_adres,
        verblijfsadres=verblijfsadres,
        burgerlijke_staat=burgerlijke_staat,
        nationaliteit=nationaliteit,
        spreektaal=spreektaal,
        id_document_nummer=id_document_nummer,
        bsn=bsn,
        zorgverzekeraar=zorgverzekeraar,
        uitkering_soort=uitkering_soort,
        uitkering_sinds=uitkering_sinds,
        partner_naam=partner_naam,
        partner_geboortedatum=partner_geboortedatum,
        partner_adres=partner_adres,
    )
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
