"""Importing a year's attendance in both shapes boards publish: a summary by agency or seat
(no meeting dates) and a grid of meetings; through the upload page and the command; shown
on the attendance page, the agency record and the annual report; no duplicates."""

import datetime as dt
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from reporting.agencies.services import agency_context
from reporting.annual.services import annual_context, start_report
from subgroups.attendance import attendance_by_agency
from subgroups.importing.attendance import build_preview
from subgroups.models import Attendance, AttendanceSummary, Meeting, Member

from . import factories as f
from .test_import import csv_bytes

DATA = Path(__file__).parent / "data"
SUMMARY = "attendance-board-summary-2012-13.csv"
GRID = "attendance-board-grid-2012-13.xlsx"


def upload(client, name, year="2012/13", body=""):
    response = client.post(reverse("subgroups:attendance_import"), {
        "file": SimpleUploadedFile(name, (DATA / name).read_bytes()), "year": year, "body": body})
    assert response.status_code == 302, response.content.decode()[:3000]
    return response["Location"]


def test_summary_by_seat_through_the_browser(login, users, board):
    police = f.make_agency(board, "Cumbria Constabulary")
    client = login(users["manager"])
    page = client.get(reverse("subgroups:attendance")).content.decode()
    assert reverse("subgroups:attendance_import") in page
    url = upload(client, SUMMARY)
    page = client.get(url).content.decode()
    assert "read as a summary by agency or seat (no meeting dates)" in page
    assert "<strong>8</strong> new seats" in page  # the Total row is the app's to work out
    assert "Voluntary sector representative (2)" in page
    assert not AttendanceSummary.objects.exists()
    response = client.post(url)
    assert response["Location"] == reverse("subgroups:attendance") + "?year=2012/13"
    assert AttendanceSummary.objects.filter(board=board, year=2012).count() == 8
    rows, overall = attendance_by_agency(board, 2012)
    table = {r.agency: (r.percent, r.attended, r.invited) for r in rows}
    assert table["Voluntary sector representative"] == (50, 3, 6)
    assert table["Voluntary sector representative (2)"] == (33, 2, 6)  # two seats, two rows
    assert (overall.attended, overall.invited) == (36, 47)
    page = client.get(reverse("subgroups:attendance"), {"year": "2012/13"}).content.decode()
    assert "Voluntary sector representative (2)" in page and "(from attendance-board" in page
    record = agency_context(board, police, 2012)
    assert [(name, row.percent) for name, row in record["attendance"]] == [("The board", 67)]


def test_summary_reimport_changes_only_what_differs(board, tmp_path, capsys):
    path = tmp_path / SUMMARY
    path.write_bytes((DATA / SUMMARY).read_bytes())
    call_command("import_attendance", str(path), "--board", board.slug, "--year", "2012/13")
    assert "8 new seats, 0 to update, 0 unchanged" in capsys.readouterr().out
    call_command("import_attendance", str(path), "--board", board.slug, "--year", "2012/13")
    assert "0 new seats, 0 to update, 8 unchanged" in capsys.readouterr().out
    lines = (DATA / SUMMARY).read_text().splitlines()
    lines[3] = "Cumbria Constabulary,83%,5,6"
    path.write_text("\n".join(lines[:6] + lines[7:]))  # the second voluntary seat has gone
    call_command("import_attendance", str(path), "--board", board.slug, "--year", "2012/13")
    out = capsys.readouterr().out
    assert "0 new seats, 1 to update, 6 unchanged" in out and "1 to remove" in out
    assert AttendanceSummary.objects.filter(board=board).count() == 7
    assert not AttendanceSummary.objects.filter(occurrence=2).exists()


def test_grid_of_meetings_through_the_command_and_again(board, tmp_path, capsys):
    health = f.make_agency(board, "Health")
    existing = f.make_member(board, "Designated Nurse", agency=health)
    path = tmp_path / GRID
    path.write_bytes((DATA / GRID).read_bytes())
    call_command("import_attendance", str(path), "--board", board.slug, "--year", "2012/13")
    out = capsys.readouterr().out
    assert "Read as a grid of meetings for the board." in out
    assert "4 new seats, 0 to update, 1 unchanged" not in out  # the nurse had no marks yet
    meetings = Meeting.objects.filter(board=board, subgroup=None)
    assert meetings.count() == 6 and meetings.filter(date=dt.date(2012, 5, 16)).exists()
    volunteers = Member.objects.filter(board=board, name__startswith="Voluntary sector")
    assert sorted(volunteers.values_list("name", flat=True)) == [
        "Voluntary sector representative", "Voluntary sector representative (2)"]
    assert all(m.end_date == dt.date(2013, 3, 31) for m in volunteers)  # past: not current
    second = volunteers.get(name="Voluntary sector representative (2)")
    assert Attendance.objects.filter(member=second).count() == 4  # "-": not a member then
    nurse = Attendance.objects.filter(member=existing)
    assert nurse.count() == 6 and nurse.filter(status="deputy").count() == 1
    rows, overall = attendance_by_agency(board, 2012)
    table = {r.agency: (r.attended, r.invited) for r in rows}
    assert table["Voluntary sector representative"] == (4, 6)
    assert table["Voluntary sector representative (2)"] == (3, 4)
    assert table["Health"] == (6, 6)
    records = Attendance.objects.count()
    call_command("import_attendance", str(path), "--board", board.slug, "--year", "2012/13")
    assert "0 new seats, 0 to update, 5 unchanged" in capsys.readouterr().out
    assert Attendance.objects.count() == records and Meeting.objects.count() == 6


def test_grid_for_a_group_through_the_browser(login, users, board, groups):
    client = login(users["manager"])
    url = upload(client, GRID, body=str(groups["own"].pk))
    page = client.get(url).content.decode()
    assert "the meetings of Learning and Improvement" in page
    assert "read as a grid of 6 meetings" in page and "6 meetings to record" in page
    client.post(url)
    assert Meeting.objects.filter(subgroup=groups["own"]).count() == 6
    assert not Member.objects.filter(board_role=Member.BoardRole.MEMBER,
                                     name__startswith="Voluntary").exists()
    page = client.get(reverse("subgroups:attendance"), {"year": "2012/13"}).content.decode()
    assert "Learning and Improvement" in page


def test_annual_report_shows_imported_attendance(board, users):
    call_command_path = DATA / SUMMARY
    preview = build_preview(call_command_path.read_bytes(), SUMMARY, board, 2012)
    from subgroups.importing.attendance import apply_import

    apply_import(preview, board, SUMMARY)
    report = start_report(board, 2012)
    tables = annual_context(report)["attendance"]
    name, rows, overall = tables[0]
    assert name == "The board" and len(rows) == 8 and overall.percent == 77


@pytest.mark.parametrize("rows, problem", [
    ([["Agency", "12/06/2015"], ["Police", "✓"]], (1, "12/06/2015", "a meeting on 12/06/2015 is "
                                                  "not in 2012/13: choose the year the table is for")),
    ([["Agency", "12/06/2012"], ["Police", "X"]], (2, "12/06/2012", "'X' can mean attended or "
                                                  "absent: write ✓ (attended), A (apologies), D "
                                                  "(deputy) or leave it blank (did not attend)")),
    ([["Agency", "Attended", "Invited"], ["Police", "7", "6"]],
     (2, "Attended", "7 attended is more than 6 invited")),
    ([["Agency", "Attended", "Invited"], ["", "3", "6"]],
     (2, "Agency", "the row has figures but no agency or seat")),
    ([["Name", "Notes"], ["Police", "x"]],
     (1, "Attended", "There is no column of attendance: give '% attended', 'Attended' and "
                     "'Invited', or one column per meeting headed by its date.")),
])
def test_problems_by_row_and_column(board, rows, problem):
    preview = build_preview(csv_bytes(rows), "a.csv", board, 2012)
    assert preview.problems[0] == problem


def test_command_refuses_unknown_body_and_bad_year(board, tmp_path):
    path = tmp_path / SUMMARY
    path.write_bytes((DATA / SUMMARY).read_bytes())
    with pytest.raises(CommandError, match="No group 'Nowhere'"):
        call_command("import_attendance", str(path), "--board", board.slug, "--year", "2012/13",
                     "--body", "Nowhere")
    with pytest.raises(CommandError, match="not a financial year"):
        call_command("import_attendance", str(path), "--board", board.slug, "--year", "twelve")
    assert not AttendanceSummary.objects.exists()


def test_printed_percentages_are_kept_and_differences_noted(board):
    rows = [["Seat", "%", "Attended", "Invited"], ["Police", "90%", "5", "6"]]
    preview = build_preview(csv_bytes(rows), "a.csv", board, 2012)
    assert preview.warnings == [(2, "% attended", "90.0% is printed but 5 of 6 is 83%: the "
                                 "printed figure is kept")]
    assert preview.rows[0].values["percent"] == D("90.0")
