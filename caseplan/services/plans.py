"""Writes of the maatwerkplan. Only a draft changes; publishing ("vaststellen") freezes a version and sets
its evaluation date as a deadline; a new version starts as a copy of the last published one."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from caseplan.hooks import deadline_keeper
from caseplan.models import (
    Case,
    CaseRole,
    Goal,
    Intervention,
    Plan,
    PlanDomain,
    PlanSanction,
    PlanSection,
    PlanTemplate,
    PlanVersion,
    VersionStatus,
)
from caseplan.plan_schema import SECTIONS, SECTIONS_BY_KEY
from caseplan.selectors.team import team_organisations
from common.documents import clean
from common.errors import EditConflict, StateConflict
from common.history import note_change
from common.unset import UNSET, Unset, given
from privacy.models import Organisation, User

EVALUATION_DEADLINE = "plan-evaluatie"
PLAN_DEADLINE = "maatwerkplan-opstellen"


class PublishedVersionError(StateConflict):
    def __init__(self) -> None:
        super().__init__(
            _("Een vastgestelde versie verandert niet meer. Start een nieuwe versie om te wijzigen."),
            code="version_published",
        )


def _require_draft(version: PlanVersion) -> None:
    """Lock the version row and check it is still a draft, so no change lands while it is published."""
    status = (
        PlanVersion.objects.select_for_update().filter(pk=version.pk).values_list("status", flat=True).first()
    )
    if status != VersionStatus.DRAFT:
        raise PublishedVersionError()


def _process_data(case: Case) -> dict[str, str]:
    """Prefill the process data from the case team."""
    names: dict[str, list[str]] = {}
    for member in case.members.filter(removed_at__isnull=True, user__isnull=False).select_related("user"):
        user = member.user
        if user is None:  # user__isnull=False: never
            continue
        label = f"{user.get_full_name()}{', ' + user.phone if user.phone else ''}"
        names.setdefault(member.role, []).append(label)
    return {
        "procesmanager_gemeente": "; ".join(names.get(CaseRole.PROCESMANAGER_GEMEENTE, [])),
        "procesmanager_vh": "; ".join(names.get(CaseRole.PROCESMANAGER_VH, [])),
        "casuscoordinator": "; ".join(names.get(CaseRole.CASUSCOORDINATOR, [])),
    }


@transaction.atomic
def plan_create(*, case: Case, template: PlanTemplate, by: User) -> PlanVersion:
    """A plan for the case from the template, with an empty draft version 1."""
    Case.objects.select_for_update().filter(pk=case.pk).first()  # one plan creation per case at a time
    if Plan.objects.filter(case=case, template=template).exists():
        raise ValidationError(_("Deze casus heeft al een plan volgens dit sjabloon."))
    plan = Plan.objects.create(case=case, template=template, created_by=by)
    version = PlanVersion.objects.create(plan=plan, number=1, created_by=by)
    sections = [PlanSection(version=version, key=section.key, data={}, updated_by=by) for section in SECTIONS]
    sections[0].data = _process_data(case)
    bulk_create_with_history(sections, PlanSection, default_user=by)
    bulk_create_with_history(
        [
            PlanDomain(
                version=version,
                template_domain=domain,
                number=domain.number,
                name=domain.name,
                kind=domain.kind,
            )
            for domain in template.domains.all()
        ],
        PlanDomain,
        default_user=by,
    )
    return version


@transaction.atomic
def section_update(
    *, section: PlanSection, by: User, expected_revision: int, data: dict[str, Any]
) -> PlanSection:
    """Replace the section's data; every value is checked against the section's declaration (a field
    error names the field), empty values are left out."""
    current = PlanSection.objects.select_for_update().select_related("version").get(pk=section.pk)
    _require_draft(current.version)
    if current.revision != expected_revision:
        raise EditConflict(current)
    current.data = clean(SECTIONS_BY_KEY[current.key], data)
    current.revision += 1
    current.updated_by = by
    note_change(current, by=by)
    current.save()
    return current


DOMAIN_FIELDS = (
    "current_situation",
    "coercive_measures",
    "client_wishes",
    "client_action",
    "additional_info",
)


@transaction.atomic
def domain_update(
    *,
    domain: PlanDomain,
    by: User,
    expected_revision: int,
    current_situation: str | Unset = UNSET,
    coercive_measures: str | Unset = UNSET,
    client_wishes: str | Unset = UNSET,
    client_action: str | Unset = UNSET,
    additional_info: str | Unset = UNSET,
) -> PlanDomain:
    """Save the description fields given, unless somebody else saved first."""
    fields = given(
        current_situation=current_situation,
        coercive_measures=coercive_measures,
        client_wishes=client_wishes,
        client_action=client_action,
        additional_info=additional_info,
    )
    current = PlanDomain.objects.select_for_update().select_related("version").get(pk=domain.pk)
    _require_draft(current.version)
    if current.revision != expected_revision:
        raise EditConflict(current)
    for name, value in fields.items():
        setattr(current, name, value)
    current.revision += 1
    current.updated_by = by
    note_change(current, by=by)
    current.save()
    return current


def _save_in_draft(obj: Any, version: PlanVersion, by: User, fields: dict[str, Any]) -> Any:
    _require_draft(version)
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    note_change(obj, by=by)
    obj.save()
    return obj


def _delete_in_draft(obj: Any, version: PlanVersion, by: User) -> None:
    _require_draft(version)
    note_change(obj, by=by)
    obj.delete()


@transaction.atomic
def goal_save(
    *,
    domain: PlanDomain,
    by: User,
    goal: Goal | None = None,
    expected_revision: int | None = None,
    kind: str | Unset = UNSET,
    text: str | Unset = UNSET,
    target_date: datetime.date | Unset | None = UNSET,
    evaluation_result: str | Unset = UNSET,
    evaluation_note: str | Unset = UNSET,
) -> Goal:
    """Add a goal, or change the fields given; with ``expected_revision`` a goal saved by someone else
    meanwhile is refused (EditConflict) instead of overwritten."""
    fields = given(
        kind=kind,
        text=text,
        target_date=target_date,
        evaluation_result=evaluation_result,
        evaluation_note=evaluation_note,
    )
    if goal is None:
        return _save_in_draft(Goal(domain=domain), domain.version, by, fields)
    current = Goal.objects.select_for_update().get(pk=goal.pk)
    if expected_revision is not None and current.revision != expected_revision:
        raise EditConflict(current)
    current.revision += 1
    return _save_in_draft(current, domain.version, by, fields)


@transaction.atomic
def goal_delete(*, goal: Goal, by: User) -> None:
    _delete_in_draft(goal, goal.domain.version, by)


@transaction.atomic
def intervention_save(
    *,
    domain: PlanDomain,
    by: User,
    intervention: Intervention | None = None,
    description: str | Unset = UNSET,
    responsible_organisation: Organisation | Unset | None = UNSET,
    responsible_person: str | Unset = UNSET,
) -> Intervention:
    """Add an intervention, or change the fields given. The responsible partner is an organisation on the
    case team; a partner set before it left the team may stay, but no other may be chosen."""
    fields = given(
        description=description,
        responsible_organisation=responsible_organisation,
        responsible_person=responsible_person,
    )
    if isinstance(responsible_organisation, Organisation):
        _require_team_organisation(domain, intervention, responsible_organisation)
    return _save_in_draft(intervention or Intervention(domain=domain), domain.version, by, fields)


def _require_team_organisation(
    domain: PlanDomain, intervention: Intervention | None, organisation: Organisation
) -> None:
    if intervention is not None and intervention.pk is not None:
        stored = (
            Intervention.objects.filter(pk=intervention.pk)
            .values_list("responsible_organisation_id", flat=True)
            .first()
        )
        if stored == organisation.pk:
            return  # kept as it was, even if the organisation has left the team since
    case_id = Plan.objects.filter(versions=domain.version_id).values_list("case_id", flat=True).get()
    if not team_organisations(case_id).filter(pk=organisation.pk).exists():
        raise ValidationError(
            {
                "responsible_organisation": _(
                    "%(organisation)s zit niet in het casusteam. Kies een partner uit het casusteam, of "
                    "voeg de organisatie of een medewerker eerst toe aan het team."
                )
                % {"organisation": organisation.name}
            }
        )


@transaction.atomic
def intervention_delete(*, intervention: Intervention, by: User) -> None:
    _delete_in_draft(intervention, intervention.domain.version, by)


@transaction.atomic
def sanction_add(*, version: PlanVersion, by: User, option: Any = None, text: str = "") -> PlanSanction:
    _require_draft(version)
    sanction = PlanSanction(version=version, option=option, text=text)
    if option is None and not text.strip():
        raise ValidationError(
            {"text": _("Kies een voorwaarde uit de menukaart of beschrijf een eigen voorwaarde.")}
        )
    note_change(sanction, by=by)
    sanction.save()
    return sanction


@transaction.atomic
def sanction_delete(*, sanction: PlanSanction, by: User) -> None:
    _delete_in_draft(sanction, sanction.version, by)


@transaction.atomic
def version_publish(*, version: PlanVersion, by: User, evaluation_date: datetime.date | None) -> PlanVersion:
    """Vaststellen: number, date and evaluation date are fixed; the evaluation becomes a deadline."""
    current = PlanVersion.objects.select_for_update().select_related("plan__case").get(pk=version.pk)
    _require_draft(current)
    today = timezone.localdate()
    if evaluation_date is not None and evaluation_date <= today:
        raise ValidationError({"evaluation_date": _("De evaluatiedatum moet in de toekomst liggen.")})
    current.status = VersionStatus.PUBLISHED
    current.version_date = today
    current.evaluation_date = evaluation_date
    current.published_at = timezone.now()
    current.published_by = by
    current.save()
    plan, case = current.plan, current.plan.case
    deadlines = deadline_keeper()
    deadlines.complete_for(subject=case, kind=PLAN_DEADLINE, by=by)
    deadlines.complete_for(subject=plan, kind=EVALUATION_DEADLINE, by=by)
    if evaluation_date is not None:
        deadlines.set(
            subject=plan,
            kind=EVALUATION_DEADLINE,
            rule_code=EVALUATION_DEADLINE,
            anchor=evaluation_date,
            title=f"Evaluatie {plan.template.name} v{current.number}",
            case_id=case.pk,
            owner_user=by,
            by=by,
        )
    return current


@transaction.atomic
def version_start_next(*, plan: Plan, by: User) -> PlanVersion:
    """A new draft, copied from the last published version, with every goal carried over for evaluation."""
    Plan.objects.select_for_update().filter(pk=plan.pk).first()  # one new version at a time
    if plan.versions.filter(status=VersionStatus.DRAFT).exists():
        raise ValidationError(_("Er is al een conceptversie; werk die bij."))
    source = plan.versions.filter(status=VersionStatus.PUBLISHED).order_by("-number").first()
    if source is None:
        raise ValidationError(_("Stel eerst een versie vast."))
    draft = PlanVersion.objects.create(plan=plan, number=source.number + 1, based_on=source, created_by=by)
    bulk_create_with_history(
        [PlanSection(version=draft, key=s.key, data=s.data, updated_by=by) for s in source.sections.all()],
        PlanSection,
        default_user=by,
    )
    for domain in source.domains.prefetch_related("goals", "interventions"):
        copy = PlanDomain.objects.create(
            version=draft,
            template_domain_id=domain.template_domain_id,
            number=domain.number,
            name=domain.name,
            kind=domain.kind,
            **{name: getattr(domain, name) for name in DOMAIN_FIELDS},
        )
        bulk_create_with_history(
            [
                Goal(domain=copy, kind=g.kind, text=g.text, target_date=g.target_date, carried_from=g)
                for g in domain.goals.all()
            ],
            Goal,
            default_user=by,
        )
        bulk_create_with_history(
            [
                Intervention(
                    domain=copy,
                    description=i.description,
                    responsible_organisation_id=i.responsible_organisation_id,
                    responsible_person=i.responsible_person,
                )
                for i in domain.interventions.all()
            ],
            Intervention,
            default_user=by,
        )
    bulk_create_with_history(
        [PlanSanction(version=draft, option_id=s.option_id, text=s.text) for s in source.sanctions.all()],
        PlanSanction,
        default_user=by,
    )
    return draft
