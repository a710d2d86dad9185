"""Reading the words boards use: column headings, RAG ratings and the status words that
start a progress narrative."""

import datetime
import re

from lscb.fiscal import month_end
from lscb.fiscal.due import read_due
from lscb.rag import RAG
from lscb.spreadsheets.headings import normalise

# Canonical field -> the headings boards actually write (normalised: lower case,
# letters, digits and single spaces). A heading that starts with one of these is read
# as it too ("Progress (as at March 2013)").
HEADINGS = {
    "theme": ["theme", "priority", "priority area", "theme priority", "strategic priority",
              "business priority", "local priority", "key priority", "priorities", "themes",
              "board priority", "lscb priority", "strategic aim", "aim"],
    "section": ["section", "sub section", "subsection", "objective", "objectives",
                "sub priority", "strategic objective", "workstream", "work stream",
                "priority objective", "focus area"],
    "reference": ["ref", "reference", "no", "number", "ref no", "action no", "action ref",
                  "action number", "id", "action id"],
    "action": ["action", "actions", "action required", "actions required",
               "to achieve this we will", "tasks", "task", "action required to meet function",
               "action required to meet priority area", "what we will do", "we will",
               "how we will do it", "activity", "activities", "project tasks",
               "actions underpinning this priority", "the actions underpinning this priority are",
               "action description", "key actions"],
    "who": ["who", "by who", "by whom", "lead", "leads", "owner", "owners", "who will lead",
            "by who person sub group", "lead officer", "responsible", "lead officer sub group",
            "lead agency", "lead group", "lead person", "responsible officer", "responsibility",
            "who is responsible", "accountable", "accountable lead", "action owner",
            "project lead", "programme lead", "lead officers", "lead officer group"],
    "when": ["when", "by when", "due", "due date", "timescale", "timescales", "completion date",
             "target date", "deadline", "timeframe", "time frame", "due by", "date due",
             "target completion date", "completion by"],
    "outcome": ["outcome", "outcomes", "what we are trying to achieve", "we want to achieve",
                "what we want to achieve", "expected outcome", "expected outcomes",
                "intended outcome", "desired outcome", "what difference will it make"],
    "measures": ["measures", "measure", "to evidence this we will measure",
                 "how we will measure", "success measures", "measures of success",
                 "success criteria", "how will we know", "how we will know",
                 "the lscb will know it is making a difference if",
                 "we will know we are making a difference if",
                 "the lscb will know if it is making a difference if", "evidence",
                 "how we will evidence impact", "performance measure", "performance measures"],
    "source": ["source", "source where action identified", "where identified", "source of action",
               "origin", "why", "reason for action"],
    "risk": ["risk", "risks", "risk to delivery", "risks to delivery", "risks and issues"],
    "rag": ["rag", "status", "rag status", "rag rating", "rating", "progress rating",
            "rag rated"],
    "progress": ["progress", "update", "progress update", "comments", "progress to date",
                 "progress comments", "latest update", "commentary", "update on progress",
                 "progress and evidence", "position", "current position"],
    "as_at": ["as at", "as at date", "date updated", "updated", "last updated", "update date",
              "date of update", "progress date", "date", "reported", "date reported"],
}
LABELS = {
    "theme": "Theme", "section": "Section", "reference": "Ref", "action": "Action",
    "who": "Who", "when": "When", "outcome": "Outcome", "measures": "Measures",
    "source": "Source", "risk": "Risk", "rag": "RAG", "progress": "Progress", "as_at": "As at",
}

RAG_WORDS = {
    "r": RAG.RED, "red": RAG.RED, "a": RAG.AMBER, "amber": RAG.AMBER, "g": RAG.GREEN,
    "green": RAG.GREEN, "b": RAG.COMPLETE, "blue": RAG.COMPLETE, "complete": RAG.COMPLETE,
    "completed": RAG.COMPLETE, "c": RAG.COMPLETE, "done": RAG.COMPLETE,
    "not started": RAG.NOT_STARTED, "ns": RAG.NOT_STARTED,
}
# Words that start a narrative (or fill a RAG column) and say how the work stands. The
# narrative keeps them: "Completed – signed off in May" stays as written.
STATUS_WORDS = {
    RAG.COMPLETE: ["completed", "complete", "achieved", "done", "finished", "closed", "blue"],
    RAG.GREEN: ["on track", "on target", "ongoing", "on going", "in progress", "green",
                "progressing", "underway", "under way"],
    RAG.AMBER: ["amber", "slipping", "delayed", "partially achieved", "partially complete",
                "some progress", "behind schedule"],
    RAG.RED: ["red", "off track", "not achieved", "not on track", "at risk", "stalled"],
    RAG.NOT_STARTED: ["not started", "not yet started", "not begun", "yet to start"],
}
_STATUS = sorted(((w, rag) for rag, words in STATUS_WORDS.items() for w in words),
                 key=lambda item: -len(item[0]))


def parse_rag(text):
    """The RAG a RAG/Status cell names ("G", "Amber", "On track", "Completed"), or None."""
    key = normalise(text or "")
    if not key:
        return None
    return RAG_WORDS.get(key) or status_word(text)


def status_word(text):
    """The RAG the words at the start of a narrative say: "Completed…", "On track:",
    "Red – seek clarification…", "Amber: slipping"; None when they say none."""
    text = (text or "").strip().lower()
    for word, rag in _STATUS:
        if re.match(re.escape(word) + r"(?![a-z])", text):
            return rag
    return None


def split_progress(text):
    """(RAG from a status word or None, the narrative as written)."""
    text = (text or "").strip()
    return status_word(text), text


def heading_date(heading):
    """The date a Progress or RAG heading gives ("Progress as at 31 March 2013",
    "Update March 2013"): the last day of a month. None when it names none."""
    m = re.search(r"(\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\s+\d{4}"
                  r"|[A-Za-z]+[\s-]+\d{4})\W*$", str(heading or ""))
    if not m:
        return None
    due = read_due(m.group(1))
    if due.date is None or due.precision not in ("day", "month"):
        return None
    if due.precision == "month":
        return month_end(due.date.year, due.date.month)
    return due.date


def as_at_date(value):
    """(date or None, error) for a cell of an As at / Date / Updated column."""
    if isinstance(value, datetime.datetime):
        return value.date(), None
    if isinstance(value, datetime.date):
        return value, None
    text = str(value or "").strip()
    if not text:
        return None, None
    due = read_due(text)
    if due.error:
        return None, due.error
    if due.date is None or due.precision not in ("day", "month") or (
            due.text and due.precision == "day"):
        return None, f"'{text[:40]}' is not a date"
    if due.precision == "month":
        return month_end(due.date.year, due.date.month), None
    return due.date, None
