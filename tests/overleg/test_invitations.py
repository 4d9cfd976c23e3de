"""Invitations name the meeting and only the case numbers of the invitee's own teams."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from notifications.models import Notification
from notifications.tasks import send_pending_emails
from overleg.services.agenda import agenda_remove
from overleg.services.invitations import meeting_invite
from tests.world import MeetingParties


def _body(mw: MeetingParties, who: str) -> str:
    return Notification.objects.get(recipient=getattr(mw, who), kind="overleg").body


def test_each_person_is_invited_with_the_case_numbers_of_their_own_teams(mw: MeetingParties):
    assert meeting_invite(meeting=mw.meeting, by=mw.pm) == 3  # agent, writer, GGZ; not the sender
    agent = _body(mw, "agent")
    assert mw.first.reference in agent and mw.second.reference not in agent
    assert "Op de agenda: 2 casussen." in agent
    ggz = _body(mw, "ggz_worker")
    assert mw.first.reference not in ggz and mw.second.reference not in ggz
    for notification in Notification.objects.filter(kind="overleg"):
        text = notification.title + notification.body
        assert "Verbeek" not in text and "Oosterhof" not in text
        assert notification.title.startswith("Uitnodiging PGA op ")


def test_inviting_again_sends_only_after_a_change(mw: MeetingParties):
    meeting_invite(meeting=mw.meeting, by=mw.pm)
    assert meeting_invite(meeting=mw.meeting, by=mw.pm) == 0
    agenda_remove(item=mw.item_second, by=mw.pm)
    assert meeting_invite(meeting=mw.meeting, by=mw.pm) == 3
    assert "Op de agenda: 1 casus." in Notification.objects.filter(recipient=mw.agent).latest("pk").body


def test_the_invitation_goes_out_by_email_without_client_names(mw: MeetingParties):
    meeting_invite(meeting=mw.meeting, by=mw.pm)
    send_pending_emails()
    to_agent = [m for m in mail.outbox if mw.agent.email in m.to]
    assert to_agent and mw.first.reference in to_agent[0].body
    assert all("Verbeek" not in m.body and "Oosterhof" not in m.body for m in mail.outbox)


def test_the_chair_sends_the_invitations_from_the_meeting_page(mw: MeetingParties):
    url = reverse("overleg:meeting_invite", args=[mw.meeting.pk])
    assert mw.http("writer").post(url).status_code == 403
    response = mw.http("pm").post(url, follow=True)
    assert "3 uitnodigingen verstuurd." in response.content.decode()
    assert "Iedereen heeft deze uitnodiging al" in mw.http("pm").post(url, follow=True).content.decode()
