"""Due dates as boards write them, each read into a date with its precision.

"December 2015" is a month, "31/03/2016" a day, "Q3 2015/16" or "End of Q3" a quarter,
"2015/16" or "April 2015 - March 2016" a financial year; "Quarterly", "Annually" and
"Ongoing" recur and have no single date. The date stored is the last day of the period,
so "overdue" means the same thing whatever the precision. Wording that names no date is
kept as text and flagged (``Due.unread``), so an importer can say so rather than drop it.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.db import models

from . import Quarter, financial_year_of, month_end, year_range


class DuePrecision(models.TextChoices):
    DAY = "day", "A day"
    MONTH = "month", "A month"
    QUARTER = "quarter", "A quarter"
    YEAR = "year", "A financial year"
    RECURRING = "recurring", "Recurring or ongoing"
    TEXT = "text", "Text only"


# Precisions that name a date (the last day of the period) and those that do not.
DATED = [DuePrecision.DAY, DuePrecision.MONTH, DuePrecision.QUARTER, DuePrecision.YEAR]
UNDATED = [DuePrecision.RECURRING, DuePrecision.TEXT]

MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): n for n, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
         r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_PREFIX = r"(?:(?:by|before|end\s+of|by\s+end\s+of|by\s+the\s+end\s+of|due|complete(?:d)?\s+by|" \
          r"deadline|no\s+later\s+than)[\s:]+)?"
# "Quarterly", "Ongoing – following a review", "Following each Annual Report"…
_RECURRING = re.compile(
    r"\b(on-?\s?going|quarterly|annually|annual|yearly|monthly|bi-?\s?monthly|weekly|termly|"
    r"six[\s-]?monthly|6[\s-]?monthly|twice\s+a\s+year|bi-?annual(?:ly)?|half[\s-]yearly|"
    r"each|every|as\s+required|as\s+needed|continuous(?:ly)?|rolling|regular(?:ly)?)\b",
    re.IGNORECASE)


@dataclass(frozen=True)
class Due:
    date: datetime.date | None
    precision: str
    text: str = ""  # the wording as written, kept when it is more than a plain date
    error: str | None = None  # an impossible date ("31/02/2016"): a problem
    assumed_year: bool = False  # "Q3" without a year, read in the year of its context
    unread: bool = False  # wording that names no date: kept as text, worth a warning


def _month(word):
    word = word.lower()
    return MONTHS.get(word) or MONTHS.get(word[:3])


def _year(text):
    year = int(text)
    return year + 2000 if year < 100 else year


def _financial_year(start, end):
    """2015 for ("2015", "16") or ("2015", "2016"); None when the years do not follow."""
    first = _year(start)
    second = int(end)
    if second % 100 != (first + 1) % 100:
        return None
    return first


def _quarter(text, context_year):
    """(Quarter, assumed) for "Q3", "Quarter 3 2015/16", "End of Q3 15/16"; None otherwise."""
    m = re.fullmatch(_PREFIX + r"(?:q|qtr|quarter)\s*([1-4])(?:\s*[,(]?\s*(?:of\s+)?(\d{2}|\d{4})"
                     r"\s*[/-]\s*(\d{2}|\d{4})\)?)?", text, re.IGNORECASE)
    if not m:
        return None
    if m.group(2):
        year = _financial_year(m.group(2), m.group(3))
        return (Quarter(year, int(m.group(1))), False) if year is not None else None
    if context_year is None:
        return None
    return Quarter(context_year, int(m.group(1))), True


def _month_range(text):
    """The financial year (or last month) of "April 2015 - March 2016"."""
    m = re.fullmatch(_MONTH + r"\s*'?(\d{2}|\d{4})\s*(?:-|–|—|to|until)\s*" + _MONTH
                     + r"\s*'?(\d{2}|\d{4})", text, re.IGNORECASE)
    if not m:
        return None
    first = datetime.date(_year(m.group(2)), _month(m.group(1)), 1)
    last = datetime.date(_year(m.group(4)), _month(m.group(3)), 1)
    if last < first:
        return None
    if first.month == 4 and last == first.replace(year=first.year + 1, month=3):
        return Due(year_range(first.year)[1], DuePrecision.YEAR, text)
    return Due(month_end(last.year, last.month), DuePrecision.MONTH, text)


def _plain(text, context_year):
    """The forms that are a date and nothing else, or None."""
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})", text)
    if m:
        day, month, year = int(m.group(1)), int(m.group(2)), _year(m.group(3))
        return _day(year, month, day, text, keep="")
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if m:
        return _day(int(m.group(1)), int(m.group(2)), int(m.group(3)), text, keep="")
    m = re.fullmatch(r"(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([A-Za-z]+)[\s,-]+'?(\d{2}|\d{4})", text)
    if m and m.group(2).lower() in MONTHS:
        month, year = MONTHS[m.group(2).lower()], _year(m.group(3))
        if m.group(1):
            return _day(year, month, int(m.group(1)), text, keep="")
        return Due(datetime.date(year, month, 1), DuePrecision.MONTH)
    return None


def _day(year, month, day, text, keep):
    try:
        return Due(datetime.date(year, month, day), DuePrecision.DAY, keep)
    except ValueError:
        return Due(None, DuePrecision.TEXT, text, error=f"'{text}' is not a date")


def _in_wording(text, context_year):
    """A date inside wording, which is kept as written: "By March 2016", "Sign off by
    LSCB – 1 July 2015", "End of Q3", "2015/16", "New time frame April 2009"."""
    bare = text.rstrip(" ?.-–")
    found = _quarter(bare, context_year)
    if found:
        quarter, assumed = found
        return Due(quarter.end, DuePrecision.QUARTER, text, assumed_year=assumed)
    m = re.fullmatch(_PREFIX + r"(\d{4})\s*[/-]\s*(\d{2}|\d{4})", bare, re.IGNORECASE)
    if m:
        year = _financial_year(m.group(1), m.group(2))
        if year is not None:
            return Due(year_range(year)[1], DuePrecision.YEAR, text)
    ranged = _month_range(bare)
    if ranged:
        return ranged
    m = re.search(r"(?:^|\s)(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\s+(\d{4})\W*$", text)
    if m and m.group(2).lower() in MONTHS:
        return _day(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)), text, keep=text)
    # a month at the end ("By March 2016"), unless it is when something starts
    m = re.search(r"(?:^|\W)(from\s+|starting\s+|commencing\s+)?" + _MONTH
                  + r"[\s,-]+'?(\d{4}|\d{2})\W*$", text, re.IGNORECASE)
    if m and not m.group(1):
        return Due(datetime.date(_year(m.group(3)), _month(m.group(2)), 1), DuePrecision.MONTH,
                   text)
    m = re.fullmatch(_PREFIX + _MONTH, bare, re.IGNORECASE)
    if m and context_year is not None:
        month = _month(m.group(1))
        year = context_year if month >= 4 else context_year + 1
        return Due(datetime.date(year, month, 1), DuePrecision.MONTH, text, assumed_year=True)
    return None


def read_due(value, context_year=None):
    """Read a When cell. ``context_year`` (a financial year's first calendar year) is the
    year that "Q3" or "By March" without a year belong to; without it they stay text."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return Due(value, DuePrecision.DAY)
    text = re.sub(r"\s+", " ", str(value or "")).strip()
    if not text:
        return Due(None, DuePrecision.TEXT)
    due = _plain(text, context_year) or _in_wording(text, context_year)
    if due is not None:
        return Due(due.date, due.precision, due.text[:200], due.error, due.assumed_year)
    if _RECURRING.search(text):
        return Due(None, DuePrecision.RECURRING, text[:200])
    return Due(None, DuePrecision.TEXT, text[:200], unread=True)


def parse_due(value, context_year=None):
    """(date, precision, text, error): ``read_due`` as a tuple. A month is its first day
    here (Action.save moves it to the last); a quarter or year is its last day."""
    due = read_due(value, context_year)
    return due.date, due.precision, due.text, due.error


def period_end(day, precision):
    """The last day of the period a due date names: what is stored and compared."""
    if day is None:
        return None
    if precision == DuePrecision.MONTH:
        return month_end(day.year, day.month)
    if precision == DuePrecision.QUARTER:
        return Quarter.of(day).end
    if precision == DuePrecision.YEAR:
        return year_range(financial_year_of(day))[1]
    return day
