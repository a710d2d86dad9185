"""The plan page's theme tables are written in Python (actions/plan_table.py) for speed;
templates/plans/_theme_actions.html is their reference. Both must give the same HTML, byte
for byte, in every branch of a row, for every role."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from actions.models import Closure
from actions.plan_rows import plan_rows
from actions.plan_table import theme_table_html
from lscb.models import BoardUser

from . import factories as f

NASTY = "<b>&\"quoted\" 'it's'</b>\r\nnext line\nlast & <i>\rold Mac line\n\n"
FAR = dt.date(2099, 3, 1)


def request_for(user, board):
    request = RequestFactory().get("/")
    request.user, request.board = user, board
    request.board_user = BoardUser.objects.get(board=board, user=user)
    return request


@pytest.fixture
def rows_world(board, plan, theme, groups):
    """A theme with a row for every branch of the table, and the next plan's copies."""
    mine, theirs = groups["own"], groups["other"]
    plain = f.make_action(theme, "1.1", owners=[mine, theirs], description=NASTY,
                          outcome=NASTY, measures=NASTY, lead_role="Chair & <co>")
    f.make_update(plain, "green", dt.date(2015, 9, 1))  # green but past due
    noted = f.make_action(theme, "1.2", owners=[theirs], due=FAR, source=NASTY,
                          risk_note=NASTY, other_columns=[["Ref <x>", NASTY], ["Cost", 1500],
                                                          ["Share", 2.5], ["None", None]])
    f.make_update(noted, "complete", dt.date(2016, 1, 31))  # complete, no impact statement
    f.make_action(theme, "1.3", source="Only a source")
    f.make_action(theme, "1.4", risk_note="Only a risk", due=None)  # undated, no update
    f.make_action(theme, "1.5", other_columns=[["Only", "other"]], archived=True,
                  owners=[mine])
    carried = f.make_action(theme, "1.6", owners=[mine], closed_as=Closure.CARRIED,
                            closed_reason="Not <shown>", description="")
    f.make_action(theme, "1.7", closed_as=Closure.CARRIED, closed_reason="")
    f.make_action(theme, "1.8", closed_as=Closure.DROPPED, closed_reason=NASTY, owners=[mine])
    f.make_action(theme, "1.9", closed_as=Closure.DROPPED, closed_reason="")
    later = f.make_plan(board, title="Next <plan> & co", slug="next", start_year=2018,
                        end_year=2020)
    later_theme = f.make_theme(later, "1", "Later <theme>")
    f.make_action(later_theme, "1.6 <a>", carried_over_from=carried, owners=[mine])
    f.make_action(later_theme, "1.6b", carried_over_from=carried)  # the later copy wins
    f.make_action(later_theme, "2.1", description="Not carried")
    return {"theme": theme, "later": later, "later_theme": later_theme}


def both(request, plan, theme, has_measures):
    rows = plan_rows(request, plan, show_archived=True, themes=[theme])
    expected = render_to_string("plans/_theme_actions.html", {
        "section": {"theme": theme, "actions": rows}, "has_measures": has_measures})
    return theme_table_html(theme, rows, has_measures), expected


@pytest.mark.parametrize("has_measures", [True, False])
@pytest.mark.parametrize("role", ["manager", "chair", "viewer"])
def test_the_python_table_is_the_templates(users, board, plan, rows_world, role, has_measures):
    written, expected = both(request_for(users[role], board), plan, rows_world["theme"],
                             has_measures)
    assert written == expected
    assert written.count("<tr id=") == 9
    for shown in ["&lt;b&gt;&amp;&quot;quoted&quot; &#x27;it&#x27;s&#x27;&lt;/b&gt;<br>next",
                  "Chair &amp; &lt;co&gt; and Case Review Group and Learning and Improvement",
                  "Source:", "Risk:", "Ref &lt;x&gt;:", ">1500<", ">2.5<", ">None<",
                  "Archived", "Carried forward to <a", "in Next &lt;plan&gt; &amp; co",
                  "<strong>Carried forward</strong>", "Dropped: &lt;b&gt;", "<strong>Dropped</strong>",
                  "Overdue", "Green but past due", "Complete with no impact statement",
                  "No update for two quarters", "1 Sep 2015", "31 Jan 2016", ">—<", "Ongoing"]:
        assert shown in written, shown
    assert "Not &lt;shown&gt;" not in written  # a carried action shows its copy, not a reason
    assert ("To evidence this we will measure" in written) == has_measures
    updates = written.count("inline-update")
    assert updates == {"manager": 5, "chair": 2, "viewer": 0}[role]  # open ones, chair's own


@pytest.mark.parametrize("role", ["manager", "chair"])
def test_rows_carried_from_another_plan_are_the_templates(users, board, rows_world, role):
    written, expected = both(request_for(users[role], board), rows_world["later"],
                             rows_world["later_theme"], has_measures=False)
    assert written == expected
    assert written.count("Carried forward from <a") == 2
    assert "Business Plan 2015-18" in written


def test_an_empty_theme_is_the_templates(users, board, plan, rows_world):
    empty = f.make_theme(plan, "9", "Empty")
    written, expected = both(request_for(users["manager"], board), plan, empty, True)
    assert written == expected == "<p>No actions in this theme.</p>\n"


def test_the_pages_show_the_written_table(login, users, board, plan, rows_world):
    client = login(users["chair"])
    theme = rows_world["theme"]
    written, _expected = both(request_for(users["chair"], board), plan, theme, True)
    url = reverse("plans:theme_actions", args=[plan.slug, theme.pk]) + "?archived=1"
    assert client.get(url).content.decode() == written
    page = client.get(reverse("plans:detail", args=[plan.slug]) + "?archived=1")
    assert written in page.content.decode()


def test_the_copies_are_read_only_for_a_plan_whose_actions_were_carried_forward(
        users, board, plan, rows_world, django_assert_num_queries):
    """Issue 21: a query for the copies finds nothing on most plans (the live one)."""
    request = request_for(users["manager"], board)
    with django_assert_num_queries(2):  # the actions and their owners
        later = plan_rows(request, rows_world["later"], show_archived=True)
    assert [row.carried_copy for row in later] == [None, None, None]
    with django_assert_num_queries(3):  # and the copies
        rows = plan_rows(request, plan, show_archived=True)
    assert any(row.carried_copy for row in rows)
