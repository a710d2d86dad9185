"""The action page reads its recommendations and the copies carried forward from it only
when it has some (issue 21: a prefetch that finds nothing still costs a query), and lists
them as before when it has."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from plans.models import Recommendation, Source

from . import factories as f


def page(client, action):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(action.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode(), len(queries.captured_queries)


def test_recommendations_and_copies_are_listed_and_read_only_when_there_are_some(
        login, users, board, plan, theme, own_action):
    client = login(users["manager"])
    _body, plain = page(client, own_action)
    source = Source.objects.create(board=board, kind="ofsted", title="Ofsted <2015>",
                                   date=dt.date(2015, 3, 25))
    own_action.recommendations.add(
        Recommendation.objects.create(source=source, number="4", text="CSE"),
        Recommendation.objects.create(source=source, number="10", text="Online"))
    later = f.make_plan(board, title="Plan 2018-21", slug="later", start_year=2018,
                        end_year=2021)
    copy = f.make_action(f.make_theme(later, "1", "L"), "2.3", carried_over_from=own_action)
    body, linked = page(client, own_action)
    assert linked == plain + 2  # each list in one query, its sources and plans joined in
    assert ("<br>Ofsted &lt;2015&gt; – recommendation 4<br>Ofsted &lt;2015&gt; – "
            "recommendation 10</dd>") in body
    assert f'<a href="{copy.get_absolute_url()}">2.3 in Plan 2018-21</a>' in body



def test_a_managers_update_post_does_not_read_the_owners(login, users, own_action,
                                                          plan_through_today):
    """Only a chair's permission to post depends on the owners (tests/test_tracking.py
    checks who may post)."""
    client = login(users["manager"])
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"{own_action.get_absolute_url()}updates/", {
            "rag": "green", "date": timezone.localdate().isoformat(), "narrative": "On track"})
    assert response.status_code == 302 and own_action.updates.count() == 1
    assert not any("actions_action_owners" in q["sql"] for q in queries.captured_queries)
