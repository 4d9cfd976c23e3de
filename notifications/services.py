"""Creating notifications (idempotent by dedupe key) and sending them by e-mail, at once or as a digest."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext

from notifications.models import DEFAULT_CHANNELS, Channel, Notification, NotificationPreference
from privacy.models import User

logger = logging.getLogger(__name__)

# Rows per statement (inserts, look-ups) and per e-mail batch (one transaction, one UPDATE).
BATCH = 2000
EMAIL_BATCH = 500  # e-mails per transaction
DIGEST_USERS = 1000  # users per digest batch


@dataclass(frozen=True)
class Message:
    kind: str
    title: str
    body: str = ""
    url: str = ""
    case_id: int | None = None
    deadline_id: int | None = None


@dataclass(frozen=True)
class Notice:
    """One event for a set of people: what ``notify`` takes, for ``notify_many``."""

    recipients: Sequence[User]
    message: Message
    dedupe_key: str


@dataclass(frozen=True)
class Notified:
    created: int = 0
    by_email: int = 0  # of which on the channel "e-mail at once"


def _channels(pairs: set[tuple[int, str]]) -> dict[tuple[int, str], str]:
    """The channel per (user id, kind): the user's preference, else the kind's default."""
    user_ids = {user_id for user_id, _kind in pairs}
    kinds = {kind for _user_id, kind in pairs}
    preferences = NotificationPreference.objects.filter(user_id__in=user_ids)
    if len(kinds) == 1:
        preferences = preferences.filter(kind=next(iter(kinds)))
    else:
        preferences = preferences.filter(kind__in=kinds)
    chosen = {
        (user_id, kind): channel
        for user_id, kind, channel in preferences.values_list("user_id", "kind", "channel")
    }
    return {pair: chosen.get(pair, DEFAULT_CHANNELS.get(pair[1], Channel.INBOX)) for pair in pairs}


def _already_sent(pairs: set[tuple[int, str]]) -> set[tuple[int, str]]:
    """The (recipient id, dedupe key) pairs among ``pairs`` that exist: an index look-up per pair."""
    if len({key for _user_id, key in pairs}) == 1:
        ((_user_id, key),) = list(pairs)[:1]
        rows = Notification.objects.filter(
            dedupe_key=key, recipient_id__in={user_id for user_id, _key in pairs}
        )
        return set(rows.values_list("recipient_id", "dedupe_key"))
    found: set[tuple[int, str]] = set()
    ordered = sorted(pairs)
    table = connection.ops.quote_name(Notification._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(ordered), BATCH):
            batch = ordered[start : start + BATCH]
            cursor.execute(
                f"SELECT n.recipient_id, n.dedupe_key FROM {table} n "  # noqa: S608 (the table name only)
                "JOIN unnest(%s::bigint[], %s::text[]) AS wanted(recipient_id, dedupe_key) "
                "ON n.recipient_id = wanted.recipient_id AND n.dedupe_key = wanted.dedupe_key",
                [[user_id for user_id, _key in batch], [key for _user_id, key in batch]],
            )
            found.update((user_id, key) for user_id, key in cursor.fetchall())
    return found


def notify_many(notices: Iterable[Notice], *, email_now: bool = True) -> Notified:
    """Create each notice's notification once per recipient, all in one pass: one look-up of what exists,
    one of the preferences, bulk inserts. With ``email_now`` one e-mail task is queued after the commit if
    any went to "e-mail at once"; a caller that batches several passes queues it itself (``emails_send_soon``)."""
    wanted: dict[tuple[int, str], tuple[User, Message]] = {}
    for notice in notices:
        key = notice.dedupe_key[:120]
        for user in notice.recipients:
            if user.is_active:
                wanted.setdefault((user.pk, key), (user, notice.message))
    if not wanted:
        return Notified()
    for pair in _already_sent(set(wanted)):
        del wanted[pair]
    if not wanted:
        return Notified()
    channels = _channels({(user_id, message.kind) for (user_id, _key), (_user, message) in wanted.items()})
    rows = [
        Notification(
            recipient=user,
            kind=message.kind,
            title=message.title[:200],
            body=message.body,
            url=message.url,
            case_id=message.case_id,
            deadline_id=message.deadline_id,
            dedupe_key=key,
            channel=channels[user.pk, message.kind],
        )
        for (_user_id, key), (user, message) in wanted.items()
    ]
    # ignore_conflicts covers a concurrent run that inserted the same event between the check and here.
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=BATCH)
    by_email = sum(row.channel == Channel.EMAIL for row in rows)
    if by_email and email_now:
        emails_send_soon()
    return Notified(created=len(rows), by_email=by_email)


def notify(*, recipients: Iterable[User], message: Message, dedupe_key: str) -> int:
    """Create the notification for each recipient once; a repeat with the same key creates nothing."""
    return notify_many([Notice(list(recipients), message, dedupe_key)]).created


def emails_send_soon() -> None:
    """Queue one run of the e-mail task after the current transaction commits (at once outside one)."""
    from notifications.tasks import send_pending_emails

    transaction.on_commit(send_pending_emails.delay)


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


def _send_each(mailer: BaseEmailBackend, mails: list[tuple[list[int], EmailMessage]]) -> Exception | None:
    """Send the mails one by one over the open connection and mark the ones that went out (one UPDATE per
    batch of ids); return the error that stopped it, for the caller to raise after its transaction commits."""
    done: list[int] = []
    error: Exception | None = None
    for ids, mail in mails:
        try:
            mailer.send_messages([mail])
        except Exception as exc:
            error = exc
            break
        done.extend(ids)
    _mark_emailed(done)
    return error


def _mark_emailed(ids: list[int]) -> None:
    for start in range(0, len(ids), BATCH):
        Notification.objects.filter(pk__in=ids[start : start + BATCH]).update(emailed_at=timezone.now())


def send_pending_emails(*, limit: int | None = None) -> int:
    """Send the immediate e-mails not sent yet, in batches over one mail connection. Each batch locks its
    rows (a concurrent sender skips them), sends them and marks them sent in one UPDATE in one transaction;
    a failure marks what went out before it, commits that, and leaves the rest pending for the retry: a sent
    row is never sent again. Runs until nothing is pending (or ``limit`` are sent)."""
    sent, opened = 0, False
    mailer = get_connection()
    try:
        while limit is None or sent < limit:
            size = EMAIL_BATCH if limit is None else min(EMAIL_BATCH, limit - sent)
            with transaction.atomic():
                rows = list(
                    Notification.objects.select_for_update(skip_locked=True, of=("self",))
                    .filter(channel=Channel.EMAIL, emailed_at__isnull=True)
                    .order_by("created_at")
                    .values_list("pk", "title", "body", "url", "recipient__email")[:size]
                )
                if not rows:
                    break
                if not opened:
                    mailer.open()
                    opened = True
                mails = [
                    (
                        [pk],
                        EmailMessage(
                            subject=f"[PGA] {title}",
                            body=f"{body}\n\n{VIEW_IN_APP}: {_absolute(url)}\n",
                            to=[email],
                            connection=mailer,
                        ),
                    )
                    for pk, title, body, url, email in rows
                ]
                error = _send_each(mailer, mails)
            if error is not None:
                raise error
            sent += len(rows)
            if len(rows) < size:
                break
    finally:
        mailer.close()
    return sent


def _digest_mail(rows: list[tuple[int, int, str, str, str]], mailer: BaseEmailBackend) -> EmailMessage:
    lines = [f"- {title}: {_absolute(url)}" for _pk, _user_id, _email, title, url in rows]
    return EmailMessage(
        subject=ngettext(
            "[PGA] Uw dagelijkse overzicht: %(count)d melding",
            "[PGA] Uw dagelijkse overzicht: %(count)d meldingen",
            len(rows),
        )
        % {"count": len(rows)},
        body="\n".join(lines) + "\n",
        to=[rows[0][2]],
        connection=mailer,
    )


def send_daily_digests() -> int:
    """One e-mail per user with their digest notifications since the last digest; each row once. Users go in
    batches: one query locks and reads a batch's rows, the mails go out over one connection, one UPDATE marks
    them (a failure keeps what went out marked, as ``send_pending_emails`` does)."""
    users_sent = 0
    pending = list(
        Notification.objects.filter(channel=Channel.DIGEST, emailed_at__isnull=True)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    if not pending:
        return 0
    mailer = get_connection()
    mailer.open()
    try:
        for start in range(0, len(pending), DIGEST_USERS):
            with transaction.atomic():
                rows = (
                    Notification.objects.select_for_update(skip_locked=True, of=("self",))
                    .filter(
                        recipient_id__in=pending[start : start + DIGEST_USERS],
                        channel=Channel.DIGEST,
                        emailed_at__isnull=True,
                    )
                    .order_by("recipient_id", "created_at", "id")
                    .values_list("pk", "recipient_id", "recipient__email", "title", "url")
                )
                per_user: dict[int, list[tuple[int, int, str, str, str]]] = {}
                for row in rows:
                    per_user.setdefault(row[1], []).append(row)
                mails = [([row[0] for row in mine], _digest_mail(mine, mailer)) for mine in per_user.values()]
                users_sent += len(mails)
                error = _send_each(mailer, mails)
            if error is not None:
                raise error
    finally:
        mailer.close()
    return users_sent
