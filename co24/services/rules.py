"""Tipping-point rules. A rule that fires raises one alert (never a second while one is open), tells the
casusregisseur and the process managers (in-app and e-mail, case reference only) and sets a deadline to
respond. Alerts are acknowledged, then handled with a note."""

from __future__ import annotations

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from caseplan.models import Case, CaseMember, CaseRole
from co24.models import (
    Alert,
    AlertStatus,
    ChecklistItem,
    ItemKind,
    RuleKind,
    Signal,
    SignalAnswer,
    TippingRule,
    Urgency,
)
from co24.models.rules import not_seen_for_days, signals_within_days
from common.unset import UNSET, Unset, given
from deadlines.services.deadlines import deadline_complete_for, deadline_set
from notifications.models import NotificationKind
from notifications.services import Message, Notice, emails_send_soon, notify, notify_many
from privacy.models import User

ALERT_DEADLINE = "co24-kantelmoment"
RESPONDERS = (CaseRole.CASUSCOORDINATOR, CaseRole.PROCESMANAGER_GEMEENTE, CaseRole.PROCESMANAGER_VH)


def responders(case: Case) -> list[User]:
    members = CaseMember.objects.filter(
        case=case, removed_at__isnull=True, user__isnull=False, user__is_active=True, role__in=RESPONDERS
    ).select_related("user")
    ordered = sorted(members, key=lambda m: RESPONDERS.index(m.role))  # the casusregisseur first
    seen: dict[int, User] = {}
    for member in ordered:
        seen.setdefault(member.user_id, member.user)  # type: ignore[arg-type]
    return list(seen.values())


def urgent_signal_notify(signal: Signal) -> None:
    """Urgency "hoog": the casusregisseur hears of it at once, in the app and by e-mail, not in the next day's
    digest. Only the case reference travels; the signal itself is read in the journal. Without a
    casusregisseur on the team the process managers are told."""
    if signal.urgency != Urgency.HIGH:
        return
    case = signal.case
    regisseurs = [
        member.user
        for member in CaseMember.objects.filter(
            case=case,
            removed_at__isnull=True,
            user__isnull=False,
            user__is_active=True,
            role=CaseRole.CASUSCOORDINATOR,
        ).select_related("user")
        if member.user is not None
    ]
    notify(
        recipients=regisseurs or responders(case),
        message=Message(
            kind=NotificationKind.CO24_URGENT,
            title=_("Urgent CO24dak-signaal · %(ref)s") % {"ref": case.reference},
            body=_("Een signaal met urgentie hoog: bel de back office of bekijk het journaal."),
            url=reverse("co24:signal_detail", args=[case.pk, signal.pk]),
            case_id=case.pk,
        ),
        dedupe_key=f"co24-urgent:{signal.pk}",
    )


def _risk_answers(case: Case) -> QuerySet[SignalAnswer]:
    return SignalAnswer.objects.filter(signal__case=case, item__kind=ItemKind.RISK, answer="ja")


def _count_rule_fires(rule: TippingRule, signal: Signal) -> str | None:
    since = signal.received_at - datetime.timedelta(days=rule.window_days or 0)
    count = (
        Signal.objects.filter(
            case_id=rule.case_id, received_at__gt=since, received_at__lte=signal.received_at
        )
        .filter(answers__item__kind=ItemKind.RISK, answers__answer="ja")
        .distinct()
        .count()
    )
    if count >= (rule.threshold or 1):
        return signals_within_days(count, rule.window_days or 0)
    return None


def _red_flag_fires(signal: Signal) -> str | None:
    flagged = signal.answers.filter(
        item__red_flag=True, item__kind=ItemKind.RISK, answer="ja"
    ).select_related("item")
    texts = [answer.item.text for answer in flagged]
    return _("Rode vlag: %(items)s") % {"items": "; ".join(texts)} if texts else None


def rules_evaluate(*, signal: Signal) -> list[Alert]:
    """Run the rules that a new signal can trigger (count and red flag). Called inside the signal's transaction."""
    fired = []
    for rule in TippingRule.objects.filter(
        case_id=signal.case_id, active=True, kind__in=[RuleKind.COUNT, RuleKind.RED_FLAG]
    ):
        summary = _count_rule_fires(rule, signal) if rule.kind == RuleKind.COUNT else _red_flag_fires(signal)
        if summary:
            alert = _raise(rule, summary, signal)
            if alert is not None:
                fired.append(alert)
    return fired


def _last_seen_many(rules: list[TippingRule]) -> dict[int, datetime.datetime]:
    """When each rule's item was last answered "ja" on its case, for many rules in one aggregate query."""
    wanted = {(rule.case_id, rule.item_key): rule.pk for rule in rules if rule.item_key is not None}
    if not wanted:
        return {}
    rows = (
        SignalAnswer.objects.filter(
            answer="ja",
            item__key__in={key for _case_id, key in wanted},
            signal__case_id__in={case_id for case_id, _key in wanted},
        )
        .order_by()
        .values_list("signal__case_id", "item__key")
        .annotate(last=Max("signal__received_at"))
    )
    return {wanted[case_id, key]: last for case_id, key, last in rows if (case_id, key) in wanted}


def rules_scan_absent(*, now: datetime.datetime | None = None) -> int:
    """The daily check for protective factors not seen for D days (a rule no single signal can trigger).
    Set-based: the rules that already have an open alert are left out in one query (one open alert per rule),
    the last sighting of every other rule's item comes from one aggregate query; only a rule that fires costs
    more (its alert, deadline and notification, each in its own transaction as before); one e-mail task
    is queued for the whole run."""
    now = now or timezone.now()
    fired = 0
    rules = TippingRule.objects.filter(kind=RuleKind.ABSENT, active=True, case__co24__ended_on__isnull=True)
    rules = rules.exclude(
        Exists(Alert.objects.filter(rule=OuterRef("pk")).exclude(status=AlertStatus.HANDLED))
    )
    candidates = list(rules.select_related("case__co24"))
    last_seen = _last_seen_many(candidates)
    for rule in candidates:
        start = last_seen.get(rule.pk) or timezone.make_aware(
            datetime.datetime.combine(rule.case.co24.started_on, datetime.time())
        )
        if start < now - datetime.timedelta(days=rule.window_days or 0):
            with transaction.atomic():
                summary = not_seen_for_days(rule.item_text, rule.window_days or 0)
                if _raise(rule, summary, None, email_now=False) is not None:
                    fired += 1
    if fired:
        emails_send_soon()  # one e-mail task for the whole run
    return fired


def _raise(rule: TippingRule, summary: str, signal: Signal | None, *, email_now: bool = True) -> Alert | None:
    """Raise the rule's alert unless one is open; ``email_now=False``: the caller queues the e-mail task."""
    if Alert.objects.filter(rule=rule).exclude(status=AlertStatus.HANDLED).exists():
        return None  # one open alert per rule: the team is already on it
    try:
        with transaction.atomic():
            alert = Alert.objects.create(
                case_id=rule.case_id, rule=rule, signal=signal, summary=summary[:300]
            )
    except IntegrityError:
        return None
    case = Case.objects.get(pk=rule.case_id)
    people = responders(case)
    if people:
        deadline_set(
            subject=alert,
            kind=ALERT_DEADLINE,
            rule_code=ALERT_DEADLINE,
            anchor=timezone.localdate(),
            title=_("Reageren op kantelmoment · %(ref)s") % {"ref": case.reference},
            case_id=case.pk,
            owner_user=people[0],
        )
    message = Message(
        kind=NotificationKind.CO24_ALERT,
        title=_("Kantelmoment · %(ref)s · %(rule)s") % {"ref": case.reference, "rule": rule},
        body=str(rule),
        url=reverse("co24:alerts", args=[case.pk]),
        case_id=case.pk,
    )
    notify_many([Notice(people, message, f"co24-alert:{alert.pk}")], email_now=email_now)
    return alert


def _locked(alert: Alert) -> Alert:
    return Alert.objects.select_for_update().get(pk=alert.pk)


@transaction.atomic
def alert_acknowledge(*, alert: Alert, by: User) -> Alert:
    current = _locked(alert)
    if current.status == AlertStatus.OPEN:
        current.status = AlertStatus.ACKNOWLEDGED
        current.acknowledged_by = by
        current.acknowledged_at = timezone.now()
        current.save(update_fields=["status", "acknowledged_by", "acknowledged_at"])
        deadline_complete_for(subject=current, kind=ALERT_DEADLINE, by=by)
    return current


@transaction.atomic
def alert_handle(*, alert: Alert, by: User, note: str) -> Alert:
    if not note.strip():
        raise ValidationError({"note": _("Beschrijf wat er met het kantelmoment is gedaan.")})
    current = alert_acknowledge(alert=alert, by=by)
    if current.status == AlertStatus.HANDLED:
        raise ValidationError(_("Dit kantelmoment is al afgehandeld."))
    current.status = AlertStatus.HANDLED
    current.handled_by = by
    current.handled_at = timezone.now()
    current.handled_note = note.strip()
    current.save(update_fields=["status", "handled_by", "handled_at", "handled_note"])
    return current


@transaction.atomic
def rule_save(
    *,
    case: Case,
    by: User,
    rule: TippingRule | None = None,
    kind: str | Unset = UNSET,
    threshold: int | Unset | None = UNSET,
    window_days: int | Unset | None = UNSET,
    item_key: uuid.UUID | Unset | None = UNSET,
    item_text: str | Unset = UNSET,
    active: bool | Unset = UNSET,
) -> TippingRule:
    """Add a tipping-point rule, or change the fields given (``active=False`` switches it off)."""
    rule = rule or TippingRule(case=case, created_by=by)
    fields = given(
        kind=kind,
        threshold=threshold,
        window_days=window_days,
        item_key=item_key,
        item_text=item_text,
        active=active,
    )
    for name, value in fields.items():
        setattr(rule, name, value)
    errors = {}
    if rule.kind == RuleKind.COUNT and not (rule.threshold and rule.window_days):
        errors["threshold"] = _("Geef het aantal signalen (N) en het aantal dagen (D).")
    if rule.kind == RuleKind.ABSENT and not (rule.item_key and rule.window_days):
        errors["item_key"] = _("Kies de beschermende factor en het aantal dagen (D).")
    elif (
        rule.kind == RuleKind.ABSENT
        and rule.item_key is not None
        and not ChecklistItem.objects.filter(
            checklist__case=case, key=rule.item_key, kind=ItemKind.PROTECTIVE
        ).exists()
    ):
        errors["item_key"] = _("Kies een beschermende factor uit de checklist van deze cliënt.")
    if errors:
        raise ValidationError(errors)
    rule.full_clean()
    rule.save()
    return rule
