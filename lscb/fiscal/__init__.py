"""UK financial-year arithmetic: April to March, Q1 = April-June.

A financial year is identified by the calendar year it starts in:
``2015`` is "2015/16", running 1 April 2015 to 31 March 2016.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

FIRST_MONTH = 4  # April


def financial_year_of(day: datetime.date) -> int:
    """The starting year of the financial year that contains ``day``."""
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def year_label(year: int) -> str:
    """``2015`` -> ``"2015/16"``."""
    return f"{year}/{(year + 1) % 100:02d}"


_YEAR_RE = re.compile(r"^\s*(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*$")


def parse_year_label(text: str) -> int:
    """``"2015/16"`` (or ``"2015-16"``, ``"2015/2016"``, ``"2015"``) -> ``2015``."""
    text = str(text).strip()
    if text.isdigit() and len(text) == 4:
        return int(text)
    match = _YEAR_RE.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a financial year such as 2015/16")
    start, end = int(match.group(1)), int(match.group(2))
    if end % 100 != (start + 1) % 100:
        raise ValueError(f"{text!r}: the second year must follow the first")
    return start


# Years a page may be asked for: anything else in a query string is not a year of a plan.
FIRST_YEAR, LAST_YEAR = 2000, 2100
_THIS_YEAR = object()


def chosen_year(request, default=_THIS_YEAR):
    """The financial year asked for in ``?year=`` (e.g. "2015/16"). When none is asked, or
    it is not a year between FIRST_YEAR and LAST_YEAR, ``default``: the current
    financial year unless given (None for "no year chosen")."""
    try:
        year = parse_year_label(request.GET.get("year", ""))
    except ValueError:
        year = None
    if year is not None and FIRST_YEAR <= year <= LAST_YEAR:
        return year
    if default is _THIS_YEAR:
        return financial_year_of(datetime.date.today())
    return default


def year_links(year, today=None):
    """[(label, is_chosen)] for a year picker: three years either side of the chosen and
    the current financial year."""
    this_year = financial_year_of(today or datetime.date.today())
    first, last = min(year, this_year) - 3, max(year, this_year) + 2
    return [(year_label(y), y == year) for y in range(max(first, FIRST_YEAR), min(last, LAST_YEAR) + 1)]


def board_years(years, default):
    """The years a board's pickers offer: from the first to the last of ``years`` (those
    of its plans and data) and ``default``, in order, with no gap between."""
    found = {y for y in years if y is not None and FIRST_YEAR <= y <= LAST_YEAR}
    found.add(default)
    return list(range(min(found), max(found) + 1))


def default_year(plan_years, today=None):
    """The year a picker opens on: the current financial year, held inside the live plan's
    period ``plan_years`` ((first, last) or None)."""
    year = financial_year_of(today or datetime.date.today())
    if plan_years:
        first, last = plan_years
        year = min(max(year, first), last)
    return year


def default_quarter(plan_years, today=None):
    """The quarter a picker opens on: the last completed quarter, held inside the live
    plan's period ``plan_years`` ((first, last) or None)."""
    quarter = Quarter.of(today or datetime.date.today()).previous()
    if plan_years:
        first, last = plan_years
        quarter = min(max(quarter, Quarter(first, 1)), Quarter(last, 4))
    return quarter


def nearest(year, years):
    """The year of ``years`` nearest ``year`` (the later one on a tie)."""
    return min(sorted(years, reverse=True), key=lambda y: abs(y - year))


@dataclass(frozen=True)
class YearChoice:
    """What a year picker shows: the year displayed, the years offered as
    [(label, is_chosen)], and ``redirect``: the query string of the nearest offered year
    when the one asked for is not offered (the view answers with a redirect to it)."""

    year: int
    links: list
    redirect: str | None = None

    @property
    def label(self):
        return year_label(self.year)


def pick_year(request, years, default):
    """The year picker of a page: ``years`` are the board's years (``board_years``),
    ``default`` the year shown when none is asked for. A year asked for that is not offered
    (or is not a year at all) gives a ``redirect`` to the nearest offered one."""
    offered = board_years(years, default)
    asked = request.GET.get("year")
    if asked in (None, ""):
        year = default
    else:
        try:
            year = parse_year_label(asked)
        except ValueError:
            year = None
        if year not in offered:
            target = nearest(year, offered) if year is not None else default
            query = request.GET.copy()
            query["year"] = year_label(target)
            return YearChoice(target, [(year_label(y), y == target) for y in offered],
                              redirect=f"?{query.urlencode()}")
    return YearChoice(year, [(year_label(y), y == year) for y in offered])


def date_window(plan_years, today=None, before=1, after=3):
    """(first, last) dates a review or due date may take: the live plan's period
    ``plan_years`` ((first, last) financial years) widened by ``before`` years and
    ``after`` years; without a plan, from FIRST_YEAR to ``after`` years after today's."""
    if plan_years:
        first, last = plan_years
        return year_range(first - before)[0], year_range(last + after)[1]
    year = financial_year_of(today or datetime.date.today())
    return year_range(FIRST_YEAR)[0], year_range(year + after)[1]


def year_range(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)


@dataclass(frozen=True, order=True)
class Quarter:
    """A quarter of a financial year: ``Quarter(2015, 4)`` is January-March 2016."""

    year: int
    number: int

    def __post_init__(self):
        if self.number not in (1, 2, 3, 4):
            raise ValueError("A quarter is numbered 1 to 4")

    @classmethod
    def of(cls, day: datetime.date) -> "Quarter":
        year = financial_year_of(day)
        months_in = (day.month - FIRST_MONTH) % 12
        return cls(year, months_in // 3 + 1)

    @classmethod
    def current(cls) -> "Quarter":
        from django.utils import timezone

        return cls.of(timezone.localdate())

    @property
    def start(self) -> datetime.date:
        month = (FIRST_MONTH - 1 + 3 * (self.number - 1)) % 12 + 1
        year = self.year if month >= FIRST_MONTH else self.year + 1
        return datetime.date(year, month, 1)

    @property
    def end(self) -> datetime.date:
        last = self.start.month + 2
        return datetime.date(self.start.year, last, calendar.monthrange(self.start.year, last)[1])

    @property
    def midpoint(self) -> datetime.date:
        return self.start + (self.end - self.start) / 2

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def next(self) -> "Quarter":
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def previous(self) -> "Quarter":
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    @property
    def year_label(self) -> str:
        return year_label(self.year)

    @property
    def months_label(self) -> str:
        return f"{self.start:%B}–{self.end:%B %Y}"

    def __str__(self) -> str:
        return f"Q{self.number} {self.year_label}"


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def month_label(day: datetime.date) -> str:
    """A month-precision date as boards write it: ``"December 2015"``."""
    return f"{day:%B %Y}"


def day_label(day: datetime.date) -> str:
    """An en-GB date: ``"1 July 2015"``."""
    return f"{day.day} {day:%B %Y}"
