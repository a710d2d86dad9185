"""Risk ratings as registers write them, read under the board's scoring scheme: a
likelihood or impact ("4", "4 - Likely", "Major"), a single score ("12", "9?"), or a
level ("High", "M")."""

import re
from decimal import Decimal, InvalidOperation

from lscb.spreadsheets.headings import normalise

from ..scoring import LEVEL_WORDS
from .common import text

LIKELIHOOD_WORDS = {"rare": 1, "very unlikely": 1, "remote": 1, "unlikely": 2, "possible": 3,
                    "likely": 4, "probable": 4, "almost certain": 5, "very likely": 5,
                    "certain": 5}
IMPACT_WORDS = {"insignificant": 1, "negligible": 1, "minor": 2, "moderate": 3, "major": 4,
                "significant": 4, "severe": 5, "catastrophic": 5, "critical": 5, "extreme": 5}
THREE_WORDS = {"low": 1, "medium": 2, "moderate": 2, "high": 3}


def _whole(raw):
    try:
        number = Decimal(raw)
    except InvalidOperation:
        return None
    return int(number) if number == number.to_integral_value() else number


def parse_part(value, size, words):
    """(1..size or None, error): 3, "3.0", "4 - Likely", "Likely (4)", "Almost certain";
    on a 3 × 3 matrix also Low / Medium / High."""
    raw = text(value)
    if not raw:
        return None, None
    wrong = f"'{raw[:40]}' is not a rating from 1 to {size}"
    number = _whole(raw)
    if number is not None:
        return (number, None) if isinstance(number, int) and 1 <= number <= size else (None, wrong)
    m = re.match(r"^(\d)\s*[-–:(=]", raw) or re.search(r"\((\d)\)\s*$", raw)
    if m:
        number = int(m.group(1))
        return (number, None) if 1 <= number <= size else (None, wrong)
    key = normalise(raw)
    if size == 5 and key in words:
        return words[key], None
    if size == 3 and key in THREE_WORDS:
        return THREE_WORDS[key], None
    return None, wrong


def parse_score(value, scheme):
    """(score or None, query or "", error) for a single-score or High/Medium/Low cell.
    A score with a question mark ("9?") is read, and the query kept to be noted."""
    raw = text(value)
    if not raw:
        return None, "", None
    query = raw if "?" in raw else ""
    bare = raw.replace("?", "").strip()
    if scheme.is_levels:
        key = normalise(re.sub(r"\(.*\)", "", bare))
        if key in LEVEL_WORDS:
            return LEVEL_WORDS[key], query, None
        return None, "", f"'{raw[:40]}' is not High, Medium or Low"
    wrong = f"'{raw[:40]}' is not a score from 1 to {scheme.top}"
    number = _whole(bare)
    if number is None:
        m = re.match(r"^(\d{1,2})\b", bare) or re.search(r"\((\d{1,2})\)\s*$", bare)
        number = int(m.group(1)) if m else None
    if isinstance(number, int) and 1 <= number <= scheme.top:
        return number, query, None
    return None, "", wrong


def looks_like_levels(values):
    """Whether a register's scores are written as High / Medium / Low."""
    words = [normalise(text(v)) for v in values if text(v)]
    return bool(words) and all(w in LEVEL_WORDS for w in words)


def highest(values):
    """The highest whole number among the scores (for guessing the scale), or 0."""
    numbers = [_whole(text(v).replace("?", "").strip()) for v in values if text(v)]
    return max((n for n in numbers if isinstance(n, int)), default=0)
