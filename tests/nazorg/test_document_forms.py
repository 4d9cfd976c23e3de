"""Issue 20: a field another answer makes required says so and says which answer, on the page and in the API
alike; the gemeenteblad starts with the signed-in contact person, as the meldingsblad with the MMD'er."""

from __future__ import annotations

import datetime
import re

from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from nazorg.models import DocumentStatus, NazorgDocument
from privacy.models import Function
from tests.nazorg.documents import BASISDOCUMENT, GEMEENTEBLAD, MELDINGSBLAD, ONTSLAGBERICHT
from tests.nazorg.test_api import connect, document
from tests.problems import invalid
from tests.world import NazorgParties

# session, user, otp device, the user's organisation, the episode, the draft under the episode's lock
# (savepoint, lock, draft, release), the access-log insert, unread notifications, the session save (three):
# the labels and their conditions cost nothing.
GEMEENTEBLAD_FORM_QUERIES = 14

CHILDREN_QUESTION = "Minderjarige kinderen waarvoor hij/zij verantwoordelijk is"
CARERS_NEEDED = f"Verplicht omdat bij ‘{CHILDREN_QUESTION}’ ‘Ja’ is gekozen."
DEBTS_NEEDED = "Verplicht omdat bij ‘Schulden op de dag van ontslag’ ‘Ja’ is gekozen."


def _edit(nw: NazorgParties, kind: str) -> str:
    return reverse("nazorg:document_edit", args=[nw.episode.pk, kind])


def _label(page: str, text: str) -> str:
    """The legend or label that starts with ``text``, with the note after it."""
    found = re.search(rf"<(legend|label)[^>]*>{re.escape(text)}(.*?)</\1>", page, re.S)
    assert found, text
    return found.group(2)


def test_a_field_another_answer_makes_required_names_that_answer_instead_of_optional(nw: NazorgParties):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    page = nw.http("contact").get(_edit(nw, "gemeenteblad")).content.decode()

    carers = _label(page, "Huidige verzorgers")
    assert f"(verplicht bij antwoord ‘Ja’ op ‘{CHILDREN_QUESTION}’)" in carers and "optioneel" not in carers
    assert 'data-required-when="[[&quot;kinderen&quot;, [&quot;ja&quot;]]]"' in carers
    id_type = _label(page, "Soort ID-bewijs")
    assert "(verplicht bij antwoord ‘In het bezit van een geldig ID-bewijs’ op ‘ID-bewijs’)" in id_type
    assert "(verplicht bij indienen)" in _label(page, "Burgerlijke staat")
    assert "(optioneel)" in _label(page, "Nummer ID-bewijs")


def test_submitting_without_it_says_which_answer_made_it_required(nw: NazorgParties):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    http = nw.http("contact")
    http.get(_edit(nw, "gemeenteblad"))
    draft = NazorgDocument.objects.get(episode=nw.episode, kind="gemeenteblad")
    form = {**GEMEENTEBLAD, "kinderen": "ja", "revision": draft.revision, "submit": "1"}

    response = http.post(_edit(nw, "gemeenteblad"), form)

    assert response.status_code == 400
    body = response.content.decode()
    assert f"Huidige verzorgers: {CARERS_NEEDED}</a>" in body, "in the error summary"
    assert f"<strong>Fout:</strong> {CARERS_NEEDED}</p>" in body
    assert NazorgDocument.objects.get(pk=draft.pk).status == DocumentStatus.DRAFT


def test_the_api_and_the_page_give_the_same_reason(nw: NazorgParties):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    release = {**ONTSLAGBERICHT, "ontslagdatum": "2027-06-01", "schulden": "ja"}
    del release["schuldhulp"]

    system = connect(nw.prison, "systeem@almelo.test")
    answer = system.post(document(nw.episode.pk, "ontslagbericht"), {"data": release, "based_on": 0})
    assert invalid(answer) == {"data.schuldhulp": [DEBTS_NEEDED]}

    http = nw.http("mmd")
    http.get(_edit(nw, "ontslagbericht"))
    draft = NazorgDocument.objects.get(episode=nw.episode, kind="ontslagbericht")
    page = http.post(_edit(nw, "ontslagbericht"), {**release, "revision": draft.revision, "submit": "1"})
    assert page.status_code == 400 and f"<strong>Fout:</strong> {DEBTS_NEEDED}</p>" in page.content.decode()


def test_the_gemeenteblad_form_keeps_its_query_count(
    nw: NazorgParties, django_assert_num_queries: DjangoAssertNumQueries
):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    http = nw.http("contact")
    http.get(_edit(nw, "gemeenteblad"))  # the draft exists from here on
    with django_assert_num_queries(GEMEENTEBLAD_FORM_QUERIES):
        assert http.get(_edit(nw, "gemeenteblad")).status_code == 200
    nw.submit(nw.episode, "basisdocument", BASISDOCUMENT)
    for index in range(5):
        nw.submit(nw.register(achternaam=f"Groei{index}", bsn=""), "meldingsblad", MELDINGSBLAD)
    with django_assert_num_queries(GEMEENTEBLAD_FORM_QUERIES):
        assert http.get(_edit(nw, "gemeenteblad")).status_code == 200


# --- the gemeenteblad's contact person ----------------------------------------------------------------------


def _value(page: str, name: str) -> str | None:
    found = re.search(rf'<input type="[a-z]+" name="{name}"(?: value="([^"]*)")?', page)
    assert found, name
    return found.group(1)


def test_a_new_gemeenteblad_starts_with_the_signed_in_contact_person(nw: NazorgParties):
    nw.contact.phone = "053-4811111"
    nw.contact.save(update_fields=["phone"])
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)

    page = nw.http("contact").get(_edit(nw, "gemeenteblad")).content.decode()

    assert _value(page, "gemeente_naam") == "Gert Kok"
    assert _value(page, "gemeente_functie") == "Contactpersoon nazorg"
    assert _value(page, "gemeente_telefoon") == "053-4811111"
    assert _value(page, "gemeente_email") == nw.contact.email
    assert _value(page, "gemeente_afdeling") is None
    assert _value(page, "datum") == datetime.date.today().isoformat()


def test_the_prefill_never_overwrites_what_was_typed(nw: NazorgParties):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    http = nw.http("contact")
    url = _edit(nw, "gemeenteblad")
    http.get(url)
    draft = NazorgDocument.objects.get(episode=nw.episode, kind="gemeenteblad")
    typed = {"gemeente_naam": "Ank Smit", "gemeente_email": "", "revision": draft.revision, "save": "1"}
    assert http.post(url, typed).status_code == 302

    page = http.get(url).content.decode()
    assert _value(page, "gemeente_naam") == "Ank Smit" and _value(page, "gemeente_email") is None

    # A correction starts from the submitted version, whoever starts it.
    nw.submit(nw.episode, "gemeenteblad", GEMEENTEBLAD)
    colleague = nw.world.person(
        "nazorg2@enschede.test",
        nw.gemeente,
        first_name="Ria",
        last_name="Veen",
        function=Function.CONTACTPERSOON_NAZORG,
    )
    page = nw.world.http(colleague).get(url).content.decode()
    assert _value(page, "gemeente_naam") == "Gert Kok" and _value(page, "gemeente_telefoon") == "053-4811111"
