"""The daily proposal: exactly the roots whose term has passed, never an open case, a held, extended or
excluded dossier, a running detention, or a root already on a list; nothing expired → no list at all."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from caseplan.models import CaseStatus
from nazorg.models import HandoverStatus
from privacy.models import DestructionItem, DestructionList, HoldKind, HoldReason, ListStatus, RetentionRule
from privacy.services.retention import (
    destruction_list_cancel,
    retention_hold_lift,
    retention_hold_place,
    retention_propose,
)
from tests.factories import (
    AgendaItemFactory,
    CallerFactory,
    CaseFactory,
    ClientFactory,
    DetentionEpisodeFactory,
    MeetingFactory,
    NotificationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)
LONG_AGO = datetime.date(2019, 3, 1)  # more than five years before TODAY
RECENT = datetime.date(2024, 3, 1)


def closed_client(*, closed_on=LONG_AGO, discussed_on=None, open_case=False):
    client = ClientFactory()
    case = CaseFactory(client=client, status=CaseStatus.AFGESLOTEN, closed_on=closed_on)
    if open_case:
        CaseFactory(client=client, status=CaseStatus.ACTIEF)
    if discussed_on is not None:
        moment = timezone.make_aware(datetime.datetime.combine(discussed_on, datetime.time(10)))
        AgendaItemFactory(meeting=MeetingFactory(starts_at=moment), case=case, discussed=True)
    return client, case


def proposed(destruction_list, kind="case_dossier"):
    return set(
        DestructionItem.objects.filter(destruction_list=destruction_list, kind=kind).values_list(
            "root_id", flat=True
        )
    )


def test_the_proposal_holds_exactly_the_expired_dossiers():
    officer = UserFactory()
    expired, expired_case = closed_client(discussed_on=LONG_AGO)
    closed_long_ago_never_discussed, _ = closed_client()
    discussed_recently, _ = closed_client(discussed_on=RECENT)
    still_open, _ = closed_client(open_case=True)
    held, held_case = closed_client()
    extended, extended_case = closed_client()
    extension_passed, passed_case = closed_client()
    excluded, excluded_case = closed_client()
    lifted, lifted_case = closed_client()
    detained, _ = closed_client()
    DetentionEpisodeFactory(client=detained, released_on=None)
    recent_close, _ = closed_client(closed_on=RECENT)
    retention_hold_place(
        subject="case", reference=held_case.reference, reason=HoldReason.COMPLAINT, by=officer
    )
    retention_hold_place(
        subject="case",
        reference=extended_case.reference,
        kind=HoldKind.EXTENSION,
        reason=HoldReason.STATISTICS,
        until=timezone.localdate() + datetime.timedelta(days=30),
        by=officer,
    )
    passed = retention_hold_place(
        subject="case",
        reference=passed_case.reference,
        kind=HoldKind.EXTENSION,
        reason=HoldReason.STATISTICS,
        until=timezone.localdate() + datetime.timedelta(days=1),
        by=officer,
    )
    passed.__class__.objects.filter(pk=passed.pk).update(until=TODAY - datetime.timedelta(days=1))
    retention_hold_place(
        subject="case",
        reference=excluded_case.reference,
        kind=HoldKind.EXCLUSION,
        reason=HoldReason.STATISTICS,
        explanation="onderzoek",
        by=officer,
    )
    hold = retention_hold_place(
        subject="case", reference=lifted_case.reference, reason=HoldReason.COMPLAINT, by=officer
    )
    retention_hold_lift(hold=hold, reason="klacht afgehandeld", revision=hold.revision, by=officer)

    destruction_list = retention_propose(today=TODAY)

    assert destruction_list is not None
    assert proposed(destruction_list) == {
        expired.pk,
        closed_long_ago_never_discussed.pk,
        extension_passed.pk,
        lifted.pk,
    }
    item = DestructionItem.objects.get(destruction_list=destruction_list, root_id=expired.pk)
    assert item.reference == expired_case.reference
    assert item.anchor_date == LONG_AGO
    assert item.expired_on == datetime.date(2024, 3, 1)
    assert item.client_id == expired.pk
    assert item.rule == RetentionRule.objects.get(code="case_dossier")
    assert destruction_list.status == ListStatus.PROPOSED
    assert destruction_list.number == f"VV-{TODAY.year}-0001"
    assert destruction_list.created_by is None
    assert (
        destruction_list.items_total
        == DestructionItem.objects.filter(destruction_list=destruction_list).count()
    )
    left_out = {held, extended, excluded, detained, discussed_recently, still_open, recent_close}
    assert not proposed(destruction_list) & {client.pk for client in left_out}


def test_last_discussed_counts_over_the_closing_date():
    """Closed long ago but discussed less than five years ago: the term counts from the meeting."""
    closed_client(closed_on=LONG_AGO, discussed_on=RECENT)
    assert retention_propose(today=TODAY) is None


def test_nothing_expired_writes_no_list():
    closed_client(closed_on=RECENT)
    closed_client(open_case=True)
    assert retention_propose(today=TODAY) is None
    assert not DestructionList.objects.exists()


def test_a_root_on_an_unfinished_list_is_not_proposed_again_and_comes_back_when_cancelled():
    client, _case = closed_client()
    first = retention_propose(today=TODAY)
    assert first is not None and proposed(first) == {client.pk}
    assert retention_propose(today=TODAY) is None
    destruction_list_cancel(destruction_list=first, revision=first.revision, by=UserFactory())
    again = retention_propose(today=TODAY)
    assert again is not None and proposed(again) == {client.pk}
    assert again.number == f"VV-{TODAY.year}-0002"


def test_the_co24_journal_and_episodes_and_periods_have_their_own_terms():
    journal_case = CaseFactory(status=CaseStatus.AFGESLOTEN, closed_on=datetime.date(2023, 1, 10))
    CallerFactory(case=journal_case)
    recent_journal = CaseFactory(status=CaseStatus.AFGESLOTEN, closed_on=datetime.date(2025, 1, 10))
    CallerFactory(case=recent_journal)
    CaseFactory(status=CaseStatus.AFGESLOTEN, closed_on=datetime.date(2023, 1, 10))  # no journal at all
    released = DetentionEpisodeFactory(released_on=datetime.date(2023, 5, 1))
    DetentionEpisodeFactory(released_on=datetime.date(2025, 5, 1))
    DetentionEpisodeFactory(released_on=None, expected_release=datetime.date(2027, 1, 1))
    DetentionEpisodeFactory(
        released_on=datetime.date(2020, 5, 1),
        handover_status=HandoverStatus.IMPORTED,
        case=CaseFactory(status=CaseStatus.ACTIEF),
    )
    old = NotificationFactory()
    NotificationFactory.create(created_at=None)  # this month's
    type(old).objects.filter(pk=old.pk).update(
        created_at=timezone.make_aware(datetime.datetime(2025, 5, 31, 23, 30))
    )
    newer = NotificationFactory()
    type(newer).objects.filter(pk=newer.pk).update(
        created_at=timezone.make_aware(datetime.datetime(2025, 6, 1, 0, 30))
    )

    destruction_list = retention_propose(today=TODAY)

    assert destruction_list is not None
    assert proposed(destruction_list, "co24_journal") == {journal_case.pk}
    assert proposed(destruction_list, "nazorg_episode") == {released.pk}
    months = set(
        DestructionItem.objects.filter(destruction_list=destruction_list, kind="notifications").values_list(
            "root_key", flat=True
        )
    )
    assert months == {"2025-05"}  # June 2025 is not a whole year old on 1 June 2026
    item = DestructionItem.objects.get(destruction_list=destruction_list, kind="notifications")
    assert item.anchor_date == datetime.date(2025, 5, 31) and item.expired_on == datetime.date(2026, 5, 31)


def test_an_inactive_rule_proposes_nothing():
    closed_client()
    RetentionRule.objects.filter(code="case_dossier").update(active=False)
    assert retention_propose(today=TODAY) is None
