"""The periodic scan: due-soon and overdue notifications and the escalation ladder, each step once.

Every deadline is handled in its own transaction with a row lock, and every notification carries a
dedupe key, so a second run sends nothing twice and a crash halfway loses nothing: the next run picks up
exactly the deadlines that were not handled yet. A deadline with no step due is not saved: an idle run
writes no row and no history."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from caseplan.selectors.cases import case_process_managers
from common.history import note_change
from deadlines.models import ACTIVE_STATUSES, Deadline, DeadlineStatus
from deadlines.services.calendar import working_days_between
from notifications.models import NotificationKind
from notifications.services import Message, notify
from privacy.models import Function, User

logger = logging.getLogger(__name__)


@dataclass
class ScanResult:
    due_soon: int = 0
    overdue: int = 0
    escalated: int = 0
    notifications: int = 0
    errors: list[int] = field(default_factory=list)


def _owners(deadline: Deadline) -> list[User]:
    if deadline.owner_user is not None:
        return [deadline.owner_user]
    if deadline.owner_organisation_id is None:  # never: the deadline_has_owner constraint
        return []
    return list(
        User.objects.filter(organisation_id=deadline.owner_organisation_id, is_active=True).exclude(
            function=Function.COORDINATOR
        )
    )


def _coordinators(deadline: Deadline) -> list[User]:
    owner = deadline.owner_user
    if owner is not None and owner.coordinator is not None:
        return [owner.coordinator]
    organisation_id = deadline.owner_organisation_id or (owner.organisation_id if owner is not None else None)
    if organisation_id is None:  # a personal owner without an organisation: no coordinators to reach
        return []
    return list(
        User.objects.filter(organisation_id=organisation_id, function=Function.COORDINATOR, is_active=True)
    )


def _third_step(deadline: Deadline) -> list[User]:
    if deadline.case_id:
        managers = case_process_managers(deadline.case_id)
        if managers:
            return managers
    return _coordinators(deadline)


def _message(deadline: Deadline, kind: str, title: str) -> Message:
    reference = deadline.case.reference if deadline.case is not None else ""
    where = _(" in casus %(ref)s") % {"ref": reference} if reference else ""
    return Message(
        kind=kind,
        title=f"{title}: {deadline.title}{where}",
        body=_("Uiterlijk op %(due)s (%(rule)s). Eigenaar: %(owner)s.")
        % {
            "due": deadline.due_on.strftime("%d-%m-%Y"),
            "rule": deadline.rule.name,
            "owner": deadline.owner_label,
        },
        url=reverse("deadlines:deadline_detail", kwargs={"pk": deadline.pk}),
        case_id=deadline.case_id,
        deadline_id=deadline.pk,
    )


def _handle(deadline: Deadline, today: datetime.date, result: ScanResult) -> None:
    rule = deadline.rule
    before = (deadline.status, deadline.escalation_level)
    if deadline.status == DeadlineStatus.OPEN and deadline.due_on >= today:
        if (deadline.due_on - today).days <= rule.due_soon_days:
            message = _message(deadline, NotificationKind.DEADLINE_DUE_SOON, _("Termijn verloopt binnenkort"))
            result.notifications += notify(
                recipients=_owners(deadline),
                message=message,
                dedupe_key=f"deadline:{deadline.pk}:due_soon:{deadline.due_on}",
            )
            result.due_soon += 1
        return
    late = working_days_between(deadline.due_on, today)
    ladder = [
        (1, 0, _owners, NotificationKind.DEADLINE_OVERDUE, _("Termijn verlopen")),
        (2, rule.second_step_after, _coordinators, NotificationKind.DEADLINE_ESCALATED, _("Opgeschaald")),
        (3, rule.third_step_after, _third_step, NotificationKind.DEADLINE_ESCALATED, _("Opgeschaald")),
    ]
    for level, after, recipients, kind, title in ladder:
        if deadline.escalation_level >= level or late < 1 or (level > 1 and late <= after):
            continue
        result.notifications += notify(
            recipients=recipients(deadline),
            message=_message(deadline, kind, title),
            dedupe_key=f"deadline:{deadline.pk}:step:{level}:{deadline.due_on}",
        )
        deadline.escalation_level = level
        deadline.status = DeadlineStatus.OVERDUE if level == 1 else DeadlineStatus.ESCALATED
        if level == 1:
            result.overdue += 1
        else:
            result.escalated += 1
    if (deadline.status, deadline.escalation_level) == before:
        return  # no step was due: a run that changes nothing writes no row and no history
    note_change(deadline, by=None, reason=f"opschalingsstap {deadline.escalation_level}")  # the system
    deadline.save(update_fields=["status", "escalation_level"])


def deadlines_scan(*, today: datetime.date | None = None) -> ScanResult:
    today = today or timezone.localdate()
    result = ScanResult()
    horizon = today + datetime.timedelta(days=14)
    candidates = (
        Deadline.objects.filter(status__in=ACTIVE_STATUSES, due_on__lte=horizon)
        .exclude(status=DeadlineStatus.ESCALATED, escalation_level__gte=3)
        .values_list("pk", flat=True)
    )
    for pk in list(candidates):
        try:
            with transaction.atomic():
                deadline = (
                    Deadline.objects.select_for_update(skip_locked=True, of=("self",))
                    .select_related("rule", "case", "owner_user__coordinator", "owner_organisation")
                    .filter(pk=pk, status__in=ACTIVE_STATUSES)
                    .first()
                )
                if deadline is not None:
                    _handle(deadline, today, result)
        except Exception:
            logger.exception("deadlines_scan: deadline %s failed; it is retried on the next run", pk)
            result.errors.append(pk)
    return result
