"""The scan at volume (issue 19): it picks out only the deadlines with a step to take, moves them with one
UPDATE per transition, writes history for exactly those, creates their notifications in bulk and queues one
e-mail task per run; its query count does not grow with the number of deadlines."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from pytest_django import DjangoAssertNumQueries

from caseplan.models import Case
from deadlines.models import Deadline, DeadlineStatus
from deadlines.services import scanner
from deadlines.services.deadlines import deadline_complete
from deadlines.services.scanner import deadlines_scan
from notifications.models import Channel, Notification, NotificationKind
from notifications.services import preference_set, send_pending_emails
from privacy.models import Function
from tests.factories import UserFactory

D = datetime.date
MONDAY = D(2026, 12, 7)
S = DeadlineStatus

# A run that moves deadlines, whatever their number: the rules, the holidays, the pick; then per batch, in
# its transaction (here a savepoint and its release), the lock, the process managers, the existing
# notifications, the preferences, the notification INSERT, one UPDATE per transition and the history INSERT.
TRANSITION_SCAN_QUERIES = 14


def _make(world, label: str, count: int, due_on: D, status: str = S.OPEN, level: int = 0) -> list[int]:
    rule = Deadline.objects.get(case=world.case, kind="maatwerkplan-opstellen").rule
    case_type = ContentType.objects.get_for_model(Case)
    rows = Deadline.objects.bulk_create(
        Deadline(
            kind=f"{label}-{number}",
            title=f"{label} {number}",
            rule=rule,
            case=world.case,
            subject_type=case_type,
            subject_id=world.case.pk,
            anchor_date=due_on,
            due_on=due_on,
            owner_user=world.owner,
            status=status,
            escalation_level=level,
        )
        for number in range(count)
    )
    return [row.pk for row in rows]


@pytest.fixture
def ladder(world):
    """The world's owner with a coordinator; the world's own plan deadline out of the way."""
    deadline_complete(
        deadline=Deadline.objects.get(case=world.case, kind="maatwerkplan-opstellen"), by=world.owner
    )
    coordinator = UserFactory(organisation=world.gemeente, function=Function.COORDINATOR)
    world.owner.coordinator = coordinator
    world.owner.save()
    return coordinator


def _writes(queries) -> list[str]:
    return [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]


def test_a_run_with_transitions_writes_exactly_those(
    world, ladder, django_assert_num_queries: DjangoAssertNumQueries
):
    idle = _make(world, "open", 20, D(2027, 1, 15))
    idle += _make(
        world, "overdue-friday", 20, D(2026, 12, 4), S.OVERDUE, 1
    )  # one working day late: step 1 only
    overdue = _make(world, "new-overdue", 10, D(2026, 12, 4))
    second = _make(world, "to-coordinator", 5, D(2026, 12, 3), S.OVERDUE, 1)  # two days late: step 2
    every_step = _make(world, "long-late", 3, D(2026, 11, 26))  # all three steps at once
    untouched = list(Deadline.objects.filter(pk__in=idle).order_by("pk").values())
    history_before = Deadline.history.count()

    with django_assert_num_queries(TRANSITION_SCAN_QUERIES) as queries:
        result = deadlines_scan(today=MONDAY)

    assert (result.overdue, result.escalated, result.errors) == (13, 5 + 3 * 2, [])
    writes = _writes(queries)
    updates = [sql for sql in writes if sql.startswith('UPDATE "deadlines_deadline"')]
    assert len(updates) == 3, "one UPDATE per transition: to step 1, to step 2, to step 3"
    assert len([sql for sql in writes if sql.startswith('INSERT INTO "notifications_notification"')]) == 1
    assert len([sql for sql in writes if sql.startswith('INSERT INTO "deadlines_historicaldeadline"')]) == 1
    assert len(writes) == 5

    states = dict(
        Deadline.objects.filter(pk__in=overdue + second + every_step).values_list("pk", "escalation_level")
    )
    assert states == {**dict.fromkeys(overdue, 1), **dict.fromkeys(second, 2), **dict.fromkeys(every_step, 3)}
    assert set(Deadline.objects.filter(pk__in=second + every_step).values_list("status", flat=True)) == {
        S.ESCALATED
    }
    assert list(Deadline.objects.filter(pk__in=idle).order_by("pk").values()) == untouched

    history = Deadline.history.all()[: Deadline.history.count() - history_before]
    assert Deadline.history.count() - history_before == 18, "one historical row per deadline that moved"
    assert {row.id for row in history} == set(overdue + second + every_step)
    assert {
        (row.id, row.history_change_reason, row.history_user_id, row.history_type) for row in history
    } == {
        *((pk, "opschalingsstap 1", None, "~") for pk in overdue),
        *((pk, "opschalingsstap 2", None, "~") for pk in second),
        *((pk, "opschalingsstap 3", None, "~") for pk in every_step),
    }

    # step 1 to the owner, step 2 to the coordinator, step 3 to the process manager (the owner)
    assert result.notifications == 10 + 5 + 3 * 3
    assert (
        Notification.objects.filter(recipient=ladder, kind=NotificationKind.DEADLINE_ESCALATED).count() == 8
    )

    with django_assert_num_queries(3) as again:
        assert deadlines_scan(today=MONDAY).notifications == 0
    assert _writes(again) == [], "the next run has nothing left to do"


@pytest.mark.parametrize("count", [1, 40])
def test_the_query_count_does_not_grow_with_the_transitions(
    world, ladder, count, django_assert_num_queries: DjangoAssertNumQueries
):
    _make(world, "new-overdue", count, D(2026, 12, 4))
    _make(world, "to-coordinator", count, D(2026, 12, 3), S.OVERDUE, 1)
    _make(world, "long-late", count, D(2026, 11, 26), S.ESCALATED, 2)
    with django_assert_num_queries(TRANSITION_SCAN_QUERIES):
        result = deadlines_scan(today=MONDAY)
    assert (result.overdue, result.escalated) == (count, 2 * count)


def test_an_idle_scan_over_many_deadlines_writes_nothing(
    world, ladder, django_assert_num_queries: DjangoAssertNumQueries
):
    _make(world, "open", 50, D(2027, 1, 15))
    _make(world, "overdue", 50, D(2026, 12, 4), S.OVERDUE, 1)
    _make(world, "escalated", 50, D(2026, 12, 1), S.ESCALATED, 3)
    _make(world, "due-soon", 50, D(2026, 12, 9))
    deadlines_scan(today=MONDAY)  # announces the due-soon ones
    rows = list(Deadline.objects.order_by("pk").values())
    history, notifications = Deadline.history.count(), Notification.objects.count()

    with django_assert_num_queries(3) as queries:
        result = deadlines_scan(today=MONDAY)

    assert _writes(queries) == []
    assert (result.due_soon, result.overdue, result.escalated, result.notifications) == (0, 0, 0, 0)
    assert list(Deadline.objects.order_by("pk").values()) == rows
    assert (Deadline.history.count(), Notification.objects.count()) == (history, notifications)


def test_one_email_task_per_run_however_many_batches(
    world, ladder, monkeypatch, django_capture_on_commit_callbacks
):
    preference_set(user=world.owner, kind=NotificationKind.DEADLINE_OVERDUE, channel=Channel.EMAIL)
    preference_set(user=ladder, kind=NotificationKind.DEADLINE_ESCALATED, channel=Channel.EMAIL)
    _make(world, "new-overdue", 7, D(2026, 12, 4))
    _make(world, "to-coordinator", 3, D(2026, 12, 3), S.OVERDUE, 1)
    monkeypatch.setattr(scanner, "BATCH", 3)  # four batches, four transactions
    from notifications import tasks

    queued = []
    monkeypatch.setattr(tasks.send_pending_emails, "delay", lambda: queued.append(1))
    with django_capture_on_commit_callbacks(execute=True):
        result = deadlines_scan(today=MONDAY)
    assert (result.overdue, result.escalated, result.emails) == (7, 3, 10)
    assert queued == [1], "one e-mail task for the run, not one per notification or per batch"

    assert send_pending_emails() == 10
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.owner.email] * 7 + [ladder.email] * 3)
    assert send_pending_emails() == 0
    assert not Notification.objects.filter(channel=Channel.EMAIL, emailed_at__isnull=True).exists()


def test_a_run_with_nothing_to_email_queues_no_task(
    world, ladder, monkeypatch, django_capture_on_commit_callbacks
):
    _make(world, "due-soon", 3, D(2026, 12, 9))  # due-soon notices go to the digest
    from notifications import tasks

    queued = []
    monkeypatch.setattr(tasks.send_pending_emails, "delay", lambda: queued.append(1))
    with django_capture_on_commit_callbacks(execute=True):
        assert deadlines_scan(today=MONDAY).due_soon == 3
    assert queued == []
