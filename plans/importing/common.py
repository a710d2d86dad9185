"""What the indicator and risk imports share: numbers, units and dates as boards write
them (the preview, templates and pending uploads are lscb.spreadsheets')."""

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from lscb.fiscal import month_end
from lscb.fiscal.due import DuePrecision, parse_due
from lscb.spreadsheets.headings import match_headings

IGNORED = "ignored"  # columns recognised as worked out by the app (scores, RAG): not read


def match_columns(header, headings, second=None):
    """The plan import's matcher, with the columns the app works out itself set aside."""
    found, unknown = match_headings(header, headings, second)
    if IGNORED in found:
        unknown.insert(0, str(header[found.pop(IGNORED)]))
    return found, unknown


def cell_getter(columns):
    def cell(cells, key):
        index = columns.get(key)
        if index is None or index >= len(cells):
            return ""
        value = cells[index]
        return value.strip() if isinstance(value, str) else value

    return cell


def text(value):
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value or "").strip()


# What boards write for "no value": never a number, never an error.
BLANK = {"", "-", "–", "—", "n/a", "na", "n a", "not available", "tbc", "tba", "tbd",
         "not known", "nk", "n k", "awaiting data", "no data", "not yet available", "unknown",
         "not applicable", "."}
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
LIMIT = Decimal("10000000000")  # the model's 12 digits, 2 after the point


def parse_number(value):
    """(Decimal or None, error). "23%", "1,234", "£5,000", "12.345" (kept to 2 places);
    blank, "-" and "n/a" are no value; text is an error."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return None, f"'{text(value)}' is a date, not a number"
    raw = str(value or "").strip()
    if raw.lower().rstrip(".") in BLANK or raw.lower() in BLANK:
        return None, None
    cleaned = re.sub(r"[\s,£$€]", "", raw).removesuffix("%")
    if not _NUMBER.match(cleaned):
        return None, f"'{raw[:40]}' is not a number"
    try:
        number = Decimal(cleaned).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return None, f"'{raw[:40]}' is not a number"
    if abs(number) >= LIMIT:
        return None, f"'{raw[:40]}' is too large"
    return number, None


def unit_written(value):
    """The unit a figure is written with: "%" for "23%", "£" for "£5,000", else ""."""
    raw = str(value or "").strip()
    if raw.endswith("%"):
        return "%"
    return "£" if raw.startswith(("£", "-£")) else ""


def parse_date(value):
    """(date or None, error, warning) with the plan import's reading of dates: a month
    ("December 2015", "Dec-15") is its last day; wording that is not a date ("Ongoing")
    is left out with a warning; an impossible date is an error."""
    if value in ("", None) or (isinstance(value, str) and value.strip().lower() in BLANK):
        return None, None, None
    day, precision, wording, error = parse_due(value)
    if error:
        return None, error, None
    if day is None:
        return None, None, f"'{wording[:40]}' is not a date, so it is left empty"
    if precision == DuePrecision.MONTH:
        day = month_end(day.year, day.month)
    return day, None, None


_YEAR_IN_HEADING = re.compile(r"(20\d{2})\s*[/-]\s*(\d{2}|\d{4})")


def heading_year(heading):
    """2014 for "EoY 2014/15", None when the heading names no financial year."""
    m = _YEAR_IN_HEADING.search(str(heading))
    if m and int(m.group(2)) % 100 == (int(m.group(1)) + 1) % 100:
        return int(m.group(1))
    return None


def describe(value):
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, datetime.date):
        return value.strftime("%-d %b %Y")
    value = str(value)
    return value if len(value) <= 40 else value[:39] + "…"


def change(label, old, new):
    return f"{label}: {describe(old)} → {describe(new)}"


def normalised_name(name):
    return re.sub(r"\s+", " ", str(name)).strip().casefold()


