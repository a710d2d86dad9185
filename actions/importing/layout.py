"""Where a plan's table is in the sheet: the row of column headings (not always the first:
a title may sit above it), headings repeated down the sheet where the original document
started a new table, and the heading rows between those tables.

A plan laid out like Cambridgeshire's 2008-09 work plan is several tables, one per
function, each under a heading row ("a) Developing policies and procedures…",
"Training") and each repeating the column headings. Copied into one sheet, the heading
rows hold text in one cell only, just before a repeated row of column headings: they
become the themes (the first row of each run the title, the rest its description).
"""

import datetime
import re
from dataclasses import dataclass, field

from lscb.fiscal.due import read_due
from lscb.spreadsheets.headings import match_headings

LOOK_FOR_HEADINGS = 10  # rows searched for the column headings


def _text(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value
    return str(value or "").strip()


_REF = re.compile(r"^\d+(\.\d+)+[a-z]?$|^\d+[a-z]$", re.I)


def _reference_column(header, body, taken):
    """The column without a heading that holds references ("1.1", "2.10", "3a"): the
    action plans boards publish often leave that heading blank."""
    for index, heading in enumerate(header):
        if index in taken or str(heading).strip():
            continue
        values = [str(_text(cells[index])) for _n, cells in body
                  if index < len(cells) and _text(cells[index])]
        if values and sum(bool(_REF.match(v)) for v in values) >= 0.8 * len(values):
            return index
    return None


@dataclass
class Layout:
    header: list
    body: list  # [(row number, cells)] below the headings
    columns: dict  # field -> column index
    unknown: list  # headings of the columns the app has no field for (kept as notes)
    unknown_indexes: list = field(default_factory=list)
    repeated_headers: set = field(default_factory=set)
    heading_rows: set = field(default_factory=set)
    heading_starts: set = field(default_factory=set)
    lead_in: list = field(default_factory=list)  # [(row, text)] above the headings, a heading
    warnings: list = field(default_factory=list)

    @classmethod
    def find(cls, header, body, headings):
        columns, unknown = match_headings(header, headings)
        above = []
        if "action" not in columns:
            for index, (_number, cells) in enumerate(body[:LOOK_FOR_HEADINGS]):
                texts = [str(_text(c)) for c in cells]
                found, missing = match_headings(texts, headings)
                if "action" in found:
                    above = [(1, header)] + body[:index]
                    header, body, columns, unknown = texts, body[index + 1:], found, missing
                    break
        if "reference" not in columns:
            unnamed = _reference_column(header, body, set(columns.values()))
            if unnamed is not None:
                columns["reference"] = unnamed
        known = set(columns.values())
        layout = cls(header=header, body=body, columns=columns, unknown=unknown,
                     unknown_indexes=[i for i, h in enumerate(header)
                                      if i not in known and str(h).strip()])
        layout._mark_headings(above, headings)
        return layout

    def other_cells(self, cells):
        """[(heading, text)] of the row's cells in columns the app has no field for."""
        for index in self.unknown_indexes:
            if index < len(cells):
                value = _text(cells[index])
                if isinstance(value, (datetime.date, datetime.datetime)):
                    value = value.strftime("%d/%m/%Y")
                if value:
                    yield str(self.header[index]).strip(), value

    def explicit_due_dates(self, index):
        """Due dates written with their year, for a new plan's financial years."""
        if index is None:
            return []
        dates = []
        for _number, cells in self.body:
            if index < len(cells) and cells[index]:
                due = read_due(cells[index])
                if due.date and not due.assumed_year:
                    dates.append(due.date)
        return dates

    def _one_cell(self, cells):
        """True when the row's only text is in the Action column."""
        action = self.columns["action"]
        return bool(action < len(cells) and _text(cells[action])) and not any(
            _text(c) for i, c in enumerate(cells) if i != action)

    def _mark_headings(self, above, headings):
        fields = set(self.columns)
        for number, cells in self.body:
            texts = [c if isinstance(c, str) else "" for c in cells]
            found, _unknown = match_headings(texts, headings)
            if len(found) >= 2 and set(found) == fields - {"reference"} | set(found) & {
                    "reference"}:
                self.repeated_headers.add(number)
        lines = [(n, text) for n, cells in above for text in map(_text, cells) if text]
        if "theme" in self.columns or not self.repeated_headers:
            if lines:
                self.warnings.append((lines[0][0], "", "the rows above the column headings "
                                      "are not read: " + "; ".join(str(t)[:80] for _n, t in lines)))
            return
        # a table per section: the one-cell rows before each repeat of the headings (and
        # any rows above the first headings) are the sections' headings
        self.lead_in = [(n, str(text)) for n, text in lines]
        rows = list(self.body)
        for index, (number, _cells) in enumerate(rows):
            if number not in self.repeated_headers:
                continue
            run, back = [], index - 1
            while back >= 0 and rows[back][0] not in self.repeated_headers \
                    and self._one_cell(rows[back][1]):
                run.insert(0, rows[back][0])
                back -= 1
            if run:
                self.heading_rows.update(run)
                self.heading_starts.add(run[0])
