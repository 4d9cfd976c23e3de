"""The inbox, e-mail at once or as a daily digest, each notification once."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from pytest_django import DjangoAssertNumQueries

from notifications import services
from notifications.models import Channel, Notification, NotificationKind
from notifications.services import (
    Message,
    notification_mark_read,
    notify,
    preference_set,
    send_daily_digests,
    send_pending_emails,
)
from notifications.tasks import send_daily_digests as digest_task
from tests.factories import UserFactory


def _notify(world, key: str, kind: str = NotificationKind.DEADLINE_DUE_SOON) -> int:
    return notify(
        recipients=[world.owner],
        message=Message(kind=kind, title=f"Termijn {key} in casus {world.case.reference}", url="/termijnen/"),
        dedupe_key=key,
    )


def test_the_same_event_notifies_once(world):
    assert _notify(world, "a") == 1
    assert _notify(world, "a") == 0
    assert Notification.objects.filter(recipient=world.owner).count() == 1


def test_unread_count_in_the_header_and_mark_read(world):
    _notify(world, "a")
    _notify(world, "b")
    http = world.client_for("owner")
    body = http.get("/werk/").content.decode()
    assert 'class="nav-count">2' in body
    note = Notification.objects.filter(recipient=world.owner).first()
    response = http.post(f"/meldingen/{note.pk}/gelezen/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "notification--unread" not in response.content.decode()
    assert 'class="nav-count">1' in http.get("/werk/").content.decode()
    http.post("/meldingen/alles-gelezen/")
    assert "nav-count" not in http.get("/werk/").content.decode()


def test_opening_a_notification_marks_it_read_and_goes_to_its_subject(world):
    _notify(world, "a")
    note = Notification.objects.get(recipient=world.owner)
    response = world.client_for("owner").get(f"/meldingen/{note.pk}/")
    assert response.url == "/termijnen/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_marking_read_twice_keeps_the_first_moment(world):
    _notify(world, "a")
    # two requests (the API's and the inbox's, or two tabs) that both loaded the notification unread
    first, second = (Notification.objects.get(recipient=world.owner) for _ in range(2))
    notification_mark_read(notification=first)
    stored = Notification.objects.get(pk=first.pk).read_at
    notification_mark_read(notification=second)
    assert Notification.objects.get(pk=first.pk).read_at == stored, "the first moment is not overwritten"
    assert second.read_at == stored, "the second caller shows the stored moment"


def test_email_at_once_per_preference(world):
    preference_set(user=world.owner, kind=NotificationKind.DEADLINE_DUE_SOON, channel=Channel.EMAIL)
    _notify(world, "a")
    assert send_pending_emails() == 1
    assert send_pending_emails() == 0
    assert len(mail.outbox) == 1
    assert world.case.reference in mail.outbox[0].subject


def test_daily_digest_bundles_and_sends_each_notification_once(world):
    _notify(world, "a")  # due-soon notifications go to the digest by default
    _notify(world, "b")
    preference_set(user=world.owner, kind=NotificationKind.DEADLINE_OVERDUE, channel=Channel.INBOX)
    _notify(world, "c", kind=NotificationKind.DEADLINE_OVERDUE)
    # two digests: the owner's, and the reader's, who was told of joining the case team (a digest kind)
    assert send_daily_digests() == 2
    assert digest_task.delay().get() == 0
    assert len(mail.outbox) == 2
    owners = next(message for message in mail.outbox if message.to == [world.owner.email])
    assert "2 meldingen" in owners.subject
    assert "Termijn a" in owners.body and "Termijn b" in owners.body
    assert "Termijn c" not in owners.body
    readers = next(message for message in mail.outbox if message.to == [world.reader.email])
    assert "1 melding" in readers.subject and "Termijn" not in readers.body


def test_preferences_page_saves_the_choice(world):
    http = world.client_for("owner")
    data = {kind: Channel.INBOX for kind in NotificationKind.values}
    data[NotificationKind.DEADLINE_ESCALATED] = Channel.DIGEST
    assert http.post("/meldingen/voorkeuren/", data).status_code == 302
    page = http.get("/meldingen/voorkeuren/").content.decode()
    assert 'value="digest" ' in page or 'value="digest"' in page
    _notify(world, "x", kind=NotificationKind.DEADLINE_ESCALATED)
    assert Notification.objects.get(dedupe_key="x").channel == Channel.DIGEST


def test_api_lists_only_own_notifications(world):
    _notify(world, "a")
    assert world.client_for("owner").get("/api/v1/notifications/").json()["count"] == 1
    readers = world.client_for("reader").get("/api/v1/notifications/").json()["results"]
    assert [note["title"] for note in readers] == [  # only their own: being told they joined the team
        f"U bent toegevoegd aan het casusteam van casus {world.case.reference}"
    ]


class _FailingOnThird(locmem.EmailBackend):
    """A mail server that accepts two messages and then goes away."""

    sent = 0

    def send_messages(self, messages):
        if _FailingOnThird.sent == 2:
            raise OSError("mail server down")
        _FailingOnThird.sent += 1
        return super().send_messages(messages)


def _email_notices(world, count: int) -> None:
    preference_set(user=world.owner, kind=NotificationKind.DEADLINE_OVERDUE, channel=Channel.EMAIL)
    for number in range(count):
        _notify(world, f"mail-{number}", kind=NotificationKind.DEADLINE_OVERDUE)


def test_pending_emails_go_out_in_batches_over_one_connection(world, monkeypatch):
    _email_notices(world, 5)
    monkeypatch.setattr(services, "EMAIL_BATCH", 2)
    opened = []
    real = services.get_connection
    monkeypatch.setattr(services, "get_connection", lambda: opened.append(1) or real())
    assert send_pending_emails() == 5, "every pending e-mail in one run, batch after batch"
    assert opened == [1]
    assert sorted(m.subject for m in mail.outbox) == sorted(
        f"[PGA] Termijn mail-{n} in casus {world.case.reference}" for n in range(5)
    )
    assert send_pending_emails() == 0


def test_a_mail_failure_keeps_what_went_out_and_sends_it_never_again(world, monkeypatch):
    _email_notices(world, 5)
    _FailingOnThird.sent = 0
    monkeypatch.setattr(services, "get_connection", _FailingOnThird)
    with pytest.raises(OSError, match="mail server down"):
        send_pending_emails()
    assert len(mail.outbox) == 2
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 2, "what went out is marked sent"
    monkeypatch.undo()
    assert send_pending_emails() == 3
    assert len({m.subject for m in mail.outbox}) == len(mail.outbox) == 5, "each e-mail once"


@pytest.mark.parametrize("users", [1, 6])
def test_the_daily_digest_takes_the_same_queries_for_any_number_of_users(
    world, users, django_assert_num_queries: DjangoAssertNumQueries
):
    Notification.objects.filter(kind=NotificationKind.CASE_TEAM).delete()  # the reader was told of joining
    people = [world.owner, *(UserFactory(organisation=world.gemeente) for _ in range(users - 1))]
    for person in people:
        for key in ("a", "b"):
            notify(
                recipients=[person],
                message=Message(
                    kind=NotificationKind.DEADLINE_DUE_SOON, title=f"Termijn {key}", url="/termijnen/"
                ),
                dedupe_key=key,
            )
    # who has a digest; then the batch's rows read and locked, and marked sent (in a savepoint here)
    with django_assert_num_queries(5):
        assert send_daily_digests() == users
    assert sorted(m.to[0] for m in mail.outbox) == sorted(person.email for person in people)
    assert all("2 meldingen" in m.subject for m in mail.outbox)
