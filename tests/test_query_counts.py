"""Every page runs a constant number of queries whatever the number of actions."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.latest import refresh
from actions.models import Action, ProgressUpdate
from lscb.refs import natural_key

from . import factories as f


def add_actions(theme, groups, count, start=1):
    """Bulk-create actions with an owner and two updates each."""
    actions = Action.objects.bulk_create([
        Action(board=theme.board, plan=theme.plan, theme=theme, reference=f"1.{n}",
               sort_key=natural_key(f"1.{n}"), description=f"Action {n}",
               due_date=dt.date(2015, 12, 31))
        for n in range(start, start + count)
    ])
    through = Action.owners.through
    through.objects.bulk_create([
        through(action_id=a.pk, subgroup_id=groups["own" if a.pk % 2 else "other"].pk)
        for a in actions
    ])
    ProgressUpdate.objects.bulk_create([
        ProgressUpdate(action=a, date=date, year=2015, quarter=q, rag=rag, narrative="x")
        for a in actions
        for date, q, rag in [(dt.date(2015, 7, 1), 2, "amber"), (dt.date(2015, 10, 1), 3, "green")]
    ])
    refresh([a.pk for a in actions])  # bulk_create sends no signal
    return actions


QUARTER = "year=2015%2F16&quarter=3"


def count_queries(client, url):
    """The queries of building the page: the test's transaction never commits, so the data
    versions stay put and the quarterly preview's kept body would be served instead
    (tests/test_quarterly_preview_cache.py)."""
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", [
    "dashboard", "plan", "plan_on_demand", "actions", "actions_sorted", "actions_filtered", "my_work_plan",
    "updates_due", "subgroups", "subgroup", "action", "csv",
    "quarterly", "quarterly_on_demand", "quarterly_theme", "quarterly_part",
])
@pytest.mark.parametrize("role", ["manager", "chair"])
def test_query_count_is_constant(login, users, plan, theme, groups, page, role):
    urls = {
        "dashboard": reverse("dashboard"),
        # every theme's rows (?all=1); a plan this big otherwise loads them on demand
        "plan": reverse("plans:detail", args=[plan.slug]) + "?all=1",
        "plan_on_demand": reverse("plans:detail", args=[plan.slug]),
        "actions": reverse("actions:list"),
        "actions_sorted": reverse("actions:list") + "?sort=rag",
        "actions_filtered": reverse("actions:list") + "?rag=green&no_update=on&q=Action",
        "my_work_plan": reverse("actions:my_work_plan"),
        "updates_due": reverse("actions:updates_due"),
        "subgroups": reverse("subgroups:list"),
        "subgroup": reverse("subgroups:detail", args=[groups["own"].slug]),
        "csv": reverse("actions:list") + "?_export=csv",
        # every theme's actions (?all=1); a plan this big otherwise opens them on demand
        "quarterly": f"{reverse('reporting:quarterly')}?{QUARTER}&all=1",
        "quarterly_on_demand": f"{reverse('reporting:quarterly')}?{QUARTER}",
        "quarterly_theme": f"{reverse('reporting:quarterly_theme_actions', args=[theme.pk])}?{QUARTER}",
        "quarterly_part": f"{reverse('reporting:quarterly_part', args=['movement'])}?{QUARTER}",
    }
    client = login(users[role])
    first = add_actions(theme, groups, 10)
    if page == "updates_due" and role != "manager":
        pytest.skip("manager-only page")
    url = urls.get(page) or first[0].get_absolute_url()
    small = count_queries(client, url)
    add_actions(theme, groups, 490, start=11)
    if page == "action":  # many updates on the one action instead
        for n in range(50):
            f.make_update(first[0], "green", dt.date(2015, 12, 1), f"u{n}")
    large = count_queries(client, url)
    if page in ("plan_on_demand", "quarterly_on_demand"):  # 500: no rows until opened
        assert large <= small, f"{page}: {small} queries with 10 actions, {large} with 500"
        return
    assert small == large, f"{page}: {small} queries with 10 actions, {large} with 500"
