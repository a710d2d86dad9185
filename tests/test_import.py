"""Importing a plan from a spreadsheet: parsing, preview, all-or-nothing apply."""

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from actions.importing.apply import CREATE_GROUP, apply_import
from actions.importing.parse import HEADINGS, parse_rag, split_progress
from actions.importing.preview import build_preview
from actions.models import Action, ProgressUpdate
from lscb.fiscal.due import DuePrecision, parse_due
from lscb.spreadsheets.headings import match_headings
from lscb.spreadsheets.reader import ImportError_
from plans.models import BusinessPlan

from . import factories as f

DATA = Path(__file__).parent / "data"


def xlsx(rows, merge=None):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows):
    import csv

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


@pytest.mark.parametrize("text, expected", [
    ("December 2015", (dt.date(2015, 12, 1), DuePrecision.MONTH, "")),
    ("Dec-15", (dt.date(2015, 12, 1), DuePrecision.MONTH, "")),
    ("Dec 2015", (dt.date(2015, 12, 1), DuePrecision.MONTH, "")),
    ("Sept 2015", (dt.date(2015, 9, 1), DuePrecision.MONTH, "")),
    ("31/12/2015", (dt.date(2015, 12, 31), DuePrecision.DAY, "")),
    ("1 July 2015", (dt.date(2015, 7, 1), DuePrecision.DAY, "")),
    (dt.datetime(2016, 4, 30), (dt.date(2016, 4, 30), DuePrecision.DAY, "")),
    ("Ongoing – following a review",
     (None, DuePrecision.RECURRING, "Ongoing – following a review")),
    ("Sign off by LSCB – 1 July 2015",
     (dt.date(2015, 7, 1), DuePrecision.DAY, "Sign off by LSCB – 1 July 2015")),
])
def test_due_dates_keep_their_precision(text, expected):
    date, precision, due_text, error = parse_due(text)
    assert (date, precision, due_text) == expected and error is None


def test_impossible_dates_are_errors():
    assert parse_due("32/13/2015")[3] == "'32/13/2015' is not a date"
    assert parse_due("29/02/2015")[3]


def test_rag_words_and_progress_prefix():
    assert [parse_rag(w) for w in ["R", "amber", "G", "Blue", "Complete", "x"]] == [
        "red", "amber", "green", "complete", "complete", None]
    assert split_progress("Red Seek clarification regarding the role") == (
        "red", "Red Seek clarification regarding the role")  # the narrative keeps the word
    assert split_progress("Work continues") == (None, "Work continues")


def test_headings_boards_use():
    found, unknown = match_headings(["Priority", "No.", "To achieve this, we will",
                                     "Who will lead?", "Timescale", "we want to achieve",
                                     "To evidence this, we will measure", "RAG", "Notes"],
                                    HEADINGS)
    assert found == {"theme": 0, "reference": 1, "action": 2, "who": 3, "when": 4,
                     "outcome": 5, "measures": 6, "rag": 7}
    assert unknown == ["Notes"]


@pytest.fixture
def sheet(groups):
    groups["own"].aliases = "L&I Subgroup"
    groups["own"].save()
    return [
        ["Theme", "Ref", "Action", "Who", "When", "What we are trying to achieve", "RAG",
         "Progress"],
        ["1. Leadership", "1.1", "Develop a programme", "Learning and Improvement",
         "December 2015", "Members are clear", "G", "On track"],
        ["", "1.2", "Hold sessions", "L&I Subgroup and Case Review Group", "Dec-15", "", "", ""],
        ["2. Early Help", "2.1", "Review the hub", "Hub Programme Board / Chair", "31/12/2015",
         "", "Amber", "Slipping"],
    ]


def test_preview_matches_owners_and_lists_unknown(board, sheet, groups):
    preview = build_preview(xlsx(sheet), "plan.xlsx", board)
    assert preview.ok, preview.problems
    assert [r.reference for r in preview.rows] == ["1.1", "1.2", "2.1"]
    assert preview.rows[1].owners == [groups["own"], groups["other"]]
    assert preview.unknown_owners == ["Hub Programme Board"]  # "Chair" is a role of the board
    assert [(t.number, t.title) for t in preview.themes] == [("1", "Leadership"), ("2", "Early Help")]


def test_apply_creates_plan_themes_actions_and_first_updates(board, sheet, groups):
    preview = build_preview(xlsx(sheet), "plan.xlsx", board)
    choices = {name: CREATE_GROUP for name in preview.unknown_owners}
    plan, created, updated, updates = apply_import(preview, board, None,
                                                   title="Business Plan 2015-18",
                                                   owner_choices=choices)
    assert (plan.start_year, plan.end_year) == (2015, 2017)
    assert (created, updated, updates) == (3, 0, 2)
    first = Action.objects.get(plan=plan, reference="1.1")
    assert first.due_label == "December 2015" and first.outcome == "Members are clear"
    assert first.updates.get().rag == "green"
    assert Action.objects.get(plan=plan, reference="2.1").owners.count() >= 1


def test_reimport_updates_instead_of_duplicating(board, sheet, plan):
    preview = build_preview(xlsx(sheet), "plan.xlsx", board, plan)
    apply_import(preview, board, plan)
    sheet[1][2] = "Develop a programme (revised)"
    again = build_preview(xlsx(sheet), "plan.xlsx", board, plan)
    assert (again.new_count, again.update_count, again.unchanged_count) == (0, 1, 2)
    apply_import(again, board, plan)
    assert Action.objects.filter(plan=plan).count() == 3
    assert Action.objects.get(plan=plan, reference="1.1").description.endswith("(revised)")
    assert ProgressUpdate.objects.filter(action__plan=plan).count() == 2  # not repeated


def test_without_ref_column_references_are_numbered_within_themes(board):
    rows = [["Priority", "Tasks"], ["1 Governance", "A"], ["", "B"], ["2 Audit", "C"]]
    preview = build_preview(csv_bytes(rows), "p.csv", board)
    assert [r.reference for r in preview.rows] == ["1.1", "1.2", "2.1"]


@pytest.mark.parametrize("content, name, message", [
    (b"", "plan.csv", "The file is empty"),
    (b"\x00\x01binary", "plan.xlsx", "not an Excel workbook"),
    (b"PK\x03\x04 not really a zip", "plan.xlsx", "not a readable Excel workbook"),
    (b"%PDF-1.4", "plan.pdf", "Save the spreadsheet as .xlsx or .csv"),
])
def test_bad_files_are_refused_clearly(board, content, name, message):
    with pytest.raises(ImportError_, match=message):
        build_preview(content, name, board)


def test_merged_cells_are_refused(board, sheet):
    with pytest.raises(ImportError_, match="merged cells"):
        build_preview(xlsx(sheet, merge="A2:A3"), "plan.xlsx", board)


def test_row_and_column_problems(board):
    rows = [["Ref", "Action", "When", "RAG"], ["1.1", "A", "32/13/2015", ""],
            ["1.1", "B", "", "Purple"]]
    preview = build_preview(csv_bytes(rows), "p.csv", board)
    assert preview.problems == [
        (2, "When", "'32/13/2015' is not a date"),
        (3, "Ref", "reference 1.1 is also used on row 2"),
        (3, "RAG", "'Purple' is not a RAG rating (use Red, Amber, Green, Blue/Complete or "
                   "Not started)"),
    ]
    with pytest.raises(ValueError):
        apply_import(preview, board, None, title="X")
    assert not Action.objects.exists()


def test_missing_action_column_and_too_many_rows(board):
    preview = build_preview(csv_bytes([["Ref", "Who"], ["1", "Chair"]]), "p.csv", board)
    assert preview.problems[0][1] == "Action"
    big = [["Action"]] + [[f"Row {n}"] for n in range(10_000)]
    with pytest.raises(ImportError_, match="10,000 rows: the limit is 5,000"):
        build_preview(csv_bytes(big), "p.csv", board)


def test_cambridgeshire_work_plan(board, db):
    f.make_subgroup(board, "Training and Development Strategy Group", slug="training")
    preview = build_preview((DATA / "cambridgeshire-2008-09.csv").read_bytes(), "c.csv", board)
    assert preview.ok, preview.problems
    assert len(preview.rows) == 29
    rags = [r.rag for r in preview.rows]
    assert rags.count("green") >= 12 and "red" in rags and "amber" in rags
    seek = next(r for r in preview.rows if r.progress.startswith("Red Seek clarification"))
    assert seek.rag == "red"
    assert any(r.owners for r in preview.rows)  # "Training and development strategy group"
    undated = {r.due.text: r.due.precision for r in preview.rows if not r.due.date}
    assert undated["Ongoing"] == "recurring" and undated["Subject to criminal proceedings"] == "text"
    april = next(r for r in preview.rows if r.due.text == "New time frame April 2009")
    assert (april.due.date, april.due.precision) == (dt.date(2009, 4, 1), "month")
    plan, created, _, updates = apply_import(preview, board, None, title="Work plan 2008-09")
    assert created == 29 and updates == 28


def test_browser_upload_preview_confirm(login, users, sheet, board):
    client = login(users["manager"])
    upload = SimpleUploadedFile("plan.xlsx", xlsx(sheet))
    response = client.post(reverse("actions:import"), {"file": upload, "title": "New plan 2016-17"})
    assert response.status_code == 302
    preview_url = response["Location"]
    page = client.get(preview_url).content.decode()
    assert "3</strong> new actions" in page and "not matched" in page
    assert not BusinessPlan.objects.filter(title="New plan 2016-17").exists()
    response = client.post(preview_url, {"lead_0": "create"})
    plan = BusinessPlan.objects.get(title="New plan 2016-17")
    assert response["Location"] == plan.get_absolute_url()
    assert plan.actions.count() == 3
    assert client.get(preview_url).status_code == 404  # applied: cannot be applied twice


def test_browser_upload_errors_next_to_the_field(login, users, board):
    client = login(users["manager"])
    response = client.post(reverse("actions:import"), {
        "file": SimpleUploadedFile("plan.xlsx", b"not a workbook"), "title": "X"})
    assert "not an Excel workbook" in response.content.decode()
    response = client.post(reverse("actions:import"), {
        "file": SimpleUploadedFile("plan.exe", b"MZ"), "title": "X"})
    assert "Upload an Excel workbook" in response.content.decode()
    for role in ["chair", "viewer"]:
        assert login(users[role]).get(reverse("actions:import")).status_code == 403


def test_import_plan_command(board, sheet, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(xlsx(sheet))
    call_command("import_plan", str(path), "--board", board.slug, "--plan", "Plan 2015-16")
    plan = BusinessPlan.objects.get(title="Plan 2015-16")
    assert plan.actions.count() == 3
    call_command("import_plan", str(path), "--board", board.slug, "--plan", "Plan 2015-16")
    assert plan.actions.count() == 3
    with pytest.raises(CommandError, match="No board"):
        call_command("import_plan", str(path), "--board", "nope", "--plan", "X")
    bad = tmp_path / "bad.csv"
    bad.write_text("Ref,Action,When\n1.1,A,32/13/2015\n")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_plan", str(bad), "--board", board.slug, "--plan", "Y")
    assert not BusinessPlan.objects.filter(title="Y").exists()


# ---- issue "Import and export", item 5: every kind of bad file, and item 2: progress ----

@pytest.mark.parametrize("content, name, message", [
    (b"%PDF-1.4 renamed", "plan.csv", "This is a PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "plan.xlsx", "old Excel 97-2003"),
    (bytes(range(128, 256)) * 4, "plan.csv", "is not a text"),  # was a crash (no encoding fits)
    (b"\n,,\n\n", "plan.csv", "The file has no rows"),
])
def test_renamed_and_empty_files_are_refused(board, content, name, message):
    with pytest.raises(ImportError_, match=message):
        build_preview(content, name, board)


def test_ten_thousand_rows_in_a_workbook_are_counted_and_refused(board):
    big = [["Action"]] + [[f"Row {n}"] for n in range(10_000)]
    with pytest.raises(ImportError_, match="10,000 rows: the limit is 5,000 rows per import"):
        build_preview(xlsx(big), "p.xlsx", board)
    ok = [["Action"]] + [[f"Row {n}"] for n in range(5_000)]
    assert len(build_preview(xlsx(ok), "p.xlsx", board).rows) == 5_000


def test_file_over_20_mb_is_refused_and_said_so(login, users, board, tmp_path):
    from lscb.spreadsheets.reader import MAX_BYTES

    with pytest.raises(ImportError_, match="The file is 20.0 MB: the limit is 20 MB"):
        build_preview(b"x" * (MAX_BYTES + 1), "p.csv", board)
    client = login(users["manager"])
    response = client.post(reverse("actions:import"), {
        "file": SimpleUploadedFile("plan.csv", b"x" * (MAX_BYTES + 1024 * 1024)), "title": "X"})
    assert "The file is 21.0 MB: the limit is 20 MB." in response.content.decode()
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(CommandError, match="the limit is 20 MB"):
        call_command("import_plan", str(big), "--board", board.slug, "--plan", "X")


def test_browser_refuses_empty_and_merged_files(login, users, board, sheet):
    client = login(users["manager"])
    for upload, message in [(SimpleUploadedFile("plan.csv", b""), "The submitted file is empty"),
                            (SimpleUploadedFile("plan.xlsx", xlsx(sheet, merge="A2:A3")),
                             "merged cells (A2:A3)")]:
        response = client.post(reverse("actions:import"), {"file": upload, "title": "X"})
        assert message in response.content.decode()
    assert not BusinessPlan.objects.filter(title="X").exists()


def test_missing_ref_and_action_columns(board):
    no_action = build_preview(csv_bytes([["Ref", "Who", "When"], ["1.1", "Chair", "Dec-15"]]),
                              "p.csv", board)
    assert no_action.problems == [(1, "Action", "There is no Action column. Name a column "
                                   "'Action', 'Action required', 'To achieve this, we will' "
                                   "or 'Tasks'.")]
    no_ref = build_preview(csv_bytes([["Action"], ["A"], ["B"]]), "p.csv", board)
    assert no_ref.ok and [r.reference for r in no_ref.rows] == ["1.1", "1.2"]


def test_long_plan_files_show_progress(board, tmp_path, capsys):
    rows = [["Ref", "Action"]] + [[f"1.{n}", f"Action {n}"] for n in range(1, 1501)]
    path = tmp_path / "long.csv"
    path.write_bytes(csv_bytes(rows))
    call_command("import_plan", str(path), "--board", board.slug, "--plan", "Long plan 2015-16")
    out = capsys.readouterr().out
    assert "Checked 1,000 of 1,500 rows…" in out and "Saved 1,500 of 1,500 rows…" in out
    assert BusinessPlan.objects.get(title="Long plan 2015-16").actions.count() == 1500


def test_upload_and_confirm_pages_show_that_the_import_is_under_way(login, users, board, sheet):
    """The request for a long file takes a while: the forms show a progress bar on
    submit (static/js/import.js) and cannot be sent twice."""
    client = login(users["manager"])
    page = client.get(reverse("actions:import")).content.decode()
    assert "data-import-progress" in page and "js/import.js" in page
    response = client.post(reverse("actions:import"), {
        "file": SimpleUploadedFile("plan.xlsx", xlsx(sheet)), "title": "P 2016-17"})
    page = client.get(response["Location"]).content.decode()
    assert '<form method="post" novalidate id="confirm-import" data-import-progress>' in page
