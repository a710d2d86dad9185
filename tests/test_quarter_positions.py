"""The quarterly paper's positions kept between requests (``reporting.papers.positions``):
an action's RAG at two quarter ends is looked up again only when its updates changed,
which ``Action.progress_stamp`` says; what the paper counts always equals a fresh lookup."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.dating import withdraw
from actions.latest import refresh
from actions.models import Action
from lscb.fiscal import Quarter
from reporting.papers import positions
from reporting.papers.quarterly import quarter_actions

from . import factories as f

Q3 = Quarter(2015, 3)  # October to December 2015; Q2 ends on 30 September


@pytest.fixture
def actions(theme, groups):
    return [f.make_action(theme, f"1.{n}", owners=[groups["own"]]) for n in range(1, 5)]


def paper_positions(plan):
    return {a.pk: (a.rag, a.prev_rag)
            for a in quarter_actions(plan, Q3, list(plan.themes.all()))}


def looked_up(plan):
    """Every open action's RAG at the two quarter ends, looked up afresh."""
    at_end = dict(Action.objects.filter(plan=plan, archived=False)
                  .with_progress(as_at=Q3.end).values_list("pk", "rag"))
    before = dict(Action.objects.filter(plan=plan, archived=False)
                  .with_progress(as_at=Q3.previous().end).values_list("pk", "rag"))
    return {pk: (rag, before[pk]) for pk, rag in at_end.items()}


def stamp_of(action):
    return Action.objects.values_list("progress_stamp", flat=True).get(pk=action.pk)


def test_every_change_to_an_actions_updates_draws_a_new_stamp(actions, users):
    action = actions[0]
    assert stamp_of(action) == 0  # never refreshed: no updates
    stamps = [stamp_of(action)]
    update = f.make_update(action, "green", dt.date(2015, 9, 1))
    stamps.append(stamp_of(action))
    f.make_update(action, "red", dt.date(2015, 8, 1), "Back-dated: the latest stays green")
    stamps.append(stamp_of(action))
    withdraw(update, users["manager"], "Posted to the wrong action")
    stamps.append(stamp_of(action))
    assert len(set(stamps)) == 4
    assert stamp_of(actions[1]) == 0  # the others' stay


def test_saving_the_action_never_writes_back_an_old_stamp(actions):
    action = Action.objects.get(pk=actions[0].pk)  # loaded before the update
    f.make_update(actions[0], "amber", dt.date(2015, 11, 1))
    stamp = stamp_of(action)
    action.description = "Reworded"
    action.save()
    assert stamp_of(action) == stamp


def test_kept_positions_always_equal_a_fresh_lookup(plan, actions, users):
    """Each step changes one action's updates in a way that moves (or does not move) its
    RAG at either quarter end; the paper, read with the positions kept from the step
    before, counts what a fresh lookup finds."""
    first, second, third, _fourth = actions
    steps = [
        lambda: f.make_update(first, "green", dt.date(2015, 9, 1)),
        lambda: f.make_update(first, "red", dt.date(2016, 2, 1), "After Q3: Q3 stays green"),
        lambda: f.make_update(second, "amber", dt.date(2015, 11, 1)),
        lambda: f.make_update(second, "green", dt.date(2015, 7, 1), "Back-dated into Q2"),
        lambda: f.make_update(first, "amber", dt.date(2015, 12, 31), "On the quarter's last day"),
        lambda: withdraw(first.updates.get(rag="amber"), users["manager"], "Wrong action"),
        lambda: f.make_update(third, "complete", dt.date(2015, 10, 2)),
        lambda: Action.objects.filter(pk=third.pk).update(archived=True),
    ]
    assert paper_positions(plan) == looked_up(plan)
    for step in steps:
        step()
        assert paper_positions(plan) == looked_up(plan)
        assert paper_positions(plan) == looked_up(plan)  # and read back from the cache
    assert paper_positions(plan)[first.pk] == ("green", "green")
    assert third.pk not in paper_positions(plan)


def lookups(plan):
    """The SQL of the lookups a read of the paper's positions runs."""
    with CaptureQueriesContext(connection) as ctx:
        paper_positions(plan)
    return [q["sql"] for q in ctx.captured_queries if "CASE WHEN" in q["sql"]]


def test_only_actions_whose_updates_changed_are_looked_up_again(plan, actions):
    for action in actions:
        f.make_update(action, "green", dt.date(2016, 1, 10))  # after Q3: a lookup each
    assert len(lookups(plan)) == 1  # the first read: all of them
    assert lookups(plan) == []  # nothing changed
    f.make_update(actions[2], "red", dt.date(2015, 11, 1))
    [sql] = lookups(plan)
    assert f"IN ({actions[2].pk})" in sql.replace("'", "")
    assert lookups(plan) == []


def test_a_kept_position_under_another_stamp_is_not_used(plan, actions):
    f.make_update(actions[0], "green", dt.date(2015, 11, 1))
    truth = paper_positions(plan)
    key = positions.cache_key(plan.pk, Q3)
    kept = cache.get(key)
    stamp = stamp_of(actions[0])
    kept[actions[0].pk] = (stamp + 1, "red", "red")  # as if worked out from other updates
    cache.set(key, kept)
    assert paper_positions(plan) == truth
    assert cache.get(key)[actions[0].pk] == (stamp, "green", "not_started")


def test_one_themes_positions_join_the_plans_and_a_whole_read_drops_the_gone(
        plan, theme, actions):
    other = f.make_theme(plan, "2", "Other")
    elsewhere = f.make_action(other, "2.1")
    f.make_update(elsewhere, "amber", dt.date(2015, 11, 1))
    paper_positions(plan)
    key = positions.cache_key(plan.pk, Q3)
    assert set(cache.get(key)) == {a.pk for a in [*actions, elsewhere]}
    refresh([actions[0].pk])  # a new stamp: looked up again for its theme alone
    quarter_actions(plan, Q3, [theme], whole=False)
    assert set(cache.get(key)) == {a.pk for a in [*actions, elsewhere]}
    Action.objects.filter(pk=elsewhere.pk).update(archived=True)
    refresh([actions[1].pk])
    paper_positions(plan)
    assert set(cache.get(key)) == {a.pk for a in actions}
