"""Working-day arithmetic for the Committee's objection windows. Pure functions, no Django.

The procedure gives a requesting State 5 working days to object before its request is
distributed to potential providers and again before a summary is posted. Saturdays and Sundays
are not working days; an optional collection of holidays (e.g. UN Headquarters holidays) is
skipped as well.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

OBJECTION_WINDOW = 5
_DAY = timedelta(days=1)


def is_working_day(day: date, holidays: Collection[date] = ()) -> bool:
    """Monday to Friday, and not a listed holiday."""
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, days: int, holidays: Collection[date] = ()) -> date:
    """The `days`-th working day after `start` (`start` itself is never counted).

    Acknowledged on a Friday, a 5-working-day window ends on the next Friday; acknowledged on a
    Saturday, it ends on the Friday after (Monday is the first working day that counts).
    """
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    remaining = days
    while remaining:
        day += _DAY
        if is_working_day(day, holidays):
            remaining -= 1
    return day


def working_days_between(start: date, end: date, holidays: Collection[date] = ()) -> int:
    """Working days after `start` up to and including `end` (0 when `end` <= `start`)."""
    count = 0
    day = start
    while day < end:
        day += _DAY
        if is_working_day(day, holidays):
            count += 1
    return count


def objection_deadline(start: date, holidays: Collection[date] = ()) -> date:
    """The last day on which the State may object; silence after it advances the step."""
    return add_working_days(start, OBJECTION_WINDOW, holidays)


def window_elapsed(deadline: date, today: date) -> bool:
    """True once the whole of the deadline day has passed."""
    return today > deadline


def one_year_after(day: date) -> date:
    """The same calendar day a year later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)
