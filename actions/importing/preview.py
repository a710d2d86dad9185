"""Turn spreadsheet rows into a preview of what an import will create,
with every problem by row and column. Nothing is written here."""

import re
from dataclasses import dataclass, field

from lscb.fiscal.due import parse_due
from lscb.models import lines
from lscb.refs import natural_key
from lscb.spreadsheets.headings import match_headings, normalise
from lscb.spreadsheets.progress import reporter
from lscb.spreadsheets.reader import read_table
from subgroups.models import Subgroup

from ..models import Action
from .parse import HEADINGS, LABELS, parse_rag, split_owners, split_progress

_FILLER = re.compile(r"\b(lscb|subgroup|sub group|group|the|panel|board)\b")


def core(text):
    return re.sub(r"\s+", " ", _FILLER.sub(" ", normalise(text))).strip()


@dataclass
class Row:
    number: int
    theme: str
    section: str
    reference: str
    description: str
    who: str
    owners: list
    unknown_owners: list
    due_date: object
    due_precision: str
    due_text: str
    outcome: str
    measures: str
    source: str
    risk: str
    rag: object
    progress: str
    existing: object = None  # the action with this reference already in the plan


@dataclass
class Preview:
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # (row, column, message)
    themes: list = field(default_factory=list)  # [(number, title, is_new)]
    unknown_owners: list = field(default_factory=list)
    ignored_columns: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems

    @property
    def new_count(self):
        return sum(1 for row in self.rows if row.existing is None)

    @property
    def update_count(self):
        return sum(1 for row in self.rows if row.existing is not None)


class OwnerMatcher:
    def __init__(self, board):
        self.index = {}
        for group in Subgroup.objects.for_board(board):
            for name in [group.name, group.short_name, *lines(group.aliases)]:
                if name:
                    self.index.setdefault(normalise(name), group)
                    self.index.setdefault(core(name) or normalise(name), group)

    def find(self, text):
        return self.index.get(normalise(text)) or self.index.get(core(text))

    def match(self, who):
        """(groups, unknown names) for the text of a Who cell."""
        whole = self.find(who) if who else None
        if whole:
            return [whole], []
        groups, unknown = [], []
        for part in split_owners(who):
            group = self.find(part)
            if group is None and "/" in part:
                pieces = [p.strip() for p in part.split("/") if p.strip()]
                found = [self.find(p) for p in pieces]
                if all(found):
                    groups.extend(g for g in found if g not in groups)
                    continue
            if group is not None:
                if group not in groups:
                    groups.append(group)
            else:
                unknown.append(part)
        return groups, unknown


def _theme_key(text):
    """'1. Leadership and Governance' -> ('1', 'Leadership and Governance')."""
    m = re.match(r"^\s*(?:theme|priority)?\s*(\d+(?:\.\d+)*)[.):\s-]*\s*(.*)$", text, re.I)
    if m:
        return m.group(1), (m.group(2) or f"Theme {m.group(1)}").strip()
    return None, text.strip()


def build_preview(data, name, board, plan=None, progress=None):
    """Parse the file and compare it with the plan (which may not exist yet).
    ``progress`` is given a line every thousand rows of a long file."""
    header, body = read_table(data, name)
    tick = reporter(progress, len(body), "Checked")
    columns, ignored = match_headings(header, HEADINGS)
    preview = Preview(ignored_columns=ignored)
    if "action" not in columns:
        preview.problems.append((1, "Action", "There is no Action column. Name a column "
                                 "'Action', 'Action required', 'To achieve this, we will' or 'Tasks'."))
        return preview
    existing = {}
    existing_themes = {}
    if plan is not None:
        existing = {a.reference: a for a in Action.objects.filter(plan=plan)}
        existing_themes = {t.number: t.title for t in plan.themes.all()}
    matcher = OwnerMatcher(board)

    def cell(cells, key):
        index = columns.get(key)
        if index is None or index >= len(cells):
            return ""
        value = cells[index]
        return value if not isinstance(value, str) else value.strip()

    themes, counters, seen_refs, unknown = {}, {}, {}, []
    current_theme = ("1", "Actions")  # rows before any theme (or no Theme column)
    for done, (number, cells) in enumerate(body, start=1):
        tick(done)
        theme_text = cell(cells, "theme")
        if theme_text and not isinstance(theme_text, str):
            theme_text = str(theme_text)
        if theme_text:
            theme_number, title = _theme_key(theme_text)
            if theme_number is None:
                by_title = {t.lower(): n for n, t in themes.items()}
                theme_number = by_title.get(title.lower()) or str(len(themes) + 1)
            current_theme = (theme_number, title)
        description = cell(cells, "action")
        description = description if isinstance(description, str) else str(description)
        if not description:
            continue  # a spacer or continuation row
        theme_number, theme_title = current_theme
        themes.setdefault(theme_number, existing_themes.get(theme_number, theme_title))
        reference = cell(cells, "reference")
        reference = str(reference).strip() if reference else ""
        if not reference:
            counters[theme_number] = counters.get(theme_number, 0) + 1
            reference = f"{theme_number}.{counters[theme_number]}"
            while reference in seen_refs:
                counters[theme_number] += 1
                reference = f"{theme_number}.{counters[theme_number]}"
        if len(reference) > 20:
            preview.problems.append((number, "Ref", f"'{reference[:30]}' is too long for a reference"))
        if reference in seen_refs:
            preview.problems.append((number, "Ref", f"reference {reference} is also used on row "
                                     f"{seen_refs[reference]}"))
        seen_refs[reference] = number
        due_date, precision, due_text, error = parse_due(cell(cells, "when"))
        if error:
            preview.problems.append((number, "When", error))
        rag_text = cell(cells, "rag")
        rag = parse_rag(rag_text) if rag_text else None
        if rag_text and rag is None:
            preview.problems.append((number, "RAG", f"'{rag_text}' is not a RAG rating (use Red, "
                                     "Amber, Green, Blue/Complete or Not started)"))
        progress = cell(cells, "progress")
        progress = progress if isinstance(progress, str) else str(progress)
        if "rag" not in columns:
            rag, progress = split_progress(progress)
        who = cell(cells, "who")
        who = who if isinstance(who, str) else str(who)
        owners, unknown_here = matcher.match(who)
        for name_ in unknown_here:
            if name_ not in unknown:
                unknown.append(name_)
        preview.rows.append(Row(
            number=number, theme=theme_number, section=str(cell(cells, "section") or ""),
            reference=reference, description=description, who=who, owners=owners,
            unknown_owners=unknown_here, due_date=due_date, due_precision=precision,
            due_text=due_text, outcome=str(cell(cells, "outcome") or ""),
            measures=str(cell(cells, "measures") or ""), source=str(cell(cells, "source") or ""),
            risk=str(cell(cells, "risk") or ""), rag=rag, progress=progress,
            existing=existing.get(reference),
        ))
    if not preview.rows:
        preview.problems.append((1, "Action", "No row has any text in the Action column."))
    preview.themes = sorted(
        [(n, t, n not in existing_themes) for n, t in themes.items()],
        key=lambda item: natural_key(item[0]),
    )
    preview.unknown_owners = unknown
    return preview


__all__ = ["build_preview", "Preview", "LABELS"]
