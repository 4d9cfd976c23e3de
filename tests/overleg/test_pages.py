"""The casusoverleg's pages: the frame for every attendee, an item's content for its case team only, the
minutes and actions, the case's "Overleggen" tab, laatst besproken, and the dashboard figure."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from caseplan.hooks import meeting_referral
from deadlines.models import Deadline
from overleg.models import AgendaItem, Attendee, Meeting
from overleg.services.minutes import action_add, item_minutes_save
from privacy.models import AccessLog, OrganisationType
from tests.factories import OrganisationFactory, UserFactory
from tests.matrix_check import access_log_mark
from tests.world import MeetingParties, verified_client


def _meeting_url(mw: MeetingParties) -> str:
    return reverse("overleg:meeting_detail", args=[mw.meeting.pk])


def _minutes_url(mw: MeetingParties, item: AgendaItem) -> str:
    return reverse("overleg:item_minutes", args=[mw.meeting.pk, item.pk])


def _logged_cases(mark: int, user) -> set[int]:
    return set(AccessLog.objects.filter(pk__gt=mark, user=user).values_list("case_id", flat=True))


# --- the meeting page ---------------------------------------------------------------------------------


def test_the_chair_sees_every_item_and_the_read_is_logged_under_the_meetings_purpose(mw: MeetingParties):
    mark = access_log_mark()
    page = mw.http("pm").get(_meeting_url(mw)).content.decode()
    for case in (mw.first, mw.second):
        assert case.reference in page and case.client.achternaam in page
    assert "Nieuwe overlast in de wijk" in page
    rows = AccessLog.objects.filter(pk__gt=mark)
    assert {r.case_id for r in rows} == {mw.first.pk, mw.second.pk}
    assert {r.purpose for r in rows} == {"Persoonsgerichte aanpak (casusoverleg PGA)"}


def test_a_partner_on_one_team_sees_that_item_and_only_casus_op_de_agenda_for_the_other(mw: MeetingParties):
    item_minutes_save(
        item=mw.item_second, by=mw.pm, expected_revision=1, discussed=True, situation="Geheim verslag"
    )
    mark = access_log_mark()
    page = mw.http("agent").get(_meeting_url(mw)).content.decode()
    assert mw.first.reference in page and "Verbeek" in page
    assert mw.second.reference not in page and "Oosterhof" not in page
    assert "Geheim verslag" not in page and "Terugval na ontslag" not in page
    assert page.count(">Casus op de agenda<") == 1
    assert _logged_cases(mark, mw.agent) == {mw.first.pk}


def test_an_attendee_on_no_team_sees_the_frame_and_no_case(mw: MeetingParties):
    mark = access_log_mark()
    response = mw.http("ggz_worker").get(_meeting_url(mw))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Casusoverleg PGA Hengelo" in page and "Zorg- en Veiligheidshuis Twente, Hengelo" in page
    assert str(mw.agent) in page  # the attendees are part of the frame
    assert page.count(">Casus op de agenda<") == 2
    for case in (mw.first, mw.second):
        assert case.reference not in page and case.client.achternaam not in page
    assert not AccessLog.objects.filter(pk__gt=mark).exists()


def test_an_outsider_to_the_meeting_gets_404(mw: MeetingParties):
    assert mw.http("outsider").get(_meeting_url(mw)).status_code == 404
    assert (
        mw.http("outsider")
        .get(reverse("overleg:meeting_list"))
        .content.decode()
        .count("Casusoverleg PGA Hengelo")
        == 0
    )


def test_a_whole_organisation_attends(mw: MeetingParties):
    colleague = UserFactory(organisation=mw.ggz)
    assert mw.http("pm").get(_meeting_url(mw)).status_code == 200
    http = verified_client(colleague)
    assert http.get(_meeting_url(mw)).status_code == 404
    mw.http("pm").post(reverse("overleg:attendee_add", args=[mw.meeting.pk]), {"organisation": mw.ggz.pk})
    assert Attendee.objects.filter(meeting=mw.meeting, organisation=mw.ggz, user__isnull=True).exists()
    assert http.get(_meeting_url(mw)).status_code == 200


def test_an_organisation_kind_the_type_does_not_allow_is_refused_on_the_page(mw: MeetingParties):
    halt = OrganisationFactory(name="Halt Oost", type=OrganisationType.HALT)
    worker = UserFactory(email="medewerker@halt.test", organisation=halt)
    response = mw.http("pm").post(
        reverse("overleg:attendee_add", args=[mw.meeting.pk]), {"user": worker.email}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "Halt Oost (Halt) mag niet deelnemen aan Casusoverleg persoonsgerichte aanpak (top-X) (PGA)" in page
    )
    assert 'aria-describedby="id_user_helptext id_user_error"' in page
    assert not Attendee.objects.filter(meeting=mw.meeting, user=worker).exists()
    # the organisation list offers only admitted kinds
    assert f'value="{halt.pk}"' not in page


def test_only_the_chairs_side_prepares_the_meeting(mw: MeetingParties):
    add = reverse("overleg:attendee_add", args=[mw.meeting.pk])
    assert mw.http("writer").post(add, {"organisation": mw.ggz.pk}).status_code == 403
    guest = reverse("overleg:guest_add", args=[mw.meeting.pk])
    today = timezone.localdate().isoformat()
    assert mw.http("writer").post(guest, {"name": "Tolk", "statement_signed_on": today}).status_code == 403
    assert mw.http("pm").post(guest, {"name": "Tolk", "statement_signed_on": today}).status_code == 302
    assert "Tolk" in mw.http("ggz_worker").get(_meeting_url(mw)).content.decode()


def test_the_chair_reorders_the_agenda(mw: MeetingParties):
    url = reverse("overleg:agenda_move", args=[mw.meeting.pk, mw.item_second.pk])
    data = {"richting": "omhoog", "revision": mw.meeting.revision}
    assert mw.http("writer").post(url, data).status_code == 403
    assert mw.http("pm").post(url, data).status_code == 302
    assert list(mw.meeting.items.order_by("position").values_list("pk", flat=True)) == [
        mw.item_second.pk,
        mw.item_first.pk,
    ]
    response = mw.http("pm").post(url, data, follow=True)  # the same, stale page again
    assert "Iemand anders heeft de agenda intussen gewijzigd" in response.content.decode()


def test_a_case_is_put_on_the_agenda_by_its_number_only_by_its_team(mw: MeetingParties):
    AgendaItem.objects.filter(case=mw.first).delete()
    url = reverse("overleg:agenda_add", args=[mw.meeting.pk])
    assert mw.http("agent").post(url, {"reference": mw.first.reference}).status_code == 403  # read-only
    refused = mw.http("ggz_worker").post(url, {"reference": mw.first.reference})
    assert refused.status_code == 200
    assert "Geen casus met dit nummer in uw casusteams" in refused.content.decode()
    assert (
        mw.http("writer")
        .post(url, {"reference": mw.first.reference.lower(), "reason": "Escalatie"})
        .status_code
        == 302
    )
    assert AgendaItem.objects.get(meeting=mw.meeting, case=mw.first).position == 3


# --- minutes and actions -------------------------------------------------------------------------------


def test_minutes_by_a_team_member_with_write_access(mw: MeetingParties):
    url = _minutes_url(mw, mw.item_first)
    assert mw.http("agent").get(url).status_code == 403
    assert mw.http("ggz_worker").get(url).status_code == 404
    assert mw.http("outsider").get(url).status_code == 404
    assert mw.http("writer").get(_minutes_url(mw, mw.item_second)).status_code == 404  # not on that team
    page = mw.http("writer").get(url).content.decode()
    assert "<legend>Besproken</legend>" in page
    data = {"revision": 1, "discussed": "ja", "situation": "Stabiel", "decisions": "Door naar nazorg"}
    assert mw.http("writer").post(url, {**data, "case_status": "nazorg"}).status_code == 302
    item = AgendaItem.objects.get(pk=mw.item_first.pk)
    assert (item.discussed, item.decisions, item.case.status) == (True, "Door naar nazorg", "nazorg")
    stale = mw.http("pm").post(url, {**data, "situation": "Onrustig"})
    assert stale.status_code == 200
    assert "Iemand anders heeft het verslag van dit agendapunt intussen gewijzigd" in stale.content.decode()
    assert AgendaItem.objects.get(pk=mw.item_first.pk).situation == "Stabiel"


def test_an_action_appears_as_a_deadline_for_its_owner(mw: MeetingParties):
    url = reverse("overleg:action_add", args=[mw.meeting.pk, mw.item_first.pk])
    due = (timezone.localtime(mw.meeting.starts_at).date() + datetime.timedelta(days=14)).isoformat()
    response = mw.http("pm").post(
        url, {"description": "Huisbezoek plannen", "owner": f"user:{mw.writer.pk}", "due_on": due}
    )
    assert response.status_code == 302
    deadline = Deadline.objects.get(kind="overleg-actie")
    work = mw.http("writer").get(reverse("my_work")).content.decode()
    assert deadline.title in work and "Actie uit PGA van" in deadline.title
    done = reverse("overleg:action_done", args=[mw.meeting.pk, mw.item_first.pk, deadline.overleg_action.pk])
    assert mw.http("writer").post(done).status_code == 302
    deadline.refresh_from_db()
    assert deadline.status == "afgerond"


def test_an_action_owner_comes_from_the_team(mw: MeetingParties):
    page = mw.http("pm").get(_minutes_url(mw, mw.item_first)).content.decode()
    assert f'value="user:{mw.writer.pk}"' in page
    assert f'value="user:{mw.ggz_worker.pk}"' not in page
    url = reverse("overleg:action_add", args=[mw.meeting.pk, mw.item_first.pk])
    forged = mw.http("pm").post(
        url,
        {"description": "x", "owner": f"user:{mw.ggz_worker.pk}", "due_on": timezone.localdate().isoformat()},
    )
    assert forged.status_code == 200 and not Deadline.objects.filter(kind="overleg-actie").exists()


# --- the case's tab, laatst besproken and the dashboard -------------------------------------------------


def test_the_cases_meetings_tab_shows_the_minutes_as_part_of_its_history(mw: MeetingParties):
    item_minutes_save(item=mw.item_first, by=mw.pm, expected_revision=1, discussed=True, situation="Stabiel")
    url = reverse("overleg:case_meetings", args=[mw.first.pk])
    mark = access_log_mark()
    page = mw.http("agent").get(url).content.decode()
    assert "Stabiel" in page and "Casusoverleg PGA Hengelo" in page
    assert 'aria-current="page">Overleggen</a>' in page
    assert _logged_cases(mark, mw.agent) == {mw.first.pk}
    assert "Op de agenda zetten" not in page  # read-only
    assert mw.http("ggz_worker").get(url).status_code == 404
    case_page = mw.http("agent").get(reverse("caseplan:case_detail", args=[mw.first.pk])).content.decode()
    assert "Laatst besproken" in case_page
    assert timezone.localtime(mw.meeting.starts_at).strftime("%d-%m-%Y") in case_page
    assert f'href="{url}"' in case_page  # the tab, through caseplan's hook


def test_a_case_is_put_on_an_upcoming_meeting_from_its_tab(mw: MeetingParties):
    other = Meeting.objects.create(
        meeting_type=mw.meeting.meeting_type,
        starts_at=timezone.now() + datetime.timedelta(days=9),
        chair=mw.pm,
        created_by=mw.pm,
        title="Volgende week",
    )
    url = reverse("overleg:case_meetings", args=[mw.first.pk])
    page = mw.http("writer").get(url).content.decode()
    assert "Volgende week" not in page  # the writer does not attend it
    Attendee.objects.create(meeting=other, user=mw.writer, organisation=mw.politie, added_by=mw.pm)
    assert mw.http("agent").post(url, {"meeting": other.pk}).status_code == 403
    assert mw.http("writer").post(url, {"meeting": other.pk}).status_code == 302
    assert AgendaItem.objects.filter(meeting=other, case=mw.first, added_by=mw.writer).exists()


def test_a_referral_leads_to_the_tab_with_its_reason_only_for_who_may_put_the_case_on_an_agenda(
    mw: MeetingParties,
):
    # offered by overleg through caseplan's hook, so that apps that may not import overleg (nazorg) link to it
    referral = meeting_referral(mw.first, mw.writer, "Nazorg na detentie (NZ-2026-000001)")
    assert referral is not None and referral.endswith("#h-put")
    assert meeting_referral(mw.first, mw.agent, "x") is None  # read-only on the team
    assert meeting_referral(mw.first, mw.ggz_worker, "x") is None  # on no team
    assert (
        meeting_referral(mw.first, mw.writer)
        == reverse("overleg:case_meetings", args=[mw.first.pk]) + "#h-put"
    )
    AgendaItem.objects.filter(meeting=mw.meeting, case=mw.first).delete()  # so the meeting is one to choose
    page = mw.http("writer").get(referral).content.decode()
    assert "\nNazorg na detentie (NZ-2026-000001)</textarea>" in page


def test_no_upcoming_meeting_is_no_dead_end(mw: MeetingParties):
    url = reverse("overleg:case_meetings", args=[mw.first.pk])
    AgendaItem.objects.filter(meeting=mw.meeting, case=mw.first).delete()
    Attendee.objects.filter(meeting=mw.meeting, user=mw.writer).delete()
    page = mw.http("writer").get(url).content.decode()
    assert "Er is geen komend overleg waaraan u deelneemt" in page
    assert "Vraag de voorzitter van het casusoverleg" in page  # a police partner does not plan meetings
    assert reverse("overleg:meeting_new") not in page
    organiser = mw.http("pm").get(url).content.decode()  # the chair's side plans one
    assert "Er is geen komend overleg" not in organiser  # the pm attends the upcoming one
    mw.meeting.status = "geannuleerd"
    mw.meeting.save()
    organiser = mw.http("pm").get(url).content.decode()
    assert f'href="{reverse("overleg:meeting_new")}"' in organiser


def test_dashboard_counts_open_cases_not_discussed_and_lists_them(mw: MeetingParties):
    old = timezone.now() - datetime.timedelta(weeks=12)
    type(mw.first).objects.filter(pk__in=[mw.first.pk, mw.second.pk]).update(created_at=old)
    past = Meeting.objects.create(
        meeting_type=mw.meeting.meeting_type,
        starts_at=timezone.now() - datetime.timedelta(weeks=2),
        chair=mw.pm,
        created_by=mw.pm,
    )
    AgendaItem.objects.create(meeting=past, case=mw.first, position=1, discussed=True, added_by=mw.pm)
    page = mw.http("pm").get(reverse("caseplan:dashboard")).content.decode()
    assert 'data-figure="niet besproken"' in page
    assert "lopende casussen niet besproken in 8 weken" in page
    figure = page.split('data-figure="niet besproken"')[1]
    assert '<span class="kpi__value">1</span>' in figure.split("</a>")[0]
    mark = access_log_mark()
    listing = mw.http("pm").get(reverse("overleg:not_discussed"), {"weken": 8}).content.decode()
    assert mw.second.reference in listing and mw.first.reference not in listing
    assert _logged_cases(mark, mw.pm) == {mw.second.pk}
    assert (
        mw.second.reference not in mw.http("outsider").get(reverse("overleg:not_discussed")).content.decode()
    )


def test_scheduling_is_for_organisers(mw: MeetingParties):
    url = reverse("overleg:meeting_new")
    assert mw.http("agent").get(url).status_code == 403
    page = mw.http("pm").get(url).content.decode()
    assert '<legend class="section-title">Wanneer en waar</legend>' in page
    day = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    response = mw.http("pm").post(
        url,
        {
            "meeting_type": mw.meeting.meeting_type.pk,
            "title": "Extra overleg",
            "date": day,
            "time": "10:00",
            "duration_minutes": 60,
            "chair": mw.pm.email,
            "minute_taker": mw.writer.email,
        },
    )
    meeting = Meeting.objects.get(title="Extra overleg")
    assert response.status_code == 302 and response.url == reverse(
        "overleg:meeting_detail", args=[meeting.pk]
    )
    assert meeting.minute_taker == mw.writer
    assert timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M") == f"{day} 10:00"


def test_the_meeting_follows_up_the_open_actions_of_its_series(mw: MeetingParties):
    earlier = Meeting.objects.create(
        meeting_type=mw.meeting.meeting_type,
        title=mw.meeting.title,
        starts_at=mw.meeting.starts_at - datetime.timedelta(weeks=1),
        chair=mw.pm,
        created_by=mw.pm,
    )
    for case, text in ((mw.first, "Woning regelen"), (mw.second, "Schuldhulp aanvragen")):
        item = AgendaItem.objects.create(
            meeting=earlier, case=case, position=1 if case == mw.first else 2, added_by=mw.pm
        )
        action_add(item=item, by=mw.pm, description=text, due_on=timezone.localdate(), owner_user=mw.pm)
    mark = access_log_mark()
    page = mw.http("agent").get(_meeting_url(mw)).content.decode()
    assert "Open acties uit eerdere overleggen van deze reeks" in page
    assert "Woning regelen" in page and "Schuldhulp aanvragen" not in page  # the agent's team only
    assert _logged_cases(mark, mw.agent) == {mw.first.pk}
    assert "Open acties uit eerdere" not in mw.http("ggz_worker").get(_meeting_url(mw)).content.decode()


def test_the_chair_changes_the_frame_under_the_meetings_revision(mw: MeetingParties):
    url = reverse("overleg:meeting_edit", args=[mw.meeting.pk])
    assert mw.http("writer").get(url).status_code == 403
    assert mw.http("outsider").get(url).status_code == 404
    page = mw.http("pm").get(url).content.decode()
    assert "<legend>Status</legend>" in page
    when = timezone.localtime(mw.meeting.starts_at)
    data = {
        "revision": mw.meeting.revision,
        "title": "Casusoverleg PGA Hengelo",
        "date": when.date().isoformat(),
        "time": "14:00",
        "duration_minutes": 60,
        "location": "Stadhuis Hengelo",
        "status": "geannuleerd",
    }
    assert mw.http("pm").post(url, data).status_code == 302
    mw.meeting.refresh_from_db()
    assert (mw.meeting.location, mw.meeting.status, mw.meeting.revision) == (
        "Stadhuis Hengelo",
        "geannuleerd",
        2,
    )
    assert timezone.localtime(mw.meeting.starts_at).strftime("%H:%M") == "14:00"
    stale = mw.http("pm").post(url, {**data, "location": "Elders"})
    assert "Iemand anders heeft dit overleg intussen gewijzigd" in stale.content.decode()
    mw.meeting.refresh_from_db()
    assert mw.meeting.location == "Stadhuis Hengelo"
