"""The dossier export: a chronological PDF of a client's signals in a period, as grounds for IBS / Wvggz, Wet
Victor, a huisverbod or a samenscholingsverbod (seed 002).

Every export is kept as a DossierExport row (who, why, which period, how many signals, the PDF's SHA-256)
and as an access-log row; the PDF itself is not stored. Medical signals go into the PDF only when the
exporter may see medical detail (the casusregisseur and the GGZ on the team); for anyone else they appear
as a dated line saying they were withheld. The one PDF renderer (common/pdf.py) lays it out; a render that
runs past its time limit is refused like a too-long period (nothing recorded)."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from caseplan.access_log import log_case_read
from caseplan.models import Case
from co24.access import may_see_medical
from co24.models import Alert, DossierExport, ExportPurpose, ItemKind, Signal, SignalAnswer
from common.pdf import PdfRenderTimeout, pdf_language, render_pdf
from privacy.models import User

TEMPLATE = "co24/pdf/dossier.html"
MAX_SIGNALS = 1000  # rendered in the request: WeasyPrint needs some 15-30 ms per signal


@dataclass
class AnswerLine:
    kind: str
    text: str
    answer: str
    answer_value: str
    red_flag: bool


@dataclass
class SignalEntry:
    number: int
    received_at: datetime.datetime
    withheld: bool
    caller: str = ""
    caller_on_list: bool = True
    caller_detail: str = ""
    account: str = ""
    urgency: str = ""
    urgency_value: str = ""
    follow_up: str = ""
    recorded_by: str = ""
    checklist_number: int | None = None
    answers: list[AnswerLine] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DossierPdf:
    export: DossierExport
    content: bytes
    filename: str


def period_bounds(period_from: datetime.date, period_to: datetime.date) -> tuple[datetime.datetime, ...]:
    """Local midnight at the start of ``period_from`` and after ``period_to`` (the period is inclusive)."""
    start = timezone.make_aware(datetime.datetime.combine(period_from, datetime.time()))
    end = timezone.make_aware(
        datetime.datetime.combine(period_to + datetime.timedelta(days=1), datetime.time())
    )
    return start, end


def export_signals(case: Case, period_from: datetime.date, period_to: datetime.date) -> QuerySet[Signal]:
    """The case's signals in the period, oldest first, with everything the PDF shows in a fixed number of queries."""
    start, end = period_bounds(period_from, period_to)
    answers = SignalAnswer.objects.select_related("item").order_by("-item__kind", "item__order", "item_id")
    return (
        Signal.objects.filter(case=case, received_at__gte=start, received_at__lt=end)
        .select_related("caller__organisation", "recorded_by__organisation", "backoffice", "checklist")
        .prefetch_related(
            Prefetch("answers", queryset=answers),
            Prefetch("alerts", queryset=Alert.objects.select_related("rule").order_by("fired_at", "id")),
        )
        .order_by("received_at", "id")
    )


def export_filename(case: Case, period_from: datetime.date, period_to: datetime.date) -> str:
    """No client name in the file name: it shows up in download lists and mail attachments."""
    return f"co24-dossier-{case.reference}-{period_from:%Y%m%d}-{period_to:%Y%m%d}.pdf"


def _caller(signal: Signal) -> tuple[str, str]:
    if signal.caller_id is not None:
        caller = signal.caller
        assert caller is not None
        parts = [caller.get_kind_display(), caller.relation]
        if caller.organisation is not None:
            parts.append(caller.organisation.name)
        return caller.name, ", ".join(part for part in parts if part)
    parts = [signal.caller_relation, signal.caller_phone]
    return signal.caller_label, ", ".join(part for part in parts if part)


def _recorded_by(signal: Signal) -> str:
    """The organisation that took the call, not the staff member's name (names of staff are masked on paper)."""
    if signal.backoffice is not None:
        return signal.backoffice.name
    organisation = signal.recorded_by.organisation
    return organisation.name if organisation else ""


def signal_entry(number: int, signal: Signal, *, medical_allowed: bool) -> SignalEntry:
    received_at = timezone.localtime(signal.received_at)
    if signal.medical and not medical_allowed:
        return SignalEntry(number=number, received_at=received_at, withheld=True)
    caller, detail = _caller(signal)
    return SignalEntry(
        number=number,
        received_at=received_at,
        withheld=False,
        caller=caller,
        caller_on_list=not signal.caller_unknown,
        caller_detail=detail,
        account=signal.account,
        urgency=signal.get_urgency_display(),
        urgency_value=signal.urgency,
        follow_up=signal.follow_up,
        recorded_by=_recorded_by(signal),
        checklist_number=signal.checklist.number if signal.checklist else None,
        answers=[
            AnswerLine(
                kind=answer.item.get_kind_display(),
                text=answer.item.text,
                answer=answer.get_answer_display(),
                answer_value=answer.answer,
                red_flag=answer.item.red_flag and answer.item.kind == ItemKind.RISK,
            )
            for answer in signal.answers.all()
        ],
        alerts=[f"{alert.summary} ({alert.rule})" for alert in signal.alerts.all()],
    )


def build_context(
    *, case: Case, export: DossierExport, by: User, signals: list[Signal], medical_allowed: bool
) -> dict[str, Any]:
    entries = [
        signal_entry(number, signal, medical_allowed=medical_allowed)
        for number, signal in enumerate(signals, start=1)
    ]
    client = case.client
    return {
        "case": case,
        "export": export,
        "client_name": client.full_name,
        "birth_date": client.geboortedatum,
        "gemeente": case.gemeente.name,
        "purpose": export.get_purpose_display(),
        "exported_by": by.get_full_name() or by.email,
        "exported_by_organisation": by.organisation.name if by.organisation else "",
        "exported_at": timezone.localtime(export.created_at),
        "entries": entries,
        "withheld": sum(1 for entry in entries if entry.withheld),
        "with_alerts": sum(1 for entry in entries if entry.alerts),
        "high_urgency": sum(1 for entry in entries if entry.urgency_value == "hoog"),
        "medical_allowed": medical_allowed,
    }


def _validate(
    *, purpose: str, reason: str, period_from: datetime.date | None, period_to: datetime.date | None
) -> None:
    errors: dict[str, str] = {}
    if purpose not in ExportPurpose.values:
        errors["purpose"] = _("Kies het doel van de export.")
    elif purpose == ExportPurpose.OTHER and not reason.strip():
        errors["reason"] = _("Licht toe waarvoor de export nodig is.")
    if period_from is None:
        errors["period_from"] = _("Geef het begin van de periode.")
    if period_to is None:
        errors["period_to"] = _("Geef het einde van de periode.")
    elif period_from is not None and period_to < period_from:
        errors["period_to"] = _("Het einde van de periode ligt vóór het begin.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def dossier_export(
    *,
    case: Case,
    by: User,
    purpose: str,
    period_from: datetime.date,
    period_to: datetime.date,
    reason: str = "",
    request: HttpRequest | None = None,
    channel: str = "web",
) -> DossierPdf:
    """Render the dossier and record that it was made. Refused (nothing recorded) above MAX_SIGNALS."""
    _validate(purpose=purpose, reason=reason, period_from=period_from, period_to=period_to)
    signals = export_signals(case, period_from, period_to)
    count = signals.count()
    if count > MAX_SIGNALS:
        raise ValidationError(
            _(
                "Deze periode bevat %(count)s signalen; een export kan er ten hoogste %(max)s bevatten. "
                "Kies een kortere periode en maak zo nodig meer exports."
            )
            % {"count": count, "max": MAX_SIGNALS}
        )
    export = DossierExport.objects.create(
        case=case,
        requested_by=by,
        purpose=purpose,
        reason=reason.strip(),
        period_from=period_from,
        period_to=period_to,
        signal_count=count,
    )
    with pdf_language():
        context = build_context(
            case=case, export=export, by=by, signals=list(signals), medical_allowed=may_see_medical(by, case)
        )
    try:
        content = render_pdf(TEMPLATE, context)
    except PdfRenderTimeout as exc:
        raise ValidationError(
            _(
                "Het maken van deze export duurde te lang. Kies een kortere periode en maak zo nodig meer exports."
            )
        ) from exc
    export.sha256 = hashlib.sha256(content).hexdigest()
    export.save(update_fields=["sha256"])
    log_case_read(
        user=by,
        case=case,
        shown=f"co24 dossierexport {purpose} {period_from:%d-%m-%Y} t/m {period_to:%d-%m-%Y} ({count} signalen)",
        request=request,
        channel=channel,
    )
    return DossierPdf(export=export, content=content, filename=export_filename(case, period_from, period_to))
