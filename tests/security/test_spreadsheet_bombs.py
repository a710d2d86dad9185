"""Hostile spreadsheets are refused before they cost anything (M3): each answered in well
under a second, with memory bounded, by every importer and every upload form."""

import io
import re
import time
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lscb.spreadsheets.reader import ImportError_, read_table

MAX_COLUMNS = 200  # lscb.spreadsheets.xlsx: the limits the README gives
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024
SECONDS = 1.0
PEAK_BYTES = 64 * 1024 * 1024  # the bound the README gives


def workbook(cells):
    book = openpyxl.Workbook()
    for ref, value in cells.items():
        book.active[ref] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewrite(data, part, change):
    """The workbook with one part's XML changed by ``change(text) -> text``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == part:
                content = change(content.decode()).encode()
            target.writestr(info.filename, content)
    return out.getvalue()


def far_cell(dimension=None):
    """Only A1 and Z100000, the file of the report (~5 KB); ``dimension`` overrides (or
    with "" removes) what the sheet declares."""
    data = workbook({"A1": "Action", "Z100000": "x"})
    if dimension is None:
        return data
    replacement = f'<dimension ref="{dimension}"/>' if dimension else ""
    return rewrite(data, "xl/worksheets/sheet1.xml",
                   lambda xml: re.sub(r"<dimension [^>]*/>", replacement, xml))


LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">'
          '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;">]>')


def with_dtd(part, dtd=LAUGHS):
    def change(xml):
        if xml.startswith("<?xml"):
            head, _, rest = xml.partition("?>")
            return f"{head}?>{dtd}{rest}"
        return dtd + xml
    return rewrite(workbook({"A1": "Action", "A2": "Do it"}), part, change)


def wide_row(cells=20_000):
    """A row of more cells than Excel allows, and a dimension that says A1:A1."""
    row = "".join("<c t=\"inlineStr\"><is><t>x</t></is></c>" for _ in range(cells))
    return rewrite(workbook({"A1": "Action"}), "xl/worksheets/sheet1.xml",
                   lambda xml: re.sub(r"<sheetData>.*</sheetData>|<sheetData/>",
                                      f"<sheetData><row r=\"1\">{row}</row></sheetData>", xml))


def zip_bomb():
    data = workbook({"A1": "Action"})
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        target.writestr("xl/media/padding.bin", b"\0" * (MAX_UNZIPPED_BYTES + 1))
    return out.getvalue()


HOSTILE = {
    "far cell (declared A1:Z100000)": (far_cell(), "p.xlsx", "used range is 100,000 rows"),
    "far cell, dimension says A1:A1": (far_cell("A1:A1"), "p.xlsx", "rows beyond row 20,000"),
    "far cell, no dimension": (far_cell(""), "p.xlsx", "rows beyond row 20,000"),
    "entities in the sheet": (with_dtd("xl/worksheets/sheet1.xml"), "p.xlsx",
                              "not a valid spreadsheet"),
    "entities in the styles": (with_dtd("xl/styles.xml"), "p.xlsx", "not a valid spreadsheet"),
    "entities in the properties": (with_dtd("docProps/core.xml"), "p.xlsx",
                                   "not a valid spreadsheet"),
    "DTD in the workbook": (with_dtd("xl/workbook.xml", "<!DOCTYPE workbook>"), "p.xlsx",
                            "not a valid spreadsheet"),
    "external DTD in content types": (
        with_dtd("[Content_Types].xml", '<!DOCTYPE t SYSTEM "http://127.0.0.1:9/x.dtd">'),
        "p.xlsx", "not a valid spreadsheet"),
    "malformed sheet XML": (rewrite(workbook({"A1": "x"}), "xl/worksheets/sheet1.xml",
                                    lambda xml: xml.replace("</sheetData>", "")),
                            "p.xlsx", "not a valid spreadsheet"),
    "20,000 cells in a row": (wide_row(), "p.xlsx", "more than 16,384 cells"),
    "zip bomb": (zip_bomb(), "p.xlsx", "unpacks to"),
    "40,000-column CSV header": (",".join(f"c{n}" for n in range(40_000)).encode() + b"\n1\n",
                                 "p.csv", "the limit is 200 columns"),
    "300-column CSV header": (",".join(f"c{n}" for n in range(300)).encode() + b"\n1\n",
                              "p.csv", "beyond column 200"),
    "20 MB of empty lines": (b"Action\n" + b"\n" * (20 * 1024 * 1024 - 10), "p.csv",
                             "lines: the limit is 5,000 rows"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_file_is_refused_quickly(name):
    data, filename, message = HOSTILE[name]
    start = time.perf_counter()
    with pytest.raises(ImportError_, match=message):
        read_table(data, filename)
    assert time.perf_counter() - start < SECONDS, name


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_file_is_refused_within_the_memory_bound(name):
    data, filename, _ = HOSTILE[name]
    tracemalloc.start()
    try:
        with pytest.raises(ImportError_):
            read_table(data, filename)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < PEAK_BYTES, f"{name}: {peak / 1024 / 1024:.0f} MB"


def test_a_workbook_at_the_column_limit_is_read():
    header = {f"{openpyxl.utils.get_column_letter(n)}1": f"h{n}" for n in range(1, MAX_COLUMNS + 1)}
    header["A2"] = "value"
    found, body = read_table(workbook(header), "p.xlsx")
    assert len(found) == MAX_COLUMNS and body[0][1][0] == "value"
    header["GS1"] = "one too many"  # column 201
    with pytest.raises(ImportError_, match="201 columns: the limit is 20,000 rows and 200 columns"):
        read_table(workbook(header), "p.xlsx")
    lying = rewrite(workbook(header), "xl/worksheets/sheet1.xml",
                    lambda xml: re.sub(r"<dimension [^>]*/>", '<dimension ref="A1:B2"/>', xml))
    with pytest.raises(ImportError_, match="values beyond column 200 \\(in column 201\\)"):
        read_table(lying, "p.xlsx")


@pytest.mark.parametrize("url, extra", [
    ("actions:import", {"title": "Plan"}),
    ("plans:indicator_import", {"year": "2015/16"}),
    ("plans:risk_import", {}),
])
@pytest.mark.parametrize("name", ["entities in the sheet", "far cell (declared A1:Z100000)",
                                  "40,000-column CSV header"])
def test_every_upload_form_answers_with_the_reason(login, users, board, url, extra, name):
    """The three import forms answer with the reason next to the file field (the time is
    measured above, without the page around it)."""
    data, filename, message = HOSTILE[name]
    response = login(users["manager"]).post(
        reverse(url), {"file": SimpleUploadedFile(filename, data), **extra})
    assert response.status_code == 200
    assert message in response.content.decode()
