"""Working days across weekends, English bank holidays and year ends."""

import datetime as dt

import pytest

from lscb.fiscal.working_days import (
    add_months,
    add_working_days,
    is_working_day,
    working_days_between,
)


def test_bank_holidays_are_not_working_days():
    assert not is_working_day(dt.date(2026, 12, 25))  # Christmas Day
    assert not is_working_day(dt.date(2026, 12, 28))  # Boxing Day substitute (26th a Saturday)
    assert not is_working_day(dt.date(2026, 4, 3)) and not is_working_day(dt.date(2026, 4, 6))
    assert not is_working_day(dt.date(2022, 9, 19))  # the Queen's funeral
    assert not is_working_day(dt.date(2023, 5, 8))  # the coronation
    assert not is_working_day(dt.date(2026, 12, 5))  # a Saturday
    assert is_working_day(dt.date(2026, 12, 1))
    assert is_working_day(dt.date(2026, 3, 17))  # St Patrick's Day: Northern Ireland only


def test_fifteen_working_days_across_christmas_and_the_year_end():
    # notified Friday 11 Dec 2026: 25th, 28th (Boxing Day moved) and 1 Jan are holidays
    assert add_working_days(dt.date(2026, 12, 11), 15) == dt.date(2027, 1, 6)
    assert working_days_between(dt.date(2026, 12, 11), dt.date(2027, 1, 6)) == 15


def test_fifteen_working_days_over_easter():
    # notified Monday 30 March 2026; Good Friday 3 April and Easter Monday 6 April
    assert add_working_days(dt.date(2026, 3, 30), 15) == dt.date(2026, 4, 22)


def test_plain_weeks_and_edges():
    assert add_working_days(dt.date(2026, 11, 2), 5) == dt.date(2026, 11, 9)
    assert add_working_days(dt.date(2026, 11, 7), 1) == dt.date(2026, 11, 9)  # from a Saturday
    assert add_working_days(dt.date(2026, 11, 2), 0) == dt.date(2026, 11, 2)
    assert working_days_between(dt.date(2026, 11, 9), dt.date(2026, 11, 2)) == -5
    with pytest.raises(ValueError):
        add_working_days(dt.date(2026, 11, 2), -1)


def test_months_later():
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2027, 8, 31), 6) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2026, 1, 15), 12) == dt.date(2027, 1, 15)
