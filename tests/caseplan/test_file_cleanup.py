"""Files leave the disk with the record they belong to (issue 11, finding 11): a replaced or cleared photo,
the files of a deleted record (a contract's signature and PDF, a plan PDF, a client's photo). The old file
goes only after the transaction commits, so a rolled back change never loses the current file."""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.urls import reverse

from caseplan.models import Client, Contract, PlanPdf
from caseplan.services.clients import client_update
from caseplan.services.contracts import contract_sign_client
from caseplan.services.plan_pdf import plan_pdf_request
from common.errors import EditConflict
from common.files import deletes_files_with_records
from tests.files import jpeg, png, upload
from tests.world import World

TODAY = datetime.date.today()


@pytest.fixture(autouse=True)
def media(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]


def _client(world: World) -> Client:
    return Client.objects.get(pk=world.case.client_id)


def _post_photo(world: World, **fields: object):
    client = _client(world)
    data = {"revision": client.revision, "achternaam": client.achternaam, "bsn": client.bsn, **fields}
    return world.client_for("owner").post(reverse("caseplan:client_edit", args=[world.case.pk]), data)


def _with_photo(world: World, django_capture_on_commit_callbacks) -> str:
    with django_capture_on_commit_callbacks(execute=True):
        assert _post_photo(world, foto=upload("een.png", png(), "image/png")).status_code == 302
    name = _client(world).foto.name
    assert default_storage.exists(name)
    return name


def test_a_replaced_photo_leaves_the_disk_after_commit(world: World, django_capture_on_commit_callbacks):
    old = _with_photo(world, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert _post_photo(world, foto=upload("twee.jpg", jpeg(), "image/jpeg")).status_code == 302
    new = _client(world).foto.name
    assert new != old and default_storage.exists(new)
    assert default_storage.exists(old)  # not before the commit
    for callback in callbacks:
        callback()
    assert not default_storage.exists(old) and default_storage.exists(new)


def test_a_cleared_photo_leaves_the_disk(world: World, django_capture_on_commit_callbacks):
    old = _with_photo(world, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        assert _post_photo(world, **{"foto-clear": "on"}).status_code == 302
    assert not _client(world).foto and not default_storage.exists(old)


def test_a_rolled_back_replace_keeps_the_current_photo(world: World, django_capture_on_commit_callbacks):
    old = _with_photo(world, django_capture_on_commit_callbacks)
    client = _client(world)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        client_update(
            client=client,
            by=world.owner,
            expected_revision=client.revision,
            foto=upload("twee.png", png(), "image/png"),
        )
        raise RuntimeError("the caller's transaction fails after the save")
    assert _client(world).foto.name == old and default_storage.exists(old)


def test_a_refused_replace_keeps_the_current_photo_and_stores_nothing(
    world: World, django_capture_on_commit_callbacks
):
    old = _with_photo(world, django_capture_on_commit_callbacks)
    client = _client(world)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(EditConflict):
        client_update(
            client=client,
            by=world.owner,
            expected_revision=client.revision - 1,  # somebody else saved first
            foto=upload("twee.png", png(), "image/png"),
        )
    assert _client(world).foto.name == old and default_storage.exists(old)
    assert default_storage.listdir("clients")[1] == [old.split("/")[-1]]


def _signed_contract(world: World) -> Contract:
    contract = world.partners_signed_contract(TODAY)
    return contract_sign_client(
        contract=contract, by=world.owner, signed_on=TODAY, place="Enschede", drawn_png=png()
    )


def test_deleted_records_take_their_files_along(world: World, django_capture_on_commit_callbacks):
    """The contract's signature and PDF, the plan's PDF with the case, then the client's photo."""
    photo = _with_photo(world, django_capture_on_commit_callbacks)
    contract = _signed_contract(world)
    with django_capture_on_commit_callbacks(execute=True):
        pdf = plan_pdf_request(version=contract.plan_version, by=world.owner)  # rendered eagerly in tests
    pdf.refresh_from_db()
    contract_files = [contract.signature_file.name, contract.pdf_file.name]
    assert all(default_storage.exists(name) for name in [*contract_files, pdf.file.name])
    with django_capture_on_commit_callbacks(execute=True):
        contract.delete()
    assert not any(default_storage.exists(name) for name in contract_files)
    assert default_storage.exists(pdf.file.name)
    client = _client(world)
    with django_capture_on_commit_callbacks(execute=True):
        world.case.delete()
    assert not PlanPdf.objects.exists() and not default_storage.exists(pdf.file.name)
    assert default_storage.exists(photo)
    with django_capture_on_commit_callbacks(execute=True):
        client.delete()
    assert not default_storage.exists(photo)


def test_every_model_with_a_file_removes_its_files_when_deleted():
    """A guard for models to come: a FileField without the clean-up fails here."""
    missing = [
        model._meta.label
        for model in apps.get_models()
        if any(isinstance(field, models.FileField) for field in model._meta.concrete_fields)
        and not deletes_files_with_records(model)
    ]
    assert missing == []
