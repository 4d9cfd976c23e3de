"""The periodic scan: due-soon and overdue notifications and the escalation ladder, each step once.

Set-based. One query picks out only the deadlines that have something to do: a due-soon notice not given
yet, or an escalation step whose day has come ("more than n working days late" is a date comparison per
rule, ``late_cutoffs``). A run with nothing to do reads that one index range and writes no row and no
history. The picked deadlines go in batches, each in one transaction: the batch is locked (rows someone else
holds are skipped, and picked up by the next run), one UPDATE per transition moves the deadlines, their
historical rows are written in bulk for exactly those deadlines (the system as actor, "opschalingsstap N" as
the reason), and their notifications are created in bulk; after the last batch one e-mail task is queued for
the whole run. Every notification carries a dedupe key, so a second run sends nothing twice. A batch that
fails is done again deadline by deadline, each in its own transaction: one bad deadline holds up only itself
and is retried on the next run.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import CharField, Exists, Func, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from caseplan.selectors.cases import cases_process_managers
from common.history import note_change
from deadlines.models import ACTIVE_STATUSES, Deadline, DeadlineRule, DeadlineStatus
from deadlines.services.calendar import late_cutoffs
from notifications.models import Notification, NotificationKind
from notifications.services import Message, Notice, emails_send_soon, notify_many
from privacy.models import Function, User

logger = logging.getLogger(__name__)

BATCH = 1000  # deadlines per transaction


@dataclass
class ScanResult:
    due_soon: int = 0  # deadlines announced as due soon in this run
    overdue: int = 0  # first steps taken (open → verlopen)
    escalated: int = 0  # second and third steps taken
    notifications: int = 0
    emails: int = 0  # of the notifications, those to e-mail at once
    errors: list[int] = field(default_factory=list)

    def add(self, other: ScanResult) -> None:
        self.due_soon += other.due_soon
        self.overdue += other.overdue
        self.escalated += other.escalated
        self.notifications += other.notifications
        self.emails += other.emails
        self.errors += other.errors


@dataclass(frozen=True)
class _Today:
    """What the scan compares with: the rules, and per "more than n working days late" the due-date cutoff."""

    day: datetime.date
    rules: dict[int, DeadlineRule]
    cutoffs: dict[int, datetime.date]

    @classmethod
    def of(cls, day: datetime.date) -> _Today:
        rules = {rule.pk: rule for rule in DeadlineRule.objects.all()}
        counts = (
            {0} | {r.second_step_after for r in rules.values()} | {r.third_step_after for r in rules.values()}
        )
        return cls(day, rules, late_cutoffs(day, counts))

    @property
    def horizon(self) -> datetime.date:
        """No deadline due after this has anything to do today (the index range the scan reads)."""
        return self.day + datetime.timedelta(
            days=max((r.due_soon_days for r in self.rules.values()), default=0)
        )

    def ladder(self, rule: DeadlineRule) -> tuple[tuple[int, int], ...]:
        """(step, taken when more than this many working days late)."""
        return ((1, 0), (2, rule.second_step_after), (3, rule.third_step_after))

    def due_soon(self, deadline: Deadline) -> bool:
        rule = self.rules[deadline.rule_id]
        return (
            deadline.status == DeadlineStatus.OPEN
            and 0 <= (deadline.due_on - self.day).days <= rule.due_soon_days
        )

    def steps(self, deadline: Deadline) -> list[int]:
        """The escalation steps due now and not taken yet, in order (all of them after a long pause)."""
        if deadline.status == DeadlineStatus.OPEN and deadline.due_on >= self.day:
            return []
        return [
            step
            for step, after in self.ladder(self.rules[deadline.rule_id])
            if step > deadline.escalation_level and deadline.due_on < self.cutoffs[after]
        ]

    def candidates(self) -> Q:
        """The same two questions as ``due_soon`` and ``steps``, in SQL, one branch per rule."""
        key = Concat(
            Value("deadline:"),
            Cast(OuterRef("pk"), CharField()),
            Value(":due_soon:"),
            Func(OuterRef("due_on"), function="to_char", template="to_char(%(expressions)s, 'YYYY-MM-DD')"),
            output_field=CharField(),
        )
        announced = Notification.objects.filter(deadline_id=OuterRef("pk"), dedupe_key=key)
        branches = Q()
        for rule in self.rules.values():
            soon = Q(
                status=DeadlineStatus.OPEN,
                due_on__gte=self.day,
                due_on__lte=self.day + datetime.timedelta(days=rule.due_soon_days),
            ) & ~Exists(announced)
            late = Q()
            for step, after in self.ladder(rule):
                late |= Q(escalation_level__lt=step, due_on__lt=self.cutoffs[after])
            branches |= Q(rule_id=rule.pk) & (soon | late)
        return branches


class _Recipients:
    """Who hears of each step, looked up for a whole batch at once (at most two queries)."""

    def __init__(self, work: list[tuple[Deadline, bool, list[int]]]) -> None:
        third = {d.case_id for d, _soon, steps in work if 3 in steps and d.case_id}
        self.managers = cases_process_managers(third) if third else {}
        organisations: set[int] = set()
        for deadline, soon, steps in work:
            if (soon or 1 in steps) and deadline.owner_user is None and deadline.owner_organisation_id:
                organisations.add(deadline.owner_organisation_id)
            needs_coordinators = 2 in steps or (3 in steps and not self.managers.get(deadline.case_id or 0))
            organisation = self._organisation(deadline)
            if needs_coordinators and organisation is not None and not self._own_coordinator(deadline):
                organisations.add(organisation)
        self.members: dict[int, list[User]] = {}
        self.coordinators: dict[int, list[User]] = {}
        if organisations:
            for user in User.objects.filter(organisation_id__in=organisations, is_active=True):
                group = self.coordinators if user.function == Function.COORDINATOR else self.members
                group.setdefault(user.organisation_id or 0, []).append(user)

    @staticmethod
    def _own_coordinator(deadline: Deadline) -> User | None:
        return deadline.owner_user.coordinator if deadline.owner_user is not None else None

    @staticmethod
    def _organisation(deadline: Deadline) -> int | None:
        owner = deadline.owner_user
        return deadline.owner_organisation_id or (owner.organisation_id if owner is not None else None)

    def owners(self, deadline: Deadline) -> list[User]:
        if deadline.owner_user is not None:
            return [deadline.owner_user]
        return self.members.get(deadline.owner_organisation_id or 0, [])

    def coordinators_of(self, deadline: Deadline) -> list[User]:
        own = self._own_coordinator(deadline)
        if own is not None:
            return [own]
        organisation = self._organisation(deadline)
        return self.coordinators.get(organisation, []) if organisation is not None else []

    def third_step(self, deadline: Deadline) -> list[User]:
        return self.managers.get(deadline.case_id or 0) or self.coordinators_of(deadline)


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


def _notices(work: list[tuple[Deadline, bool, list[int]]]) -> list[Notice]:
    people = _Recipients(work)
    ladder = {
        1: (people.owners, NotificationKind.DEADLINE_OVERDUE, _("Termijn verlopen")),
        2: (people.coordinators_of, NotificationKind.DEADLINE_ESCALATED, _("Opgeschaald")),
        3: (people.third_step, NotificationKind.DEADLINE_ESCALATED, _("Opgeschaald")),
    }
    notices = []
    for deadline, soon, steps in work:
        if soon:
            notices.append(
                Notice(
                    people.owners(deadline),
                    _message(deadline, NotificationKind.DEADLINE_DUE_SOON, _("Termijn verloopt binnenkort")),
                    f"deadline:{deadline.pk}:due_soon:{deadline.due_on}",
                )
            )
        for step in steps:
            recipients, kind, title = ladder[step]
            notices.append(
                Notice(
                    recipients(deadline),
                    _message(deadline, kind, title),
                    f"deadline:{deadline.pk}:step:{step}:{deadline.due_on}",
                )
            )
    return notices


def _escalate(moved: list[Deadline]) -> None:
    """One UPDATE per transition, then the historical rows of exactly these deadlines in bulk."""
    transitions: dict[tuple[str, int], list[int]] = {}
    for deadline in moved:
        transitions.setdefault((deadline.status, deadline.escalation_level), []).append(deadline.pk)
    for (status, level), ids in transitions.items():
        Deadline.objects.filter(pk__in=ids).update(status=status, escalation_level=level)
    for deadline in moved:
        note_change(deadline, by=None, reason=f"opschalingsstap {deadline.escalation_level}")  # the system
    Deadline.history.bulk_history_create(moved, update=True, default_date=timezone.now())


def _scan_batch(ids: list[int], today: _Today) -> ScanResult:
    result = ScanResult()
    with transaction.atomic():
        deadlines = (
            Deadline.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("rule", "case", "owner_user__coordinator", "owner_organisation")
            .filter(pk__in=ids, status__in=ACTIVE_STATUSES)
            .order_by("pk")
        )
        work = [(deadline, today.due_soon(deadline), today.steps(deadline)) for deadline in deadlines]
        moved = []
        for deadline, soon, steps in work:
            result.due_soon += soon
            if steps:
                result.overdue += 1 in steps
                result.escalated += len(steps) - (1 in steps)
                deadline.escalation_level = steps[-1]
                deadline.status = DeadlineStatus.OVERDUE if steps[-1] == 1 else DeadlineStatus.ESCALATED
                moved.append(deadline)
        notified = notify_many(_notices(work), email_now=False)
        if moved:
            _escalate(moved)
    result.notifications, result.emails = notified.created, notified.by_email
    return result


def deadlines_scan(*, today: datetime.date | None = None) -> ScanResult:
    now = _Today.of(today or timezone.localdate())
    result = ScanResult()
    picked = list(
        Deadline.objects.filter(status__in=ACTIVE_STATUSES, due_on__lte=now.horizon)
        .filter(now.candidates())
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(picked), BATCH):
        ids = picked[start : start + BATCH]
        try:
            result.add(_scan_batch(ids, now))
        except Exception:
            logger.warning("deadlines_scan: a batch of %d failed; doing it one deadline at a time", len(ids))
            for pk in ids:
                try:
                    result.add(_scan_batch([pk], now))
                except Exception:
                    logger.exception("deadlines_scan: deadline %s failed; it is retried on the next run", pk)
                    result.errors.append(pk)
    if result.emails:
        emails_send_soon()  # one e-mail task for the whole run
    return result
