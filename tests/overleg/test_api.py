"""The casusoverleg API keeps the pages' access rules: the frame for attendees, an item's content for its
case team only, writes for team members with write access; reads are logged with channel "api"."""

from __future__ import annotations

import datetime

from django.utils import timezone

from deadlines.models import Deadline
from overleg.models import AgendaItem, Meeting
from privacy.models import AccessLog
from tests.matrix_check import access_log_mark
from tests.world import MeetingParties

API = "/api/v1/overleg/meetings/"


def _invalid(response) -> dict[str, str]:
    """The invalid fields of a 400 problem (application/problem+json): name -> reason."""
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    return {param["name"]: param["reason"] for param in response.json()["invalidParams"]}


def _detail(mw: MeetingParties) -> str:
    return f"{API}{mw.meeting.pk}/"


def _item(mw: MeetingParties, item: AgendaItem) -> str:
    return f"{API}{mw.meeting.pk}/items/{item.pk}/"


def test_the_list_shows_the_meetings_one_attends(mw: MeetingParties):
    listed = mw.http("ggz_worker").get(API).json()
    assert [m["id"] for m in listed["results"]] == [mw.meeting.pk]
    assert listed["results"][0]["meeting_type"] == "pga"
    assert mw.http("outsider").get(API).json()["results"] == []


def test_the_agenda_shows_an_items_content_only_to_its_team(mw: MeetingParties):
    mark = access_log_mark()
    agenda = mw.http("agent").get(_detail(mw)).json()["agenda"]
    assert [row["position"] for row in agenda] == [1, 2]
    assert agenda[0]["item"]["case"] == mw.first.reference
    assert agenda[0]["item"]["client_name"] == "Kees Verbeek"
    assert agenda[1]["item"] is None
    rows = AccessLog.objects.filter(pk__gt=mark)
    assert [(r.case_id, r.channel) for r in rows] == [(mw.first.pk, "api")]
    body = mw.http("ggz_worker").get(_detail(mw)).content.decode()
    assert "Verbeek" not in body and "Oosterhof" not in body and mw.first.reference not in body
    assert mw.http("outsider").get(_detail(mw)).status_code == 404
    assert mw.http("ggz_worker").get(_item(mw, mw.item_first)).status_code == 404
    assert mw.http("agent").get(_item(mw, mw.item_first)).json()["reason"] == "Nieuwe overlast in de wijk"


def test_scheduling_is_for_organisers_and_refuses_a_kind_with_the_rule(mw: MeetingParties):
    data = {"meeting_type": "jco", "starts_at": (timezone.now() + datetime.timedelta(days=3)).isoformat()}
    assert mw.http("agent").post(API, data, content_type="application/json").status_code == 403
    created = mw.http("pm").post(API, data, content_type="application/json")
    assert created.status_code == 201 and created.json()["chair"] == str(mw.pm)
    refused = mw.http("pm").post(
        API, {**data, "minute_taker": mw.ggz_worker.email}, content_type="application/json"
    )
    assert "Mediant GGZ (GGZ) mag niet deelnemen" in _invalid(refused)["minute_taker"]
    assert Meeting.objects.filter(meeting_type__code="jco").count() == 1


def test_a_case_goes_on_the_agenda_by_its_number_for_its_team_only(mw: MeetingParties):
    AgendaItem.objects.filter(case=mw.first).delete()
    url = f"{_detail(mw)}items/"
    body = {"case": mw.first.reference}
    assert mw.http("agent").post(url, body, content_type="application/json").status_code == 403
    unknown = mw.http("ggz_worker").post(url, body, content_type="application/json")
    assert "Geen casus met dit nummer" in _invalid(unknown)["case"]
    added = mw.http("writer").post(url, body, content_type="application/json")
    assert added.status_code == 201 and added.json()["position"] == 3
    again = mw.http("writer").post(url, body, content_type="application/json")
    assert again.status_code == 400


def test_minutes_need_the_revision_and_write_access(mw: MeetingParties):
    url = _item(mw, mw.item_first)
    minutes = {"discussed": True, "situation": "Stabiel", "case_status": "nazorg"}
    assert (
        mw.http("agent").patch(url, {**minutes, "revision": 1}, content_type="application/json").status_code
        == 403
    )
    missing = mw.http("writer").patch(url, minutes, content_type="application/json")
    assert "revision" in _invalid(missing)
    saved = mw.http("writer").patch(url, {**minutes, "revision": 1}, content_type="application/json")
    assert saved.status_code == 200 and saved.json()["revision"] == 2
    mw.first.refresh_from_db()
    assert mw.first.status == "nazorg"
    stale = mw.http("pm").patch(url, {**minutes, "revision": 1}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["code"] == "edit_conflict"
    assert stale.json()["current"]["situation"] == "Stabiel"


def test_an_action_by_api_becomes_the_owners_deadline(mw: MeetingParties):
    url = f"{_item(mw, mw.item_first)}actions/"
    due = (timezone.localtime(mw.meeting.starts_at).date() + datetime.timedelta(days=7)).isoformat()
    body = {"description": "Huisbezoek", "due_on": due, "owner_user": mw.writer.email}
    assert mw.http("agent").post(url, body, content_type="application/json").status_code == 403
    refused = mw.http("pm").post(
        url, {**body, "owner_user": mw.ggz_worker.email}, content_type="application/json"
    )
    assert refused.status_code == 400
    created = mw.http("pm").post(url, body, content_type="application/json")
    assert created.status_code == 201 and created.json()["status"] == "open"
    assert Deadline.objects.get(pk=created.json()["deadline"]).owner_user == mw.writer
    by_organisation = mw.http("pm").post(
        url,
        {**body, "owner_user": None, "owner_organisation": mw.politie.name},
        content_type="application/json",
    )
    assert by_organisation.status_code == 201
