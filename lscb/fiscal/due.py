"""Due dates as boards write them: "December 2015", "31/03/2016", "Sign off by LSCB – 1 July
2015". Each becomes a date with its precision, or is kept as text."""

import calendar
import datetime
import re

from django.db import models


class DuePrecision(models.TextChoices):
    DAY = "day", "A day"
    MONTH = "month", "A month"
    TEXT = "text", "Text only"


MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): n for n, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9


def parse_due(value):
    """(date, precision, text, error). Month-only wording keeps month precision;
    anything that is not a date is kept as text; impossible dates are errors."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value, DuePrecision.DAY, "", None
    text = (value or "").strip()
    if not text:
        return None, DuePrecision.TEXT, "", None
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})", text)
    if m:
        day, month, year = (int(g) for g in m.groups())
        year += 2000 if year < 100 else 0
        try:
            return datetime.date(year, month, day), DuePrecision.DAY, "", None
        except ValueError:
            return None, DuePrecision.TEXT, text, f"'{text}' is not a date"
    m = re.fullmatch(r"(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([A-Za-z]+)[\s,-]+'?(\d{2}|\d{4})", text)
    if m and m.group(2).lower() in MONTHS:
        month = MONTHS[m.group(2).lower()]
        year = int(m.group(3))
        year += 2000 if year < 100 else 0
        if m.group(1):
            try:
                return datetime.date(year, month, int(m.group(1))), DuePrecision.DAY, "", None
            except ValueError:
                return None, DuePrecision.TEXT, text, f"'{text}' is not a date"
        return datetime.date(year, month, 1), DuePrecision.MONTH, "", None
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if m:
        try:
            return datetime.date(*(int(g) for g in m.groups())), DuePrecision.DAY, "", None
        except ValueError:
            return None, DuePrecision.TEXT, text, f"'{text}' is not a date"
    # "Sign off by LSCB – 1 July 2015": a date at the end of the wording is the due
    # date, and the wording is kept as the plan writes it.
    m = re.search(r"(?:^|\s)(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\s+(\d{4})\W*$", text)
    if m and m.group(2).lower() in MONTHS:
        try:
            day = datetime.date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
        except ValueError:
            return None, DuePrecision.TEXT, text, f"'{text}' is not a date"
        return day, DuePrecision.DAY, text[:200], None
    return None, DuePrecision.TEXT, text[:200], None
