"""The nazorg pages as their users meet them: the MMD'er, the municipality's contact person, the queue."""

from __future__ import annotations

import datetime
import html
import re

from django.urls import reverse
from django.utils import timezone

from caseplan.models import Case
from deadlines.models import Deadline
from nazorg.models import DocumentStatus, HandoverStatus, NazorgDocument
from nazorg.services.episodes import handover_accept
from overleg.models import AgendaItem, MeetingType
from overleg.services.meetings import meeting_schedule
from privacy.models import AccessLog
from tests.nazorg.documents import BASISDOCUMENT, GEMEENTEBLAD, MELDINGSBLAD, ONTSLAGBERICHT
from tests.world import NazorgParties


def _detail(nw: NazorgParties) -> str:
    return reverse("nazorg:episode_detail", args=[nw.episode.pk])


def test_the_worklist_shows_own_prison_only_with_document_states(nw: NazorgParties):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    page = nw.http("mmd").get(reverse("nazorg:worklist")).content.decode()
    assert nw.episode.reference in page and "Meldingsblad detentie" in page
    assert "Basisdocument nazorg" in page and "uiterlijk" in page  # the basisdocument's deadline
    other = nw.http("other_mmd").get(reverse("nazorg:worklist")).content.decode()
    assert nw.episode.reference not in other


def test_the_municipality_sees_a_detention_only_after_the_notice(nw: NazorgParties):
    inbox = reverse("nazorg:inbox")
    assert nw.episode.reference not in nw.http("contact").get(inbox).content.decode()
    assert nw.http("contact").get(_detail(nw)).status_code == 404
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    page = nw.http("contact").get(inbox).content.decode()
    assert nw.episode.reference in page and "Gemeenteblad" in page
    assert nw.episode.reference not in nw.http("other_contact").get(inbox).content.decode()
    assert nw.http("other_contact").get(_detail(nw)).status_code == 404


def test_a_draft_saved_with_errors_keeps_every_word(nw: NazorgParties):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    url = reverse("nazorg:document_edit", args=[nw.episode.pk, "gemeenteblad"])
    http = nw.http("contact")
    assert http.get(url).status_code == 200
    revision = NazorgDocument.objects.get(episode=nw.episode, kind="gemeenteblad").revision
    response = http.post(
        url, {"revision": revision, "overige_bijzonderheden": "Zus wil helpen", "submit": "1"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Zus wil helpen" in body and "Dit veld is verplicht bij indienen." in body
    draft = NazorgDocument.objects.get(episode=nw.episode, kind="gemeenteblad")
    assert draft.status == DocumentStatus.DRAFT and draft.data["overige_bijzonderheden"] == "Zus wil helpen"


def test_a_stale_draft_save_is_refused_with_the_other_version_shown(nw: NazorgParties):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    url = reverse("nazorg:document_edit", args=[nw.episode.pk, "basisdocument"])
    http = nw.http("mmd")
    http.get(url)
    stale = NazorgDocument.objects.get(episode=nw.episode, kind="basisdocument").revision
    assert (
        http.post(url, {"revision": stale, "bijzonderheden": "Eerste tekst", "save": "1"}).status_code == 302
    )
    response = http.post(url, {"revision": stale, "bijzonderheden": "Tweede tekst", "save": "1"})
    assert response.status_code == 409
    body = response.content.decode()
    assert "Eerste tekst" in body and "Tweede tekst" in body
    assert (
        NazorgDocument.objects.get(episode=nw.episode, kind="basisdocument").data["bijzonderheden"]
        == "Eerste tekst"
    )


def test_the_prison_reads_but_cannot_write_the_gemeenteblad(nw: NazorgParties):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    url = reverse("nazorg:document_edit", args=[nw.episode.pk, "gemeenteblad"])
    assert nw.http("mmd").get(url).status_code == 403
    nw.submit(nw.episode, "gemeenteblad", GEMEENTEBLAD)
    page = nw.http("mmd").get(reverse("nazorg:document_detail", args=[nw.episode.pk, "gemeenteblad"]))
    assert page.status_code == 200 and "Dakloos zonder briefadres" in page.content.decode()


def test_import_through_the_page_only_after_release(nw: NazorgParties):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    nw.submit(nw.episode, "basisdocument", BASISDOCUMENT)
    url = reverse("nazorg:episode_import", args=[nw.episode.pk])
    http = nw.http("contact")
    page = http.get(_detail(nw)).content.decode()
    assert "Alleen inzien." in page and "Overnemen in een nieuwe casus" not in page
    response = http.post(url, follow=True)
    assert "justitiële titel" in response.content.decode() and not Case.objects.exists()
    nw.submit(
        nw.episode, "ontslagbericht", {**ONTSLAGBERICHT, "ontslagdatum": datetime.date.today().isoformat()}
    )
    assert "Overnemen in een nieuwe casus" in http.get(_detail(nw)).content.decode()
    response = http.post(url)
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == reverse("caseplan:case_detail", args=[case.pk])
    nw.episode.refresh_from_db()
    assert nw.episode.handover_status == HandoverStatus.IMPORTED


def test_reject_without_reason_keeps_the_page_and_with_reason_goes_to_the_queue(nw: NazorgParties):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    url = reverse("nazorg:handover_reject", args=[nw.episode.pk])
    assert nw.http("contact").post(url, {"reason": ""}).status_code == 400
    assert nw.http("contact").post(url, {"reason": "Nooit in Enschede gewoond"}).status_code == 302
    queue = nw.http("coordinator").get(reverse("nazorg:queue")).content.decode()
    assert nw.episode.reference in queue
    assert nw.http("contact").get(_detail(nw)).status_code == 404  # no longer theirs


def test_reading_an_episode_is_logged(nw: NazorgParties):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    nw.http("contact").get(_detail(nw))
    log = AccessLog.objects.filter(user=nw.contact, detention_id=nw.episode.pk).get()
    assert log.action == "inzien" and "nazorg" in log.purpose.lower()


def test_the_release_date_moves_with_a_reason_and_the_deadlines_follow(nw: NazorgParties):
    from deadlines.models import Deadline

    url = reverse("nazorg:episode_edit", args=[nw.episode.pk])
    http = nw.http("mmd")
    form = {
        "achternaam": "Bakker",
        "voornamen": "Jan",
        "geboortedatum": "1990-03-04",
        "bsn": nw.episode.bsn,
        "mmd": nw.mmd.pk,
        "detention_start": "2026-11-02",
        "status": "veroordeeld",
        "expected_release": "2027-03-01",
        "brp_gemeente": nw.gemeente.pk,
        "revision": nw.episode.revision,
    }
    response = http.post(url, form)
    assert (
        response.status_code == 400 and "Geef aan waarom de einddatum verandert." in response.content.decode()
    )
    response = http.post(url, {**form, "release_reason": "vervroegd"})
    assert response.status_code == 302
    deadline = Deadline.objects.get(subject_id=nw.episode.pk, kind="nazorg-ontslagbericht", status="open")
    assert deadline.due_on == datetime.date(2027, 3, 1)


def test_the_dashboard_counts_detainees_released_within_eight_weeks(nw: NazorgParties):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)  # released 1 June 2027: not soon
    soon = nw.register(
        expected_release=datetime.date.today() + datetime.timedelta(days=20), achternaam="Smit"
    )
    nw.submit(soon, "meldingsblad", MELDINGSBLAD)
    page = nw.http("contact").get(reverse("caseplan:dashboard")).content.decode()
    assert 'data-figure="nazorg"><span class="kpi__value">1</span>' in page
    listed = nw.http("contact").get(reverse("nazorg:inbox") + "?tab=binnenkort").content.decode()
    assert soon.reference in listed and nw.episode.reference not in listed
    assert (
        'data-figure="nazorg"' not in nw.http("care_user").get(reverse("caseplan:dashboard")).content.decode()
    )


def test_submitting_an_incomplete_document_twice_is_no_conflict_with_yourself(nw: NazorgParties):
    """Pressing "Indienen" with a field missing keeps the draft (its revision goes up): the form must carry
    that revision, so that the next "Indienen" after filling in the field submits instead of answering 409."""
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    url = reverse("nazorg:document_edit", args=[nw.episode.pk, "gemeenteblad"])
    http = nw.http("contact")
    http.get(url)
    revision = NazorgDocument.objects.get(episode=nw.episode, kind="gemeenteblad").revision
    incomplete = {k: v for k, v in GEMEENTEBLAD.items() if k != "gemeente_telefoon"}
    first = http.post(url, {**incomplete, "revision": revision, "submit": "1"})
    assert first.status_code == 400
    saved = NazorgDocument.objects.get(episode=nw.episode, kind="gemeenteblad")
    assert saved.revision > revision
    assert f'name="revision" value="{saved.revision}"' in first.content.decode()
    second = http.post(url, {**GEMEENTEBLAD, "revision": saved.revision, "submit": "1"})
    assert second.status_code == 302, second.content.decode()[:500]
    assert NazorgDocument.objects.get(pk=saved.pk).status == DocumentStatus.SUBMITTED


# --- the municipality's first contact after release, and the referral to the casusoverleg ----------------


def _released_today(nw: NazorgParties) -> None:
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    handover_accept(episode=nw.episode, by=nw.contact)
    nw.submit(
        nw.episode, "ontslagbericht", {**ONTSLAGBERICHT, "ontslagdatum": datetime.date.today().isoformat()}
    )


def test_the_contact_person_records_the_first_contact_on_the_episode_page(nw: NazorgParties):
    _released_today(nw)
    today = datetime.date.today()
    url = reverse("nazorg:first_contact", args=[nw.episode.pk])
    http = nw.http("contact")
    page = http.get(_detail(nw)).content.decode()
    deadline = Deadline.objects.get(subject_id=nw.episode.pk, kind="nazorg-eerste-contact")
    assert f'action="{url}"' in page and f"uiterlijk {deadline.due_on:%d-%m-%Y}" in page
    assert "Gert Kok" in page  # the contact person, who accepted the hand-over

    future = (today + datetime.timedelta(days=1)).isoformat()
    refused = http.post(url, {"contacted_on": future})
    assert refused.status_code == 400
    assert "in de toekomst" in refused.content.decode() and f'value="{future}"' in refused.content.decode()

    assert http.post(url, {"contacted_on": today.isoformat()}).status_code == 302
    page = http.get(_detail(nw)).content.decode()
    assert f'action="{url}"' not in page
    assert f"<dd>{today:%d-%m-%Y} (Gert Kok)</dd>" in page
    assert Deadline.objects.get(pk=deadline.pk).status == "afgerond"


def test_only_the_municipality_with_the_handover_records_the_first_contact(nw: NazorgParties):
    _released_today(nw)
    url = reverse("nazorg:first_contact", args=[nw.episode.pk])
    data = {"contacted_on": datetime.date.today().isoformat()}
    page = nw.http("mmd").get(_detail(nw)).content.decode()
    assert f'action="{url}"' not in page and "Gert Kok" in page  # the prison sees who its contact is
    assert nw.http("mmd").post(url, data).status_code == 403
    assert nw.http("other_contact").post(url, data).status_code == 404
    nw.episode.refresh_from_db()
    assert nw.episode.first_contact_on is None


def test_a_detention_that_became_a_case_is_referred_to_the_casusoverleg(nw: NazorgParties):
    _released_today(nw)
    nw.submit(
        nw.episode,
        "gemeenteblad",
        {**GEMEENTEBLAD, "vh_geprioriteerd": "ja", "vh_prioritering": ["veelpleger"]},
    )
    http = nw.http("contact")
    assert "Aanmelden voor casusoverleg" not in http.get(_detail(nw)).content.decode()  # no case yet
    assert http.post(reverse("nazorg:episode_import", args=[nw.episode.pk])).status_code == 302
    case = Case.objects.get()
    meeting = meeting_schedule(
        meeting_type=MeetingType.objects.get(code="pga"),
        starts_at=timezone.now() + datetime.timedelta(days=3),
        chair=nw.contact,
        by=nw.contact,
        title="Casusoverleg Veiligheidshuis Twente",
    )

    page = http.get(_detail(nw)).content.decode()
    assert "Geprioriteerd bij het Veiligheidshuis" in page
    link = re.search(r'href="([^"]+)">Aanmelden voor casusoverleg<', page)
    assert link is not None
    referral = html.unescape(link.group(1))
    assert referral.startswith(reverse("overleg:case_meetings", args=[case.pk]))
    tab = http.get(referral).content.decode()
    assert f"Nazorg na detentie ({nw.episode.reference}); geprioriteerd bij het Veiligheidshuis" in tab
    assert "Casusoverleg Veiligheidshuis Twente" in tab  # the upcoming meeting to choose
    done = http.post(
        referral.split("#")[0], {"meeting": meeting.pk, "reason": "Nazorg: terugkeer uit detentie"}
    )
    assert done.status_code == 302
    assert AgendaItem.objects.get(meeting=meeting, case=case).reason == "Nazorg: terugkeer uit detentie"


def test_only_who_may_put_the_case_on_an_agenda_is_offered_the_referral(nw: NazorgParties):
    _released_today(nw)
    nw.http("contact").post(reverse("nazorg:episode_import", args=[nw.episode.pk]))
    colleague = nw.world.person("nazorg2@enschede.test", nw.gemeente, function="contactpersoon_nazorg")
    page = nw.world.http(colleague).get(_detail(nw)).content.decode()
    assert "Overgenomen in casus" in page  # the colleague sees the detention, but is not on the case's team
    assert "Aanmelden voor casusoverleg" not in page
    assert "Aanmelden voor casusoverleg" not in nw.http("mmd").get(_detail(nw)).content.decode()
