"""The PDF of a plan version: requesting one (a PlanPdf row, an access-log row, a Celery task after commit)
and the work the task does (render, store the file, record the result). Every PDF produced is logged."""

from __future__ import annotations

import logging
import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from caseplan.logging import log_case_read
from caseplan.models import PdfStatus, PlanPdf, PlanVersion
from caseplan.pdf import render_version_pdf
from privacy.models import User

logger = logging.getLogger(__name__)

ERROR_MAX_LENGTH = 2000


@transaction.atomic
def plan_pdf_request(*, version: PlanVersion, by: User, request: HttpRequest | None = None) -> PlanPdf:
    """Ask for a PDF of the version: the row is created and logged now, the file is made by a worker."""
    from caseplan.tasks import render_plan_pdf  # the tasks module imports this one

    pdf = PlanPdf.objects.create(version=version, requested_by=by)
    log_case_read(
        user=by, case=version.plan.case, shown=f"PDF maatwerkplan v{version.number}", request=request
    )
    pdf_id = pdf.pk
    transaction.on_commit(lambda: render_plan_pdf.delay(pdf_id))
    return pdf


def _set_progress(pdf_id: int, percent: int) -> None:
    PlanPdf.objects.filter(pk=pdf_id).exclude(status=PdfStatus.DONE).update(
        progress=max(0, min(100, percent))
    )


def plan_pdf_start(*, pdf_id: int) -> PlanPdf | None:
    """Claim the row for rendering; None when there is nothing to do (gone, or already klaar)."""
    with transaction.atomic():
        pdf = PlanPdf.objects.select_for_update().filter(pk=pdf_id).first()
        if pdf is None or pdf.status == PdfStatus.DONE:
            return None
        pdf.status = PdfStatus.RUNNING
        pdf.progress = 1
        pdf.error = ""
        pdf.save(update_fields=["status", "progress", "error"])
        return pdf


def plan_pdf_render(*, pdf_id: int) -> str:
    """Render the PDF and store it; safe to run twice (a row that is klaar is left alone).

    The bytes are made in memory first and the file is written only when they are complete, so a failed
    render leaves no file behind; a file written for a row that meanwhile became klaar is removed again."""
    pdf = plan_pdf_start(pdf_id=pdf_id)
    if pdf is None:
        return "overgeslagen"
    content = render_version_pdf(pdf.version, progress=lambda percent: _set_progress(pdf_id, percent))
    name = f"{uuid.uuid4().hex}.pdf"  # not guessable, no client data in the file name
    storage = pdf.file.storage
    stored_name = ""
    try:
        with transaction.atomic():
            current = PlanPdf.objects.select_for_update().get(pk=pdf_id)
            if current.status == PdfStatus.DONE:
                return "overgeslagen"
            current.file.save(name, ContentFile(content), save=False)
            stored_name = current.file.name
            current.status = PdfStatus.DONE
            current.progress = 100
            current.error = ""
            current.finished_at = timezone.now()
            current.save(update_fields=["file", "status", "progress", "error", "finished_at"])
    except BaseException:
        if stored_name:
            storage.delete(stored_name)
        raise
    return PdfStatus.DONE


def plan_pdf_fail(*, pdf_id: int, error: BaseException | str) -> None:
    """Record a failure the task gives up on; a row that is klaar stays klaar."""
    message = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
    PlanPdf.objects.filter(pk=pdf_id).exclude(status=PdfStatus.DONE).update(
        status=PdfStatus.FAILED, error=message[:ERROR_MAX_LENGTH], finished_at=timezone.now()
    )
