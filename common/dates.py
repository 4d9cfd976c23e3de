"""Calendar arithmetic the domains share."""

from __future__ import annotations

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` calendar months later (earlier when negative); a day the target month does
    not have becomes its last day (31 January + 1 month = 28 or 29 February)."""
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
