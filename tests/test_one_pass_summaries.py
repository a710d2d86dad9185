"""The dashboard's one-pass figures (issue 21) follow the rules of the queryset
methods they replace: summary_by_theme, overdue and due_between."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.urls import reverse

from actions import contradictions
from actions.dating import withdraw
from actions.models import Action, ProgressUpdate
from actions.summary import dashboard_summary, summary_by_theme
from lscb.rag import RAG

from . import factories as f

TODAY = dt.date(2015, 10, 15)
HORIZON = TODAY + dt.timedelta(days=90)


def test_dashboard_summary_agrees_with_the_queryset_rules(plan, theme, groups):
    second = f.make_theme(plan, "2", "Quality")
    cases = [  # (theme, due, latest rag, completed_on)
        (theme, dt.date(2015, 8, 1), "red", None),          # overdue
        (theme, dt.date(2015, 8, 1), "complete", None),     # complete: not overdue
        (second, dt.date(2015, 9, 1), "green", dt.date(2015, 9, 2)),  # completed on
        (second, dt.date(2015, 11, 1), "amber", None),     # due soon
        (second, dt.date(2015, 11, 1), "complete", None),  # complete: not listed
        (theme, dt.date(2016, 6, 1), None, None),          # later, not started
        (theme, dt.date(2015, 10, 15), "green", None),     # due today: soon, not overdue
    ]
    for n, (t, due, rag, completed_on) in enumerate(cases):
        action = f.make_action(t, f"{t.number}.{n}", due=due, due_precision="day",
                               completed_on=completed_on)
        if rag:
            f.make_update(action, "green", dt.date(2015, 6, 1), "Earlier")
            f.make_update(action, rag, dt.date(2015, 9, 30), "Latest")
    archived = f.make_action(theme, "1.99", due=dt.date(2015, 1, 31), archived=True)
    assert archived.archived
    actions = Action.objects.filter(plan=plan).active()
    themes = list(plan.themes.all())
    figures = dashboard_summary(actions, themes, TODAY, HORIZON, listed=25)
    rows, summary = summary_by_theme(actions, themes, TODAY)
    assert figures["rows"] == rows and figures["summary"] == summary
    listing = actions.for_listing().exclude(rag=RAG.COMPLETE)
    assert figures["overdue"] == list(listing.overdue(TODAY).order_by("due_date", "sort_key"))
    soon = listing.due_between(TODAY, HORIZON).order_by("due_date", "sort_key")
    assert figures["due_soon"] == list(soon) and figures["due_soon_count"] == soon.count() == 2
    assert figures["overdue"][0].rag == RAG.RED  # the rows carry their latest update
    kinds, total = contradictions.counts(actions.for_listing(), TODAY)
    assert (figures["contradictions"], figures["contradictions_total"]) == (kinds, total)
    assert total and [n for _k, _l, n in kinds if n]  # the data has some of each kind
    few = dashboard_summary(actions, themes, TODAY, HORIZON, listed=1)
    assert len(few["due_soon"]) == 1 and few["due_soon_count"] == 2


def test_latest_first_is_the_one_definition_of_the_latest_update(own_action):
    f.make_update(own_action, "green", dt.date(2015, 6, 1), "First")
    f.make_update(own_action, "red", dt.date(2015, 9, 1), "Second, same day as the third")
    f.make_update(own_action, "amber", dt.date(2015, 9, 1), "Third")
    latest = ProgressUpdate.objects.standing().filter(action=own_action).order_by(
        "-date", "-created_at", "-pk").first()
    assert latest.narrative == "Third"
    annotated = Action.objects.with_progress().get(pk=own_action.pk)
    assert annotated.rag == latest.rag == Action.objects.get(pk=own_action.pk).current_rag
    assert annotated.last_narrative == "Third"


def test_dashboard_lists_the_boards_ten_newest_standing_updates(login, users, plan, theme,
                                                                 other_board):
    action = f.make_action(theme, "1.5")
    archived = f.make_action(theme, "1.6", archived=True)
    theirs = f.make_action(f.make_theme(f.make_plan(other_board, slug="theirs"), "1"), "9.9")
    for day in range(1, 11):
        f.make_update(action, "amber", dt.date(2015, 9, day), f"Ours {day}")
    f.make_update(action, "green", dt.date(2015, 9, 10), "Ours 10, written later")
    withdraw(f.make_update(action, "red", dt.date(2015, 9, 30), "Withdrawn"),
             users["manager"], "Posted on the wrong action")
    f.make_update(archived, "red", dt.date(2015, 9, 29), "Archived action")
    f.make_update(theirs, "red", dt.date(2015, 9, 28), "Another board")
    page = login(users["manager"]).get(reverse("dashboard")).content.decode()
    latest = page[page.index('id="latest-heading"'):]
    assert re.findall(r"Ours (\d+)", latest) == ["10"] + [str(day) for day in range(10, 1, -1)]
    assert latest.index("written later") < latest.index("Ours 10<")
    for left_out in ("Withdrawn", "Archived action", "Another board", "Ours 1<"):
        assert left_out not in latest
    assert re.search(rf'<span class="rag rag-green">Green</span>\s*<a href="/actions/{action.pk}/">'
                     r"1\.5</a>", latest)  # the rating in words beside its action


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plan")
def test_latest_updates_are_read_from_indexes_not_sorted(board):
    """The dashboard's latest updates stop after ten rows of update_newest_first, and an
    action's latest update is the first entry of update_latest_per_action: neither sorts."""
    newest = ProgressUpdate.objects.newest_of(Action.objects.filter(board=board))[:10].explain()
    assert "update_newest_first" in newest and "TEMP B-TREE" not in newest
    as_at = dt.date(2015, 9, 30)  # the current position is stored: a past one is looked up
    for per_action in (Action.objects.with_progress(as_at).values("rag", "last_update_on"),
                       Action.objects.with_progress().values("last_narrative")):
        plan = per_action.order_by().explain()
        assert "update_latest_per_action" in plan and "TEMP B-TREE" not in plan


def test_stored_latest_update_agrees_with_the_looked_up_one(theme, own_action, users):
    f.make_update(own_action, "red", dt.date(2015, 9, 1), "Same day, written first")
    f.make_update(own_action, "amber", dt.date(2015, 9, 1), "Same day, written last")
    withdrawn = f.make_action(theme, "1.7")
    f.make_update(withdrawn, "green", dt.date(2015, 6, 1), "Stands")
    withdraw(f.make_update(withdrawn, "complete", dt.date(2015, 8, 1), "Taken back"),
             users["manager"], "Not complete after all")
    never = f.make_action(theme, "1.8")
    packed = {pk: (rag, day) for pk, rag, day in
              Action.objects.with_progress().values_list("pk", "rag", "last_update_on")}
    annotated = {pk: (rag, day) for pk, rag, day in Action.objects.with_progress(
        dt.date(2099, 1, 1)).values_list("pk", "rag", "last_update_on")}
    assert packed == annotated
    assert packed[own_action.pk] == ("amber", dt.date(2015, 9, 1))
    assert packed[withdrawn.pk] == ("green", dt.date(2015, 6, 1))
    assert packed[never.pk] == (RAG.NOT_STARTED, None)


def test_the_latest_narrative_is_read_only_where_a_page_shows_it(own_action):
    """``narrative=False`` leaves out the subquery of the latest update's text; the
    current RAG and date are the same either way. Lists leave it out unless asked."""
    f.make_update(own_action, "green", dt.date(2015, 6, 1), "First")
    f.make_update(own_action, "amber", dt.date(2015, 9, 1), "Latest")
    full = Action.objects.with_progress().get(pk=own_action.pk)
    light = Action.objects.with_progress(narrative=False).get(pk=own_action.pk)
    assert (light.rag, light.last_update_on) == (full.rag, full.last_update_on) == (
        "amber", dt.date(2015, 9, 1))
    assert full.last_narrative == "Latest" and not hasattr(light, "last_narrative")
    assert not hasattr(Action.objects.for_listing().get(pk=own_action.pk), "last_narrative")
    assert Action.objects.for_listing(narrative=True).get(pk=own_action.pk).last_narrative == (
        "Latest")
    as_at = Action.objects.with_progress(dt.date(2015, 7, 1), narrative=False).get(
        pk=own_action.pk)
    assert (as_at.rag, as_at.last_update_on) == ("green", dt.date(2015, 6, 1))
    assert not hasattr(as_at, "last_narrative")


def test_the_update_grid_still_shows_each_actions_latest_update(login, users, own_action):
    f.make_update(own_action, "amber", dt.date(2015, 9, 1), "What the grid shows")
    page = login(users["manager"]).get(reverse("actions:update_grid"))
    assert page.status_code == 200 and "What the grid shows" in page.content.decode()
