"""Enrolling a case in CO24dak: the back office, a first checklist from the standard template, default rules."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caseplan.models import Case
from co24.models import BackOfficeService, ChecklistTemplate, Enrolment, RuleKind, TippingRule
from co24.services.checklists import checklist_activate, checklist_from_template
from privacy.models import Organisation, User

# A sensible start that the team adjusts per client.
DEFAULT_RULES = ((RuleKind.COUNT, 3, 7), (RuleKind.RED_FLAG, None, None))


@transaction.atomic
def co24_enrol(*, case: Case, backoffice: Organisation, by: User) -> Enrolment:
    if not BackOfficeService.objects.filter(backoffice=backoffice, gemeente_id=case.gemeente_id).exists():
        raise ValidationError(
            {"backoffice": _("Dit back office werkt niet voor de gemeente van deze casus.")}
        )
    enrolment = Enrolment.objects.filter(case=case).first()
    if enrolment is not None:
        if enrolment.ended_on is None and enrolment.backoffice_id == backoffice.pk:
            return enrolment
        enrolment.backoffice = backoffice
        enrolment.ended_on = None
        enrolment.save(update_fields=["backoffice", "ended_on"])
        return enrolment
    enrolment = Enrolment.objects.create(
        case=case, backoffice=backoffice, started_on=timezone.localdate(), started_by=by
    )
    if not case.co24_checklists.exists():
        draft = checklist_from_template(
            case=case, template=ChecklistTemplate.objects.get(code="co24-standaard"), by=by
        )
        checklist_activate(checklist=draft, by=by)
    if not case.co24_rules.exists():
        for kind, threshold, days in DEFAULT_RULES:
            TippingRule.objects.create(
                case=case, kind=kind, threshold=threshold, window_days=days, created_by=by
            )
    return enrolment


@transaction.atomic
def co24_end(*, enrolment: Enrolment, by: User) -> Enrolment:
    enrolment.ended_on = timezone.localdate()
    enrolment.save(update_fields=["ended_on"])
    return enrolment
