"""The hand-over from prison to municipality through the services: documents, versions, import, consent."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from caseplan.models import PlanDomain, PlanSection
from nazorg.models import DocumentStatus, HandoverEvent, HandoverStatus, NazorgDocument
from nazorg.services.consent import consent_record, consent_withdraw, episode_share
from nazorg.services.documents import document_save, document_start, document_submit
from nazorg.services.episodes import gemeente_van_herkomst, handover_assign, handover_forward, handover_reject
from nazorg.services.importing import episode_import
from tests.nazorg.documents import BASISDOCUMENT, GEMEENTEBLAD, MELDINGSBLAD, ONTSLAGBERICHT
from tests.world import NazorgParties


def test_gemeente_van_herkomst_follows_the_seed_rule(nw: NazorgParties):
    a, b = nw.gemeente, nw.other_gemeente
    assert gemeente_van_herkomst(brp_gemeente=a, years=(b, b, b)) == a
    assert gemeente_van_herkomst(brp_gemeente=None, years=(a, b, b)) == b
    assert gemeente_van_herkomst(brp_gemeente=None, years=(b, None, b)) == b
    assert gemeente_van_herkomst(brp_gemeente=None, years=(a, b, None)) is None


def test_a_draft_keeps_incomplete_data_and_submit_names_the_missing_fields(nw: NazorgParties):
    document = document_start(episode=nw.episode, kind="meldingsblad", by=nw.mmd)
    assert document.data["mmd_naam"] == nw.mmd.get_full_name()  # prefilled from the MMD'er
    document = document_save(
        document=document, by=nw.mmd, data={"bijzonderheden": "Rustig"}, expected_revision=1
    )
    with pytest.raises(ValidationError) as error:
        document_submit(document=document, by=nw.mmd)
    assert set(error.value.message_dict) == {"mmd_naam", "mmd_telefoon", "datum"}
    assert NazorgDocument.objects.get(pk=document.pk).data == {"bijzonderheden": "Rustig"}


def test_a_value_outside_the_fixed_list_is_refused(nw: NazorgParties):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    document = document_start(episode=nw.episode, kind="gemeenteblad", by=nw.contact)
    with pytest.raises(ValidationError) as error:
        document_save(document=document, by=nw.contact, data={"huisvesting_voor": "10"}, expected_revision=1)
    assert "huisvesting_voor" in error.value.message_dict


def test_a_submitted_document_is_corrected_only_by_a_new_version(nw: NazorgParties):
    first = nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    with pytest.raises(ValidationError):
        document_save(document=first, by=nw.mmd, data=MELDINGSBLAD, expected_revision=None)
    draft = document_start(episode=nw.episode, kind="meldingsblad", by=nw.mmd)
    assert draft.number == 2 and draft.data == first.data
    with pytest.raises(ValidationError) as error:
        document_submit(document=draft, by=nw.mmd)
    assert "correction_reason" in error.value.message_dict
    second = document_submit(document=draft, by=nw.mmd, correction_reason="Telefoonnummer gewijzigd")
    first.refresh_from_db()
    assert (first.status, second.status) == (DocumentStatus.SUPERSEDED, DocumentStatus.SUBMITTED)


def test_the_gemeenteblad_waits_for_the_notice(nw: NazorgParties):
    document = document_start(episode=nw.episode, kind="gemeenteblad", by=nw.contact)
    with pytest.raises(ValidationError) as error:
        document_submit(document=document, by=nw.contact, data=GEMEENTEBLAD)
    assert "__all__" in error.value.message_dict
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    assert nw.submit(nw.episode, "gemeenteblad", GEMEENTEBLAD).status == DocumentStatus.SUBMITTED


def test_kind_check_requires_the_carers_when_there_are_children(nw: NazorgParties):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    with pytest.raises(ValidationError) as error:
        nw.submit(nw.episode, "gemeenteblad", {**GEMEENTEBLAD, "kinderen": "ja"})
    assert "kinderen_verzorgers" in error.value.message_dict


def test_import_is_refused_while_the_title_runs_and_fills_the_plan_after_release(nw: NazorgParties):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    nw.submit(nw.episode, "basisdocument", BASISDOCUMENT)
    with pytest.raises(ValidationError, match="justitiële titel"):
        episode_import(episode=nw.episode, by=nw.contact)
    nw.submit(
        nw.episode, "ontslagbericht", {**ONTSLAGBERICHT, "ontslagdatum": datetime.date.today().isoformat()}
    )
    nw.episode.refresh_from_db()
    case = episode_import(episode=nw.episode, by=nw.contact)
    nw.episode.refresh_from_db()
    assert nw.episode.handover_status == HandoverStatus.IMPORTED and nw.episode.case == case
    assert case.client.bsn == nw.episode.bsn and case.gemeente == nw.gemeente
    diagnostics = PlanSection.objects.get(version__plan__case=case, key="diagnostiek").data[
        "basisvoorwaarden"
    ]
    assert "4 Actie noodzakelijk" in diagnostics and "Bijstand aanvragen" in diagnostics
    housing = PlanDomain.objects.get(version__plan__case=case, number=1).current_situation
    assert "maatschappelijke opvang regelen" in housing
    with pytest.raises(ValidationError, match="al overgenomen"):
        episode_import(episode=nw.episode, by=nw.contact)


def test_a_future_release_date_does_not_end_the_title(nw: NazorgParties):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    nw.submit(nw.episode, "ontslagbericht", {**ONTSLAGBERICHT, "ontslagdatum": tomorrow.isoformat()})
    nw.episode.refresh_from_db()
    with pytest.raises(ValidationError):
        episode_import(episode=nw.episode, by=nw.contact)
    with time_machine.travel(tomorrow, tick=False):
        assert episode_import(episode=nw.episode, by=nw.contact).pk


def test_reject_puts_the_episode_in_the_queue_and_a_coordinator_places_it(nw: NazorgParties):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    with pytest.raises(ValidationError):
        handover_reject(episode=nw.episode, by=nw.contact, reason=" ")
    episode = handover_reject(episode=nw.episode, by=nw.contact, reason="Woont al jaren in Hengelo")
    assert episode.gemeente is None
    episode = handover_assign(
        episode=episode, by=nw.coordinator, to=nw.other_gemeente, reason="Navraag gedaan"
    )
    assert episode.gemeente == nw.other_gemeente and episode.handover_status == HandoverStatus.OPEN
    kinds = list(HandoverEvent.objects.filter(episode=episode).values_list("kind", flat=True))
    assert kinds == ["gemeld", "afgewezen", "doorgestuurd", "wachtrij", "toegewezen"] or "toegewezen" in kinds


def test_forward_moves_the_handover_with_its_reason(nw: NazorgParties):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    episode = handover_forward(
        episode=nw.episode, by=nw.contact, to=nw.other_gemeente, reason="Gaat bij zijn zus wonen"
    )
    assert episode.gemeente == nw.other_gemeente
    event = HandoverEvent.objects.filter(episode=episode, kind="doorgestuurd").get()
    assert (event.from_gemeente, event.to_gemeente, event.reason) == (
        nw.gemeente,
        nw.other_gemeente,
        "Gaat bij zijn zus wonen",
    )


def test_sharing_with_a_care_provider_is_blocked_until_consent_covers_it(nw: NazorgParties):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    nw.submit(nw.episode, "basisdocument", BASISDOCUMENT)
    with pytest.raises(ValidationError, match="toestemming"):
        episode_share(episode=nw.episode, by=nw.mmd, organisation=nw.care, reason="Behandeling na ontslag")
    consent_record(
        episode=nw.episode,
        by=nw.mmd,
        signed_on=datetime.date.today(),
        scope=["verslavingszorg"],
        evidence="PI-dossier",
    )
    with pytest.raises(ValidationError, match="toestemming"):
        episode_share(episode=nw.episode, by=nw.mmd, organisation=nw.care, reason="Behandeling na ontslag")
    consent = consent_record(
        episode=nw.episode,
        by=nw.mmd,
        signed_on=datetime.date.today(),
        scope=["ggz"],
        evidence="PI-dossier, formulier 12",
    )
    share = episode_share(
        episode=nw.episode, by=nw.mmd, organisation=nw.care, reason="Behandeling na ontslag"
    )
    assert share.consent == consent
    consent_withdraw(consent=consent, by=nw.mmd)
    share.refresh_from_db()
    assert share.ended_on == datetime.date.today()


def test_each_party_hears_of_the_others_document_without_the_name(nw: NazorgParties):
    from notifications.models import Notification

    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    to_municipality = Notification.objects.get(recipient=nw.contact)
    assert to_municipality.title == f"Nieuw: Meldingsblad detentie · {nw.episode.reference}"
    nw.submit(nw.episode, "gemeenteblad", GEMEENTEBLAD)
    to_prison = Notification.objects.get(recipient=nw.mmd)
    assert to_prison.title == f"Nieuw: Gemeenteblad · {nw.episode.reference}"
    assert not Notification.objects.filter(recipient=nw.other_contact).exists()
    assert all("Bakker" not in n.title + n.body for n in Notification.objects.all())
