"""Every row of seed 003's deadline table, with its owner; recomputed when dates move, done when delivered."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from deadlines.models import Deadline, DeadlineStatus
from deadlines.services.scanner import deadlines_scan
from nazorg.models import DetentionStatus
from nazorg.services.episodes import episode_first_contact, episode_update, handover_accept, handover_forward
from notifications.models import Notification
from privacy.models import Function
from tests.factories import UserFactory
from tests.nazorg.documents import BASISDOCUMENT, GEMEENTEBLAD, MELDINGSBLAD, ONTSLAGBERICHT
from tests.world import NazorgParties

D = datetime.date


def _active(nw: NazorgParties, kind: str, episode=None) -> Deadline:
    episode = episode or nw.episode
    return Deadline.objects.get(
        subject_id=episode.pk, kind=f"nazorg-{kind}", status__in=["open", "verlopen", "opgeschaald"]
    )


def _has_active(nw: NazorgParties, kind: str, episode=None) -> bool:
    episode = episode or nw.episode
    return Deadline.objects.filter(
        subject_id=episode.pk, kind=f"nazorg-{kind}", status__in=["open", "verlopen", "opgeschaald"]
    ).exists()


def test_notice_within_two_working_days_owned_by_the_mmd(nw: NazorgParties):
    deadline = _active(nw, "melding")  # detention started Monday 2 November 2026
    assert deadline.due_on == D(2026, 11, 4) and deadline.owner_user == nw.mmd


def test_notice_deadline_crosses_christmas(nw: NazorgParties):
    episode = nw.register(detention_start=D(2026, 12, 24))  # Thursday; 25 and 26 December are holidays
    assert _active(nw, "melding", episode).due_on == D(2026, 12, 29)


def test_full_screening_within_ten_working_days(nw: NazorgParties):
    assert _active(nw, "screening").due_on == D(2026, 11, 16)


@time_machine.travel(D(2026, 11, 3), tick=False)
def test_gemeenteblad_five_days_after_the_notice_owned_by_the_municipality(nw: NazorgParties):
    assert not _has_active(nw, "gemeenteblad")  # nothing before the notice
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    deadline = _active(nw, "gemeenteblad")
    # 3 November + 5 calendar days is Sunday 8 November: a deadline never ends on a weekend.
    assert deadline.due_on == D(2026, 11, 9) and deadline.owner_organisation == nw.gemeente
    assert deadline.rule.unit == "kalenderdagen"  # the seed does not say which days; the rule is data
    nw.submit(nw.episode, "gemeenteblad", GEMEENTEBLAD)
    assert Deadline.objects.get(pk=deadline.pk).status == DeadlineStatus.DONE


@time_machine.travel(D(2026, 11, 3), tick=False)
def test_basisdocument_ten_working_days_after_the_notice(nw: NazorgParties):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    deadline = _active(nw, "basisdocument")
    assert deadline.due_on == D(2026, 11, 17) and deadline.owner_user == nw.mmd
    assert Deadline.objects.get(subject_id=nw.episode.pk, kind="nazorg-melding").status == DeadlineStatus.DONE
    nw.submit(nw.episode, "basisdocument", BASISDOCUMENT)
    assert Deadline.objects.get(pk=deadline.pk).status == DeadlineStatus.DONE
    assert not _has_active(nw, "screening")


def test_long_stay_update_eight_weeks_before_release(nw: NazorgParties):
    assert nw.episode.is_long_stay  # 2 November 2026 to 1 June 2027
    assert _active(nw, "langverblijf").due_on == D(2027, 4, 6)


def test_four_months_exactly_is_long_stay_and_less_is_not(nw: NazorgParties):
    exactly = nw.register(detention_start=D(2026, 11, 2), expected_release=D(2027, 3, 2))
    shorter = nw.register(detention_start=D(2026, 11, 2), expected_release=D(2027, 3, 1))
    assert exactly.is_long_stay and _has_active(nw, "langverblijf", exactly)
    assert not shorter.is_long_stay and not _has_active(nw, "langverblijf", shorter)


def test_release_notice_on_the_day_of_release(nw: NazorgParties):
    assert _active(nw, "ontslagbericht").due_on == D(2027, 6, 1)


def test_a_remand_prisoner_has_no_release_deadlines_until_sentenced(nw: NazorgParties):
    episode = nw.register(status=DetentionStatus.PREVENTIEF, expected_release=None)
    assert not _has_active(nw, "ontslagbericht", episode) and not _has_active(nw, "langverblijf", episode)
    episode = episode_update(
        episode=episode,
        by=nw.mmd,
        expected_revision=episode.revision,
        status=DetentionStatus.VEROORDEELD,
        sentenced_on=D(2026, 12, 1),
        expected_release=D(2027, 9, 1),
        release_reason="veroordeeld",
    )
    assert _active(nw, "ontslagbericht", episode).due_on == D(2027, 9, 1)
    assert _active(nw, "langverblijf", episode).due_on == D(2027, 7, 7)


def test_a_moved_release_date_recomputes_its_deadlines_and_keeps_the_history(nw: NazorgParties):
    with pytest.raises(Exception, match="waarom"):
        episode_update(episode=nw.episode, by=nw.mmd, expected_revision=1, expected_release=D(2027, 2, 26))
    episode = episode_update(
        episode=nw.episode,
        by=nw.mmd,
        expected_revision=1,
        expected_release=D(2027, 2, 26),
        release_reason="vervroegd",
        release_note="VI",
    )
    assert _active(nw, "ontslagbericht").due_on == D(2027, 2, 26)
    assert not episode.is_long_stay and not _has_active(nw, "langverblijf")  # under four months now
    change = episode.release_changes.get()
    assert (change.old_date, change.new_date, change.reason) == (D(2027, 6, 1), D(2027, 2, 26), "vervroegd")


@time_machine.travel(D(2026, 11, 3), tick=False)
def test_an_early_release_close_by_is_passed_to_the_municipality_at_once(nw: NazorgParties):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    Notification.objects.all().delete()
    episode_update(
        episode=nw.episode,
        by=nw.mmd,
        expected_revision=2,
        expected_release=D(2026, 11, 10),
        release_reason="vervroegd",
    )
    notice = Notification.objects.get(recipient=nw.contact)
    assert (
        notice.title.startswith("Spoed: ontslag op 10-11-2026") and nw.episode.achternaam not in notice.title
    )


@time_machine.travel(D(2026, 11, 3), tick=False)
def test_the_release_notice_ends_the_running_deadlines(nw: NazorgParties):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    nw.submit(nw.episode, "ontslagbericht", {**ONTSLAGBERICHT, "ontslagdatum": "2026-11-03"})
    assert (
        Deadline.objects.get(subject_id=nw.episode.pk, kind="nazorg-ontslagbericht").status
        == DeadlineStatus.DONE
    )
    # only the municipality's first contact after release is left
    assert list(
        Deadline.objects.filter(
            subject_id=nw.episode.pk, status__in=["open", "verlopen", "opgeschaald"]
        ).values_list("kind", flat=True)
    ) == ["nazorg-eerste-contact"]


def test_an_overdue_gemeenteblad_escalates_to_the_municipal_coordinator(nw: NazorgParties):
    coordinator = UserFactory(
        email="coord@enschede.test", organisation=nw.gemeente, function=Function.COORDINATOR
    )
    with time_machine.travel(D(2026, 11, 3), tick=False):
        nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    deadlines_scan(today=D(2026, 11, 12))  # due 9 November; escalation after one more working day
    deadline = _active(nw, "gemeenteblad")
    assert deadline.escalation_level >= 2
    assert Notification.objects.filter(recipient=nw.contact, kind="termijn_verlopen").exists()
    assert Notification.objects.filter(recipient=coordinator, kind="termijn_opgeschaald").exists()


def test_a_forwarded_handover_gives_the_new_municipality_its_own_five_days(nw: NazorgParties):
    with time_machine.travel(D(2026, 11, 3), tick=False):
        nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    with time_machine.travel(D(2026, 11, 5), tick=False):
        handover_forward(episode=nw.episode, by=nw.contact, to=nw.other_gemeente, reason="Gaat naar Hengelo")
    deadline = _active(nw, "gemeenteblad")
    assert deadline.owner_organisation == nw.other_gemeente and deadline.due_on == D(2026, 11, 10)


# --- the municipality's first contact after release (the first week; 72 hours, L107, L1629) -------------


def test_first_contact_in_the_first_week_after_release_owned_by_the_contact_person(nw: NazorgParties):
    assert not _has_active(nw, "eerste-contact")  # the municipality has not heard of the detention yet
    with time_machine.travel(D(2026, 11, 3), tick=False):
        nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    deadline = _active(nw, "eerste-contact")  # the expected release is known: 1 June 2027
    assert (deadline.anchor_date, deadline.due_on) == (D(2027, 6, 1), D(2027, 6, 8))
    assert deadline.owner_organisation == nw.gemeente and deadline.owner_user is None
    assert deadline.rule.amount == 7 and deadline.rule.unit == "kalenderdagen"

    handover_accept(episode=nw.episode, by=nw.contact)
    assert _active(nw, "eerste-contact").owner_user == nw.contact  # who accepted is the contact person

    with time_machine.travel(D(2026, 11, 3), tick=False):  # released early, on a Tuesday
        nw.submit(nw.episode, "ontslagbericht", {**ONTSLAGBERICHT, "ontslagdatum": "2026-11-03"})
    deadline = _active(nw, "eerste-contact")
    assert (deadline.anchor_date, deadline.due_on) == (D(2026, 11, 3), D(2026, 11, 10))
    assert deadline.owner_user == nw.contact

    deadlines_scan(today=D(2026, 11, 5))  # 48 hours after release: no reminder yet
    assert not Notification.objects.filter(recipient=nw.contact, kind="termijn_bijna").exists()
    deadlines_scan(today=D(2026, 11, 6))  # 72 hours after release
    reminder = Notification.objects.get(recipient=nw.contact, kind="termijn_bijna")
    assert (
        "Eerste contact gemeente na ontslag" in reminder.title and nw.episode.achternaam not in reminder.title
    )

    with time_machine.travel(D(2026, 11, 6), tick=False):
        episode = episode_first_contact(episode=nw.episode, by=nw.contact, contacted_on=D(2026, 11, 5))
    assert (episode.first_contact_on, episode.first_contact_by) == (D(2026, 11, 5), nw.contact)
    done = Deadline.objects.get(pk=deadline.pk)
    assert (done.status, done.done_by) == (DeadlineStatus.DONE, nw.contact)
    recorded = episode.history.get(history_change_reason="eerste contact na ontslag vastgelegd")
    assert (recorded.history_user, recorded.first_contact_on) == (nw.contact, D(2026, 11, 5))


@time_machine.travel(D(2026, 11, 3), tick=False)
def test_first_contact_only_after_release_once_and_not_in_the_future(nw: NazorgParties):
    nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    with pytest.raises(ValidationError, match="na het ontslag"):
        episode_first_contact(episode=nw.episode, by=nw.contact, contacted_on=D(2026, 11, 3))
    nw.submit(nw.episode, "ontslagbericht", {**ONTSLAGBERICHT, "ontslagdatum": "2026-11-02"})
    for day, field in ((D(2026, 11, 4), "contacted_on"), (D(2026, 11, 1), "contacted_on")):
        with pytest.raises(ValidationError) as caught:
            episode_first_contact(episode=nw.episode, by=nw.contact, contacted_on=day)
        assert field in caught.value.message_dict
    episode_first_contact(episode=nw.episode, by=nw.contact, contacted_on=D(2026, 11, 2))
    with pytest.raises(ValidationError, match="al vastgelegd"):
        episode_first_contact(episode=nw.episode, by=nw.contact, contacted_on=D(2026, 11, 3))


def test_a_forwarded_handover_hands_the_first_contact_to_the_new_municipality(nw: NazorgParties):
    with time_machine.travel(D(2026, 11, 3), tick=False):
        nw.submit(nw.episode, "meldingsblad", MELDINGSBLAD)
    handover_accept(episode=nw.episode, by=nw.contact)
    handover_forward(episode=nw.episode, by=nw.contact, to=nw.other_gemeente, reason="Gaat naar Hengelo")
    deadline = _active(nw, "eerste-contact")
    assert deadline.owner_user is None and deadline.owner_organisation == nw.other_gemeente
