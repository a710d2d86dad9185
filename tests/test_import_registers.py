"""Importing indicators (with quarterly values) and the risk register from a
spreadsheet: headings as boards write them, problems by row and column, update
instead of duplicate, all or nothing, in the browser and from the command line."""

import datetime as dt
import io
from decimal import Decimal as D

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from lscb.spreadsheets.reader import MAX_BYTES, ImportError_
from plans.importing import indicators, risks
from plans.importing.common import parse_number
from plans.models import Indicator, IndicatorValue, Risk

from .test_import import csv_bytes, xlsx

INDICATOR_SHEET = [
    ["Indicator", "Unit", "Higher or lower is better", "Target", "EoY 2014/15", "Q1", "Q2", "Q3",
     "Q4", "DoT"],
    ["Re-referrals within 12 months", "%", "Lower is better", "20%", "24", "23%", "", "19", "n/a",
     "Improved"],
    ["Child protection visits in time", "%", "↑", "90", "", "85.5", "88", "", "", ""],
]
RISK_SHEET = [
    ["Theme", "Ref", "Risk", "Likelihood", "Impact", "Score", "Current controls", "Likelihood",
     "Impact", "Further controls", "By when", "By whom", "Status", "Review date"],
    ["Governance", "R1", "Partners do not attend", "4", "4", "16", "Attendance reported",
     "3", "3", "Escalate to chief officers", "December 2015", "Chair", "Open", "31/03/2016"],
    ["", "R2", "Budget cut", "3 - Possible", "Major", "12", "", "2", "4", "", "Ongoing", "",
     "Monitoring", ""],
    ["Learning", "R10", "Lessons not shared", 2, 3, 6, "", 1, 3, "", "", "", "", ""],
]


def indicator_preview(board, rows=INDICATOR_SHEET, year=2015, name="i.xlsx"):
    data = xlsx(rows) if name.endswith(".xlsx") else csv_bytes(rows)
    return indicators.build_preview(data, name, board, year)


# ---- indicators ----------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("23%", (D("23.00"), None)), ("1,234.5", (D("1234.50"), None)), ("£5,000", (D("5000"), None)),
    ("12.345", (D("12.35"), None)), ("-3", (D("-3"), None)), ("", (None, None)),
    ("n/a", (None, None)), ("-", (None, None)),
    ("abc", (None, "'abc' is not a number")), ("1e309", (None, "'1e309' is not a number")),
    ("NaN", (None, "'NaN' is not a number")),
    ("99999999999", (None, "'99999999999' is too large")),
    (dt.date(2015, 6, 30), (None, "'30/06/2015' is a date, not a number")),
])
def test_numbers_as_boards_write_them(text, expected):
    assert parse_number(text) == expected


def test_indicator_preview_reads_the_board_wording(board):
    preview = indicator_preview(board)
    assert preview.ok, preview.problems
    assert preview.ignored_columns == []  # "DoT": the direction of travel as printed
    first, second = preview.rows
    assert first.values == {"unit": "%", "polarity": "lower", "target": D("20"),
                            "previous_year_end": D("24"), "travel": "Improved",
                            "quarters": {1: D("23"), 3: D("19")}}
    assert second.values["polarity"] == "higher" and second.values["quarters"] == {
        1: D("85.5"), 2: D("88")}
    assert (preview.new_count, preview.update_count) == (2, 0)
    assert "Q1 2015/16" in preview.columns


@pytest.mark.parametrize("heading", ["Measure", "Name", "indicator"])
@pytest.mark.parametrize("polarity", ["Polarity", "Direction", "HIGHER OR LOWER IS BETTER"])
def test_indicator_headings_case_insensitive(board, heading, polarity):
    rows = [[heading, polarity, "Previous year end", "Q1 (Apr-Jun)"], ["A", "higher", "5", "6"]]
    preview = indicator_preview(board, rows, name="i.csv")
    assert preview.ok, preview.problems
    assert preview.rows[0].values == {"polarity": "higher", "previous_year_end": D("5"),
                                      "quarters": {1: D("6")}}


def test_percentages_formatted_in_excel_are_read_as_shown(board):
    book = openpyxl.Workbook()
    book.active.append(["Indicator", "Q1"])
    book.active.append(["Re-referrals", 0.235])
    book.active["B2"].number_format = "0.0%"
    out = io.BytesIO()
    book.save(out)
    preview = indicators.build_preview(out.getvalue(), "i.xlsx", board, 2015)
    assert preview.rows[0].values["quarters"] == {1: D("23.50")}


def test_text_in_numeric_cells_is_an_error_with_row_and_column(board):
    rows = [["Indicator", "Target", "Q1", "Q2"], ["A", "20", "1", "2"], ["B", "high", "3", "abc"]]
    preview = indicator_preview(board, rows, name="i.csv")
    assert preview.problems == [(3, "Target", "'high' is not a number"),
                                (3, "Q2", "'abc' is not a number")]
    with pytest.raises(ValueError):
        indicators.apply_import(preview, board, 2015)
    assert not Indicator.objects.exists()


def test_indicator_row_problems(board):
    rows = [["Indicator", "Polarity", "Q1"], ["A", "sideways", "1"], ["a ", "", ""],
            ["", "", "5"], ["X" * 201, "", ""]]
    problems = indicator_preview(board, rows, name="i.csv").problems
    assert problems == [
        (2, "Polarity", "'sideways' is not a direction (write Higher or Lower is better)"),
        (3, "Indicator", "'a' is also on row 2"),
        (4, "Indicator", "the row has values but no indicator name"),
        (5, "Indicator", "the name is longer than 200 characters"),
    ]


def test_missing_indicator_column_and_year_in_headings(board):
    preview = indicator_preview(board, [["Unit", "Q1"], ["%", "1"]], name="i.csv")
    assert preview.problems[0][:2] == (1, "Indicator")
    wrong_year = indicator_preview(board, INDICATOR_SHEET, year=2016)
    assert wrong_year.problems[0][:2] == (1, "EoY")
    assert "imported for 2016/17" in wrong_year.problems[0][2]


def test_indicator_reimport_updates_by_name(board):
    existing = Indicator.objects.create(board=board, name="Re-referrals within 12 months",
                                        polarity="lower", target=D(20), order=3)
    IndicatorValue.objects.create(indicator=existing, year=2015, quarter=1, value=D(30))
    IndicatorValue.objects.create(indicator=existing, year=2015, quarter=4, value=D(17))
    preview = indicator_preview(board)
    first = preview.rows[0]
    assert first.existing == existing
    assert first.changes == ["Unit: — → %", "Target: — → 20", "EoY: — → 24",
                             "Printed direction: — → Improved", "Q1: 30 → 23", "Q3: — → 19"]
    assert (preview.new_count, preview.update_count) == (1, 1)
    assert indicators.apply_import(preview, board, 2015) == (1, 1, 4)
    assert Indicator.objects.count() == 2
    existing.refresh_from_db()
    assert (existing.unit, existing.target, existing.order) == ("%", D(20), 3)  # standing target
    this_year = existing.years.get(year=2015)  # the file's figures are 2015/16's
    assert (this_year.target, this_year.previous_year_end, this_year.direction_as_printed) == (
        D(20), D(24), "Improved")
    assert dict(existing.values.filter(year=2015).values_list("quarter", "value")) == {
        1: D(23), 3: D(19), 4: D(17)}  # the blank Q4 left the stored value alone
    new = Indicator.objects.get(name="Child protection visits in time")
    assert new.order == 4 and new.polarity == "higher"
    again = indicator_preview(board)
    assert (again.new_count, again.update_count, again.unchanged_count) == (0, 0, 2)
    assert indicators.apply_import(again, board, 2015) == (0, 0, 0)
    assert IndicatorValue.objects.count() == 5


# ---- risks ---------------------------------------------------------------------------

def test_risk_register_with_likelihood_and_impact_twice(board):
    preview = risks.build_preview(xlsx(RISK_SHEET), "r.xlsx", board)
    assert preview.ok, preview.problems
    assert preview.ignored_columns == ["Score"]
    r1, r2, r10 = preview.rows
    assert r1.values == {
        "theme": "Governance", "description": "Partners do not attend",
        "inherent_likelihood": 4, "inherent_impact": 4, "residual_likelihood": 3,
        "residual_impact": 3, "current_controls": "Attendance reported",
        "further_controls": "Escalate to chief officers", "by_whom": "Chair",
        "by_when": dt.date(2015, 12, 31), "review_date": dt.date(2016, 3, 31), "status": "open",
        "status_text": "", "rating_query": ""}
    assert r2.values["theme"] == "Governance"  # carried down
    assert (r2.values["inherent_likelihood"], r2.values["inherent_impact"]) == (3, 4)
    assert r2.values["status"] == "monitoring" and r2.values["by_when"] is None
    assert preview.warnings == [(3, "By when", "'Ongoing' is not a date, so it is left empty")]
    assert r10.values["theme"] == "Learning" and r10.cells[3] == "2×3 = 6 (Medium)"
    created, updated = risks.apply_import(preview, board)
    assert (created, updated) == (3, 0)
    assert Risk.objects.get(board=board, reference="R10").sort_key > Risk.objects.get(
        board=board, reference="R2").sort_key


def test_inherent_and_residual_headings(board):
    rows = [["Risk ref", "Description", "Inherent likelihood", "Inherent impact",
             "Residual likelihood", "Residual impact", "Risk owner", "Next review date"],
            ["A1", "Risk", "5", "5", "2", "1", "Manager", "Dec-15"]]
    preview = risks.build_preview(csv_bytes(rows), "r.csv", board)
    assert preview.ok, preview.problems
    values = preview.rows[0].values
    assert [values[k] for k in risks.RATINGS] == [5, 5, 2, 1]
    assert values["by_whom"] == "Manager" and values["review_date"] == dt.date(2015, 12, 31)


def test_risk_row_problems(board):
    rows = [["Ref", "Risk", "Likelihood", "Impact", "By when", "Status"],
            ["R1", "A", "6", "3", "", ""], ["R1", "B", "3", "", "32/13/2015", "Pending"],
            ["", "No ref", "1", "1", "", ""], ["R3", "", "abc", "2", "", ""]]
    preview = risks.build_preview(csv_bytes(rows), "r.csv", board)
    assert preview.problems == [
        (2, "Inherent likelihood", "'6' is not a rating from 1 to 5"),
        (3, "Ref", "reference R1 is also used on row 2"),
        (3, "Inherent impact", "a rating from 1 to 5 is needed"),
        (3, "By when", "'32/13/2015' is not a date"),
        (4, "Ref", "the risk has no reference"),
        (5, "Risk", "the risk has no description"),
        (5, "Inherent likelihood", "'abc' is not a rating from 1 to 5"),
    ]
    assert preview.warnings[0][1] == "Residual"  # no residual columns: said so
    assert preview.warnings[1] == (3, "Status", "'Pending' is kept as written; the risk is open")


@pytest.mark.parametrize("header, missing", [
    (["Risk", "Likelihood", "Impact"], "Ref"),
    (["Ref", "Likelihood", "Impact"], "Risk"),
    (["Ref", "Risk", "Impact"], "Inherent likelihood"),
])
def test_missing_risk_columns(board, header, missing):
    preview = risks.build_preview(csv_bytes([header, ["x"] * len(header)]), "r.csv", board)
    assert preview.problems[0][:2] == (1, missing)
    assert f"There is no {missing} column" in preview.problems[0][2]


def test_risk_reimport_updates_by_ref_and_keeps_rating_history(board, users):
    risks.apply_import(risks.build_preview(xlsx(RISK_SHEET), "r.xlsx", board), board)
    r1 = Risk.objects.get(board=board, reference="R1")
    sheet = [list(row) for row in RISK_SHEET]
    sheet[1][7] = "2"  # residual likelihood of R1 3 -> 2
    preview = risks.build_preview(xlsx(sheet), "r.xlsx", board)
    assert [(r.key, r.changes) for r in preview.rows if r.changes] == [
        ("R1", ["Residual likelihood: 3 → 2"])]
    assert (preview.new_count, preview.update_count, preview.unchanged_count) == (0, 1, 2)
    assert risks.apply_import(preview, board, user=users["manager"], source="r.xlsx") == (0, 1)
    assert Risk.objects.filter(board=board).count() == 3
    r1.refresh_from_db()
    assert r1.residual_likelihood == 2
    latest = r1.history.order_by("-history_id").first()
    assert latest.history_user == users["manager"]
    assert latest.history_change_reason == "Imported from r.xlsx"
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("residual_likelihood", 3, 2)]
    assert Risk.objects.get(board=board, reference="R2").history.count() == 1  # unchanged


# ---- whole-file problems, for both imports ---------------------------------------------

BUILDERS = {
    "indicators": lambda data, name, board: indicators.build_preview(data, name, board, 2015),
    "risks": lambda data, name, board: risks.build_preview(data, name, board),
}


@pytest.mark.parametrize("kind", sorted(BUILDERS))
@pytest.mark.parametrize("content, name, message", [
    (b"", "x.csv", "The file is empty"),
    (b"\x00\x01binary", "x.xlsx", "named .xlsx but is not an Excel workbook"),
    (b"PK\x03\x04 not really a zip", "x.xlsx", "not a readable Excel workbook"),
    (b"%PDF-1.4 renamed", "x.csv", "This is a PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "x.xlsx", "old Excel 97-2003"),
    (b"\x89PNG\r\n\x1a\n", "x.csv", "This is a picture"),
    (bytes(range(128, 256)) * 4, "x.csv", "is not a text"),
    (b"\n\n,,\n", "x.csv", "The file has no rows"),
])
def test_bad_files_are_refused(board, kind, content, name, message):
    with pytest.raises(ImportError_, match=message):
        BUILDERS[kind](content, name, board)


@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_merged_cells_too_many_rows_and_size(board, kind):
    header = INDICATOR_SHEET[0] if kind == "indicators" else RISK_SHEET[0]
    with pytest.raises(ImportError_, match=r"merged cells \(A2:A3\)"):
        BUILDERS[kind](xlsx([header, ["a"], ["b"]], merge="A2:A3"), "x.xlsx", board)
    big = [header] + [[f"Row {n}", f"R{n}"] for n in range(10_000)]
    for data, name in [(csv_bytes(big), "x.csv"), (xlsx(big), "x.xlsx")]:
        with pytest.raises(ImportError_, match="10,000 rows: the limit is 5,000 rows"):
            BUILDERS[kind](data, name, board)
    with pytest.raises(ImportError_, match="The file is 20.0 MB: the limit is 20 MB"):
        BUILDERS[kind](b"x" * (MAX_BYTES + 1), "x.csv", board)


# ---- browser ---------------------------------------------------------------------------

def test_browser_indicators_upload_preview_confirm(login, users, board):
    client = login(users["manager"])
    page = client.get(reverse("plans:indicators")).content.decode()
    assert reverse("plans:indicator_import") in page and "Import from a spreadsheet" in page
    upload = SimpleUploadedFile("pis.xlsx", xlsx(INDICATOR_SHEET))
    response = client.post(reverse("plans:indicator_import"), {"file": upload, "year": "2015/16"})
    assert response.status_code == 302
    preview_url = response["Location"]
    page = client.get(preview_url).content.decode()
    assert "<strong>2</strong> new indicators" in page and "2015/16" in page
    assert "Direction of travel" in page and "data-import-progress" in page
    assert not Indicator.objects.exists()
    response = client.post(preview_url)
    assert response["Location"] == reverse("plans:indicators") + "?year=2015/16"
    assert Indicator.objects.count() == 2 and IndicatorValue.objects.count() == 4
    assert client.get(preview_url).status_code == 404  # applied: not twice
    upload = SimpleUploadedFile("pis.xlsx", xlsx(INDICATOR_SHEET))
    preview_url = client.post(reverse("plans:indicator_import"),
                              {"file": upload, "year": "2015/16"})["Location"]
    assert "Unchanged" in client.get(preview_url).content.decode()


def test_browser_problems_are_listed_and_nothing_is_imported(login, users, board):
    client = login(users["manager"])
    rows = [["Indicator", "Q1", "Q2"]] + [[f"I{n}", "1", "2"] for n in range(12)] + [
        ["Bad", "3", "abc"]]
    upload = SimpleUploadedFile("pis.csv", csv_bytes(rows))
    preview_url = client.post(reverse("plans:indicator_import"),
                              {"file": upload, "year": "2015/16"})["Location"]
    page = client.get(preview_url).content.decode()
    assert "1 problem to fix" in page
    assert "<td>14</td><td>Q2</td><td>&#x27;abc&#x27; is not a number</td>" in page
    assert 'id="confirm-import"' not in page
    assert client.post(preview_url).status_code == 200
    assert not Indicator.objects.exists()


@pytest.mark.parametrize("url", ["plans:indicator_import", "plans:risk_import"])
def test_browser_upload_errors_next_to_the_field(login, users, board, url):
    client = login(users["manager"])
    data = {"year": "2015/16"}
    for name, content, message in [
        ("x.xlsx", b"not a workbook", "not an Excel workbook"),
        ("x.exe", b"MZ", "Upload an Excel workbook"),
        ("x.csv", b"", "The submitted file is empty"),
        ("x.xlsx", xlsx([["Indicator", "Ref"], ["a"], ["b"]], merge="A2:A3"), "merged cells"),
    ]:
        response = client.post(reverse(url), {**data, "file": SimpleUploadedFile(name, content)})
        assert response.status_code == 200 and message in response.content.decode(), name
    for role in ["chair", "viewer"]:
        assert login(users[role]).get(reverse(url)).status_code == 403


def test_browser_file_over_20_mb_is_refused_and_said_so(login, users, board):
    client = login(users["manager"])
    upload = SimpleUploadedFile("big.csv", b"x" * (MAX_BYTES + 1024 * 1024))
    response = client.post(reverse("plans:risk_import"), {"file": upload})
    assert "The file is 21.0 MB: the limit is 20 MB." in response.content.decode()


def test_browser_indicator_year_is_required(login, users, board):
    client = login(users["manager"])
    response = client.post(reverse("plans:indicator_import"), {
        "file": SimpleUploadedFile("i.csv", csv_bytes(INDICATOR_SHEET)), "year": "next year"})
    assert "Write a financial year such as 2015/16" in response.content.decode()


def test_browser_risks_and_history(login, users, board, other_board):
    client = login(users["manager"])
    page = client.get(reverse("plans:risks")).content.decode()
    assert reverse("plans:risk_import") in page
    upload = SimpleUploadedFile("register.xlsx", xlsx(RISK_SHEET))
    preview_url = client.post(reverse("plans:risk_import"), {"file": upload})["Location"]
    page = client.get(preview_url).content.decode()
    assert "<strong>3</strong> new risks" in page and "is not a date, so it is left empty" in page
    # the link is the uploader's own (their session, their board): anyone else gets 404
    other = Client()
    other.force_login(users["outsider"])
    assert other.get(preview_url).status_code == 404
    assert client.post(preview_url)["Location"] == reverse("plans:risks")
    assert Risk.objects.filter(board=board).count() == 3
    sheet = [list(row) for row in RISK_SHEET]
    sheet[1][3] = "5"
    upload = SimpleUploadedFile("register.xlsx", xlsx(sheet))
    preview_url = client.post(reverse("plans:risk_import"), {"file": upload})["Location"]
    assert "Inherent likelihood: 4 → 5" in client.get(preview_url).content.decode()
    client.post(preview_url)
    r1 = Risk.objects.get(board=board, reference="R1")
    assert r1.inherent_likelihood == 5 and r1.history.count() == 2
    assert r1.history.first().history_user == users["manager"]
    page = client.get(reverse("plans:risk", args=[r1.pk])).content.decode()
    assert "Inherent likelihood" in page


@pytest.mark.parametrize("url, sheet_title, first", [
    ("plans:indicator_import_template", "Indicators", "Indicator"),
    ("plans:risk_import_template", "Risk register", "Theme"),
])
def test_templates_are_workbooks_the_import_reads(login, users, board, url, sheet_title, first):
    response = login(users["manager"]).get(reverse(url))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [sheet_title, "How to fill in"]
    header = [c.value for c in book.active[1]]
    assert header[0] == first
    filled = [header, ["X", "R1", "A risk", 1, 2, "", 1, 1] if first == "Theme" else header]
    if first == "Theme":
        preview = risks.build_preview(xlsx(filled), "t.xlsx", board)
        assert preview.ok and not preview.ignored_columns, preview.problems
        assert len(preview.rows) == 1
    else:
        preview = indicators.build_preview(response.content, "t.xlsx", board, 2015)
        assert preview.problems == [(1, "Indicator", "No row has an indicator name.")]
        assert not preview.ignored_columns
    assert login(users["viewer"]).get(reverse(url)).status_code == 403


# ---- command line -------------------------------------------------------------------------

def test_import_indicators_command(board, tmp_path, capsys):
    path = tmp_path / "pis.xlsx"
    path.write_bytes(xlsx(INDICATOR_SHEET))
    with pytest.raises(CommandError, match="--year 2015/16"):
        call_command("import_indicators", str(path), "--board", board.slug)
    call_command("import_indicators", str(path), "--board", board.slug, "--year", "2015/16",
                 "--dry-run")
    assert not Indicator.objects.exists()
    call_command("import_indicators", str(path), "--board", board.slug, "--year", "2015/16")
    out = capsys.readouterr().out
    assert "2 new indicators, 0 to update" in out
    assert "2 indicator(s) added, 0 updated, 4 quarterly value(s) saved for 2015/16" in out
    call_command("import_indicators", str(path), "--board", board.slug, "--year", "2015/16")
    assert Indicator.objects.count() == 2 and "0 new indicators" in capsys.readouterr().out
    with pytest.raises(CommandError, match="No board"):
        call_command("import_indicators", str(path), "--board", "nope", "--year", "2015/16")
    bad = tmp_path / "bad.csv"
    bad.write_text("Indicator,Q1,Q2\nA,1,2\nB,3,abc\n")
    with pytest.raises(CommandError, match="1 problem\\(s\\): nothing was imported"):
        call_command("import_indicators", str(bad), "--board", board.slug, "--year", "2016/17")
    assert "row 3, Q2: 'abc' is not a number" in capsys.readouterr().err
    assert not Indicator.objects.filter(name="A").exists()


def test_import_risks_command(board, tmp_path, capsys):
    path = tmp_path / "register.xlsx"
    path.write_bytes(xlsx(RISK_SHEET))
    call_command("import_risks", str(path), "--board", board.slug)
    out = capsys.readouterr().out
    assert "note: row 3, By when: 'Ongoing' is not a date" in out
    assert "3 risk(s) added, 0 updated" in out
    call_command("import_risks", str(path), "--board", board.slug)
    assert "0 risk(s) added, 0 updated" in capsys.readouterr().out
    assert Risk.objects.count() == 3
    with pytest.raises(CommandError, match="No board"):
        call_command("import_risks", str(path), "--board", "nope")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="The file is empty"):
        call_command("import_risks", str(empty), "--board", board.slug)
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(CommandError, match="the limit is 20 MB"):
        call_command("import_risks", str(big), "--board", board.slug)


def test_long_files_show_progress(board, tmp_path, capsys):
    rows = [["Ref", "Risk", "Likelihood", "Impact"]] + [
        [f"R{n}", f"Risk {n}", "2", "3"] for n in range(2500)]
    path = tmp_path / "long.csv"
    path.write_bytes(csv_bytes(rows))
    call_command("import_risks", str(path), "--board", board.slug)
    out = capsys.readouterr().out
    assert "Checked 1,000 of 2,500 rows…" in out and "Checked 2,500 of 2,500 rows…" in out
    assert "Saved 2,000 of 2,500 rows…" in out
    assert Risk.objects.count() == 2500
    short = tmp_path / "short.csv"
    short.write_bytes(csv_bytes(rows[:10]))
    call_command("import_risks", str(short), "--board", board.slug)
    assert "Checked" not in capsys.readouterr().out
