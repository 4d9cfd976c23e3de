"""The casusoverleg's PDFs, laid out by the one PDF renderer (common/pdf.py): the printable agenda with the
minutes of the meeting (what the reader may see: an item's content only for the cases on their teams), and
the minutes of all meetings about one case, for its team."""

from __future__ import annotations

from django.utils import timezone

from caseplan.models import Case
from common.pdf import pdf_language, render_pdf
from overleg.models import AgendaItem
from overleg.selectors import MeetingPage
from privacy.models import User

MEETING_TEMPLATE = "overleg/pdf/meeting.html"
CASE_TEMPLATE = "overleg/pdf/case_minutes.html"


def meeting_pdf(*, page: MeetingPage, user: User) -> bytes:
    with pdf_language():
        context = {"meeting": page.meeting, "page": page, "printed_by": user, "printed_at": timezone.now()}
    return render_pdf(MEETING_TEMPLATE, context)


def case_minutes_pdf(*, case: Case, items: list[AgendaItem], user: User) -> bytes:
    with pdf_language():
        context = {
            "case": case,
            "client": case.client,
            "items": items,
            "printed_by": user,
            "printed_at": timezone.now(),
        }
    return render_pdf(CASE_TEMPLATE, context)
