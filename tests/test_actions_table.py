"""The /actions/ table: filters, sorting, pagination and export."""

import datetime as dt
import io

import openpyxl
import pytest
from django.utils import timezone

from lscb.fiscal import Quarter

from . import factories as f


@pytest.fixture
def table_data(plan, theme, groups):
    second = f.make_theme(plan, "2", "Quality Assurance")
    today = timezone.localdate()
    quarter = Quarter.of(today)
    actions = {
        "late": f.make_action(theme, "1.10", owners=[groups["own"]], due=dt.date(2015, 12, 1),
                              description="Review the training pool", source="Child J SCR"),
        "red": f.make_action(theme, "1.2", owners=[groups["other"]], due=quarter.next().start,
                             description="Revise the SCR model", outcome="Case reviews improve"),
        "done": f.make_action(second, "2.1", due=dt.date(2015, 12, 1), lead_role="Chair",
                              description="Annual appraisal of members"),
        "fresh": f.make_action(second, "2.2", owners=[groups["own"]], due=quarter.end,
                               description="Publish the S11 audit themes"),
    }
    f.make_update(actions["red"], "red", today - dt.timedelta(days=400), "Stalled")
    f.make_update(actions["done"], "complete", today - dt.timedelta(days=400))
    f.make_update(actions["fresh"], "green", today)
    return actions


def refs(response):
    return [row.record.reference for row in response.context["table"].paginated_rows]


@pytest.mark.parametrize("query, expected", [
    ("", ["1.2", "1.10", "2.1", "2.2"]),
    ("q=training+pool", ["1.10"]),
    ("q=child+j", ["1.10"]),
    ("q=case+reviews", ["1.2"]),
    ("q=1.10", ["1.10"]),
    ("rag=red", ["1.2"]),
    ("rag=not_started", ["1.10"]),
    ("overdue=on", ["1.10"]),
    ("no_update=on", ["1.2", "1.10"]),
])
def test_filters(login, users, table_data, query, expected):
    response = login(users["viewer"]).get(f"/actions/?{query}")
    assert refs(response) == expected


def test_filter_by_plan_theme_owner_and_quarter(login, users, table_data, plan, groups):
    client = login(users["viewer"])
    second = table_data["done"].theme
    assert refs(client.get(f"/actions/?theme={second.pk}")) == ["2.1", "2.2"]
    assert refs(client.get(f"/actions/?owner={groups['own'].pk}")) == ["1.10", "2.2"]
    assert len(refs(client.get(f"/actions/?plan={plan.pk}"))) == 4
    quarter = Quarter.current()
    assert refs(client.get(f"/actions/?due_quarter={quarter.year}-{quarter.number}")) == ["2.2"]
    nxt = quarter.next()
    assert refs(client.get(f"/actions/?due_quarter={nxt.year}-{nxt.number}")) == ["1.2"]


def test_filter_choices_are_limited_to_the_board(login, users, table_data, other_board):
    foreign = f.make_plan(other_board, title="Foreign plan", slug="foreign")
    response = login(users["viewer"]).get(f"/actions/?plan={foreign.pk}")
    assert "Foreign plan" not in response.content.decode()
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize("sort, expected", [
    ("reference", ["1.2", "1.10", "2.1", "2.2"]),
    ("-reference", ["2.2", "2.1", "1.10", "1.2"]),
    ("rag", ["1.2", "2.2", "2.1", "1.10"]),
    ("when", ["1.10", "2.1", "2.2", "1.2"]),
    ("who", ["1.2", "2.1", "1.10", "2.2"]),
])
def test_sorting(login, users, table_data, sort, expected):
    assert refs(login(users["viewer"]).get(f"/actions/?sort={sort}")) == expected


@pytest.fixture
def four_plans(board, groups):
    """Four actions whose values differ in every sortable column, so that each column
    gives one order (no ties), and a different order from most other columns."""
    titles = {2013: "Children first", 2014: "Safer lives", 2015: "Working together",
              2016: "Early help"}  # not in the order of their years
    rows = [  # plan start, theme, description, who, due, outcome, source, RAG, update month
        (2016, "2", "Audit", "Chair", dt.date(2016, 6, 30), "Fewer", "Ofsted", "red", 1),
        (2013, "10", "Consult", groups["own"], dt.date(2015, 9, 30), "Better", "Peer review",
         "green", 2),
        (2015, "1", "Deliver", "Business manager", dt.date(2017, 1, 31), "Confident", "Audit",
         "amber", 0),
        (2014, "3", "Brief", groups["other"], dt.date(2016, 1, 31), "Earlier",
         "Serious case review", "complete", 3),
    ]
    for start, number, description, who, due, outcome, source, rag, month in rows:
        plan = f.make_plan(board, title=titles[start], start_year=start, end_year=start + 2)
        theme = f.make_theme(plan, number)
        owners = [] if isinstance(who, str) else [who]
        action = f.make_action(theme, f"{number}.1", owners=owners, due=due,
                               description=description, outcome=outcome, source=source,
                               lead_role=who if isinstance(who, str) else "")
        f.make_update(action, rag, dt.date(2015, 6 + month, 1), "Noted")


# Each sortable column, ascending, by reference (descending is the reverse).
COLUMN_ORDER = {
    "reference": ["1.1", "2.1", "3.1", "10.1"],
    "plan": ["10.1", "3.1", "1.1", "2.1"],
    "theme": ["1.1", "2.1", "3.1", "10.1"],
    "description": ["2.1", "3.1", "10.1", "1.1"],
    "who": ["1.1", "3.1", "2.1", "10.1"],  # Business manager, Case Review Group, Chair, Learning…
    "when": ["10.1", "3.1", "2.1", "1.1"],
    "outcome": ["10.1", "1.1", "3.1", "2.1"],
    "source": ["1.1", "2.1", "10.1", "3.1"],
    "rag": ["2.1", "1.1", "10.1", "3.1"],  # red, amber, green, complete
    "last_update_on": ["1.1", "2.1", "10.1", "3.1"],
}


def test_every_column_sorts_its_rows_both_ways(login, users, four_plans):
    client = login(users["manager"])  # the manager sees every plan's actions, drafts included
    table = client.get("/actions/").context["table"]
    sortable = {column.name for column in table.columns.iterall() if column.orderable}
    assert sortable == set(COLUMN_ORDER), "give the expected order of every sortable column"
    for name, ascending in COLUMN_ORDER.items():
        assert refs(client.get(f"/actions/?sort={name}")) == ascending, name
        assert refs(client.get(f"/actions/?sort=-{name}")) == ascending[::-1], f"-{name}"


def test_pagination(login, users, theme):
    for n in range(1, 56):
        f.make_action(theme, f"1.{n}")
    client = login(users["viewer"])
    first = client.get("/actions/")
    assert refs(first)[:3] == ["1.1", "1.2", "1.3"] and len(refs(first)) == 50
    assert refs(client.get("/actions/?page=2")) == [f"1.{n}" for n in range(51, 56)]


def test_xlsx_export_holds_the_filtered_rows(login, users, table_data):
    owner = table_data["late"].owners.get()
    response = login(users["viewer"]).get(f"/actions/?_export=xlsx&owner={owner.pk}")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Ref"
    assert [row[0] for row in rows[1:]] == ["1.10", "2.2"]
    assert "Review the training pool" in rows[1]


def test_exports_neutralise_spreadsheet_formulas(login, users, theme):
    f.make_action(theme, "1.1", description="=HYPERLINK(\"http://evil.example\",\"x\")",
                  outcome="+1+1", source="@SUM(A1)")
    client = login(users["viewer"])
    text = client.get("/actions/?_export=csv").content.decode()
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text
    sheet = openpyxl.load_workbook(io.BytesIO(
        client.get("/actions/?_export=xlsx").content)).active
    values = [cell.value for cell in next(sheet.iter_rows(min_row=2, max_row=2))]
    assert "'=HYPERLINK(\"http://evil.example\",\"x\")" in values
    assert not any(isinstance(v, str) and v.startswith(("=", "+", "@")) for v in values)
