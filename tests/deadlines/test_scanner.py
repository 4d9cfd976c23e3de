"""Deadlines are recomputed when their anchor moves, escalate one step at a time, and the scanner is
idempotent: a second run sends nothing twice."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from pytest_django import DjangoAssertNumQueries

from caseplan.models import CaseRole
from caseplan.services.cases import case_update
from caseplan.services.team import case_member_add
from deadlines.models import Deadline, DeadlineStatus
from deadlines.services.deadlines import deadline_complete
from deadlines.services.scanner import deadlines_scan
from notifications.models import Channel, Notification, NotificationKind
from notifications.services import preference_set
from privacy.models import Function
from tests.factories import UserFactory

# A scan that finds nothing to change reads the rules, the holidays and the one index range of deadlines
# with a step to take, and writes nothing, however many deadlines there are.
IDLE_SCAN_QUERIES = 3

D = datetime.date


@pytest.fixture
def plan_deadline(world):
    return Deadline.objects.get(case=world.case, kind="maatwerkplan-opstellen")


def test_a_prioritised_case_gets_a_plan_deadline(world, plan_deadline):
    assert plan_deadline.owner_user == world.owner
    assert plan_deadline.anchor_date == D(2026, 11, 2)
    assert plan_deadline.due_on == D(2026, 11, 30)
    assert plan_deadline.status == DeadlineStatus.OPEN


def test_moving_the_anchor_recomputes_the_deadline(world, plan_deadline):
    case_update(
        case=world.case, by=world.owner, expected_revision=world.case.revision, prioritised_on=D(2026, 12, 1)
    )
    plan_deadline.refresh_from_db()
    assert plan_deadline.anchor_date == D(2026, 12, 1)
    assert plan_deadline.due_on == D(2026, 12, 30)  # 20 working days, Christmas skipped
    assert Deadline.objects.filter(case=world.case).count() == 1
    assert plan_deadline.history.first().history_change_reason == "termijn herberekend"


def test_closing_the_case_lets_the_deadline_lapse(world, plan_deadline):
    case_update(
        case=world.case,
        by=world.owner,
        expected_revision=world.case.revision,
        status="afgesloten",
        closed_reason="klaar",
    )
    plan_deadline.refresh_from_db()
    assert plan_deadline.status == DeadlineStatus.CANCELLED


def test_due_soon_is_announced_once(world, plan_deadline):
    first = deadlines_scan(today=D(2026, 11, 26))
    second = deadlines_scan(today=D(2026, 11, 26))
    assert first.notifications == 1
    assert second.notifications == 0
    note = Notification.objects.get(recipient=world.owner)
    assert note.kind == NotificationKind.DEADLINE_DUE_SOON
    assert world.case.reference in note.title
    assert "Jansen" not in note.title + note.body, "notifications never name the client"


def test_the_escalation_ladder_climbs_one_step_at_a_time(world, plan_deadline):
    coordinator = UserFactory(organisation=world.gemeente, function=Function.COORDINATOR)
    world.owner.coordinator = coordinator
    world.owner.save()
    manager = UserFactory(organisation=world.gemeente, function=Function.PROCESMANAGER)
    case_member_add(case=world.case, by=world.owner, user=manager, role=CaseRole.PROCESMANAGER_VH)

    due = plan_deadline.due_on  # Monday 30 November
    assert deadlines_scan(today=due).overdue == 0  # due today is not late yet
    result = deadlines_scan(today=due + datetime.timedelta(days=1))
    assert (result.overdue, result.escalated) == (1, 0)
    assert deadlines_scan(today=due + datetime.timedelta(days=1)).notifications == 0
    plan_deadline.refresh_from_db()
    assert (plan_deadline.status, plan_deadline.escalation_level) == (DeadlineStatus.OVERDUE, 1)

    result = deadlines_scan(today=D(2026, 12, 2))  # 2 working days late: the coordinator
    assert result.escalated == 1
    assert (
        Notification.objects.filter(recipient=coordinator, kind=NotificationKind.DEADLINE_ESCALATED).count()
        == 1
    )
    assert deadlines_scan(today=D(2026, 12, 3)).escalated == 0
    result = deadlines_scan(today=D(2026, 12, 4))  # more than 3 working days late: the process managers
    assert result.escalated == 1
    assert set(
        Notification.objects.filter(
            kind=NotificationKind.DEADLINE_ESCALATED, dedupe_key__contains=":step:3:"
        ).values_list("recipient", flat=True)
    ) == {world.owner.pk, manager.pk}
    assert deadlines_scan(today=D(2026, 12, 10)).notifications == 0
    plan_deadline.refresh_from_db()
    assert (plan_deadline.status, plan_deadline.escalation_level) == (DeadlineStatus.ESCALATED, 3)


def test_a_scan_long_after_the_due_date_takes_every_due_step_once(world, plan_deadline):
    result = deadlines_scan(today=D(2026, 12, 15))
    assert (result.overdue, result.escalated) == (1, 2)
    assert deadlines_scan(today=D(2026, 12, 15)).notifications == 0


def test_a_done_deadline_keeps_when_and_by_whom_and_is_not_escalated(world, plan_deadline):
    deadline_complete(deadline=plan_deadline, by=world.owner)
    plan_deadline.refresh_from_db()
    assert plan_deadline.status == DeadlineStatus.DONE
    assert plan_deadline.done_by == world.owner and plan_deadline.done_at
    assert deadlines_scan(today=D(2026, 12, 15)).notifications == 0


def test_a_moved_deadline_starts_over(world, plan_deadline):
    deadlines_scan(today=D(2026, 12, 15))
    case_update(
        case=world.case, by=world.owner, expected_revision=world.case.revision, prioritised_on=D(2026, 12, 14)
    )
    plan_deadline.refresh_from_db()
    assert (plan_deadline.status, plan_deadline.escalation_level) == (DeadlineStatus.OPEN, 0)
    assert deadlines_scan(today=plan_deadline.due_on + datetime.timedelta(days=1)).overdue == 1


def test_overdue_notice_is_emailed_once_without_client_data(
    world, plan_deadline, django_capture_on_commit_callbacks
):
    preference_set(user=world.owner, kind=NotificationKind.DEADLINE_OVERDUE, channel=Channel.EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        deadlines_scan(today=D(2026, 12, 1))
    with django_capture_on_commit_callbacks(execute=True):
        deadlines_scan(today=D(2026, 12, 1))
    overdue_mails = [m for m in mail.outbox if "verlopen" in m.subject.lower()]
    assert len(overdue_mails) == 1
    assert overdue_mails[0].to == [world.owner.email]
    assert "Jansen" not in overdue_mails[0].body
    assert "/termijnen/" in overdue_mails[0].body


def test_an_escalated_coordinator_sees_the_deadline_but_not_the_client(world, plan_deadline):
    from privacy.models import AccessLog
    from tests.world import verified_client

    coordinator = UserFactory(organisation=world.gemeente, function=Function.COORDINATOR)
    world.owner.coordinator = coordinator
    world.owner.save()
    deadlines_scan(today=D(2026, 12, 2))
    note = Notification.objects.get(recipient=coordinator)
    http = verified_client(coordinator)
    page = http.get(http.get(f"/meldingen/{note.pk}/").url)
    body = page.content.decode()
    assert page.status_code == 200
    assert world.case.reference in body
    assert "Jansen" not in body
    assert "niet in het casusteam" in body
    assert http.post(f"/termijnen/{plan_deadline.pk}/afronden/").status_code == 403
    assert not AccessLog.objects.filter(user=coordinator).exists()
    assert http.get(f"/casussen/{world.case.pk}/").status_code == 404


def test_a_crash_on_one_deadline_loses_nothing(world, plan_deadline, monkeypatch):
    from caseplan.services.cases import case_create
    from caseplan.services.clients import client_create
    from privacy.models import Purpose
    from tests.factories import valid_bsn

    second_client = client_create(by=world.owner, achternaam="Bakker", bsn=valid_bsn(7))
    second_case = case_create(
        client=second_client,
        gemeente=world.gemeente,
        purpose=Purpose.objects.get(code="pga"),
        by=world.owner,
        prioritised_on=D(2026, 11, 2),
    )
    from deadlines.services import scanner

    real_notify = scanner.notify_many

    def flaky_notify(notices, **kwargs):
        notices = list(notices)
        if any(notice.message.case_id == world.case.pk for notice in notices):
            raise OSError("mail server down")
        return real_notify(notices, **kwargs)

    monkeypatch.setattr(scanner, "notify_many", flaky_notify)
    result = deadlines_scan(today=D(2026, 12, 1))
    assert result.errors == [plan_deadline.pk]
    assert result.overdue == 1  # the other case's deadline went ahead
    plan_deadline.refresh_from_db()
    assert (plan_deadline.status, plan_deadline.escalation_level) == (
        DeadlineStatus.OPEN,
        0,
    )  # rolled back whole

    monkeypatch.setattr(scanner, "notify_many", real_notify)
    result = deadlines_scan(today=D(2026, 12, 1))
    assert (result.overdue, result.errors) == (1, [])
    about_deadlines = Notification.objects.filter(deadline__isnull=False)  # not the team's "you joined"
    assert about_deadlines.filter(case=second_case).count() == 1
    assert about_deadlines.filter(case=world.case).count() == 1


def test_an_idle_scan_writes_nothing(world, plan_deadline, django_assert_num_queries: DjangoAssertNumQueries):
    """The scanner runs every five minutes: once every due step is taken, a run writes no row and no
    history, whatever state the deadlines are in (issue 11, finding 12)."""
    sunday = D(2026, 12, 6)  # a deadline due on Friday is past due but not yet a working day late
    rule, subject = plan_deadline.rule, world.case
    states = {
        "open": (D(2027, 1, 15), DeadlineStatus.OPEN, 0),
        "due-soon": (D(2026, 12, 8), DeadlineStatus.OPEN, 0),
        "due-friday": (D(2026, 12, 4), DeadlineStatus.OPEN, 0),
        "overdue": (D(2026, 12, 3), DeadlineStatus.OVERDUE, 1),
        "escalated-2": (D(2026, 12, 2), DeadlineStatus.ESCALATED, 2),
        "escalated-3": (D(2026, 11, 26), DeadlineStatus.ESCALATED, 3),
        "late-unhandled": (D(2026, 11, 26), DeadlineStatus.OPEN, 0),
        "done": (D(2026, 11, 26), DeadlineStatus.DONE, 0),
        "cancelled": (D(2026, 11, 26), DeadlineStatus.CANCELLED, 0),
    }
    for kind, (due_on, status, level) in states.items():
        Deadline.objects.create(
            kind=kind,
            title=kind,
            rule=rule,
            case=world.case,
            subject=subject,
            anchor_date=due_on,
            due_on=due_on,
            owner_user=world.owner,
            status=status,
            escalation_level=level,
        )

    first = deadlines_scan(today=sunday)
    assert (first.due_soon, first.overdue, first.escalated, first.errors) == (1, 2, 4, [])
    after = {d.kind: (d.status, d.escalation_level) for d in Deadline.objects.all()}
    assert after == {
        "open": (DeadlineStatus.OPEN, 0),
        "due-soon": (DeadlineStatus.OPEN, 0),
        "due-friday": (DeadlineStatus.OPEN, 0),
        "overdue": (DeadlineStatus.OVERDUE, 1),
        "escalated-2": (DeadlineStatus.ESCALATED, 2),
        "escalated-3": (DeadlineStatus.ESCALATED, 3),
        "late-unhandled": (DeadlineStatus.ESCALATED, 3),
        "done": (DeadlineStatus.DONE, 0),
        "cancelled": (DeadlineStatus.CANCELLED, 0),
        "maatwerkplan-opstellen": (DeadlineStatus.ESCALATED, 3),
    }

    rows = list(Deadline.objects.order_by("pk").values())
    history = Deadline.history.count()
    notifications = Notification.objects.count()
    with django_assert_num_queries(IDLE_SCAN_QUERIES) as queries:
        second = deadlines_scan(today=sunday)
    writes = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]
    assert writes == [], "an idle run writes nothing"
    # the due-soon deadline was announced by the first run: the second does not even pick it up
    assert (second.due_soon, second.overdue, second.escalated, second.notifications) == (0, 0, 0, 0)
    assert list(Deadline.objects.order_by("pk").values()) == rows
    assert Deadline.history.count() == history, "and adds no history"
    assert Notification.objects.count() == notifications
