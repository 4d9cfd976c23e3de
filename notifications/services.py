"""Creating notifications (idempotent by dedupe key) and sending them by e-mail, at once or as a digest."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext

from notifications.models import DEFAULT_CHANNELS, Channel, Notification, NotificationPreference
from privacy.models import User

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    kind: str
    title: str
    body: str = ""
    url: str = ""
    case_id: int | None = None
    deadline_id: int | None = None


def _channels(users: Iterable[User], kind: str) -> dict[int, str]:
    user_ids = [user.pk for user in users]
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=user_ids, kind=kind).values_list(
            "user_id", "channel"
        )
    )
    default = DEFAULT_CHANNELS.get(kind, Channel.INBOX)
    return {user_id: chosen.get(user_id, default) for user_id in user_ids}


def notify(*, recipients: Iterable[User], message: Message, dedupe_key: str) -> int:
    """Create the notification for each recipient once; a repeat with the same key creates nothing."""
    recipients = [user for user in {user.pk: user for user in recipients if user.is_active}.values()]
    already = set(
        Notification.objects.filter(dedupe_key=dedupe_key[:120], recipient__in=recipients).values_list(
            "recipient_id", flat=True
        )
    )
    recipients = [user for user in recipients if user.pk not in already]
    if not recipients:
        return 0
    channels = _channels(recipients, message.kind)
    rows = [
        Notification(
            recipient=user,
            kind=message.kind,
            title=message.title[:200],
            body=message.body,
            url=message.url,
            case_id=message.case_id,
            deadline_id=message.deadline_id,
            dedupe_key=dedupe_key[:120],
            channel=channels[user.pk],
        )
        for user in recipients
    ]
    # ignore_conflicts covers a concurrent run that inserted the same event between the check and here.
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    if any(channels[user.pk] == Channel.EMAIL for user in recipients):
        from notifications.tasks import send_pending_emails

        transaction.on_commit(send_pending_emails.delay)
    return len(rows)


def notification_mark_read(*, notification: Notification) -> None:
    """Mark read once: one conditional UPDATE, so a concurrent or repeated call keeps the first moment
    (and writes nothing) instead of overwriting it; ``notification`` then shows the stored moment."""
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
        notification.refresh_from_db(fields=["read_at"])


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def preference_set(*, user: User, kind: str, channel: str) -> None:
    NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults={"channel": channel})


VIEW_IN_APP = gettext_lazy("Bekijk het in de applicatie")


def _absolute(url: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{url}" if url else settings.SITE_URL


def send_pending_emails(*, limit: int = 1000) -> int:
    """Send the immediate e-mails not sent yet, each in its own transaction: a failure leaves the rest
    pending for the retry, and a sent row is never sent again."""
    pending = list(
        Notification.objects.filter(channel=Channel.EMAIL, emailed_at__isnull=True).values_list(
            "pk", flat=True
        )[:limit]
    )
    sent = 0
    for pk in pending:
        with transaction.atomic():
            row = (
                Notification.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, emailed_at__isnull=True)
                .select_related("recipient")
                .first()
            )
            if row is None:
                continue
            send_mail(
                subject=f"[PGA] {row.title}",
                message=f"{row.body}\n\n{VIEW_IN_APP}: {_absolute(row.url)}\n",
                from_email=None,
                recipient_list=[row.recipient.email],
            )
            row.emailed_at = timezone.now()
            row.save(update_fields=["emailed_at"])
            sent += 1
    return sent


def send_daily_digests() -> int:
    """One e-mail per user with their digest notifications since the last digest; each row once."""
    users_sent = 0
    pending = (
        Notification.objects.filter(channel=Channel.DIGEST, emailed_at__isnull=True)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    for user_id in list(pending):
        with transaction.atomic():
            rows = list(
                Notification.objects.select_for_update(skip_locked=True)
                .filter(recipient_id=user_id, channel=Channel.DIGEST, emailed_at__isnull=True)
                .select_related("recipient")
                .order_by("created_at")
            )
            if not rows:
                continue
            lines = [f"- {row.title}: {_absolute(row.url)}" for row in rows]
            send_mail(
                subject=ngettext(
                    "[PGA] Uw dagelijkse overzicht: %(count)d melding",
                    "[PGA] Uw dagelijkse overzicht: %(count)d meldingen",
                    len(rows),
                )
                % {"count": len(rows)},
                message="\n".join(lines) + "\n",
                from_email=None,
                recipient_list=[rows[0].recipient.email],
            )
            Notification.objects.filter(pk__in=[row.pk for row in rows]).update(emailed_at=timezone.now())
            users_sent += 1
    return users_sent
