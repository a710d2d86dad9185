"""A big plan's page shows each theme's actions when asked (issue 21): htmx loads one
theme's table, a link does the same without JavaScript, and "Show every theme's
actions" shows them all; the rows read exactly as on a small plan's page."""

import pytest
from django.urls import reverse

from actions import views_plan

from . import factories as f


@pytest.fixture
def big_plan(plan, theme, groups, monkeypatch):
    monkeypatch.setattr(views_plan, "ROWS_ON_DEMAND", 2)
    second = f.make_theme(plan, "2", "Quality")
    actions = [f.make_action(theme, f"1.{n}", owners=[groups["own"]],
                             description=f"First theme action {n}") for n in range(2)]
    actions += [f.make_action(second, "2.1", owners=[groups["other"]],
                              description="Second theme action")]
    f.make_update(actions[0], "red")
    return {"themes": [theme, second], "actions": actions}


def test_a_big_plan_shows_each_themes_actions_on_demand(login, users, plan, big_plan):
    theme, second = big_plan["themes"]
    client = login(users["chair"])
    page = client.get(reverse("plans:detail", args=[plan.slug])).content.decode()
    assert "First theme action" not in page and "Second theme action" not in page
    fragment_url = reverse("plans:theme_actions", args=[plan.slug, theme.pk])
    assert f'hx-get="{fragment_url}"' in page
    assert f'href="?theme={theme.pk}#theme-{theme.pk}"' in page  # without JavaScript
    assert "Show the 2 actions of theme 1" in page and "Show the 1 action of theme 2" in page
    assert '<span class="rag rag-red">Red</span> 1' in page  # the summaries stay
    fragment = client.get(fragment_url, headers={"HX-Request": "true"}).content.decode()
    assert "First theme action 0" in fragment and "Second theme action" not in fragment
    assert '<span class="rag rag-red">Red</span>' in fragment
    assert 'class="btn btn-outline-primary btn-sm inline-update"' in fragment  # chair's group
    opened = client.get(reverse("plans:detail", args=[plan.slug]) + f"?theme={second.pk}")
    opened = opened.content.decode()
    assert "Second theme action" in opened and "First theme action" not in opened
    everything = client.get(reverse("plans:detail", args=[plan.slug]) + "?all=1").content.decode()
    assert "First theme action 1" in everything and "Second theme action" in everything


def test_small_plans_show_every_action(login, users, plan, big_plan, monkeypatch):
    monkeypatch.setattr(views_plan, "ROWS_ON_DEMAND", 300)
    page = login(users["viewer"]).get(reverse("plans:detail", args=[plan.slug])).content.decode()
    assert "First theme action 0" in page and "Second theme action" in page
    assert "Show every theme's actions" not in page
    assert "inline-update" not in page  # a viewer updates nothing


def test_the_theme_table_is_the_boards_own(login, users, plan, big_plan, other_board):
    other_plan = f.make_plan(other_board, slug="theirs")
    their_theme = f.make_theme(other_plan, "1")
    client = login(users["manager"])
    assert client.get(reverse("plans:theme_actions",
                              args=[plan.slug, their_theme.pk])).status_code == 404
    assert client.get(reverse("plans:theme_actions",
                              args=["theirs", their_theme.pk])).status_code == 404


MEASURES_HEADING = "To evidence this we will measure"


@pytest.mark.parametrize("on_demand", [False, True])
def test_the_measures_column_shows_when_any_action_has_measures(login, users, plan, theme,
                                                                 monkeypatch, on_demand):
    """Counted from the rows when every row is loaded, from the database when some are
    on demand: the same answer either way, even when only an unopened theme has some."""
    monkeypatch.setattr(views_plan, "ROWS_ON_DEMAND", 0 if on_demand else 300)
    second = f.make_theme(plan, "2", "Quality")
    f.make_action(theme, "1.1")
    client = login(users["manager"])
    url = reverse("plans:detail", args=[plan.slug]) + f"?theme={theme.pk}"
    assert MEASURES_HEADING not in client.get(url).content.decode()
    f.make_action(second, "2.1", measures="Audit of case files")
    assert MEASURES_HEADING in client.get(url).content.decode()
    archived = f.make_action(theme, "1.2", measures="Only on an archived action",
                             archived=True)
    assert archived.archived
    assert "Only on an archived action" not in client.get(url).content.decode()


def test_the_plan_page_links_the_plan_it_follows(login, users, board, plan):
    later = f.make_plan(board, title="Business Plan 2018-21", slug="later", start_year=2018,
                        end_year=2020, previous_plan=plan)
    page = login(users["manager"]).get(reverse("plans:detail", args=[later.slug]))
    assert f'Follows <a href="{plan.get_absolute_url()}">{plan}</a>' in page.content.decode()
