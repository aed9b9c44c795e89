from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from nap1540.assistance.workdays import (
    add_working_days,
    is_working_day,
    objection_deadline,
    one_year_after,
    window_elapsed,
    working_days_between,
)

MONDAY = date(2025, 3, 3)
FRIDAY = date(2025, 3, 7)
SATURDAY = date(2025, 3, 8)


def test_weekends_are_not_working_days() -> None:
    assert [is_working_day(MONDAY + timedelta(days=i)) for i in range(7)] == [
        True,
        True,
        True,
        True,
        True,
        False,
        False,
    ]


def test_window_from_a_monday_ends_the_next_monday() -> None:
    assert objection_deadline(MONDAY) == date(2025, 3, 10)


def test_window_from_a_friday_skips_the_weekend() -> None:
    assert objection_deadline(FRIDAY) == date(2025, 3, 14)


def test_window_from_a_saturday_starts_counting_on_monday() -> None:
    assert objection_deadline(SATURDAY) == date(2025, 3, 14)


def test_holidays_extend_the_window() -> None:
    assert objection_deadline(MONDAY, holidays={date(2025, 3, 5)}) == date(2025, 3, 11)


def test_window_elapses_only_after_the_whole_deadline_day() -> None:
    deadline = date(2025, 3, 10)
    assert not window_elapsed(deadline, deadline)
    assert window_elapsed(deadline, deadline + timedelta(days=1))


def test_follow_up_is_one_year_later_and_handles_29_february() -> None:
    assert one_year_after(date(2025, 3, 3)) == date(2026, 3, 3)
    assert one_year_after(date(2024, 2, 29)) == date(2025, 2, 28)


@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    days=st.integers(min_value=0, max_value=40),
)
def test_adding_working_days_lands_on_a_working_day_that_many_days_later(
    start: date, days: int
) -> None:
    end = add_working_days(start, days)
    assert working_days_between(start, end) == days
    if days:
        assert is_working_day(end)
        # never more than two weekend days per five working days, plus one partial weekend
        assert (end - start).days <= days + 2 * (days // 5 + 1)
