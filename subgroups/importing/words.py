"""The words of published attendance tables: their column headings, a meeting date as a
heading, and what a cell of a per-meeting grid says."""

import datetime
import re
from decimal import Decimal, InvalidOperation

from lscb.fiscal.due import DuePrecision, read_due
from lscb.spreadsheets.headings import normalise

from ..models import Attendance

HEADINGS = {
    "agency": ["agency", "organisation", "organization", "partner", "partner agency", "body",
               "agency organisation", "service", "sector"],
    "seat": ["seat", "role", "representative", "member", "name", "post", "job title",
             "position", "board member", "member name", "agency seat", "agency or seat",
             "representing", "title"],
    "percent": ["percent", "percentage", "percentage attended", "percent attended",
                "attendance percentage", "attendance rate", "rate"],
    "attended": ["attended", "meetings attended", "number attended", "no attended",
                 "attendances", "no of meetings attended", "number of meetings attended",
                 "times attended", "total attended"],
    "invited": ["invited", "meetings invited", "possible", "out of", "expected", "eligible",
                "number of meetings", "meetings", "no of meetings", "meetings held",
                "invited to", "possible attendances", "total meetings"],
}
LABELS = {"agency": "Agency", "seat": "Seat", "percent": "% attended", "attended": "Attended",
          "invited": "Invited"}

PRESENT, DEPUTY, APOLOGIES, ABSENT = (Attendance.Status.PRESENT, Attendance.Status.DEPUTY,
                                      Attendance.Status.APOLOGIES, Attendance.Status.ABSENT)
NOT_EXPECTED = "not expected"
CELL_WORDS = {
    PRESENT: {"✓", "✔", "☑", "√", "y", "yes", "p", "present", "attended", "1", "tick"},
    DEPUTY: {"d", "dep", "deputy", "sub", "substitute", "rep", "represented", "deputised",
             "s", "d p", "deputy sent"},
    APOLOGIES: {"a", "ap", "apol", "apols", "apologies", "apologised", "sent apologies",
                "apols sent"},
    ABSENT: {"", "n", "no", "absent", "0", "dna", "did not attend", "no apologies"},
    NOT_EXPECTED: {"-", "–", "—", "n/a", "na", "n a", "not a member", "nm", "not member",
                   "vacant", "not invited", "not applicable", "left", "not yet a member"},
}
_CELLS = {word: status for status, words in CELL_WORDS.items() for word in words}


def read_cell(value):
    """(status, error) for a cell of a per-meeting grid. Blank means invited and absent;
    "-" or "n/a" that the seat was not expected (not a member then)."""
    raw = str(value or "").strip()
    if raw in _CELLS:
        return _CELLS[raw], None
    key = raw.lower().strip(" .")
    if key in _CELLS:
        return _CELLS[key], None
    if normalise(raw) in _CELLS:
        return _CELLS[normalise(raw)], None
    if key == "x":
        return None, ("'X' can mean attended or absent: write ✓ (attended), A (apologies), "
                      "D (deputy) or leave it blank (did not attend)")
    return None, (f"'{raw[:30]}' is not an attendance mark (✓, D for a deputy, A for "
                  "apologies, blank for did not attend, - for not a member then)")


def heading_date(heading):
    """(date, exact) of a meeting column's heading, or None when it names no date: a date
    cell, "12/06/2012", "12 June 2012"; a month alone ("June 2012") is its first day."""
    if isinstance(heading, datetime.datetime):
        return heading.date(), True
    if isinstance(heading, datetime.date):
        return heading, True
    text = re.sub(r"\s+", " ", str(heading or "")).strip()
    if not text or not re.search(r"\d", text):
        return None
    due = read_due(text)
    if due.date is None or due.text and due.precision == DuePrecision.DAY:
        return None
    if due.precision == DuePrecision.DAY:
        return due.date, True
    if due.precision == DuePrecision.MONTH and not due.text:
        return due.date.replace(day=1), False
    return None


def read_count(value):
    """(whole number or None, error) for an Attended or Invited cell."""
    raw = str(value or "").strip()
    if raw.lower() in ("", "-", "n/a", "na"):
        return None, None
    try:
        number = Decimal(raw)
    except InvalidOperation:
        return None, f"'{raw[:30]}' is not a number of meetings"
    if number != number.to_integral_value() or not 0 <= number <= 1000:
        return None, f"'{raw[:30]}' is not a number of meetings"
    return int(number), None


def read_percent(value):
    """(percentage or None, error): "83%", "83", "0.83" formatted as a percentage."""
    raw = str(value or "").strip().rstrip("%").strip()
    if raw.lower() in ("", "-", "n/a", "na"):
        return None, None
    try:
        number = Decimal(raw)
    except InvalidOperation:
        return None, f"'{str(value)[:30]}' is not a percentage"
    if not 0 <= number <= 100:
        return None, f"'{str(value)[:30]}' is not a percentage from 0 to 100"
    return number.quantize(Decimal("0.1")), None
