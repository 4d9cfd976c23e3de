"""The daily digest: each team member hears once of the new signals on their cases (case reference and
count only; the journal shows the rest after login)."""

from __future__ import annotations

from collections import Counter

from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from caseplan.access import cases_visible_to
from caseplan.models import CaseMember
from co24.models import DigestMark, Signal
from notifications.models import NotificationKind
from notifications.services import Message, notify
from privacy.models import User


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
    )


def send_signal_digests() -> int:
    """One digest per team member with new signals; safe to run twice (the mark moves in the same transaction)."""
    ceiling = Signal.objects.aggregate(top=Max("id"))["top"] or 0
    sent = 0
    for user in _team_members():
        with transaction.atomic():
            mark, _created = DigestMark.objects.select_for_update().get_or_create(user=user)
            if mark.last_signal_id >= ceiling:
                continue
            cases = cases_visible_to(user).filter(co24__isnull=False)
            rows = Signal.objects.filter(
                case__in=cases, id__gt=mark.last_signal_id, id__lte=ceiling
            ).values_list("case__reference", "case_id")
            counts = Counter(rows)
            if counts:
                lines = [
                    ngettext("%(ref)s: %(n)s nieuw signaal", "%(ref)s: %(n)s nieuwe signalen", n)
                    % {"ref": ref, "n": n}
                    for (ref, _case_id), n in sorted(counts.items())
                ]
                notify(
                    recipients=[user],
                    message=Message(
                        kind=NotificationKind.CO24_DIGEST,
                        title=_("CO24dak: %(n)s nieuwe signalen") % {"n": sum(counts.values())},
                        body="\n".join(lines),
                        url=reverse("notifications:inbox"),
                    ),
                    dedupe_key=f"co24-digest:{user.pk}:{ceiling}",
                )
                sent += 1
            mark.last_signal_id = ceiling
            mark.sent_at = timezone.now()
            mark.save(update_fields=["last_signal_id", "sent_at"])
    return sent
