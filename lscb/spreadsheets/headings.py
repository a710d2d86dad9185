"""Matching the column headings boards write to the fields an importer knows."""

import re


def normalise(text):
    text = str(text).lower().replace("&", " and ")
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9]+", " ", text)).strip()


def heading_key(text):
    """A column heading in any case style, normalised: "CurrentControls", "current_controls",
    "Current Controls" and "CURRENT CONTROLS" are all "current controls" (a run of capitals,
    "RAGStatus", stays one word)."""
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", str(text))
    return normalise(text)


_YEARS = re.compile(r"( \d+)+")


def _by_prefix(key, ordered, lookup):
    """"Action required to meet function (2009)" etc.: the longest known heading the key
    starts with; a short one ("EoY", "Q1") only when followed by a year ("EoY 2014/15")."""
    return next((lookup[k] for k in ordered if key.startswith(k)
                 and (len(k) > 3 or _YEARS.fullmatch(key[len(k):]))), None)


_LOOKUPS = {}


def _lookup(headings):
    """{normalised wording: field} and its wordings longest first, made once per set of
    headings (an importer asks for every row of a long file)."""
    signature = tuple((field, tuple(words)) for field, words in headings.items())
    if signature not in _LOOKUPS:
        lookup = {normalise(h): field for field, words in headings.items() for h in words}
        _LOOKUPS[signature] = lookup, sorted(lookup, key=len, reverse=True)
    return _LOOKUPS[signature]


def _field(heading, lookup, ordered):
    """The field a heading names, or None. An empty cell names none: it is answered at
    once, as most cells of a wide sheet's rows are empty and an importer looks for
    repeated headings in every row (a 5,000-row workbook read 200 cells wide)."""
    if heading is None or heading == "":
        return None
    keys = [normalise(heading), heading_key(heading)]  # exact wording first, in any case
    if not keys[0]:
        return None
    return next((lookup[k] for k in keys if k in lookup), None) or _by_prefix(
        keys[1], ordered, lookup) or _by_prefix(keys[0], ordered, lookup)


def match_headings(header, headings, second=None):
    """{field: column index} and the headings that were not recognised.

    ``headings`` maps each field to the wordings boards use for it; ``second``
    maps a field to the one a repeat of its heading means ("Likelihood" twice in a
    risk register: inherent, then residual).
    """
    lookup, ordered = _lookup(headings)
    second = second or {}
    found, unknown = {}, []
    for index, heading in enumerate(header):
        field = _field(heading, lookup, ordered)
        while field in found and field in second:
            field = second[field]
        if field and field not in found:
            found[field] = index
        elif heading:
            unknown.append(str(heading))
    return found, unknown
