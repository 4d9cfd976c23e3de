"""The case pages: search, access log, clear errors that keep input, conflicts, expired sessions."""

from __future__ import annotations

from django.test import Client as HttpClient

from caseplan.models import Case, Client
from caseplan.services.clients import client_update
from privacy.models import AccessLog
from tests.world import verified_client


def test_each_case_page_view_adds_one_access_log_row(world):
    http = world.client_for("owner")
    before = AccessLog.objects.count()
    http.get(f"/casussen/{world.case.pk}/")
    http.get(f"/casussen/{world.case.pk}/")
    rows = AccessLog.objects.order_by("id")[before:]
    assert len(rows) == 2
    row = rows[0]
    assert (row.user, row.case_id, row.client_id) == (world.owner, world.case.pk, world.case.client_id)
    assert row.shown == "casusoverzicht"
    assert row.purpose == world.case.purpose.name
    assert row.organisation_label == world.gemeente.name
    assert row.ip_address == "127.0.0.1"


def test_outsider_gets_404_and_nothing_is_logged_as_shown(world):
    response = world.client_for("outsider").get(f"/casussen/{world.case.pk}/")
    assert response.status_code == 404
    assert "geen toegang" in response.content.decode()
    assert not AccessLog.objects.filter(user=world.outsider).exists()


def test_unknown_case_id_gets_a_clear_404(world):
    response = world.client_for("owner").get("/casussen/987654/")
    assert response.status_code == 404
    assert "bestaat niet" in response.content.decode()


def test_list_logs_every_client_shown(world):
    world.client_for("owner").get("/casussen/")
    assert AccessLog.objects.filter(action="lijst", case_id=world.case.pk, user=world.owner).count() == 1


def test_search_by_name_birth_date_and_exact_bsn(world):
    http = world.client_for("owner")
    client = world.case.client
    client.geboortedatum = "1980-03-07"
    client.alias = "De Kapper"
    client.save()
    for term in ["jans", "kapper", "07-03-1980", client.bsn, world.case.reference]:
        assert world.case.reference in http.get("/casussen/", {"q": term}).content.decode(), term
    for term in ["pietersen", "08-03-1980", client.bsn[:8] + "0", "31-02-1980"]:
        assert world.case.reference not in http.get("/casussen/", {"q": term}).content.decode(), term


def test_htmx_search_returns_only_the_rows(world):
    response = world.client_for("owner").get("/casussen/", {"q": "jans"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert world.case.reference in body
    assert "<html" not in body


def test_new_case_with_a_malformed_bsn_keeps_what_was_typed(world):
    http = world.client_for("owner")
    response = http.post(
        "/casussen/nieuw/",
        {
            "achternaam": "Bakker",
            "voornamen": "Sanne",
            "bsn": "123456789",
            "gemeente": world.gemeente.pk,
            "purpose": world.case.purpose_id,
            "role": "procesmanager_gemeente",
            "prioritisation_reason": "Zorgen over de woonsituatie",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "elfproef" in body
    assert 'value="Bakker"' in body
    assert "Zorgen over de woonsituatie" in body
    assert not Client.objects.filter(achternaam="Bakker").exists()


def test_new_case_puts_its_creator_on_the_team(world):
    http = world.client_for("owner")
    response = http.post(
        "/casussen/nieuw/",
        {
            "achternaam": "Bakker",
            "bsn": "111222333",
            "gemeente": world.gemeente.pk,
            "purpose": world.case.purpose_id,
            "role": "procesmanager_gemeente",
        },
    )
    case = Case.objects.get(client__bsn="111222333")
    assert response.url == f"/casussen/{case.pk}/"
    assert case.reference.startswith("PGA-")
    assert http.get(response.url).status_code == 200
    assert world.client_for("reader").get(response.url).status_code == 404


def test_conflicting_client_edit_is_refused_with_both_versions(world):
    client = world.case.client
    http = world.client_for("owner")
    loaded_revision = client.revision
    client_update(
        client=client, by=world.reader, expected_revision=loaded_revision, alias="Versie van collega"
    )
    response = http.post(
        f"/casussen/{world.case.pk}/client/bewerken/",
        {"revision": loaded_revision, "achternaam": "Jansen", "voornamen": "Pieter", "alias": "Mijn versie"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Iemand anders heeft deze cliëntgegevens intussen gewijzigd" in body
    assert "Versie van collega" in body
    assert "Mijn versie" in body
    client.refresh_from_db()
    assert client.alias == "Versie van collega"
    # Saving again, now on top of the colleague's version, goes through.
    response = http.post(
        f"/casussen/{world.case.pk}/client/bewerken/",
        {"revision": client.revision, "achternaam": "Jansen", "voornamen": "Pieter", "alias": "Mijn versie"},
    )
    assert response.status_code == 302
    client.refresh_from_db()
    assert client.alias == "Mijn versie"
    assert client.history.count() == 3


def test_input_survives_an_expired_session(world):
    url = f"/casussen/{world.case.pk}/client/bewerken/"
    anonymous = HttpClient()
    response = anonymous.post(
        url, {"revision": 1, "achternaam": "Jansen", "alias": "Getypt voor de time-out"}
    )
    assert response.status_code == 302
    assert response.url.startswith("/inloggen/")
    login_page = anonymous.get(response.url).content.decode()
    assert "Wat u had ingevuld is bewaard" in login_page
    # The same browser logs in again (both steps) and returns to the form.
    session_data = dict(anonymous.session.items())
    again = verified_client(world.owner)
    session = again.session
    session.update({k: v for k, v in session_data.items() if k == "stashed_post"})
    session.save()
    body = again.get(url).content.decode()
    assert "Getypt voor de time-out" in body
    assert "Getypt voor de time-out" not in again.get(url).content.decode()


def test_read_only_member_sees_no_edit_buttons(world):
    body = world.client_for("reader").get(f"/casussen/{world.case.pk}/").content.decode()
    assert "alleen inzien" in body
    assert f"/casussen/{world.case.pk}/bewerken/" not in body


def test_language_switch_to_english(world):
    http = world.client_for("owner")
    http.post("/i18n/setlang/", {"language": "en", "next": "/casussen/"})
    body = http.get("/casussen/").content.decode()
    assert 'lang="en"' in body
    assert "My cases" in body


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "navy").save(buffer, "PNG")
    return buffer.getvalue()


def test_photo_upload_is_served_only_to_the_team_and_logged(world, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    http = world.client_for("owner")
    client = world.case.client
    response = http.post(
        f"/casussen/{world.case.pk}/client/bewerken/",
        {
            "revision": client.revision,
            "achternaam": client.achternaam,
            "bsn": client.bsn,
            "foto": SimpleUploadedFile("foto.png", _png(), "image/png"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    url = f"/casussen/{world.case.pk}/client/foto/"
    assert world.client_for("reader").get(url).status_code == 200
    assert world.client_for("outsider").get(url).status_code == 404
    assert AccessLog.objects.filter(user=world.reader, shown="foto cliënt").count() == 1
    client.refresh_from_db()
    assert client.bsn and client.foto


def test_children_are_added_and_an_invalid_child_keeps_input(world):
    http = world.client_for("owner")
    url = f"/casussen/{world.case.pk}/client/kinderen/"
    response = http.post(url, {"naam": "", "brp_adres": "Hoofdstraat 1, Enschede"})
    body = response.content.decode()
    assert "Hoofdstraat 1, Enschede" in body
    assert "Controleer uw invoer" in body
    assert http.post(url, {"naam": "Kim", "geboortedatum": "2015-04-01"}).status_code == 302
    assert "Kim" in http.get(f"/casussen/{world.case.pk}/client/").content.decode()
    assert world.case.client.kinderen.get().history.count() == 1


def test_dutch_first_whatever_the_browser_says(world):
    http = world.client_for("owner")
    body = http.get("/casussen/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="nl"' in body
    assert "Mijn casussen" in body
