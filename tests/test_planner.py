"""The reporting planner: due dates, receipts, overdue flags, year view, roles."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reporting.models import ReportingItem, ReportReceipt
from reporting.planner.services import overdue_reports, planner_year
from tests import factories as f


@pytest.fixture
def items(board, groups):
    return {
        "s11": f.make_report(
            board=board, title="S.11 Audit", recipient="board", frequency="annually", months=[3],
            responsible_group=groups["own"]),
        "indicators": f.make_report(
            board=board, title="Indicators", recipient="business_group", frequency="quarterly"),
        "scr": f.make_report(
            board=board, title="Serious Case Review", recipient="board",
            frequency="twice_yearly"),
        "adhoc": f.make_report(
            board=board, title="Other subgroups", recipient="board", frequency="as_required"),
    }


def test_due_dates_across_the_financial_year(board, items):
    rows = {row["item"].title: row["dues"] for row in planner_year(board, 2015)}
    assert [d.due_date for d in rows["S.11 Audit"]] == [dt.date(2016, 3, 31)]
    assert [d.due_date.month for d in rows["Indicators"]] == [6, 9, 12, 3]
    assert [d.due_date for d in rows["Serious Case Review"]] == [
        dt.date(2015, 9, 30), dt.date(2016, 3, 31)]
    assert rows["Other subgroups"] == []


def test_overdue_until_received(board, items):
    today = dt.date(2015, 10, 15)
    overdue = overdue_reports(board, today)
    assert {(d.item.title, d.due_date) for d in overdue} >= {
        ("Indicators", dt.date(2015, 6, 30)), ("Indicators", dt.date(2015, 9, 30)),
        ("Serious Case Review", dt.date(2015, 9, 30))}
    f.make_receipt(items["indicators"], due_date=dt.date(2015, 6, 30),
                                 received_on=dt.date(2015, 7, 2))
    overdue = overdue_reports(board, today)
    assert ("Indicators", dt.date(2015, 6, 30)) not in {(d.item.title, d.due_date) for d in overdue}


@pytest.mark.parametrize("role", ["manager", "chair", "viewer"])
def test_planner_pages_for_every_role(login, users, items, plan, role):
    client = login(users[role])
    page = client.get("/reports/planner/?year=2015/16")
    assert page.status_code == 200
    body = page.content.decode()
    assert "S.11 Audit" in body and "Mar 2016" in body
    assert ("Add a report" in body) == (role == "manager")
    year = client.get("/reports/planner/year/?year=2015/16")
    assert year.status_code == 200
    assert "March 2016" in year.content.decode()


def test_manager_records_a_report_received_with_a_file(login, users, items):
    client = login(users["manager"])
    url = reverse("reporting:receipt", args=[items["s11"].pk, "2016-03-31"])
    upload = SimpleUploadedFile("s11-summary.pdf", b"%PDF-1.4 test", "application/pdf")
    response = client.post(url, {"received_on": "2016-03-20", "note": "Presented by PMQAG",
                                 "file": upload})
    assert response.status_code == 302
    receipt = ReportReceipt.objects.get(item=items["s11"])
    assert receipt.received_on == dt.date(2016, 3, 20) and receipt.recorded_by == users["manager"]
    page = client.get("/reports/planner/?year=2015/16").content.decode()
    assert "Received 20 Mar 2016" in page
    download = client.get(reverse("reporting:receipt_file", args=[receipt.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 test"
    assert login(users["outsider"]).get(
        reverse("reporting:receipt_file", args=[receipt.pk])).status_code == 404


def test_receipt_validation(login, users, items):
    client = login(users["manager"])
    url = reverse("reporting:receipt", args=[items["s11"].pk, "2016-03-31"])
    bad = SimpleUploadedFile("run.exe", b"MZ", "application/octet-stream")
    response = client.post(url, {"received_on": "2016-03-20", "file": bad})
    assert "Attach a PDF" in response.content.decode()
    assert not ReportReceipt.objects.exists()
    # a date the report is not due on, or not a date at all
    assert client.get(reverse("reporting:receipt", args=[items["s11"].pk, "2016-02-29"])).status_code == 404
    assert client.get(reverse("reporting:receipt", args=[items["s11"].pk, "nonsense"])).status_code == 404


@pytest.mark.parametrize("role", ["chair", "viewer"])
def test_only_the_manager_records_or_edits(login, users, items, role):
    client = login(users[role])
    url = reverse("reporting:receipt", args=[items["s11"].pk, "2016-03-31"])
    assert client.post(url, {"received_on": "2016-03-20"}).status_code == 403
    assert client.post(reverse("reporting:planner_new"), {"title": "X"}).status_code == 403
    assert not ReportReceipt.objects.exists()


def recipients(*specs, initial=0):
    """The recipients formset's POST data: ``specs`` are dicts of body, frequency, months…"""
    data = {"recipients-TOTAL_FORMS": str(len(specs)), "recipients-INITIAL_FORMS": str(initial),
            "recipients-MIN_NUM_FORMS": "1", "recipients-MAX_NUM_FORMS": "20"}
    for i, spec in enumerate(specs):
        for key, value in spec.items():
            data[f"recipients-{i}-{key}"] = value
        data.setdefault(f"recipients-{i}-order", str(i))
    return data


def test_manager_adds_an_item_with_its_months(login, users, board):
    client = login(users["manager"])
    response = client.post(reverse("reporting:planner_new"), {
        "title": "Channel Panel", "order": 0,
        **recipients({"body": "board", "frequency": "annually", "months": ["1"]})})
    assert response.status_code == 302
    item = ReportingItem.objects.get(title="Channel Panel")
    assert item.due_dates(2015) == [dt.date(2016, 1, 31)]
    again = client.post(reverse("reporting:planner_new"), {
        "title": "channel panel", "order": 0,
        **recipients({"body": "board", "frequency": "quarterly"})})
    assert "already has a report with this name" in again.content.decode()


def test_another_boards_items_are_not_found(login, users, items):
    client = login(users["outsider"])
    assert client.get(reverse("reporting:planner_edit", args=[items["s11"].pk])).status_code == 404
    assert "S.11 Audit" not in client.get("/reports/planner/?year=2015/16").content.decode()
