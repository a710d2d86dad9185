"""Every table of a board as CSV and XLSX, with formula injection neutralised."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lscb.models import Challenge
from plans.models import Risk
from reporting.exports.tables import TABLES

from . import factories as f


@pytest.fixture
def rows(board, other_board, theme, groups):
    action = f.make_action(theme, "1.1", owners=[groups["own"]], description="=1+1 sum")
    f.make_update(action, "amber", dt.date(2015, 8, 1), "@SUM(A1) not a formula")
    Challenge.objects.create(board=board, raised_on=dt.date(2015, 9, 1), raised_by="Chair",
                             agency=f.make_agency(board, "Police"),
                             issue='=HYPERLINK("http://evil.example","click")')
    Risk.objects.create(board=board, theme="Governance", reference="R1", description="-2+3",
                        inherent_likelihood=4, inherent_impact=5, residual_likelihood=2,
                        residual_impact=3)
    Risk.objects.create(board=other_board, theme="Other", reference="R9",
                        description="Other board's secret", inherent_likelihood=1,
                        inherent_impact=1, residual_likelihood=1, residual_impact=1)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_table_downloads_as_csv_and_xlsx(login, users, rows, name):
    client = login(users["viewer"])
    for fmt in ["csv", "xlsx"]:
        response = client.get(reverse("reporting:data_table", args=[name, fmt]))
        assert response.status_code == 200, (name, fmt)
        assert f'filename="north-{name}.{fmt}"' in response["Content-Disposition"]
        if fmt == "csv":
            table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        else:
            sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
            table = [list(r) for r in sheet.iter_rows(values_only=True)]
        assert table[0] and all(table[0])  # a header row
        text = repr(table)
        assert "Other board's secret" not in text


def test_formulas_are_neutralised(login, users, rows):
    client = login(users["viewer"])
    challenges = client.get(reverse("reporting:data_table", args=["challenges", "csv"]))
    assert "'=HYPERLINK(" in challenges.content.decode("utf-8-sig")
    book = openpyxl.load_workbook(io.BytesIO(client.get(
        reverse("reporting:data_table", args=["actions", "xlsx"])).content))
    cells = [c for row in book.active.iter_rows(values_only=True) for c in row]
    assert "'=1+1 sum" in cells and "=1+1 sum" not in cells
    risks = client.get(reverse("reporting:data_table", args=["risks", "csv"])).content.decode(
        "utf-8-sig")
    assert "'-2+3" in risks and ",20," in risks  # inherent score 4 × 5
    updates = client.get(reverse("reporting:data_table", args=["progress-updates", "csv"]))
    assert "'@SUM(A1) not a formula" in updates.content.decode("utf-8-sig")


def test_unknown_table_or_format_is_not_found(login, users, board):
    client = login(users["viewer"])
    assert client.get(reverse("reporting:data_table", args=["nothing", "csv"])).status_code == 404
    assert client.get(reverse("reporting:data_table", args=["risks", "pdf"])).status_code == 404


def test_reports_page_lists_every_table(login, users, board):
    page = login(users["viewer"]).get(reverse("reporting:index")).text
    for name in TABLES:
        assert reverse("reporting:data_table", args=[name, "xlsx"]) in page


@pytest.mark.parametrize("name", ["actions", "progress-updates", "section11", "recommendations"])
def test_queries_do_not_grow_with_rows(login, users, rows, theme, name):
    client = login(users["viewer"])
    url = reverse("reporting:data_table", args=[name, "csv"])
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for n in range(2, 12):
        f.make_update(f.make_action(theme, f"1.{n}"), "green", dt.date(2015, 9, 1), "ok")
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)
