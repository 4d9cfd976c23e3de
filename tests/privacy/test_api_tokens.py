"""API keys: one scheme for users and organisations, hashed at rest, with expiry, last use and revocation;
issued in the admin or with a command; the plain DRF keys and the prison keys of before keep working."""

from __future__ import annotations

import datetime
import hashlib
import importlib
import secrets
from dataclasses import dataclass
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.test import Client as HttpClient
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from privacy.models import ApiToken, Function, Organisation, User
from privacy.services import LAST_USED_EVERY, api_token_hash, api_token_revoke
from tests.api_keys import organisation_key, user_key
from tests.factories import UserFactory
from tests.world import World, verified_client

CASES = "/api/v1/cases/"
# The case list for a key used less than a minute ago: it reads the key, and writes no last use.
KEYED_LIST_QUERIES = 5
DETENTIONS = "/api/v1/nazorg/detenties/"


def _get(url: str, key: str, keyword: str = "Token") -> Any:
    return HttpClient().get(url, headers={"Authorization": f"{keyword} {key}"})


def _token(key: str) -> ApiToken:
    return ApiToken.objects.get(key_hash=api_token_hash(key))


@dataclass
class Prison:
    organisation: Organisation
    mmd: User


@pytest.fixture
def prison(lazy_world: World) -> Prison:
    """The world's prison, and the user its registration system acts as."""
    organisation = lazy_world.nazorg.prison
    mmd = UserFactory(email="systeem@almelo.test", organisation=organisation, function=Function.MMD)
    return Prison(organisation=organisation, mmd=mmd)


@pytest.fixture
def admin_http(db: None) -> HttpClient:
    beheerder = UserFactory(
        email="beheer@test.example", function=Function.FUNCTIONEEL_BEHEERDER, is_staff=True, is_superuser=True
    )
    return verified_client(beheerder)


# Using a key.


@pytest.mark.parametrize("keyword", ["Token", "Bearer"])
def test_a_users_key_acts_as_the_user(world: World, keyword: str):
    key = user_key(world.owner)
    response = _get(CASES, key, keyword)
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [world.case.pk]
    assert _get(CASES, user_key(world.outsider), keyword).json()["count"] == 0


def test_an_organisation_key_works_on_the_prison_api_only(world: World, prison: Prison):
    _token, key = organisation_key(prison.organisation, prison.mmd)
    assert _get(DETENTIONS, key, "Bearer").status_code == 200
    assert _get(DETENTIONS, key, "Token").status_code == 200
    refused = _get(CASES, key)
    assert refused.status_code == 401
    assert "persoonlijke API-sleutel" in refused.json()["detail"]


def test_the_database_holds_only_the_hash_and_a_short_prefix(world: World):
    key = user_key(world.owner)
    token = _token(key)
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key.startswith(token.prefix) and len(token.prefix) == 8 and len(key) >= 40
    with connection.cursor() as cursor:
        cursor.execute("SELECT row_to_json(t)::text FROM privacy_apitoken t")
        stored = " ".join(row[0] for row in cursor.fetchall())
    assert token.prefix in stored
    assert key not in stored and key[8:] not in stored and key[8:20] not in stored


def test_an_unknown_key_or_one_that_only_shares_the_prefix_is_refused(world: World):
    key = user_key(world.owner)
    for wrong in ("niet-de-sleutel", key[:8] + "x" * (len(key) - 8), key + "x", key[:8]):
        response = _get(CASES, wrong)
        assert response.status_code == 401, wrong
        assert response.json()["detail"] == "Ongeldige API-sleutel."
        assert response.headers["WWW-Authenticate"] == 'Token realm="api"'


def test_an_expired_key_answers_401_saying_so(world: World):
    key = user_key(world.owner)
    ApiToken.objects.filter(pk=_token(key).pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = _get(CASES, key)
    assert response.status_code == 401
    assert "verlopen op" in response.json()["detail"]
    assert response.headers["WWW-Authenticate"] == 'Token realm="api"'


def test_a_revoked_key_answers_401_saying_so(world: World):
    key = user_key(world.owner)
    assert _get(CASES, key).status_code == 200
    api_token_revoke(token=_token(key), by=world.owner)
    response = _get(CASES, key)
    assert response.status_code == 401
    assert "ingetrokken" in response.json()["detail"]
    assert _token(key).revoked_by == world.owner


def test_a_key_of_an_inactive_user_is_refused(world: World):
    key = user_key(world.owner)
    world.owner.is_active = False
    world.owner.save()
    response = _get(CASES, key)
    assert response.status_code == 401
    assert "niet actief" in response.json()["detail"]


def test_without_a_key_the_api_answers_401_and_names_the_scheme(db: None):
    response = HttpClient().get(CASES)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Token realm="api"'


def test_last_use_is_written_at_most_once_a_minute(
    world: World, django_assert_num_queries: DjangoAssertNumQueries
):
    key = user_key(world.owner)
    assert _token(key).last_used_at is None
    assert _get(CASES, key).status_code == 200
    first = _token(key).last_used_at
    assert first is not None and timezone.now() - first < datetime.timedelta(seconds=10)
    with django_assert_num_queries(KEYED_LIST_QUERIES) as queries:
        assert _get(CASES, key).status_code == 200
    assert not [q for q in queries if "UPDATE" in q["sql"] and "privacy_apitoken" in q["sql"]]
    assert _token(key).last_used_at == first
    earlier = first - LAST_USED_EVERY - datetime.timedelta(seconds=1)
    ApiToken.objects.filter(key_hash=api_token_hash(key)).update(last_used_at=earlier)
    assert _get(CASES, key).status_code == 200
    assert _token(key).last_used_at > first


def test_a_users_key_expires_after_a_year_and_an_organisations_after_two(world: World, prison: Prison):
    user_token = _token(user_key(world.owner))
    org_token, _key = organisation_key(prison.organisation, prison.mmd)
    assert user_token.expires_at - user_token.created_at == datetime.timedelta(days=365)
    assert org_token.expires_at - org_token.created_at == datetime.timedelta(days=730)


def test_the_database_allows_exactly_one_owner(world: World, prison: Prison):
    rows = [
        {"user": world.owner, "organisation": prison.organisation, "service_user": prison.mmd},
        {},
        {"organisation": prison.organisation},
        {"user": world.owner, "service_user": prison.mmd},
    ]
    for number, owners in enumerate(rows):
        with pytest.raises(IntegrityError), transaction.atomic():
            ApiToken.objects.create(
                name="x", prefix="p", key_hash=f"{number}", expires_at=timezone.now(), **owners
            )


# The admin.


def test_the_admin_issues_a_users_key_once_lists_it_and_revokes_it(world: World, admin_http: HttpClient):
    response = admin_http.post(
        "/beheer/privacy/apitoken/add/", {"user": world.owner.pk, "name": "Rapportage"}
    )
    assert response.status_code == 200, response.content[:500]
    assert "no-store" in response.headers["Cache-Control"]
    key = response.context["key"]
    assert key in response.content.decode() and "Authorization: Token" in response.content.decode()
    token = ApiToken.objects.get(name="Rapportage")
    assert token.key_hash == api_token_hash(key)
    assert token.created_by is not None and token.created_by.email == "beheer@test.example"
    assert _get(CASES, key).status_code == 200

    listing = admin_http.get("/beheer/privacy/apitoken/").content.decode()
    assert token.prefix in listing and str(world.owner) in listing and key not in listing
    assert key not in admin_http.get(f"/beheer/privacy/apitoken/{token.pk}/change/").content.decode()

    admin_http.post("/beheer/privacy/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by is not None
    assert _get(CASES, key).status_code == 401
    revoked = admin_http.get("/beheer/privacy/apitoken/", {"status": "ingetrokken"}).content.decode()
    assert token.prefix in revoked


def test_the_admin_refuses_a_key_without_an_owner_or_with_two(
    world: World, prison: Prison, admin_http: HttpClient
):
    nobody = admin_http.post("/beheer/privacy/apitoken/add/", {"name": "Niemand"})
    assert nobody.context["adminform"].form.errors.keys() == {"user"}
    both = admin_http.post(
        "/beheer/privacy/apitoken/add/",
        {"name": "Beide", "user": world.owner.pk, "organisation": prison.organisation.pk},
    )
    assert "organisation" in both.context["adminform"].form.errors
    past = admin_http.post(
        "/beheer/privacy/apitoken/add/",
        {"name": "Oud", "user": world.owner.pk, "expires_at_0": "01-01-2020", "expires_at_1": "12:00"},
    )
    assert past.context["adminform"].form.errors.keys() == {"expires_at"}
    assert not ApiToken.objects.exists()


# The command.


def test_the_command_issues_a_key_for_a_user(world: World):
    out = StringIO()
    call_command("create_api_token", user=world.owner.email.upper(), name="Koppeling", days=30, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith(f"API-sleutel 'Koppeling' voor {world.owner}, geldig tot ")
    assert "niet opnieuw getoond" in lines[0]
    key = lines[1]
    assert lines[2] == "Gebruik: Authorization: Token <sleutel>"
    token = _token(key)
    assert token.user == world.owner
    lifetime = token.expires_at - token.created_at
    assert abs(lifetime - datetime.timedelta(days=30)) < datetime.timedelta(seconds=5)
    assert _get(CASES, key).status_code == 200


def test_the_command_issues_a_key_for_an_organisation(prison: Prison):
    out = StringIO()
    call_command(
        "create_api_token",
        organisation=prison.organisation.name,
        service_user=prison.mmd.email,
        name="TULP",
        stdout=out,
    )
    key = out.getvalue().splitlines()[1]
    assert out.getvalue().splitlines()[2] == "Gebruik: Authorization: Bearer <sleutel>"
    assert _token(key).organisation == prison.organisation
    assert _get(DETENTIONS, key, "Bearer").status_code == 200


def test_the_command_explains_what_is_wrong(world: World, prison: Prison):
    with pytest.raises(CommandError, match="Geen gebruiker"):
        call_command("create_api_token", user="niemand@test.example", name="x")
    with pytest.raises(CommandError, match="--service-user"):
        call_command("create_api_token", organisation=prison.organisation.name, name="x")
    with pytest.raises(CommandError, match="Alleen een penitentiaire inrichting"):
        call_command(
            "create_api_token", organisation=world.gemeente.name, service_user=world.owner.email, name="x"
        )
    assert not ApiToken.objects.exists()


# The keys of before keep working.


def test_the_migration_hashes_the_plain_drf_keys_and_drops_their_table(world: World):
    plain = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"  # the shape of a DRF authtoken key
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamptz NOT NULL, "
            "user_id bigint NOT NULL UNIQUE)"
        )
        cursor.execute("INSERT INTO authtoken_token VALUES (%s, now(), %s)", [plain, world.owner.pk])
        cursor.execute(
            "INSERT INTO django_migrations (app, name, applied) VALUES ('authtoken', '0001_initial', now())"
        )
    migration = importlib.import_module("privacy.migrations.0005_import_plain_api_keys")
    from django.apps import apps

    with connection.schema_editor() as editor:
        migration.import_plain_keys(apps, editor)

    assert "authtoken_token" not in connection.introspection.table_names()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM django_migrations WHERE app = 'authtoken'")
        assert cursor.fetchone()[0] == 0
    token = _token(plain)
    assert token.user == world.owner and token.prefix == plain[:8]
    assert token.expires_at > timezone.now() + datetime.timedelta(days=364)
    response = _get(CASES, plain)
    assert response.status_code == 200 and response.json()["count"] == 1


def test_the_migration_moves_the_hashed_organisation_keys_as_they_are(prison: Prison):
    migration = importlib.import_module("nazorg.migrations.0004_move_organisation_keys")
    before = MigrationLoader(connection).project_state(
        ("nazorg", "0004_move_organisation_keys"), at_end=False
    )
    OldToken = before.apps.get_model("nazorg", "OrganisationToken")
    with connection.schema_editor() as editor:
        editor.create_model(OldToken)
    key = secrets.token_urlsafe(32)
    OldToken.objects.create(
        organisation_id=prison.organisation.pk,
        service_user_id=prison.mmd.pk,
        name="TULP",
        key_hash=hashlib.sha256(key.encode()).hexdigest(),
        prefix=key[:8],
    )
    with connection.schema_editor() as editor:
        migration.move_keys(before.apps, editor)
    token = _token(key)
    assert (token.organisation, token.service_user, token.name) == (prison.organisation, prison.mmd, "TULP")
    assert token.revoked_at is None and token.expires_at > timezone.now() + datetime.timedelta(days=729)
    assert _get(DETENTIONS, key, "Bearer").status_code == 200
