"""The destruction record (verklaring van vernietiging) as a PDF, laid out by the one PDF renderer
(common/pdf.py) from the record frozen at the end of the job: kinds of records, counts, rules and legal
grounds, reviewers and times. No personal data goes in, because none is in the frozen record."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from common.pdf import pdf_language, render_pdf
from privacy.models import DestructionList

TEMPLATE = "privacy/retention/pdf/record.html"


def destruction_record_pdf(*, destruction_list: DestructionList, record: dict[str, Any]) -> bytes:
    with pdf_language():
        context = {"destruction_list": destruction_list, "record": record, "printed_at": timezone.now()}
    return render_pdf(TEMPLATE, context)
