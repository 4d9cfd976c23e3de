"""What the meeting recorded about a case: whether it was discussed, the situation in brief, the decisions
(which may change the case's status or priority, or start a new plan version through caseplan's services),
and the actions, each kept as a deadline by the one deadline mechanism (reminders and escalation
included)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from caseplan.access import cases_visible_to
from caseplan.models import Case, CaseMember, CaseStatus, Plan, PlanVersion, VersionStatus
from caseplan.services.cases import case_update
from caseplan.services.plans import version_start_next
from common.errors import EditConflict
from common.history import note_change
from common.unset import UNSET, Unset
from deadlines.models import Deadline
from deadlines.services.deadlines import deadline_cancel_for, deadline_complete_for, deadline_set
from overleg.models import Action, AgendaItem, MeetingStatus
from privacy.models import Organisation, User

ACTION_KIND = "overleg-actie"
ACTION_RULE = "overleg-actie"  # DeadlineRule row from overleg/migrations/0002_meeting_types.py


def _current_plan_version(case: Case) -> PlanVersion | None:
    return (
        PlanVersion.objects.filter(plan__case=case, status=VersionStatus.PUBLISHED)
        .order_by("-published_at", "-pk")
        .first()
    )


def _start_next_plan_versions(case: Case, by: User) -> int:
    """A new draft for every plan of the case whose latest version is published; a plan that already has
    a draft is left alone."""
    started = 0
    for plan in Plan.objects.filter(case=case).exclude(versions__status=VersionStatus.DRAFT):
        if plan.versions.filter(status=VersionStatus.PUBLISHED).exists():
            version_start_next(plan=plan, by=by)
            started += 1
    if not started:
        raise ValidationError(
            {
                "new_plan_version": _(
                    "Deze casus heeft geen vastgesteld plan zonder concept om op voort te bouwen."
                )
            }
        )
    return started


def _apply_decisions(
    case: Case, by: User, item: AgendaItem, status: str | None, high_priority: bool | None
) -> None:
    new_status: str | Unset = status if status and status != case.status else UNSET
    closed_reason: str | Unset = UNSET
    if new_status == CaseStatus.AFGESLOTEN:
        closed_reason = _("Besloten in %(meeting)s.") % {"meeting": item.meeting}
    new_priority: bool | Unset = UNSET
    if high_priority is not None and high_priority != case.high_priority:
        new_priority = high_priority
    if new_status is not UNSET or new_priority is not UNSET:
        case_update(
            case=case,
            by=by,
            expected_revision=case.revision,
            status=new_status,
            closed_reason=closed_reason,
            high_priority=new_priority,
        )


@transaction.atomic
def item_minutes_save(
    *,
    item: AgendaItem,
    by: User,
    expected_revision: int,
    discussed: bool,
    situation: str = "",
    decisions: str = "",
    case_status: str | None = None,
    high_priority: bool | None = None,
    new_plan_version: bool = False,
) -> AgendaItem:
    """Record the minutes of one agenda item under its lock: a concurrent save raises EditConflict with the
    stored item. The item links to the case's plan as it stood; decisions go through caseplan's services."""
    current = AgendaItem.objects.select_for_update().select_related("meeting__meeting_type").get(pk=item.pk)
    if current.revision != expected_revision:
        raise EditConflict(current)
    if current.meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("Dit overleg is geannuleerd."))
    if not discussed and (case_status or high_priority is not None or new_plan_version):
        raise ValidationError(_("Een casus die niet besproken is, krijgt geen besluiten."))
    case = Case.objects.get(pk=current.case_id)
    current.discussed = discussed
    current.situation = situation
    current.decisions = decisions
    current.plan_version = _current_plan_version(case)
    current.minuted_at = timezone.now()
    current.minuted_by = by
    current.revision += 1
    note_change(current, by=by, reason="verslag vastgelegd")
    current.save()
    if discussed:
        _apply_decisions(case, by, current, case_status, high_priority)
        if new_plan_version:
            _start_next_plan_versions(case, by)
    return current


def _owner_on_team(case: Case, owner_user: User | None, owner_organisation: Organisation | None) -> bool:
    if owner_user is not None:
        return cases_visible_to(owner_user, Case.objects.filter(pk=case.pk)).exists()
    members = CaseMember.objects.filter(case=case, removed_at__isnull=True)
    return members.filter(
        Q(organisation=owner_organisation) | Q(user__organisation=owner_organisation)
    ).exists()


def _deadline_title(item: AgendaItem) -> str:
    # E-mail leaves the system: the title names the meeting, never the client or the action's text.
    meeting = item.meeting
    return _("Actie uit %(type)s van %(date)s") % {
        "type": meeting.meeting_type.short_name,
        "date": timezone.localtime(meeting.starts_at).strftime("%d-%m-%Y"),
    }


@transaction.atomic
def action_add(
    *,
    item: AgendaItem,
    by: User,
    description: str,
    due_on: datetime.date,
    owner_user: User | None = None,
    owner_organisation: Organisation | None = None,
) -> Action:
    """An action with one owner on the case team, due on a date, kept as a deadline for that owner."""
    if (owner_user is None) == (owner_organisation is None):
        raise ValidationError(_("Kies een persoon óf een organisatie als eigenaar."))
    case = Case.objects.get(pk=item.case_id)
    if not _owner_on_team(case, owner_user, owner_organisation):
        field = "owner_user" if owner_user is not None else "owner_organisation"
        raise ValidationError(
            {field: _("De eigenaar van een actie zit in het casusteam: alleen het team ziet de casus.")}
        )
    if due_on < timezone.localtime(item.meeting.starts_at).date():
        raise ValidationError({"due_on": _("Een actie kan niet vóór het overleg af moeten zijn.")})
    action = Action(
        item=item,
        description=description,
        due_on=due_on,
        owner_user=owner_user,
        owner_organisation=owner_organisation,
        created_by=by,
    )
    action.full_clean()
    note_change(action, by=by, reason="actie afgesproken")
    action.save()
    action.deadline = deadline_set(
        subject=action,
        kind=ACTION_KIND,
        rule_code=ACTION_RULE,
        anchor=due_on,
        title=_deadline_title(item),
        case_id=item.case_id,
        owner_user=owner_user,
        owner_organisation=owner_organisation,
        by=by,
    )
    action.save(update_fields=["deadline"])
    return action


@transaction.atomic
def action_complete(*, action: Action, by: User) -> Deadline | None:
    """Done: its deadline is completed (an action already done or cancelled changes nothing)."""
    return deadline_complete_for(subject=action, kind=ACTION_KIND, by=by)


@transaction.atomic
def action_cancel(*, action: Action, by: User, reason: str = "actie vervallen") -> Deadline | None:
    return deadline_cancel_for(subject=action, kind=ACTION_KIND, by=by, reason=reason)
