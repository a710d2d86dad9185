"""Read a spreadsheet into rows of text, whatever boards save it as.

Limits, checked before the work they would cost (every importer reads through here):
20 MB a file, 5,000 rows with content per import, 200 columns, and for a workbook
the limits of :mod:`lscb.spreadsheets.xlsx` (20,000 rows in the sheet's used range,
64 MB unpacked, no DTD); a CSV file may have at most 100,000 lines and 16,384 cells
on a line. Each refusal says which limit and what to do.
"""

import csv
import datetime
import io
from decimal import Decimal

from . import xlsx
from .xlsx import MAX_COLUMNS, MAX_ROW_CELLS

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 5000
MAX_CSV_LINES = 100_000
UPLOAD_EXTENSIONS = (".xlsx", ".csv", ".txt")


# Files people upload by mistake, recognised by their first bytes whatever their name.
SIGNATURES = [
    (b"\xd0\xcf\x11\xe0", "an old Excel 97-2003 (.xls) or Word (.doc) file"),
    (b"%PDF", "a PDF document"),
    (b"{\\rtf", "a Rich Text (.rtf) document"),
    (b"\x89PNG", "a picture"), (b"\xff\xd8\xff", "a picture"), (b"GIF8", "a picture"),
]


class ImportError_(Exception):
    """A problem with the whole file (not one row)."""


def size_problem(size):
    """The message for a file over the limit, or None."""
    if size > MAX_BYTES:
        return f"The file is {size / 1024 / 1024:.1f} MB: the limit is 20 MB."
    return None


def read_table(data: bytes, name: str = ""):
    """Return (header cells, [(row number, cells)]) from XLSX or CSV bytes.

    Cells are strings or dates/datetimes (from a spreadsheet's date cells); a number
    shown as a percentage in Excel (0.23 formatted 0%) comes as "23%".
    """
    if not data:
        raise ImportError_("The file is empty.")
    if size_problem(len(data)):
        raise ImportError_(size_problem(len(data)))
    for signature, what in SIGNATURES:
        if data.startswith(signature):
            raise ImportError_(f"This is {what}, not a spreadsheet the app can read. "
                               "Save the spreadsheet as .xlsx or .csv and upload that.")
    if data[:2] == b"PK":
        rows = _read_xlsx(data)
    elif name.lower().endswith((".xlsx", ".xlsm")):
        raise ImportError_("This file is named .xlsx but is not an Excel workbook.")
    elif name.lower().endswith((".xls", ".doc", ".docx", ".pdf", ".ods")):
        raise ImportError_("Save the spreadsheet as .xlsx or .csv and upload that.")
    else:
        rows = _read_csv(data)
    if not rows:
        raise ImportError_("The file has no rows.")
    header_number, header = rows[0]
    body = rows[1:]
    if len(body) > MAX_ROWS:
        raise ImportError_(f"The file has {len(body):,} rows: the limit is {MAX_ROWS:,} rows "
                           "per import. Split it into smaller files.")
    return [_text(c) for c in header], body


def _kept(rows):
    """The rows with anything in them, each at most MAX_COLUMNS cells wide: the first
    MAX_ROWS + 1 are kept, the rest only counted (so that the message gives the real
    number without holding them). A value beyond the last column is refused."""
    kept, extra = [], 0
    for number, cells in rows:
        if not any(_text(c) for c in cells):
            continue
        wide = [index for index, cell in enumerate(cells[MAX_COLUMNS:], start=MAX_COLUMNS + 1)
                if _text(cell)]
        if wide:
            where = "The header" if not kept else f"Row {number:,}"
            raise ImportError_(f"{where} has values beyond column {MAX_COLUMNS} (in column "
                               f"{wide[-1]:,}): the limit is {MAX_COLUMNS} columns. Delete the "
                               "columns beyond your table and save again.")
        if len(kept) > MAX_ROWS:
            extra += 1
        else:
            kept.append((number, cells[:MAX_COLUMNS]))
    return kept + [(0, ["…"])] * extra


def _text(cell):
    if cell is None:
        return ""
    if isinstance(cell, (datetime.date, datetime.datetime)):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _read_xlsx(data):
    try:
        workbook, sheet, merged = xlsx.open_first_sheet(data)
    except xlsx.Refused as error:
        raise ImportError_(str(error)) from error
    try:
        if merged:
            ranges = ", ".join(merged[:5])
            raise ImportError_(f"The sheet has merged cells ({ranges}). Unmerge them so each "
                               "row has its own values, then upload again.")
        rows = ((number, [_cell(c) for c in row])
                for number, row in enumerate(xlsx.sheet_rows(sheet), start=1))
        return _kept(rows)
    except xlsx.Refused as error:
        raise ImportError_(str(error)) from error
    finally:
        workbook.close()


def _cell(cell):
    value = cell.value
    if (isinstance(value, (int, float)) and not isinstance(value, bool)
            and "%" in (cell.number_format or "")):
        return f"{(Decimal(str(value)) * 100).normalize():f}%"
    return _text(value)


def _read_csv(data):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportError_("This is not a text (CSV) file or an Excel workbook.")
    if "\x00" in text:
        raise ImportError_("This is not a text (CSV) file or an Excel workbook.")
    lines = max(text.count("\n"), text.count("\r"))
    if lines > MAX_CSV_LINES:
        raise ImportError_(f"The file has {lines:,} lines: the limit is {MAX_ROWS:,} rows per "
                           "import. Delete the empty lines or split the file, and upload again.")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    widest = max(line.count(dialect.delimiter) for line in text.splitlines() or [""])
    if widest >= MAX_ROW_CELLS:
        raise ImportError_(f"A line of the file has {widest + 1:,} cells: the limit is "
                           f"{MAX_COLUMNS} columns.")
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        return _kept((n, [c.strip() for c in row]) for n, row in enumerate(reader, start=1))
    except csv.Error as error:
        raise ImportError_(f"The CSV file cannot be read: {error}.") from error
