"""The Who (lead) cell: split into the names it holds and each matched to a group of the
board, or recognised as a role on the board, or kept as written.

A cell is split on line breaks, ";", " and ", "&", "/", "," and ". ", but never inside
parentheses ("Early Help Services (inc. SLF and CLR)" is one name) and never inside a name
the board knows ("CSE/MFH Subgroup"). Names the app cannot place are kept as lead text,
whole: "OCYPS Fostering and Adoption policy manager" stays one lead. Nothing in the cell
is lost: every character ends up in a group, a role or the lead text.
"""

import re
from dataclasses import dataclass

from lscb.models import Member, lines
from lscb.spreadsheets.headings import normalise
from subgroups.models import Subgroup

GROUP, ROLE, UNKNOWN = "group", "role", "unknown"
STRONG = re.compile(r"\n|;")  # always a new lead
WEAK = re.compile(r"\s+and\s+|\s*&\s*|\s*/\s*|\s*,\s*|\s*\+\s*|\.\s+(?=[A-Z])|\s+-\s+", re.I)
_SUFFIX = r"\b(sub[\s-]?group|sub[\s-]?committee|group|committee|forum|panel)s?$"
_PREFIX = r"^(the|lscb|lscbs|lscp|sab|board s|partnership s)\s+"
STOP = {"and", "of", "the", "for", "to", "in", "on", "&"}
# Roles of the board itself (besides the job titles of its members).
ROLES = ["chair", "chairs", "independent chair", "vice chair", "vice chairs", "lay member",
         "lay members", "board", "the board", "lscb", "lscb board", "board members",
         "executive board", "executive", "business manager", "bm", "senior manager",
         "business unit", "business team", "business support", "partnership manager",
         "board manager", "board officer", "business officer", "development officer",
         "training manager", "training officer", "all agencies", "all partners",
         "all partner agencies", "all members", "partners", "partner agencies",
         "safeguarding partners", "independent scrutineer", "subgroup chairs",
         "chairs of subgroups", "all subgroups", "all subgroup chairs", "director of children s services",
         "dcs", "lead member", "statutory partners", "chair and business manager"]


@dataclass
class Lead:
    text: str  # as written
    kind: str  # GROUP, ROLE or UNKNOWN
    group: object = None

    @property
    def key(self):
        return lead_key(self.text)


def lead_key(text):
    """One key for the ways a file writes one name: "ASCCs", "ASCC's" and "ASCC"; "the
    Hub Programme Board" and "Hub Programme Board"."""
    return _written_acronym(text) or core(text) or normalise(text)


def core(text):
    """A name reduced to what identifies it: "The LSCB Performance Management Sub-group" and
    "Performance Management" are both "performance management"."""
    key = normalise(re.sub(r"\([^)]*\)", " ", text)) or normalise(text)
    key = re.sub(_PREFIX, "", key)
    key = re.sub(r"\s+" + _SUFFIX[2:], "", key) if " " in key else key
    return key.strip()


def acronym(text):
    """"PMQAG" for "Performance Management and Quality Assurance Group" (and "PMQA")."""
    words = [w for w in normalise(text).split() if w not in STOP]
    return "".join(w[0] for w in words)


def _written_acronym(text):
    """"pmqag" for "PMQAG", "ASCC's" or "ASCCs"; None when the text is not an acronym."""
    bare = re.sub(r"(?<=[A-Z])'?s$", "", text.strip(" ."))
    if re.fullmatch(r"[A-Z][A-Z&]{1,9}", bare):
        return bare.replace("&", "").lower()
    return None


class LeadMatcher:
    """Matches lead names to the board's groups and roles, with the names it was taught."""

    def __init__(self, board):
        self.groups, self.acronyms = {}, {}
        for group in Subgroup.objects.for_board(board):
            for name in [group.name, group.short_name, *lines(group.aliases)]:
                if not name:
                    continue
                for key in (normalise(name), core(name)):
                    self.groups.setdefault(key, group)
                written = _written_acronym(name)
                if written:
                    self.acronyms.setdefault(written, group)
            bare = re.sub(_SUFFIX, "", group.name, flags=re.I).strip()
            # "PMQAG" for the "Performance Management and Quality Assurance Subgroup"
            for initials in [acronym(group.name), acronym(bare), acronym(bare) + "g",
                             acronym(bare) + "sg"]:
                if len(initials) >= 3 or (len(initials) == 2 and initials == acronym(bare)):
                    self.acronyms.setdefault(initials, group)
        self.roles = {normalise(r) for r in ROLES}
        titles = Member.objects.for_board(board).exclude(job_title="").values_list(
            "job_title", flat=True)
        self.roles.update(normalise(t) for t in titles)
        self.roles.update(core(t) for t in titles)

    def find(self, text):
        """(kind, group) for one name, or None when it is neither."""
        key, short = normalise(text), core(text)
        if not key:
            return None
        group = self.groups.get(key) or self.groups.get(short)
        written = _written_acronym(text) or _written_acronym(
            re.sub(_SUFFIX, "", text.strip(" ."), flags=re.I).strip())
        if group is None and written:
            group = self.acronyms.get(written)
        if group is not None:
            return GROUP, group
        if key in self.roles or short in self.roles or re.sub(_PREFIX, "", key) in self.roles:
            return ROLE, None
        return None

    def split(self, who):
        """[Lead] for the text of a Who cell, in the order written."""
        text = str(who or "").strip()
        if not text:
            return []
        leads = []
        for chunk in _split(text, STRONG):
            leads.extend(self._chunk(chunk))
        return leads

    def _chunk(self, chunk):
        """Greedy longest match over the weakly separated parts of one chunk; parts that
        match nothing stay together as written, unless each is a name in its own right."""
        parts = _parts(chunk)
        leads, i, pending = [], 0, None

        def flush(end):
            leads.append(Lead(chunk[pending:end].strip(" ."), UNKNOWN))

        while i < len(parts):
            for j in range(len(parts) - 1, i - 1, -1):
                text = chunk[parts[i][0]:parts[j][1]].strip(" .")
                found = self.find(text)
                if found:
                    if pending is not None:
                        flush(parts[i - 1][1])
                        pending = None
                    leads.append(Lead(text, found[0], found[1]))
                    i = j + 1
                    break
            else:
                here = chunk[parts[i][0]:parts[i][1]]
                if pending is not None and _name_like(here) and _name_like(
                        chunk[parts[i - 1][0]:parts[i - 1][1]]):
                    flush(parts[i - 1][1])
                    pending = None
                pending = parts[i][0] if pending is None else pending
                i += 1
        if pending is not None:
            flush(parts[-1][1])
        return [lead for lead in leads if lead.text]


def _name_like(text):
    """An acronym ("QEG") or a group's name ("Hub Programme Board"): a lead on its own."""
    text = text.strip(" .")
    return bool(_written_acronym(text) or re.search(_SUFFIX + "|board$", text, re.I))


def _split(text, pattern):
    """The pieces of ``text`` between matches of ``pattern`` outside parentheses."""
    return [text[start:end].strip() for start, end in _spans(text, pattern)
            if text[start:end].strip()]


def _spans(text, pattern):
    depth, cuts = 0, []
    protected = set()
    for index, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]" and depth:
            depth -= 1
        elif depth:
            protected.add(index)
    start = 0
    for match in pattern.finditer(text):
        if match.start() in protected or match.end() - 1 in protected:
            continue
        if match.start() <= start and match.start() != 0:
            continue
        cuts.append((start, match.start()))
        start = match.end()
    cuts.append((start, len(text)))
    return cuts


def _parts(chunk):
    """(start, end) of each weakly separated part of ``chunk``."""
    return [(start, end) for start, end in _spans(chunk, WEAK) if chunk[start:end].strip(" .")]
