"""Reading the words boards use: column headings, due dates, RAG ratings, owners."""

import calendar
import datetime
import re

from lscb.rag import RAG

from ..models import DuePrecision

# Canonical field -> the headings boards actually write (normalised: lower case,
# letters, digits and single spaces).
HEADINGS = {
    "theme": ["theme", "priority", "priority area", "theme priority"],
    "section": ["section", "sub section", "subsection"],
    "reference": ["ref", "reference", "no", "number", "ref no", "action no"],
    "action": ["action", "action required", "actions required", "to achieve this we will",
               "tasks", "task", "action required to meet function",
               "action required to meet priority area"],
    "who": ["who", "by who", "by whom", "lead", "owner", "who will lead",
            "by who person sub group", "lead officer", "responsible"],
    "when": ["when", "by when", "due", "due date", "timescale", "timescales", "completion date",
             "target date", "deadline"],
    "outcome": ["outcome", "outcomes", "what we are trying to achieve", "we want to achieve",
                "objective", "what we want to achieve"],
    "measures": ["measures", "measure", "to evidence this we will measure",
                 "how we will measure", "success measures"],
    "source": ["source", "source where action identified", "where identified"],
    "risk": ["risk", "risks"],
    "rag": ["rag", "status", "rag status", "rag rating"],
    "progress": ["progress", "update", "progress update", "comments"],
}
LABELS = {
    "theme": "Theme", "section": "Section", "reference": "Ref", "action": "Action",
    "who": "Who", "when": "When", "outcome": "Outcome", "measures": "Measures",
    "source": "Source", "risk": "Risk", "rag": "RAG", "progress": "Progress",
}


def normalise(text):
    text = str(text).lower().replace("&", " and ")
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9]+", " ", text)).strip()


def match_headings(header, headings=None, second=None):
    """{field: column index} and the headings that were not recognised.

    ``headings`` maps each field to its wordings (the plan's by default); ``second``
    maps a field to the one a repeat of its heading means ("Likelihood" twice in a
    risk register: inherent, then residual).
    """
    lookup = {normalise(h): field for field, words in (headings or HEADINGS).items() for h in words}
    second = second or {}
    found, unknown = {}, []
    for index, heading in enumerate(header):
        key = normalise(heading)
        field = lookup.get(key)
        if field is None:
            # "Action required to meet function (2009)" etc.: match on the longest known
            # prefix; a short one ("EoY", "Q1") only when followed by a year ("EoY 2014/15")
            field = next((lookup[k] for k in sorted(lookup, key=len, reverse=True)
                          if (len(k) > 3 and key.startswith(k))
                          or re.fullmatch(re.escape(k) + r"( \d+)+", key)), None)
        while field in found and field in second:
            field = second[field]
        if field and field not in found:
            found[field] = index
        elif heading:
            unknown.append(str(heading))
    return found, unknown


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


RAG_WORDS = {
    "r": RAG.RED, "red": RAG.RED, "a": RAG.AMBER, "amber": RAG.AMBER, "g": RAG.GREEN,
    "green": RAG.GREEN, "b": RAG.COMPLETE, "blue": RAG.COMPLETE, "complete": RAG.COMPLETE,
    "completed": RAG.COMPLETE, "c": RAG.COMPLETE, "done": RAG.COMPLETE,
    "not started": RAG.NOT_STARTED, "ns": RAG.NOT_STARTED,
}


def parse_rag(text):
    key = normalise(text or "")
    return RAG_WORDS.get(key) if key else None


def split_progress(text):
    """A RAG word at the start of a Progress cell: ("Red", "Seek clarification…")."""
    text = (text or "").strip()
    m = re.match(r"^(red|amber|green|blue|complete|completed)\b[\s:.\-–—]*(.*)$", text,
                 re.IGNORECASE | re.DOTALL)
    if m:
        return RAG_WORDS[m.group(1).lower()], m.group(2).strip()
    return None, text


def split_owners(text):
    """'CSE/MFH Subgroup and PMQAG' -> ['CSE/MFH Subgroup', 'PMQAG'] (a slash inside a
    known name is handled by the matcher, which tries the whole text first)."""
    parts = re.split(r"\s+and\s+|\s+&\s+|\s*;\s*", (text or "").strip())
    return [p.strip(" .") for p in parts if p.strip(" .")]
