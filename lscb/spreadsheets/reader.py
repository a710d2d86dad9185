"""Read a spreadsheet into rows of text, whatever boards save it as."""

import csv
import datetime
import io
import zipfile
from decimal import Decimal

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 5000
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
    rows = [(n, cells) for n, cells in rows if any(_text(c) for c in cells)]
    if not rows:
        raise ImportError_("The file has no rows.")
    header_number, header = rows[0]
    body = rows[1:]
    if len(body) > MAX_ROWS:
        raise ImportError_(f"The file has {len(body):,} rows: the limit is {MAX_ROWS:,} rows "
                           "per import. Split it into smaller files.")
    return [_text(c) for c in header], body


def _text(cell):
    if cell is None:
        return ""
    if isinstance(cell, (datetime.date, datetime.datetime)):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _read_xlsx(data):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ImportError_(f"This is not a readable Excel workbook ({error}).") from error
    sheet = workbook.worksheets[0]
    merged = list(sheet.merged_cells.ranges)
    if merged:
        ranges = ", ".join(str(r) for r in merged[:5])
        raise ImportError_(f"The sheet has merged cells ({ranges}). Unmerge them so each row "
                           "has its own values, then upload again.")
    rows, kept, extra = [], 0, 0
    for number, row in enumerate(sheet.iter_rows(), start=1):
        if kept > MAX_ROWS + 1:
            # over the limit: only count the rows with anything in them, so that the
            # message gives the real number, without keeping them
            extra += any(_text(c.value) for c in row)
            continue
        cells = [_cell(c) for c in row]
        kept += any(cells)
        rows.append((number, cells))
    return rows + [(0, ["…"])] * extra


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
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        return [(n, [c.strip() for c in row]) for n, row in enumerate(reader, start=1)]
    except csv.Error as error:
        raise ImportError_(f"The CSV file cannot be read: {error}.") from error
