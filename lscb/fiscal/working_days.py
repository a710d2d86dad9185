"""Working days in England: Monday to Friday, not a bank holiday (the ``holidays``
package's list for England, which follows the proclamations: substitute days, the extra
holidays of 2022 and 2023, the moved May Day of 2020).

Statutory clocks count this way: a rapid review is due 15 working days after the serious
incident notification (the day of notification is day 0)."""

import calendar
import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def bank_holidays(year):
    """{date: name} of England's bank holidays in ``year``."""
    return dict(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day):
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(start, days):
    """The day ``days`` working days after ``start`` (``start`` itself is not counted)."""
    if days < 0:
        raise ValueError("Count forwards.")
    day = start
    while days:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def working_days_between(start, end):
    """Working days after ``start`` up to and including ``end`` (negative if ``end`` is
    before ``start``)."""
    if end < start:
        return -working_days_between(end, start)
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        count += is_working_day(day)
    return count


def add_months(day, months):
    """The same day ``months`` later, or the month's last day when it has no such day."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
