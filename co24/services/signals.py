"""Recording a phoned-in signal, with its checklist answers, and running the client's tipping-point rules."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caseplan.models import Case
from co24.models import Answer, Caller, Signal, SignalAnswer, Urgency
from co24.services.checklists import active_checklist
from co24.services.rules import rules_evaluate, urgent_signal_notify
from privacy.models import User

MAX_FUTURE = datetime.timedelta(minutes=5)
# Nothing was phoned in before this; an older time is a typing error (year 0824 instead of 2024).
EARLIEST = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


@transaction.atomic
def signal_record(
    *,
    case: Case,
    by: User,
    account: str,
    received_at: datetime.datetime | None = None,
    caller: Caller | None = None,
    caller_name: str = "",
    caller_relation: str = "",
    caller_phone: str = "",
    urgency: str = Urgency.NORMAL,
    medical: bool = False,
    follow_up: str = "",
    answers: Mapping[int, str] | None = None,
    channel: str = "web",
    external_id: str = "",
    backoffice_id: int | None = None,
) -> Signal:
    """Keep the signal. A caller not on the client's list can still be recorded: the signal is flagged."""
    errors: dict[str, Any] = {}
    received_at = received_at or timezone.now()
    if received_at > timezone.now() + MAX_FUTURE:
        errors["received_at"] = _("Het tijdstip ligt in de toekomst.")
    elif received_at < EARLIEST:
        errors["received_at"] = _("Het tijdstip ligt vóór 2000: kijk het jaar na.")
    if not account.strip():
        errors["account"] = _("Noteer wat de inbeller vertelt.")
    if caller is not None and caller.case_id != case.pk:
        errors["caller"] = _("Deze inbeller hoort niet bij deze cliënt.")
    if caller is None and not caller_name.strip():
        errors["caller_name"] = _(
            "Kies een inbeller van de lijst of noteer de naam van de onbekende inbeller."
        )
    if urgency not in Urgency.values:
        errors["urgency"] = _("Kies een urgentie.")
    checklist = active_checklist(case)
    items = {item.pk: item for item in checklist.items.all()} if checklist else {}
    answers = dict(answers or {})
    wrong = [str(key) for key in answers if int(key) not in items]
    if wrong:
        errors["answers"] = _("Antwoorden op vragen die niet in de checklist staan: %(ids)s.") % {
            "ids": ", ".join(wrong)
        }
    if any(value not in Answer.values for value in answers.values()):
        errors["answers"] = _("Antwoord met ja, nee of onbekend.")
    if errors:
        raise ValidationError(errors)
    signal = Signal(
        case=case,
        backoffice_id=backoffice_id,
        received_at=received_at,
        caller=caller,
        caller_name="" if caller else caller_name.strip(),
        caller_relation="" if caller else caller_relation.strip(),
        caller_phone="" if caller else caller_phone.strip(),
        account=account.strip(),
        urgency=urgency,
        medical=medical,
        follow_up=follow_up.strip(),
        checklist=checklist,
        channel=channel,
        external_id=external_id,
        recorded_by=by,
    )
    try:
        with transaction.atomic():
            signal.save()
    except IntegrityError as exc:
        raise ValidationError({"external_id": _("Dit signaal is al ontvangen.")}) from exc
    SignalAnswer.objects.bulk_create(
        SignalAnswer(signal=signal, item_id=int(item_id), answer=value) for item_id, value in answers.items()
    )
    rules_evaluate(signal=signal)
    urgent_signal_notify(signal)
    return signal
