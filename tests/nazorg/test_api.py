"""The API for prison systems: an organisation key, fields named in every 4xx, nothing created twice,
the access model (own prison only, others 404), and every answer with detainee data access-logged."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils.html import escape
from pytest_django import DjangoAssertNumQueries

from nazorg.api import idempotency
from nazorg.models import (
    DetentionEpisode,
    DocumentStatus,
    IdempotencyRecord,
    NazorgDocument,
    ReleaseDateChange,
)
from nazorg.services.documents import document_save, document_start
from nazorg.services.episodes import episode_register
from privacy.models import AccessLog, ApiToken, Function, Organisation, User
from privacy.services import api_token_hash, api_token_revoke
from tests.api_keys import organisation_key, user_key
from tests.factories import UserFactory, valid_bsn
from tests.nazorg.documents import BASISDOCUMENT, MELDINGSBLAD
from tests.problems import invalid, problem
from tests.world import NazorgParties, verified_client

# The prison system's list of detentions, with the world's detention and with three more.
API_LIST_QUERIES = 4

LIST = "/api/v1/nazorg/detenties/"


def detail(episode_id: int) -> str:
    return f"{LIST}{episode_id}/"


def document(episode_id: int, kind: str) -> str:
    return f"{LIST}{episode_id}/documenten/{kind}/"


@dataclass
class PrisonSystem:
    """A prison's registration system, talking JSON with its organisation key."""

    organisation: Organisation
    service_user: User
    token: ApiToken
    key: str
    http: HttpClient = field(default_factory=HttpClient)

    def _headers(self, key: str | None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.key}"}
        if key is not None:
            headers["Idempotency-Key"] = key
        return headers

    def get(self, url: str, **params: Any) -> Any:
        return self.http.get(url, params, headers=self._headers(None))

    def post(self, url: str, body: Any, key: str | None = "sleutel-1") -> Any:
        return self.http.post(url, body, content_type="application/json", headers=self._headers(key))

    def patch(self, url: str, body: Any, key: str | None = None) -> Any:
        return self.http.patch(url, body, content_type="application/json", headers=self._headers(key))


def connect(organisation: Organisation, email: str) -> PrisonSystem:
    user = UserFactory(email=email, organisation=organisation, function=Function.MMD)
    token, key = organisation_key(organisation, user, name="TULP-koppeling")
    return PrisonSystem(organisation=organisation, service_user=user, token=token, key=key)


@pytest.fixture
def system(nw: NazorgParties) -> PrisonSystem:
    return connect(nw.prison, "systeem@almelo.test")


@pytest.fixture
def other_system(nw: NazorgParties) -> PrisonSystem:
    return connect(nw.other_prison, "systeem@zwolle.test")


def registration(nw: NazorgParties, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "achternaam": "de Boer",
        "voornamen": "Kees",
        "geboortedatum": "1988-05-06",
        "bsn": valid_bsn(78),
        "locatie": "Huis van Bewaring",
        "plaats": "Almelo",
        "mmd": nw.mmd.email,
        "detention_start": "2026-11-02",
        "status": "veroordeeld",
        "expected_release": "2027-06-01",
        "brp_gemeente": nw.gemeente.cbs_code,
        "meldingsblad": MELDINGSBLAD,
    }
    body.update(changes)
    return {key: value for key, value in body.items() if value is not None}


def api_log(**filters: Any) -> Any:
    return AccessLog.objects.filter(channel="api", **filters)


# Registering, and idempotency.


def test_register_with_the_notice_in_one_call(nw: NazorgParties, system: PrisonSystem):
    response = system.post(LIST, registration(nw))
    assert response.status_code == 201, response.content
    body = response.json()
    episode = DetentionEpisode.objects.get(pk=body["id"])
    assert episode.prison == nw.prison, "the prison is the key's organisation"
    assert episode.created_by == system.service_user
    assert episode.gemeente == nw.gemeente
    assert episode.notice_received_on is not None, "the meldingsblad went to the municipality"
    assert body["brp_gemeente"] == body["gemeente"] == nw.gemeente.cbs_code
    assert body["mmd"] == nw.mmd.email
    assert [(d["kind"], d["number"], d["status"], d["channel"]) for d in body["documents"]] == [
        ("meldingsblad", 1, "ingediend", "api")
    ]
    assert api_log(detention_id=episode.pk, action="inzien", user=system.service_user).exists()


def test_a_repeated_registration_creates_nothing_twice(nw: NazorgParties, system: PrisonSystem):
    episodes, documents = DetentionEpisode.objects.count(), NazorgDocument.objects.count()
    first = system.post(LIST, registration(nw), key="reg-2026-0001")
    again = system.post(LIST, registration(nw), key="reg-2026-0001")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert DetentionEpisode.objects.count() == episodes + 1
    assert NazorgDocument.objects.count() == documents + 1
    assert IdempotencyRecord.objects.filter(organisation=nw.prison, key="reg-2026-0001").count() == 1
    replay_logged = api_log(detention_id=first.json()["id"], shown__contains="herhaald")
    assert replay_logged.count() == 1, "a replay shows the data again, so it is logged again"


def test_the_same_key_for_another_request_is_refused(nw: NazorgParties, system: PrisonSystem):
    system.post(LIST, registration(nw), key="reg-7")
    episodes = DetentionEpisode.objects.count()
    response = system.post(LIST, registration(nw, achternaam="Anders"), key="reg-7")
    body = problem(response, 422)
    assert (body["code"], [p["name"] for p in body["invalidParams"]]) == (
        "idempotency_key_reused",
        [idempotency.HEADER],
    )
    assert DetentionEpisode.objects.count() == episodes


def test_a_key_is_required_and_has_a_maximum_length(nw: NazorgParties, system: PrisonSystem):
    episodes = DetentionEpisode.objects.count()
    missing = system.post(LIST, registration(nw), key=None)
    too_long = system.post(LIST, registration(nw), key="x" * 101)
    assert list(invalid(missing)) == list(invalid(too_long)) == [idempotency.HEADER]
    assert DetentionEpisode.objects.count() == episodes


def test_keys_are_per_organisation(nw: NazorgParties, system: PrisonSystem, other_system: PrisonSystem):
    ours = system.post(LIST, registration(nw), key="gedeeld")
    theirs = other_system.post(
        LIST, registration(nw, mmd=None, achternaam="Zwolle", bsn=valid_bsn(79)), key="gedeeld"
    )
    assert (ours.status_code, theirs.status_code) == (201, 201), theirs.content
    assert ours.json()["id"] != theirs.json()["id"]
    assert DetentionEpisode.objects.get(pk=theirs.json()["id"]).prison == nw.other_prison


def test_a_refused_request_is_not_kept_so_the_corrected_one_may_reuse_the_key(
    nw: NazorgParties, system: PrisonSystem
):
    refused = system.post(LIST, registration(nw, brp_gemeente="GM0000"), key="reg-9")
    assert refused.status_code == 400
    accepted = system.post(LIST, registration(nw), key="reg-9")
    assert accepted.status_code == 201
    assert IdempotencyRecord.objects.get(organisation=nw.prison, key="reg-9").status_code == 201


def test_a_concurrent_retry_replays_the_answer_of_the_first(
    nw: NazorgParties, system: PrisonSystem, monkeypatch: pytest.MonkeyPatch
):
    """The retry misses the stored answer (the first request commits just after the look-up): its claim
    on the key then fails on the unique constraint, everything it did is rolled back, and it replays."""
    first = system.post(LIST, registration(nw), key="race")
    episodes = DetentionEpisode.objects.count()
    stored = idempotency._stored
    lookups: list[str] = []

    def late(organisation_id: int, key: str) -> IdempotencyRecord | None:
        lookups.append(key)
        return None if len(lookups) == 1 else stored(organisation_id, key)

    monkeypatch.setattr(idempotency, "_stored", late)
    retry = system.post(LIST, registration(nw), key="race")
    assert retry.status_code == 201
    assert retry.json() == first.json()
    assert len(lookups) == 2
    assert DetentionEpisode.objects.count() == episodes


def test_stored_answers_are_purged_after_a_week(nw: NazorgParties, system: PrisonSystem):
    system.post(LIST, registration(nw), key="oud")
    record = IdempotencyRecord.objects.get(key="oud")
    assert idempotency.idempotency_purge(now=record.created_at + datetime.timedelta(days=6)) == 0
    assert idempotency.idempotency_purge(now=record.created_at + datetime.timedelta(days=8)) == 1
    assert not IdempotencyRecord.objects.exists()


# Validation: 400 with the field named.


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"brp_gemeente": "GM0000"}, "brp_gemeente", "GM0000"),
        ({"gemeente_jaar_1": "Enschede"}, "gemeente_jaar_1", "GM0153"),
        ({"geboortedatum": "06-05-1988"}, "geboortedatum", ""),
        ({"achternaam": None}, "achternaam", ""),
        ({"status": "vrij"}, "status", "vrij"),
        ({"bsn": "123456789"}, "bsn", "elfproef"),
        ({"mmd": "onbekend@elders.test"}, "mmd", "onbekend@elders.test"),
        ({"geboorte_datum": "1988-05-06"}, "geboorte_datum", "Onbekend veld"),
        ({"expected_release": None}, "expected_release", "verplicht"),
        ({"expected_release": "2026-01-01"}, "expected_release", "vóór"),
    ],
)
def test_invalid_registration_names_the_field(
    nw: NazorgParties, system: PrisonSystem, changes: dict[str, Any], field: str, fragment: str
):
    episodes = DetentionEpisode.objects.count()
    response = system.post(LIST, registration(nw, **changes))
    errors = invalid(response)
    assert field in errors, errors
    assert fragment in " ".join(errors[field])
    assert DetentionEpisode.objects.count() == episodes


def test_the_mmd_must_work_at_the_keys_prison(nw: NazorgParties, system: PrisonSystem):
    response = system.post(LIST, registration(nw, mmd=nw.other_mmd.email))
    assert "mmd" in invalid(response)


def test_an_invalid_notice_names_its_field_and_registers_nothing(nw: NazorgParties, system: PrisonSystem):
    episodes = DetentionEpisode.objects.count()
    notice = {**MELDINGSBLAD, "datum": "morgen"}
    del notice["mmd_naam"]
    response = system.post(LIST, registration(nw, meldingsblad=notice))
    assert "meldingsblad.datum" in invalid(response)
    notice["datum"] = "2026-11-02"
    response = system.post(LIST, registration(nw, meldingsblad=notice))
    assert "meldingsblad.mmd_naam" in invalid(response)
    assert DetentionEpisode.objects.count() == episodes, "all or nothing"


def test_only_json_is_accepted(nw: NazorgParties, system: PrisonSystem):
    response = system.http.post(
        LIST, {"achternaam": "X"}, headers={"Authorization": f"Bearer {system.key}", "Idempotency-Key": "f"}
    )
    assert response.status_code == 415


# Authentication.


def test_without_a_valid_key_the_answer_is_401(nw: NazorgParties, system: PrisonSystem):
    anonymous = HttpClient()
    assert anonymous.get(LIST).status_code == 401
    wrong = anonymous.get(LIST, headers={"Authorization": "Bearer niet-de-sleutel"})
    assert wrong.status_code == 401
    assert wrong.headers["WWW-Authenticate"].startswith("Bearer")
    assert system.get(LIST).status_code == 200


def test_a_revoked_key_is_refused(nw: NazorgParties, system: PrisonSystem):
    api_token_revoke(token=system.token, by=None)
    response = system.get(LIST)
    assert "ingetrokken" in problem(response, 401)["detail"]
    assert system.post(LIST, registration(nw)).status_code == 401


def test_a_key_stops_working_when_its_service_user_is_deactivated(nw: NazorgParties, system: PrisonSystem):
    system.service_user.is_active = False
    system.service_user.save()
    assert system.get(LIST).status_code == 401


def test_people_cannot_use_this_api_with_their_session_or_user_token(nw: NazorgParties):
    assert verified_client(nw.mmd).get(LIST).status_code == 401
    personal = HttpClient().get(LIST, headers={"Authorization": f"Token {user_key(nw.mmd)}"})
    assert personal.status_code == 401
    assert "organisatie" in personal.json()["detail"]


def test_only_the_hash_of_the_key_is_stored(system: PrisonSystem):
    system.token.refresh_from_db()
    assert system.token.key_hash == api_token_hash(system.key)
    assert system.key not in {system.token.key_hash, system.token.prefix}
    assert system.key.startswith(system.token.prefix)


# Access: own prison only; every answer with detainee data logged.


def test_the_list_shows_only_the_own_prisons_episodes_and_is_logged(nw: NazorgParties, system: PrisonSystem):
    elsewhere = episode_register(
        by=nw.other_mmd,
        prison=nw.other_prison,
        achternaam="Zwolle",
        geboortedatum=datetime.date(1980, 1, 1),
        detention_start=datetime.date(2026, 10, 1),
        status="preventief",
    )
    response = system.get(LIST)
    assert response.status_code == 200
    ids = [row["id"] for row in response.json()["results"]]
    assert ids == [nw.episode.pk]
    assert elsewhere.pk not in ids
    assert api_log(action="lijst", detention_id=nw.episode.pk, user=system.service_user).count() == 1
    assert not AccessLog.objects.filter(detention_id=elsewhere.pk).exists()


def test_the_list_can_be_searched_by_bsn(nw: NazorgParties, system: PrisonSystem):
    assert system.get(LIST, bsn=nw.episode.bsn).json()["count"] == 1
    assert system.get(LIST, bsn=valid_bsn(4242)).json()["count"] == 0


def test_the_list_query_count_does_not_grow(
    nw: NazorgParties, system: PrisonSystem, django_assert_num_queries: DjangoAssertNumQueries
):
    system.get(LIST)  # the key's first use records last_used_at, a write made at most once a minute
    with django_assert_num_queries(API_LIST_QUERIES):
        assert system.get(LIST).status_code == 200
    for n in range(3):
        nw.register(achternaam=f"Extra{n}", bsn=valid_bsn(900 + n))
    with django_assert_num_queries(API_LIST_QUERIES):
        assert system.get(LIST).status_code == 200


def test_detail_shows_the_documents_and_is_logged(nw: NazorgParties, system: PrisonSystem):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    response = system.get(detail(nw.episode.pk))
    assert response.status_code == 200
    body = response.json()
    assert body["reference"] == nw.episode.reference
    assert body["documents"] == [
        {
            "id": NazorgDocument.objects.get(episode=nw.episode).pk,
            "kind": "meldingsblad",
            "number": 1,
            "status": "ingediend",
            "channel": "web",
            "submitted_at": body["documents"][0]["submitted_at"],
            "correction_reason": "",
        }
    ]
    row = api_log(user=system.service_user).get()
    assert (row.detention_id, row.action) == (nw.episode.pk, "inzien")


def test_another_prisons_episode_is_404_everywhere(
    nw: NazorgParties, system: PrisonSystem, other_system: PrisonSystem
):
    versions = nw.episode.revision
    assert other_system.get(detail(nw.episode.pk)).status_code == 404
    assert other_system.patch(detail(nw.episode.pk), {"version": versions, "locatie": "X"}).status_code == 404
    submit = other_system.post(document(nw.episode.pk, "meldingsblad"), {"data": MELDINGSBLAD})
    assert submit.status_code == 404
    assert other_system.get(detail(999_999)).status_code == 404
    assert not NazorgDocument.objects.filter(episode=nw.episode).exists()
    assert not AccessLog.objects.filter(user=other_system.service_user).exists()


# Documents.


def test_submit_a_document_and_a_replay_adds_no_version(nw: NazorgParties, system: PrisonSystem):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    url = document(nw.episode.pk, "basisdocument")
    first = system.post(url, {"data": BASISDOCUMENT, "based_on": 0}, key="basis-1")
    assert first.status_code == 201, first.content
    body = first.json()
    assert (body["kind"], body["number"], body["status"], body["channel"]) == (
        "basisdocument",
        1,
        "ingediend",
        "api",
    )
    assert body["data"]["status_onderdak"] == "4"
    again = system.post(url, {"data": BASISDOCUMENT, "based_on": 0}, key="basis-1")
    assert again.status_code == 201
    assert again.json() == body
    assert NazorgDocument.objects.filter(episode=nw.episode, kind="basisdocument").count() == 1
    assert api_log(detention_id=nw.episode.pk, user=system.service_user).count() == 2


def test_document_errors_name_the_fields_inside_data(nw: NazorgParties, system: PrisonSystem):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    url = document(nw.episode.pk, "basisdocument")
    wrong = system.post(url, {"data": {**BASISDOCUMENT, "status_id": "7", "onbekend": "x"}, "based_on": 0})
    assert invalid(wrong) == {
        "data.onbekend": ["Onbekend veld."],
        "data.status_id": ["Kies een van de mogelijke waarden: 1, 2, 3, 4."],
    }, "every bad field at once, unknown ones by name"
    incomplete = {key: value for key, value in BASISDOCUMENT.items() if key != "mi_onderdak"}
    missing = system.post(url, {"data": incomplete, "based_on": 0})
    assert invalid(missing) == {"data.mi_onderdak": ["Dit veld is verplicht bij indienen."]}
    assert invalid(system.post(url, {"gegevens": BASISDOCUMENT, "based_on": 0})).keys() == {
        "data",
        "gegevens",
    }
    assert not NazorgDocument.objects.filter(episode=nw.episode, kind="basisdocument").exists(), (
        "a refused submission leaves no draft behind"
    )


def test_the_order_of_documents_is_kept(nw: NazorgParties, system: PrisonSystem):
    response = system.post(document(nw.episode.pk, "basisdocument"), {"data": BASISDOCUMENT, "based_on": 0})
    assert "meldingsblad" in invalid(response)["non_field_errors"][0]


def test_the_service_the_api_and_the_form_refuse_a_value_with_the_same_message(
    nw: NazorgParties, system: PrisonSystem
):
    bad = {**MELDINGSBLAD, "datum": "morgen", "mmd_telefoon": "0" * 301, "onbekend": "x"}
    draft = document_start(episode=nw.episode, kind="meldingsblad", by=nw.mmd)
    with pytest.raises(ValidationError) as refused:
        document_save(document=draft, by=nw.mmd, data=bad, expected_revision=draft.revision)
    messages = refused.value.message_dict
    assert set(messages) == {"datum", "mmd_telefoon", "onbekend"}
    api = invalid(system.post(document(nw.episode.pk, "meldingsblad"), {"data": bad, "based_on": 0}))
    url = reverse("nazorg:document_edit", args=[nw.episode.pk, "meldingsblad"])
    page = nw.http("mmd").post(url, {"revision": draft.revision, **bad, "save": "1"})
    assert page.status_code == 400
    for key, texts in messages.items():
        for text in texts:
            assert text in api[f"data.{key}"], key
            if key != "onbekend":  # a form has no field it does not know
                assert escape(text) in page.content.decode(), key
    assert NazorgDocument.objects.get(pk=draft.pk).data == draft.data


def test_a_correction_needs_a_reason_and_becomes_a_new_version(nw: NazorgParties, system: PrisonSystem):
    url = document(nw.episode.pk, "meldingsblad")
    assert system.post(url, {"data": MELDINGSBLAD, "based_on": 0}, key="m-1").status_code == 201
    changed = {**MELDINGSBLAD, "bijzonderheden": "Spreekt alleen Pools"}
    no_reason = system.post(url, {"data": changed, "based_on": 1}, key="m-2")
    assert "correction_reason" in invalid(no_reason)
    fixed = system.post(
        url, {"data": changed, "correction_reason": "Taal aangevuld", "based_on": 1}, key="m-2"
    )
    assert fixed.status_code == 201
    assert fixed.json()["number"] == 2
    statuses = dict(
        NazorgDocument.objects.filter(episode=nw.episode, kind="meldingsblad").values_list("number", "status")
    )
    assert statuses == {1: DocumentStatus.SUPERSEDED, 2: DocumentStatus.SUBMITTED}


def test_a_document_says_which_submitted_version_it_builds_on(nw: NazorgParties, system: PrisonSystem):
    url = document(nw.episode.pk, "meldingsblad")
    missing = system.post(url, {"data": MELDINGSBLAD}, key="m-1")
    assert list(invalid(missing)) == ["based_on"]
    assert system.post(url, {"data": MELDINGSBLAD, "based_on": 0}, key="m-1").status_code == 201
    before = api_log(detention_id=nw.episode.pk).count()
    changed = {**MELDINGSBLAD, "bijzonderheden": "Spreekt alleen Pools"}
    stale = system.post(url, {"data": changed, "correction_reason": "Taal", "based_on": 0}, key="m-2")
    current = problem(stale, 409)["current"]
    assert (current["number"], current["data"]) == (1, MELDINGSBLAD)
    assert api_log(detention_id=nw.episode.pk).count() == before + 1, "the conflict shows the document"
    assert NazorgDocument.objects.filter(episode=nw.episode, kind="meldingsblad").count() == 1
    assert not IdempotencyRecord.objects.filter(key="m-2").exists(), "a refused submission is not kept"
    fixed = system.post(url, {"data": changed, "correction_reason": "Taal", "based_on": 1}, key="m-2")
    assert (fixed.status_code, fixed.json()["number"]) == (201, 2)


def test_the_gemeenteblad_is_for_the_municipality(nw: NazorgParties, system: PrisonSystem):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    response = system.post(document(nw.episode.pk, "gemeenteblad"), {"data": {"burgerlijke_staat": "gehuwd"}})
    assert response.status_code == 403
    assert not NazorgDocument.objects.filter(kind="gemeenteblad").exists()
    assert system.post(document(nw.episode.pk, "brief"), {"data": {}}).status_code == 404


# Moving the release date: optimistic locking.


def test_a_moved_release_date_needs_the_version_and_a_reason(nw: NazorgParties, system: PrisonSystem):
    url = detail(nw.episode.pk)
    version = nw.episode.revision
    assert "version" in invalid(system.patch(url, {"expected_release": "2027-03-01"}))
    no_reason = system.patch(url, {"version": version, "expected_release": "2027-03-01"})
    assert "release_reason" in invalid(no_reason)
    bad_reason = system.patch(
        url, {"version": version, "expected_release": "2027-03-01", "release_reason": "zomaar"}
    )
    assert "release_reason" in invalid(bad_reason)
    moved = system.patch(
        url, {"version": version, "expected_release": "2027-03-01", "release_reason": "vervroegd"}
    )
    assert moved.status_code == 200, moved.content
    assert moved.json()["expected_release"] == "2027-03-01"
    assert moved.json()["version"] == version + 1
    change = ReleaseDateChange.objects.get(episode=nw.episode)
    assert (change.old_date, change.new_date, change.reason) == (
        datetime.date(2027, 6, 1),
        datetime.date(2027, 3, 1),
        "vervroegd",
    )
    stale = system.patch(
        url, {"version": version, "expected_release": "2027-02-01", "release_reason": "beroep"}
    )
    current = problem(stale, 409)["current"]
    assert (current["version"], current["expected_release"]) == (version + 1, "2027-03-01")
    assert ReleaseDateChange.objects.filter(episode=nw.episode).count() == 1


def test_a_patch_with_a_key_is_replayed_instead_of_conflicting(nw: NazorgParties, system: PrisonSystem):
    url = detail(nw.episode.pk)
    body = {"version": nw.episode.revision, "expected_release": "2027-03-01", "release_reason": "vervroegd"}
    first = system.patch(url, body, key="ontslag-1")
    again = system.patch(url, body, key="ontslag-1")
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json() == first.json()
    assert ReleaseDateChange.objects.filter(episode=nw.episode).count() == 1


def test_fields_the_api_does_not_change_are_refused_by_name(nw: NazorgParties, system: PrisonSystem):
    response = system.patch(detail(nw.episode.pk), {"version": nw.episode.revision, "reference": "NZ-1"})
    assert "reference" in invalid(response)


# OpenAPI and admin.


def test_the_openapi_schema_documents_the_prison_api(nw: NazorgParties):
    schema = nw.http("mmd").get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    assert set(paths["/api/v1/nazorg/detenties/"]) == {"get", "post"}
    assert set(paths["/api/v1/nazorg/detenties/{id}/"]) == {"get", "patch"}
    submit = paths["/api/v1/nazorg/detenties/{id}/documenten/{kind}/"]["post"]
    assert submit["security"] == [{"organisatieSleutel": []}]
    assert any(p["name"] == "Idempotency-Key" and p["required"] for p in submit["parameters"])
    components = schema["components"]["schemas"]
    assert "based_on" in components["DocumentSubmit"]["required"]
    assert "409" in submit["responses"]
    patch = paths["/api/v1/nazorg/detenties/{id}/"]["patch"]
    body = patch["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "version" in components[body]["required"], "a PATCH lists no required field, but the lock is"
    assert "409" in patch["responses"]
    assert schema["components"]["securitySchemes"]["organisatieSleutel"]["scheme"] == "bearer"


@pytest.fixture
def admin_http(nw: NazorgParties) -> HttpClient:
    beheerder = UserFactory(
        email="beheer@test.example", function=Function.FUNCTIONEEL_BEHEERDER, is_staff=True, is_superuser=True
    )
    return verified_client(beheerder)


def test_admin_shows_a_new_key_once_and_it_works(nw: NazorgParties, admin_http: HttpClient):
    service_user = UserFactory(email="tulp@almelo.test", organisation=nw.prison, function=Function.MMD)
    response = admin_http.post(
        "/beheer/privacy/apitoken/add/",
        {"organisation": nw.prison.pk, "service_user": service_user.pk, "name": "TULP"},
    )
    assert response.status_code == 200, response.content[:500]
    assert "no-store" in response.headers["Cache-Control"]
    token = ApiToken.objects.get(name="TULP")
    key = response.context["key"]
    assert key in response.content.decode()
    assert token.key_hash == api_token_hash(key)
    api = HttpClient().get(LIST, headers={"Authorization": f"Bearer {key}"})
    assert api.status_code == 200
    page = admin_http.get(f"/beheer/privacy/apitoken/{token.pk}/change/").content.decode()
    assert key not in page
    admin_http.post(
        "/beheer/privacy/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert HttpClient().get(LIST, headers={"Authorization": f"Bearer {key}"}).status_code == 401


def test_admin_gives_keys_only_to_prisons_acting_as_their_mmd(nw: NazorgParties, admin_http: HttpClient):
    response = admin_http.post(
        "/beheer/privacy/apitoken/add/",
        {"organisation": nw.gemeente.pk, "service_user": nw.contact.pk, "name": "Gemeente"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors.keys() == {"organisation", "service_user"}
    response = admin_http.post(
        "/beheer/privacy/apitoken/add/",
        {"organisation": nw.prison.pk, "service_user": nw.other_mmd.pk, "name": "Verkeerd"},
    )
    assert response.context["adminform"].form.errors.keys() == {"service_user"}
    assert not ApiToken.objects.exists()


def test_admin_shows_the_episode_envelope_without_the_name_and_logs_it(
    nw: NazorgParties, admin_http: HttpClient
):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    listing = admin_http.get("/beheer/nazorg/detentionepisode/").content.decode()
    assert nw.episode.reference in listing
    for url in (
        f"/beheer/nazorg/detentionepisode/{nw.episode.pk}/change/",
        f"/beheer/nazorg/detentionepisode/{nw.episode.pk}/history/",
        f"/beheer/nazorg/nazorgdocument/{NazorgDocument.objects.get(episode=nw.episode).pk}/change/",
        "/beheer/nazorg/nazorgdocument/",
    ):
        response = admin_http.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert nw.episode.reference in page, url
        assert nw.episode.achternaam not in page and nw.episode.bsn not in page, url
        assert MELDINGSBLAD["mmd_telefoon"] not in page, url
    assert AccessLog.objects.filter(channel="beheer", detention_id=nw.episode.pk).count() == 2
