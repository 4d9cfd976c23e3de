"""Working days as the Algemene termijnenwet counts them: not a Saturday, Sunday or Holiday row."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from deadlines.models import DayKind, DeadlineRule, Direction, Holiday

ONE_DAY = datetime.timedelta(days=1)


def _holidays_between(start: datetime.date, end: datetime.date) -> set[datetime.date]:
    low, high = min(start, end), max(start, end)
    return set(Holiday.objects.filter(date__range=(low, high)).values_list("date", flat=True))


def is_working_day(day: datetime.date, holidays: Iterable[datetime.date] | None = None) -> bool:
    if day.weekday() >= 5:
        return False
    holiday_set = set(holidays) if holidays is not None else _holidays_between(day, day)
    return day not in holiday_set


def _span(days: int) -> datetime.timedelta:
    # Enough calendar days to hold `days` working days, even around Christmas and Easter.
    return datetime.timedelta(days=days * 2 + 21)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The day that is `days` working days after `start` (negative: before). Start itself never counts."""
    step = ONE_DAY if days >= 0 else -ONE_DAY
    holidays = _holidays_between(start, start + step * _span(abs(days)).days)
    day, remaining = start, abs(days)
    while remaining:
        day += step
        if is_working_day(day, holidays):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    if end <= start:
        return 0
    holidays = _holidays_between(start, end)
    count, day = 0, start
    while day < end:
        day += ONE_DAY
        if is_working_day(day, holidays):
            count += 1
    return count


def next_working_day(day: datetime.date, backwards: bool = False) -> datetime.date:
    step = -ONE_DAY if backwards else ONE_DAY
    holidays = _holidays_between(day, day + step * 21)
    while not is_working_day(day, holidays):
        day += step
    return day


def compute_due(rule: DeadlineRule, anchor: datetime.date) -> datetime.date:
    """The due date of `rule` for `anchor`; a deadline never falls on a weekend or holiday (Atw art. 1):
    after-deadlines move forward to the next working day, before-deadlines move back to the previous one."""
    sign = 1 if rule.direction == Direction.AFTER else -1
    if rule.unit == DayKind.WORKING:
        due = add_working_days(anchor, sign * rule.amount) if rule.amount else anchor
    else:
        due = anchor + sign * datetime.timedelta(days=rule.amount)
    return next_working_day(due, backwards=rule.direction == Direction.BEFORE)


def late_cutoffs(today: datetime.date, counts: Iterable[int]) -> dict[int, datetime.date]:
    """For each n in ``counts``, the first date a deadline may be due on and still be at most n working days
    late on ``today``: ``working_days_between(due, today) > n`` exactly when ``due < late_cutoffs(today)[n]``.
    One holiday query for all of them, so a scan can ask "how late" in SQL as a date comparison per rule."""
    wanted = sorted(set(counts))
    if not wanted:
        return {}
    holidays = _holidays_between(today - _span(wanted[-1] + 1), today)
    cutoffs: dict[int, datetime.date] = {}
    day, seen = today + ONE_DAY, 0  # count working days back from today itself: the (n + 1)th is the cutoff
    for n in wanted:
        while seen < n + 1:
            day -= ONE_DAY
            if is_working_day(day, holidays):
                seen += 1
        cutoffs[n] = day
    return cutoffs
