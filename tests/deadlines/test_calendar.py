"""Working days as the Algemene termijnenwet counts them."""

from __future__ import annotations

import datetime

import pytest

from deadlines.models import DeadlineRule, Holiday, HolidaySource
from deadlines.services.calendar import (
    add_working_days,
    compute_due,
    is_working_day,
    late_cutoffs,
    working_days_between,
)

D = datetime.date


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (D(2026, 12, 24), 2, D(2026, 12, 29)),  # Christmas and the weekend do not count (the example)
        (D(2026, 4, 2), 1, D(2026, 4, 7)),  # Goede Vrijdag (gelijkstelling) and Tweede Paasdag
        (D(2026, 4, 24), 2, D(2026, 4, 29)),  # Koningsdag on Monday 27 April
        (D(2026, 5, 4), 1, D(2026, 5, 6)),  # Bevrijdingsdag counts every year, not only in lustrum years
        (D(2026, 5, 13), 1, D(2026, 5, 15)),  # Hemelvaartsdag
        (D(2026, 5, 22), 1, D(2026, 5, 26)),  # Tweede Pinksterdag
        (D(2026, 12, 31), 1, D(2027, 1, 4)),  # Nieuwjaarsdag, then the weekend
        (D(2026, 11, 24), 10, D(2026, 12, 8)),  # an ordinary fortnight
        (D(2026, 12, 29), -2, D(2026, 12, 24)),  # counting back
    ],
)
def test_add_working_days(start, days, expected):
    assert add_working_days(start, days) == expected


@pytest.mark.django_db
def test_every_atw_holiday_of_2027_is_in_the_calendar():
    names = dict(Holiday.objects.filter(date__year=2027).values_list("date", "name"))
    assert names == {
        D(2027, 1, 1): "Nieuwjaarsdag",
        D(2027, 3, 26): "Goede Vrijdag",
        D(2027, 3, 29): "Tweede Paasdag",
        D(2027, 4, 27): "Koningsdag",
        D(2027, 5, 5): "Bevrijdingsdag",
        D(2027, 5, 6): "Hemelvaartsdag",
        D(2027, 5, 17): "Tweede Pinksterdag",
        D(2027, 12, 25): "Eerste Kerstdag",
        D(2027, 12, 26): "Tweede Kerstdag",
    }


@pytest.mark.django_db
def test_an_administrator_can_add_a_day_by_besluit_gelijkstelling():
    assert add_working_days(D(2026, 11, 19), 1) == D(2026, 11, 20)
    Holiday.objects.create(
        date=D(2026, 11, 20), name="Gelijkgestelde dag", source=HolidaySource.GELIJKSTELLING
    )
    assert not is_working_day(D(2026, 11, 20))
    assert add_working_days(D(2026, 11, 19), 1) == D(2026, 11, 23)


@pytest.mark.django_db
def test_working_days_between():
    assert working_days_between(D(2026, 12, 24), D(2026, 12, 29)) == 2
    assert working_days_between(D(2026, 12, 29), D(2026, 12, 24)) == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "anchor", "expected"),
    [
        ("nazorg-melding-pi", D(2026, 12, 24), D(2026, 12, 29)),  # 2 working days
        ("nazorg-screening", D(2026, 12, 21), D(2027, 1, 6)),  # 10 working days over Christmas and New Year
        (
            "nazorg-gemeenteblad",
            D(2026, 12, 21),
            D(2026, 12, 28),
        ),  # 5 calendar days ends on Saturday 26th → Monday
        ("nazorg-basisdocument", D(2026, 4, 1), D(2026, 4, 17)),  # 10 working days over Easter
        (
            "nazorg-langverblijf",
            D(2027, 6, 30),
            D(2027, 5, 4),
        ),  # 8 weeks before: Bevrijdingsdag → back to the 4th
        (
            "nazorg-ontslagbericht",
            D(2026, 12, 25),
            D(2026, 12, 28),
        ),  # release on Christmas Day → next working day
        ("maatwerkplan-opstellen", D(2026, 11, 2), D(2026, 11, 30)),
    ],
)
def test_rules_of_the_seeds(code, anchor, expected):
    due = compute_due(DeadlineRule.objects.get(code=code), anchor)
    assert due == expected
    assert is_working_day(due)


@pytest.mark.django_db
def test_the_frozen_calendar_holds_every_holiday_of_the_holidays_package_2000_2060():
    """The migration no longer asks ``holidays`` at migrate time; its frozen rows must still agree with the
    package's Dutch calendar (art. 3 days, Bevrijdingsdag every year, Goede Vrijdag)."""
    import holidays

    stored = set(Holiday.objects.filter(date__year__lte=2060).values_list("date", flat=True))
    wanted = {
        day
        for day, name in holidays.NL(years=range(2000, 2061)).items()
        if not any(sunday in name for sunday in ("Easter Sunday", "Whit Sunday", "Pentecost"))
        or "Monday" in name
    } | {D(year, 5, 5) for year in range(2000, 2061)}
    assert wanted <= stored
    assert len(stored) == 547


@pytest.mark.django_db
@pytest.mark.parametrize(
    "today",
    [D(2026, 12, 7), D(2026, 12, 6), D(2026, 12, 28), D(2027, 1, 4), D(2027, 3, 30), D(2027, 5, 7)],
)
def test_late_cutoffs_answer_how_late_as_a_date_comparison(today):
    """The scan asks "more than n working days late" in SQL as ``due_on < cutoff``: the same answer as
    counting the working days, around weekends, Christmas, New Year, Easter and Ascension."""
    cutoffs = late_cutoffs(today, [0, 1, 3, 5, 10])
    for offset in range(-30, 4):
        due = today + datetime.timedelta(days=offset)
        late = working_days_between(due, today)
        for n, cutoff in cutoffs.items():
            assert (late > n) == (due < cutoff), (due, n)
