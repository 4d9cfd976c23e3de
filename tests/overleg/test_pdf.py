"""The agenda and minutes PDF shows what the page shows the reader; the case's minutes PDF is for its team."""

from __future__ import annotations

import io

from django.urls import reverse
from pypdf import PdfReader

from overleg.services.minutes import item_minutes_save
from privacy.models import AccessLog
from tests.matrix_check import access_log_mark
from tests.world import MeetingParties


def _text(response) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(page.extract_text() for page in reader.pages)


def test_the_agenda_pdf_shows_each_reader_only_their_teams_cases(mw: MeetingParties):
    item_minutes_save(item=mw.item_first, by=mw.pm, expected_revision=1, discussed=True, situation="Rustiger")
    url = reverse("overleg:meeting_pdf", args=[mw.meeting.pk])
    chair = _text(mw.http("pm").get(url))
    assert "Verbeek" in chair and "Oosterhof" in chair and "Rustiger" in chair
    mark = access_log_mark()
    partner = _text(mw.http("agent").get(url))
    assert "Verbeek" in partner and "Oosterhof" not in partner and mw.second.reference not in partner
    assert "Casus op de agenda" in partner
    assert set(AccessLog.objects.filter(pk__gt=mark).values_list("case_id", flat=True)) == {mw.first.pk}
    assert mw.http("outsider").get(url).status_code == 404


def test_the_cases_minutes_pdf_is_for_its_team(mw: MeetingParties):
    item_minutes_save(
        item=mw.item_first, by=mw.pm, expected_revision=1, discussed=True, decisions="Huisbezoek"
    )
    url = reverse("overleg:case_minutes_pdf", args=[mw.first.pk])
    text = _text(mw.http("agent").get(url))
    assert "Huisbezoek" in text and mw.first.reference in text
    assert mw.http("ggz_worker").get(url).status_code == 404
