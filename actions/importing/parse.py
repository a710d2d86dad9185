"""Reading the words boards use: column headings, due dates, RAG ratings, owners."""

import re

from lscb.rag import RAG
from lscb.spreadsheets.headings import normalise

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
