"""Reading an uploaded Excel workbook with limits set before any work is done.

An XLSX is a zip of XML, and openpyxl's normal mode materialises every cell of a
sheet's declared extent: a 5 KB file holding A1 and Z100000 costs seconds and
hundreds of megabytes. So, in this order, each step cheap and bounded by the one
before it:

1. the zip: at most ``MAX_PARTS`` parts and ``MAX_UNZIPPED_BYTES`` once unpacked (the
   sizes it declares; reading stops at the declared size);
2. every XML part's prolog: a DTD (and so any entity) is refused;
3. the first sheet's declared dimension (openpyxl's read-only mode reads it first):
   above ``MAX_SHEET_ROWS`` rows or ``MAX_COLUMNS`` columns is refused;
4. one pass over the sheet's XML with byte searches (C speed, nothing built per cell):
   no row numbered beyond ``MAX_SHEET_ROWS``, at most ``MAX_ROW_CELLS`` cells in a row
   (Excel's own width), and the merged ranges collected;
5. the rows themselves, in read-only mode with ``max_row``/``max_col``, so a sheet
   that lied about its size still cannot make more rows or columns than the limits.

Anything malformed on the way is "not a valid spreadsheet", never a 500. Reading any
upload this way stays within about ``MAX_UNZIPPED_BYTES`` of memory plus one row.
"""

import re
import zipfile
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

MAX_PARTS = 1000
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024
MAX_SHEET_ROWS = 20_000
MAX_COLUMNS = 200
MAX_ROW_CELLS = 16_384
NOT_VALID = "This is not a valid spreadsheet: it is not a readable Excel workbook"


class Refused(Exception):
    """The workbook breaks one of the limits (the message says which)."""


def check_archive(archive):
    """Step 1 and 2: the parts, their unpacked size, and no DTD in any XML part."""
    parts = archive.infolist()
    if len(parts) > MAX_PARTS:
        raise Refused(f"{NOT_VALID} ({len(parts):,} parts inside).")
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_UNZIPPED_BYTES:
        raise Refused(f"{NOT_VALID}: it unpacks to {unpacked / 1024 / 1024:,.0f} MB, more than "
                      f"the {MAX_UNZIPPED_BYTES // 1024 // 1024} MB allowed.")
    for part in parts:
        if part.filename.endswith((".xml", ".rels", ".vml")):
            with archive.open(part) as source:
                check_prolog(source)


def check_prolog(source):
    """Parse up to the root element only: a document type declaration comes before it."""
    try:
        for _event, _element in iterparse(source, events=("start",), forbid_dtd=True):
            return
    except (DefusedXmlException, ParseError) as error:
        raise Refused(f"{NOT_VALID} ({describe(error)}).") from error


def describe(error):
    if isinstance(error, DefusedXmlException):
        return "it declares a document type or entities, which spreadsheets never need"
    return "its XML is malformed"


def check_dimension(sheet):
    """Step 3: the extent the sheet declares, before any row is read."""
    rows, columns = sheet.max_row or 0, sheet.max_column or 0
    if rows > MAX_SHEET_ROWS or columns > MAX_COLUMNS:
        raise Refused(
            f"The sheet's used range is {rows:,} rows by {columns:,} columns: the limit is "
            f"{MAX_SHEET_ROWS:,} rows and {MAX_COLUMNS} columns. Delete the rows and columns "
            "beyond your table (one stray value far below or to the right makes Excel count "
            "everything up to it) and save again.")


ROOT = re.compile(rb"<([\w.-]+:)?worksheet[\s>]")
ROW_NUMBER = re.compile(rb'\sr="(\d+)"')
MERGE = re.compile(rb'<(?:[\w.-]+:)?mergeCell\b[^>]*?\sref="([A-Za-z0-9:$]{1,40})"')
TAG_ENDS = (b" ", b">", b"/", b"\n", b"\r", b"\t")


def scan_sheet(xml):
    """Step 4: one pass over the sheet's XML (bytes), at C speed (no event per cell):
    refuses rows beyond MAX_SHEET_ROWS and rows of more than MAX_ROW_CELLS cells;
    returns the merged ranges. (Well-formedness and DTDs are checked elsewhere.)"""
    found = ROOT.search(xml, 0, 65536)
    prefix = (found.group(1) or b"") if found else b""
    row_tag, cell_tag = b"<" + prefix + b"row", b"<" + prefix + b"c"
    starts = []
    position = xml.find(row_tag)
    while position != -1:
        if xml[position + len(row_tag):position + len(row_tag) + 1] in TAG_ENDS:
            starts.append(position)
            number = ROW_NUMBER.search(xml, position, xml.find(b">", position) + 1)
            if len(starts) > MAX_SHEET_ROWS or (number and int(number.group(1)) > MAX_SHEET_ROWS):
                raise Refused(f"The sheet has rows beyond row {MAX_SHEET_ROWS:,}: the limit "
                              f"is {MAX_SHEET_ROWS:,} rows. Delete the rows below your table "
                              "and save again.")
        position = xml.find(row_tag, position + 1)
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(xml)
        cells = sum(xml.count(cell_tag + tail, start, end) for tail in TAG_ENDS)
        if cells > MAX_ROW_CELLS:
            raise Refused(f"{NOT_VALID} (row {index + 1:,} has more than {MAX_ROW_CELLS:,} "
                          "cells).")
    return [match.group(1).decode() for match in MERGE.finditer(xml)]


def open_first_sheet(data):
    """(workbook, sheet, merged ranges) after steps 1–4; the caller reads the rows."""
    import io

    from openpyxl import load_workbook

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        check_archive(archive)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        check_dimension(sheet)
        with sheet._get_source() as source:  # the sheet's own XML part, as openpyxl reads it
            merged = scan_sheet(source.read(MAX_UNZIPPED_BYTES + 1))
    except Refused:
        raise
    except Exception as error:  # anything else a hostile or broken file raises
        raise Refused(f"{NOT_VALID} ({type(error).__name__}).") from error
    return workbook, sheet, merged


def sheet_rows(sheet):
    """Rows as tuples of cells (read-only cells keep their number format, which says
    whether 0.23 was shown as 23%), at most MAX_SHEET_ROWS rows of MAX_COLUMNS + 1 cells:
    the extra column shows whether anything lies beyond the limit."""
    try:
        yield from sheet.iter_rows(min_row=1, max_row=MAX_SHEET_ROWS, max_col=MAX_COLUMNS + 1)
    except Exception as error:
        raise Refused(f"{NOT_VALID} ({type(error).__name__}).") from error
