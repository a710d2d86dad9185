"""The actions table's cheap rows (issue 21) show exactly what django-tables2's own
row rendering of the same columns shows: every cell, escaping included."""

import datetime as dt

from django.test import RequestFactory
from django.utils.html import conditional_escape

from actions.models import Action
from actions.tables import ActionTable
from lscb import paging

from . import factories as f


def test_page_rows_match_django_tables2s_own_cells(plan, theme, groups, board):
    draft = f.make_plan(board, title="Draft <plan>", slug="draft", start_year=2018,
                        end_year=2020)
    f.make_action(f.make_theme(draft, "1", "D"), "1.1", description="In a draft")
    for n in range(5):
        action = f.make_action(
            theme, f"1.{n}", owners=[groups["own"]] if n % 2 else [],
            description=f"<script>x</script> line\nnext & {'word ' * 50 * (n % 2)}",
            due=dt.date(2015, 1 + n, 1), lead_role="Chair & co" if n == 3 else "")
        if n % 2:
            f.make_update(action, ["red", "complete"][n % 2 - 1], dt.date(2015, 6, 1), "x")
    undated = f.make_action(theme, "1.9", due=None, due_precision="text",
                            due_text="Ongoing")
    assert undated.due_date is None
    request = RequestFactory().get("/actions/")
    table = ActionTable(Action.objects.for_board(board).for_listing(),
                        can_update=lambda record: record.pk % 2 == 0)
    paging.configure(request, table)
    fast = table.page_rows()
    assert len(fast) == Action.objects.count() == 7
    for (record, cells), row in zip(fast, table.paginated_rows, strict=True):
        assert record.pk == row.record.pk
        # as the page shows them: django-tables2's template escapes what is not yet safe
        assert cells == [(col.attrs["td"].as_html(), conditional_escape(cell))
                         for col, cell in row.items()]
    text = "".join(str(cell) for _r, cells in fast for _a, cell in cells)
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "Draft &lt;plan&gt; <span" in text and "Chair &amp; co" in text
    html = table.page_html  # the rows as the page puts them in <tbody>
    assert html.count("<tr ") == 7 and all(f"<td {attrs}>{cell}</td>" in html
                                           for _r, cells in fast for attrs, cell in cells)


def test_filter_form_keeps_its_labels_classes_and_errors(login, users, own_action):
    page = login(users["viewer"]).get("/actions/?rag=nothing&overdue=on").content.decode()
    assert '<label for="id_rag" class="form-label">' in page
    assert 'class="select form-select is-invalid"' in page and 'aria-invalid="true"' in page
    assert 'aria-describedby="id_rag_error"' in page and 'id="id_rag_error"' in page
    assert "is not one of the available choices" in page
    assert 'class="checkboxinput form-check-input"' in page and 'id="id_overdue" checked' in page
    assert 'class="textinput form-control"' in page


def test_a_row_that_stops_matching_the_filter_between_reads_is_left_out(theme, board):
    """A filtered list reads its ids, then the page's rows: an update posted in between
    (another user, under load) must not break the page (it was a KeyError, a 500)."""
    for n in range(3):
        f.make_update(f.make_action(theme, f"1.{n}"), "green", dt.date(2015, 6, 1), "x")
    greens = Action.objects.for_board(board).for_listing().filter(rag="green")
    table = ActionTable(greens, filtered=True)
    assert len(table.data) == 3  # the ids are read (and kept)
    f.make_update(Action.objects.get(reference="1.1"), "red", dt.date(2015, 7, 1), "x")
    paging.configure(RequestFactory().get("/actions/?rag=green"), table)  # the page's rows
    assert [record.reference for record, _cells in table.page_rows()] == ["1.0", "1.2"]


def test_the_page_reads_rows_not_model_instances(login, users, own_action, other_action):
    """A page's rows are values (actions.table_rows), each with its owners: a chair gets the
    inline update of their group's action only."""
    response = login(users["chair"]).get("/actions/")
    rows = [row.record for row in response.context["table"].paginated_rows]
    assert [type(row).__name__ for row in rows] == ["TableRow", "TableRow"]
    assert [(row.reference, row.owner_label) for row in rows] == [
        ("1.1", "Learning and Improvement"), ("1.2", "Case Review Group")]
    page = response.content.decode()
    assert f'id="update-link-{own_action.pk}"' in page
    assert f'id="update-link-{other_action.pk}"' not in page
