"""Read a spreadsheet into rows of text, whatever boards save it as."""

import csv
import datetime
import io
import zipfile

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 5000


class ImportError_(Exception):
    """A problem with the whole file (not one row)."""


def read_table(data: bytes, name: str = ""):
    """Return (header cells, [(row number, cells)]) from XLSX or CSV bytes.

    Cells are strings or dates/datetimes (from a spreadsheet's date cells).
    """
    if not data:
        raise ImportError_("The file is empty.")
    if len(data) > MAX_BYTES:
        raise ImportError_(f"The file is {len(data) / 1024 / 1024:.1f} MB: the limit is 20 MB.")
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
        raise ImportError_(f"The file has {len(body):,} rows: the limit is {MAX_ROWS:,} actions "
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
    rows = []
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        rows.append((number, [_text(c) for c in row]))
        if number > MAX_ROWS + 50:
            break
    return rows


def _read_csv(data):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
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
