"""Turn spreadsheet rows into a preview of what an import will create, with every
problem and warning by row and column. Nothing is written here."""

import datetime
import re
from dataclasses import dataclass, field

from django.utils import timezone

from lscb.fiscal import Quarter, financial_year_of, year_label
from lscb.fiscal.due import Due, DuePrecision, period_end, read_due
from lscb.rag import RAG
from lscb.refs import natural_key
from lscb.spreadsheets.progress import reporter
from lscb.spreadsheets.reader import read_table

from ..models import Action
from .layout import Layout
from .leads import GROUP, UNKNOWN, LeadMatcher
from .parse import HEADINGS, LABELS, as_at_date, heading_date, parse_rag, split_progress
from .themes import ThemeBook

TEXT_FIELDS = ["outcome", "measures", "source", "risk"]
LEAD_LIMIT = 500


@dataclass
class Row:
    number: int
    theme: str  # the number of its theme or sub-section
    reference: str
    description: str
    who: str
    leads: list
    due: Due
    outcome: str = ""
    measures: str = ""
    source: str = ""
    risk: str = ""
    rag: object = None
    progress: str = ""
    as_at: object = None  # the row's own date (As at column or the heading's date)
    other_columns: list = field(default_factory=list)
    existing: object = None  # the action with this reference already in the plan
    changes: list = field(default_factory=list)  # what an update changes
    new_update: bool = False  # whether the progress adds an update to an existing action

    @property
    def owners(self):
        return [lead.group for lead in self.leads if lead.kind == GROUP]

    @property
    def unknown_owners(self):
        return [lead.text for lead in self.leads if lead.kind == UNKNOWN]

    @property
    def due_label(self):
        fields = fields_for(self)
        return Action(due_date=period_end(fields["due_date"], fields["due_precision"]),
                      due_precision=fields["due_precision"], due_text=fields["due_text"]).due_label

    @property
    def status(self):
        if self.existing is None:
            return "new"
        return "update" if self.changes or self.new_update else "unchanged"


@dataclass
class Preview:
    name: str = ""
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # (row, column, message): nothing imported
    warnings: list = field(default_factory=list)  # (row, column, message): imported anyway
    themes: list = field(default_factory=list)  # [PlanTheme] in natural order
    leads: list = field(default_factory=list)  # [Lead] distinct, in order of appearance
    kept_columns: list = field(default_factory=list)  # headings kept as "other columns"
    years: tuple = (None, None)  # financial years of the plan (start, end)
    default_as_at: object = None  # the date progress is dated when the file gives none

    @property
    def ok(self):
        return not self.problems

    @property
    def period_label(self):
        start, end = self.years
        if start is None:
            return ""
        return year_label(start) if start == end else f"{year_label(start)} to {year_label(end)}"

    @property
    def ignored_columns(self):
        return self.kept_columns

    @property
    def unknown_owners(self):
        return [lead.text for lead in self.leads if lead.kind == UNKNOWN]

    @property
    def new_count(self):
        return sum(1 for row in self.rows if row.status == "new")

    @property
    def update_count(self):
        return sum(1 for row in self.rows if row.status == "update")

    @property
    def unchanged_count(self):
        return sum(1 for row in self.rows if row.status == "unchanged")

    @property
    def undated_progress(self):
        """Rows whose progress takes the date chosen for the file."""
        return sum(1 for row in self.rows if (row.progress or row.rag) and row.as_at is None)

    @property
    def not_rated(self):
        return sum(1 for row in self.rows if row.progress and not row.rag)

    def summary(self):
        return (f"{self.new_count} new action(s), {self.update_count} to update, "
                f"{self.unchanged_count} unchanged, in {len(self.themes)} theme(s).")


def re_years(title):
    """Whether a plan's title names its years ("Business Plan 2015-18", "Plan 2016")."""
    return bool(re.search(r"\b20\d{2}\b", title or ""))


def plan_years(title, dates=()):
    """Financial years of a plan from its title ("2015-18", "2008-09") or its due dates."""
    m = re.search(r"(20\d{2})\s*[-/–]\s*(\d{2,4})", title or "")
    if m:
        start, end = int(m.group(1)), int(m.group(2))
        end = end + 2000 if end < 100 else end
        return (start, end - 1) if end > start else (start, start)
    m = re.search(r"\b(20\d{2})\b", title or "")
    if m:
        return int(m.group(1)), int(m.group(1))
    years = [financial_year_of(day) for day in dates]
    if years:
        return min(years), max(years)
    year = financial_year_of(timezone.localdate())
    return year, year


def default_as_at(start, end, today=None):
    """The date imported progress is "as at" when the file does not say: the end of the
    last quarter of the plan's period that has started, and never after today (an
    import of a past plan's progress is never dated the day of the import)."""
    today = today or timezone.localdate()
    last = min(Quarter.of(today), Quarter(end, 4))
    if last < Quarter(start, 1):
        return today
    return min(last.end, today)


def build_preview(data, name, board, plan=None, title="", progress=None):
    """Parse the file and compare it with the plan (which may not exist yet).
    ``progress`` is given a line every thousand rows of a long file."""
    header, body = read_table(data, name)
    layout = Layout.find(header, body, HEADINGS)
    preview = Preview(name=name, kept_columns=layout.unknown)
    columns = layout.columns
    if "action" not in columns:
        preview.problems.append((1, "Action", "There is no Action column. Name a column "
                                 "'Action', 'Action required', 'To achieve this, we will' or 'Tasks'."))
        return preview
    preview.warnings.extend(layout.warnings)
    existing, existing_themes = {}, {}
    if plan is not None:
        existing = {a.reference: a for a in Action.objects.filter(plan=plan).prefetch_related(
            "owners", "updates").select_related("theme")}
        existing_themes = {t.number: t.title for t in plan.themes.all()}
        preview.years = (plan.start_year, plan.end_year)
    else:
        preview.years = plan_years(title, layout.explicit_due_dates(columns.get("when")))
    preview.default_as_at = default_as_at(*preview.years)
    reader = _Reader(preview, layout, board, ThemeBook(existing=existing_themes), existing)
    tick = reporter(progress, len(layout.body), "Checked")
    for done, (number, cells) in enumerate(layout.body, start=1):
        tick(done)
        reader.read(number, cells)
    if not preview.rows:
        preview.problems.append((1, "Action", "No row has any text in the Action column."))
    book = reader.book
    preview.warnings.extend(book.warnings)
    preview.themes = sorted(book.themes.values(), key=lambda t: natural_key(t.number))
    preview.leads = list(reader.leads.values())
    return preview


class _Reader:
    """Reads the body one row at a time, carrying the theme and due year down the rows."""

    def __init__(self, preview, layout, board, book, existing):
        self.preview, self.layout, self.book, self.existing = preview, layout, book, existing
        self.columns = layout.columns
        self.matcher = LeadMatcher(board)
        self.leads = {}
        self.theme = None  # number of the current theme (top level)
        self.place = None  # number of the current theme or sub-section
        self.context_year = {}  # theme number -> year of the last dated When above
        self.counters, self.seen_refs = {}, {}
        self.progress_date = heading_date(layout.header[self.columns["progress"]]) if \
            "progress" in self.columns else None
        if self.progress_date is None and "rag" in self.columns:
            self.progress_date = heading_date(layout.header[self.columns["rag"]])
        for index, (number, text) in enumerate(layout.lead_in):
            if index == 0:
                self.theme = self.place = book.theme(text, number, "Action")
            else:
                book.describe(self.theme, text)

    def cell(self, cells, key):
        index = self.columns.get(key)
        if index is None or index >= len(cells):
            return ""
        value = cells[index]
        return value.strip() if isinstance(value, str) else value

    def text(self, cells, key):
        value = self.cell(cells, key)
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        return str(value or "").strip()

    def problem(self, row, column, message):
        self.preview.problems.append((row, column, message))

    def warn(self, row, column, message):
        self.preview.warnings.append((row, column, message))

    def read(self, number, cells):
        if number in self.layout.repeated_headers:
            return
        if number in self.layout.heading_rows:
            self._heading_row(number, self.text(cells, "action"))
            return
        self._place(number, cells)
        description = self.text(cells, "action")
        if not description:
            filled = [LABELS.get(k, k) for k in self.columns
                      if k not in ("theme", "section", "action") and self.text(cells, k)]
            filled += [h for h, _v in self.layout.other_cells(cells)]
            if filled:
                self.problem(number, "Action", f"the row has text in {', '.join(filled)} "
                             "but no action: write the action, or clear the row")
            return
        self._row(number, cells, description)

    def _heading_row(self, number, text):
        first = number in self.layout.heading_starts
        if first or self.theme is None:
            self.theme = self.place = self.book.theme(text, number, "Action")
        else:
            self.book.describe(self.theme, text)

    def _place(self, number, cells):
        theme_text = self.text(cells, "theme")
        if theme_text:
            if self.theme and re.match(r"^[a-z]", theme_text) and not self.text(cells, "section"):
                self.book.continue_title(self.theme, theme_text)
                self.warn(number, "Theme", f"'{theme_text[:40]}' is read as the end of theme "
                          f"{self.theme}'s title (a heading split over two rows)")
            else:
                self.theme = self.place = self.book.theme(theme_text, number)
        section_text = self.text(cells, "section")
        if section_text:
            if self.theme is None:
                self.theme = self.place = self.book.theme("", number)
            self.place = self.book.section(section_text, self.theme, number)
        if self.place is None:
            self.theme = self.place = self.book.theme("Actions", number)

    def _reference(self, number, cells):
        reference = self.text(cells, "reference")
        if not reference:
            self.counters[self.place] = self.counters.get(self.place, 0) + 1
            reference = f"{self.place}.{self.counters[self.place]}"
            while reference in self.seen_refs:
                self.counters[self.place] += 1
                reference = f"{self.place}.{self.counters[self.place]}"
        if len(reference) > 20:
            self.problem(number, "Ref", f"'{reference[:30]}' is too long for a reference")
        if reference in self.seen_refs:
            self.problem(number, "Ref", f"reference {reference} is also used on row "
                         f"{self.seen_refs[reference]}")
        self.seen_refs[reference] = number
        return reference

    def _due(self, number, cells):
        value = self.cell(cells, "when")
        year = self.context_year.get(self.theme, self.preview.years[0])
        due = read_due(value, year)
        if due.error:
            self.problem(number, "When", due.error)
        elif due.unread:
            self.warn(number, "When", f"'{due.text[:60]}' is not a date the app can read: it is "
                      "kept as written, and the action is never shown as overdue")
        elif due.assumed_year:
            what = str(Quarter.of(due.date)) if due.precision == DuePrecision.QUARTER else (
                f"{due.date:%B %Y}")
            whose = ("the year of the rows above" if self.theme in self.context_year
                     else f"the first year of the plan, {year_label(year)}")
            self.warn(number, "When", f"'{due.text}' has no year: read as {what} ({whose})")
        elif due.date is not None:
            self.context_year[self.theme] = financial_year_of(due.date)
        if due.text and "?" in due.text and not due.unread:
            self.warn(number, "When", f"'{due.text}' is queried in the file: check it")
        if isinstance(value, str) and len(value.strip()) > 200:
            self.warn(number, "When", "the wording is longer than 200 characters: the rest is "
                      "kept with the action's other columns")
        return due

    def _progress(self, number, cells, row):
        rag_text = self.text(cells, "rag")
        rag = parse_rag(rag_text) if rag_text else None
        if rag_text and rag is None:
            self.problem(number, "RAG", f"'{rag_text[:40]}' is not a RAG rating (use Red, Amber, "
                         "Green, Blue/Complete or Not started)")
        said, narrative = split_progress(self.text(cells, "progress"))
        row.rag = rag or said
        row.progress = narrative
        if narrative and row.rag is None:
            row.rag = RAG.NOT_RATED
        if "as_at" in self.columns and (row.progress or row.rag):
            day, error = as_at_date(self.cell(cells, "as_at"))
            if error:
                self.problem(number, LABELS["as_at"], error)
            row.as_at = day
        row.as_at = row.as_at or self.progress_date
        if row.as_at and row.as_at > timezone.localdate():
            self.problem(number, LABELS["as_at"], f"{row.as_at:%d/%m/%Y} is in the future")

    def _row(self, number, cells, description):
        reference = self._reference(number, cells)
        who = self.text(cells, "who")
        leads = self.matcher.split(who)
        for lead in leads:
            self.leads.setdefault((lead.kind, lead.key), lead)
        lead_text = " and ".join(lead.text for lead in leads if lead.kind != GROUP)
        others = list(self.layout.other_cells(cells))
        if len(lead_text) > LEAD_LIMIT:
            others.insert(0, ["Who (as written)", who])
            self.warn(number, "Who", f"the lead text is longer than {LEAD_LIMIT} characters: it "
                      "is kept in full with the action's other columns")
        when = self.cell(cells, "when")
        if isinstance(when, str) and len(when.strip()) > 200:
            others.insert(0, ["When (as written)", when.strip()])
        row = Row(number=number, theme=self.place, reference=reference, description=description,
                  who=who, leads=leads, due=self._due(number, cells),
                  other_columns=[list(pair) for pair in others],
                  **{key: self.text(cells, key) for key in TEXT_FIELDS})
        self._progress(number, cells, row)
        row.existing = self.existing.get(reference)
        if row.existing is not None:
            row.changes = changes(row.existing, row)
            row.new_update = bool(row.progress or row.rag) and not any(
                u.narrative == row.progress and u.rag == row.rag
                for u in row.existing.updates.all())
        self.preview.rows.append(row)


def fields_for(row, roles=None):
    """The action's fields from a preview row; ``roles`` are the lead texts kept as text
    (by default every name that is not a group)."""
    if roles is None:
        roles = [lead.text for lead in row.leads if lead.kind != GROUP]
    due = row.due
    precision = due.precision if (due.date or due.precision == DuePrecision.RECURRING) else (
        DuePrecision.TEXT)
    return {
        "description": row.description, "outcome": row.outcome, "measures": row.measures,
        "source": row.source, "risk_note": row.risk,
        "lead_role": " and ".join(roles)[:LEAD_LIMIT], "due_date": due.date,
        "due_precision": precision,
        "due_text": due.text or ("Not given" if precision == DuePrecision.TEXT else ""),
        "other_columns": row.other_columns,
    }


def changes(action, row):
    """The fields an import would change on ``action`` (names, for the preview)."""
    new = fields_for(row)
    new["due_date"] = period_end(new["due_date"], new["due_precision"])
    changed = [key for key, value in new.items() if getattr(action, key) != value]
    if action.theme.number != row.theme:
        changed.append("theme")
    if {g.pk for g in action.owners.all()} != {g.pk for g in row.owners}:
        changed.append("owners")
    return changed

