"""The daily digest: each team member hears once of the new signals on their cases (case reference and
count only; the journal shows the rest after login).

Set-based: the team members go in batches; per batch one transaction locks their digest marks, one pair of
queries finds the CO24 cases each of them sees, and the new signals are counted per case in SQL, once per
distinct mark (after the first run nearly everyone shares the same one). The notifications are created in
bulk, the marks move in one UPDATE, and one e-mail task is queued for the whole run."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from caseplan.access import cases_visible_to_users
from caseplan.models import Case, CaseMember
from co24.models import DigestMark, Signal
from notifications.models import NotificationKind
from notifications.services import Message, Notice, emails_send_soon, notify_many
from privacy.models import User

BATCH = 1000  # team members per transaction


def _team_members() -> list[User]:
    enrolled = CaseMember.objects.filter(
        removed_at__isnull=True, case__co24__ended_on__isnull=True, case__co24__isnull=False
    )
    return list(
        User.objects.filter(is_active=True)
        .filter(
            Q(pk__in=enrolled.filter(user__isnull=False).values("user_id"))
            | Q(organisation_id__in=enrolled.filter(organisation__isnull=False).values("organisation_id"))
        )
        .distinct()
        .order_by("pk")
    )


class _NewSignals:
    """New signals per CO24 case, counted in SQL once per distinct digest mark, up to the run's ceiling."""

    def __init__(self, ceiling: int) -> None:
        self.ceiling = ceiling
        self.counted: dict[int, dict[int, int]] = {}
        self.references: dict[int, str] = {}

    def since(self, mark: int) -> dict[int, int]:
        if mark not in self.counted:
            rows = (
                Signal.objects.filter(id__gt=mark, id__lte=self.ceiling, case__co24__isnull=False)
                .order_by()
                .values_list("case_id")
                .annotate(n=Count("id"))
            )
            self.counted[mark] = dict(rows)
            unknown = set(self.counted[mark]) - set(self.references)
            if unknown:
                self.references.update(Case.objects.filter(pk__in=unknown).values_list("pk", "reference"))
        return self.counted[mark]


def _message(counts: dict[int, int], references: dict[int, str]) -> Message:
    lines = [
        ngettext("%(ref)s: %(n)s nieuw signaal", "%(ref)s: %(n)s nieuwe signalen", n) % {"ref": ref, "n": n}
        for ref, _case_id, n in sorted((references[case_id], case_id, n) for case_id, n in counts.items())
    ]
    return Message(
        kind=NotificationKind.CO24_DIGEST,
        title=_("CO24dak: %(n)s nieuwe signalen") % {"n": sum(counts.values())},
        body="\n".join(lines),
        url=reverse("notifications:inbox"),
    )


def _digest_batch(users: list[User], signals: _NewSignals) -> tuple[int, int]:
    """(digests created, of which by e-mail at once) for one batch of team members, in one transaction."""
    ceiling = signals.ceiling
    with transaction.atomic():
        marks = dict(
            DigestMark.objects.select_for_update()
            .filter(user__in=users, last_signal_id__lt=ceiling)
            .values_list("user_id", "last_signal_id")
        )
        if not marks:
            return 0, 0
        visible = cases_visible_to_users(marks, Case.objects.filter(co24__isnull=False))
        notices = []
        for user in users:
            if user.pk not in marks:
                continue
            new = signals.since(marks[user.pk])
            counts = {case_id: new[case_id] for case_id in visible.get(user.pk, ()) if case_id in new}
            if counts:
                notices.append(
                    Notice([user], _message(counts, signals.references), f"co24-digest:{user.pk}:{ceiling}")
                )
        notified = notify_many(notices, email_now=False)
        DigestMark.objects.filter(user_id__in=marks).update(last_signal_id=ceiling, sent_at=timezone.now())
    return len(notices), notified.by_email


def send_signal_digests() -> int:
    """One digest per team member with new signals; safe to run twice (the marks move in the same transaction
    as the digests are created). Returns the number of digests."""
    ceiling = Signal.objects.aggregate(top=Max("id"))["top"] or 0
    members = _team_members()
    known = set(DigestMark.objects.filter(user__in=members).values_list("user_id", flat=True))
    DigestMark.objects.bulk_create(
        [DigestMark(user=user) for user in members if user.pk not in known], ignore_conflicts=True
    )
    signals = _NewSignals(ceiling)
    sent = by_email = 0
    for start in range(0, len(members), BATCH):
        created, emails = _digest_batch(members[start : start + BATCH], signals)
        sent += created
        by_email += emails
    if by_email:
        emails_send_soon()  # one e-mail task for the whole run
    return sent
