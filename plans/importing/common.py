"""What the indicator and risk imports share: the preview, numbers, ratings and
dates as boards write them, sample workbooks, and the upload kept between preview
and confirm."""

import datetime
import io
import re
import secrets
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from lscb.fiscal import month_end
from lscb.fiscal.due import DuePrecision, parse_due
from lscb.spreadsheets.headings import match_headings

IGNORED = "ignored"  # columns recognised as worked out by the app (scores, RAG): not read
SHOWN_ROWS = 1000  # rows listed on the preview page (all are imported)


@dataclass
class Row:
    number: int
    key: str  # the indicator's name or the risk's reference
    values: dict  # field -> value to store
    cells: list  # what the preview shows, one per column of the preview table
    existing: object = None
    changes: list = field(default_factory=list)  # "Target: 20 → 18" for an existing record


@dataclass
class Preview:
    columns: list = field(default_factory=list)  # headings of the preview table
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # (row, column, message): nothing is imported
    warnings: list = field(default_factory=list)  # (row, column, message): imported anyway
    ignored_columns: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems

    @property
    def new_count(self):
        return sum(1 for row in self.rows if row.existing is None)

    @property
    def update_count(self):
        return sum(1 for row in self.rows if row.existing is not None and row.changes)

    @property
    def unchanged_count(self):
        return sum(1 for row in self.rows if row.existing is not None and not row.changes)

    @property
    def shown_rows(self):
        return self.rows[:SHOWN_ROWS]

    def summary(self, noun):
        return (f"{self.new_count} new {noun}, {self.update_count} to update, "
                f"{self.unchanged_count} unchanged.")


def match_columns(header, headings, second=None):
    """The plan import's matcher, with the columns the app works out itself set aside."""
    found, unknown = match_headings(header, headings, second)
    if IGNORED in found:
        unknown.insert(0, str(header[found.pop(IGNORED)]))
    return found, unknown


def cell_getter(columns):
    def cell(cells, key):
        index = columns.get(key)
        if index is None or index >= len(cells):
            return ""
        value = cells[index]
        return value.strip() if isinstance(value, str) else value

    return cell


def text(value):
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value or "").strip()


# What boards write for "no value": never a number, never an error.
BLANK = {"", "-", "–", "—", "n/a", "na", "n a", "not available", "tbc", "tba", "tbd",
         "not known", "nk", "n k", "awaiting data", "no data", "not yet available", "unknown",
         "not applicable", "."}
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
LIMIT = Decimal("10000000000")  # the model's 12 digits, 2 after the point


def parse_number(value):
    """(Decimal or None, error). "23%", "1,234", "£5,000", "12.345" (kept to 2 places);
    blank, "-" and "n/a" are no value; text is an error."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return None, f"'{text(value)}' is a date, not a number"
    raw = str(value or "").strip()
    if raw.lower().rstrip(".") in BLANK or raw.lower() in BLANK:
        return None, None
    cleaned = re.sub(r"[\s,£$€]", "", raw).removesuffix("%")
    if not _NUMBER.match(cleaned):
        return None, f"'{raw[:40]}' is not a number"
    try:
        number = Decimal(cleaned).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return None, f"'{raw[:40]}' is not a number"
    if abs(number) >= LIMIT:
        return None, f"'{raw[:40]}' is too large"
    return number, None


def unit_written(value):
    """The unit a figure is written with: "%" for "23%", "£" for "£5,000", else ""."""
    raw = str(value or "").strip()
    if raw.endswith("%"):
        return "%"
    return "£" if raw.startswith(("£", "-£")) else ""


def parse_date(value):
    """(date or None, error, warning) with the plan import's reading of dates: a month
    ("December 2015", "Dec-15") is its last day; wording that is not a date ("Ongoing")
    is left out with a warning; an impossible date is an error."""
    if value in ("", None) or (isinstance(value, str) and value.strip().lower() in BLANK):
        return None, None, None
    day, precision, wording, error = parse_due(value)
    if error:
        return None, error, None
    if day is None:
        return None, None, f"'{wording[:40]}' is not a date, so it is left empty"
    if precision == DuePrecision.MONTH:
        day = month_end(day.year, day.month)
    return day, None, None


_YEAR_IN_HEADING = re.compile(r"(20\d{2})\s*[/-]\s*(\d{2}|\d{4})")


def heading_year(heading):
    """2014 for "EoY 2014/15", None when the heading names no financial year."""
    m = _YEAR_IN_HEADING.search(str(heading))
    if m and int(m.group(2)) % 100 == (int(m.group(1)) + 1) % 100:
        return int(m.group(1))
    return None


def describe(value):
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, datetime.date):
        return value.strftime("%-d %b %Y")
    value = str(value)
    return value if len(value) <= 40 else value[:39] + "…"


def change(label, old, new):
    return f"{label}: {describe(old)} → {describe(new)}"


def normalised_name(name):
    return re.sub(r"\s+", " ", str(name)).strip().casefold()


def sample_workbook(title, headings, notes, widths=None, validations=()):
    """An .xlsx with the headings on the first sheet and what each column takes on a
    second ("How to fill in"); only the first sheet is read when importing."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(headings)
    for index, heading in enumerate(headings, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = (widths or {}).get(
            heading, max(12, len(heading) + 2))
    sheet.freeze_panes = "A2"
    for validation in validations:
        sheet.add_data_validation(validation)
    help_sheet = book.create_sheet("How to fill in")
    help_sheet.append(["Column", "What to write"])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    for row in notes:
        help_sheet.append(list(row))
    help_sheet.column_dimensions["A"].width = 28
    help_sheet.column_dimensions["B"].width = 100
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# The upload waits in MEDIA_ROOT between the preview and the confirmation, known to the
# user's session only (and only for the board it was uploaded to).
SESSION_KEY = "register_imports"
KEEP = 5  # uploads kept per session


def store_upload(request, kind, upload, **options):
    token = secrets.token_urlsafe(18)
    path = default_storage.save(f"imports/{kind}/{token}.upload", ContentFile(upload.read()))
    pending = dict(request.session.get(SESSION_KEY, {}))
    for old in list(pending)[:-KEEP + 1]:
        default_storage.delete(pending.pop(old)["path"])
    pending[token] = {"kind": kind, "board": request.board.pk, "path": path,
                      "name": upload.name[:255], **options}
    request.session[SESSION_KEY] = pending
    return token


def load_upload(request, kind, token):
    """(details, bytes) of a pending upload, or None when there is none (or it is for
    another kind, another board, or already imported)."""
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if not entry or entry["kind"] != kind or entry["board"] != request.board.pk:
        return None
    try:
        with default_storage.open(entry["path"], "rb") as handle:
            return entry, handle.read()
    except OSError:
        return None


def discard_upload(request, token):
    pending = dict(request.session.get(SESSION_KEY, {}))
    entry = pending.pop(token, None)
    if entry:
        default_storage.delete(entry["path"])
    request.session[SESSION_KEY] = pending
