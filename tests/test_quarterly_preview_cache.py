"""The quarterly preview's body is kept under its data's fingerprint (issue 21): a repeat
view of an unchanged report is not built again, a change to any record it shows is on
the next view (never stale HTML), another board never gets the kept body, and a closed
quarter is still its frozen copy."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lscb.fiscal import Quarter
from plans.models import Indicator, IndicatorValue, Risk
from reporting.papers import views
from reporting.quarters.services import close_quarter

from . import factories as f
from .test_paper_fingerprint import change
from .test_quarterly import report_data  # noqa: F401 (a fixture)
from .test_subgroups import group_data

PAGE = "/reports/quarterly/?plan=plan&year=2015/16&quarter=2"
QUERY = "plan=plan&year=2015%2F16&quarter=2"


@pytest.fixture
def settled(report_data, django_capture_on_commit_callbacks):  # noqa: F811
    """The fixtures' own changes committed, as they would be before anyone looks."""
    change(django_capture_on_commit_callbacks, lambda: None)
    return report_data


@pytest.fixture
def built(monkeypatch):
    """Counts how many times the preview's body is built."""
    calls = []
    build = views.preview_body

    def counting(*args, **kwargs):
        calls.append(args)
        return build(*args, **kwargs)

    monkeypatch.setattr(views, "preview_body", counting)
    return calls


def test_a_repeat_view_of_an_unchanged_report_is_not_built_again(login, users, settled, built):
    client = login(users["manager"])
    with CaptureQueriesContext(connection) as building:
        first = client.get(PAGE).content.decode()
    with CaptureQueriesContext(connection) as kept:
        again = client.get(PAGE).content.decode()
    assert len(built) == 1 and len(kept) < len(building) - 5
    assert "Chair unavailable since July" in again and "Write the commentary" in again
    strip = lambda html: html.split("<article", 1)[1]  # noqa: E731 (past the CSRF token)
    assert strip(again) == strip(first)


def test_what_the_page_opens_and_who_it_is_for_are_kept_apart(login, users, settled, built):
    client = login(users["manager"])
    client.get(PAGE)
    assert "Agenda item" in client.get(PAGE + "&agenda_item=7").content.decode()
    client.get(PAGE + "&all=1")
    assert len(built) == 3
    login(users["viewer"]).get(PAGE)  # the same report: the same body, whoever looks
    assert len(built) == 3


def test_the_default_author_is_whoever_looks(login, users, settled, built):
    """With no quarter asked for, the paper's author is the viewer: not another's body."""
    for role in ("manager", "viewer", "manager"):
        page = login(users[role]).get("/reports/quarterly/?plan=plan").content.decode()
        assert f"<dt>Author</dt><dd>{views.author_name(users[role])}</dd>" in page
    assert len(built) == 2


def saved(response):
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def post_update(client, action):
    return saved(client.post(reverse("actions:post_update", args=[action.pk]), {
        "rag": "amber", "date": "2015-09-20", "narrative": "Posted just now",
        "backdate_reason": "Found in the minutes"}))


def edit_commentary(client, _action):
    return saved(client.post(reverse("reporting:quarter_commentary") + "?" + QUERY,
                             {"summary": "Posted just now"}))


def rename_group(client, _action):
    return saved(client.post(reverse("subgroups:edit", args=["learning"]),
                             group_data(name="Posted just now", slug="learning")))


def add_risk(_client, action):
    Risk.objects.create(board=action.board, theme="Governance", reference="R9",
                        description="Posted just now", residual_likelihood=5, residual_impact=5)


def add_indicator(_client, action):
    indicator = Indicator.objects.create(board=action.board, name="Posted just now", unit="%")
    IndicatorValue.objects.create(indicator=indicator, year=2015, quarter=2, value=Decimal("7"))


def add_planner_report(_client, action):
    f.make_report(action.board, title="Posted just now", recipient="board",
                  frequency="quarterly")


def paper(client):
    """The paper on the page (the quarter form above it lists the groups' names)."""
    return client.get(PAGE).content.decode().split('<article class="paper">', 1)[1]


@pytest.mark.parametrize("doing", [post_update, edit_commentary, rename_group, add_risk,
                                   add_indicator, add_planner_report])
def test_a_change_shows_on_the_next_view(login, users, settled, doing,
                                         django_capture_on_commit_callbacks):
    client = login(users["manager"])
    assert "Posted just now" not in paper(client)
    change(django_capture_on_commit_callbacks, lambda: doing(client, settled["worse"]))
    assert "Posted just now" in paper(client)


def test_an_update_leaves_the_boards_own_parts_of_the_paper_be(
        login, users, settled, django_capture_on_commit_callbacks):
    """The indicators, risks and planner reports are kept under the board's version, which
    an update posted to the plan does not raise: the next view builds the rest again."""
    client = login(users["manager"])
    add_risk(client, settled["worse"])
    change(django_capture_on_commit_callbacks, lambda: None)
    assert "Posted just now" in paper(client)
    change(django_capture_on_commit_callbacks,
           lambda: post_update(client, settled["worse"]))
    with CaptureQueriesContext(connection) as ctx:
        page = paper(client)
    assert "Found in the minutes" not in page and page.count("Posted just now") == 2  # risk, update
    tables = " ".join(q["sql"] for q in ctx.captured_queries)
    assert '"actions_action"' in tables
    for table in ("plans_risk", "plans_indicator", "reporting_reportreceipt"):
        assert f'"{table}"' not in tables


def test_a_fragment_shows_a_change_on_the_next_view(login, users, settled, plan,
                                                   django_capture_on_commit_callbacks):
    client = login(users["manager"])
    theme = plan.themes.order_by("sort_key").first()
    url = f"{reverse('reporting:quarterly_theme_actions', args=[theme.pk])}?{QUERY}"
    part = f"{reverse('reporting:quarterly_part', args=['movement'])}?{QUERY}"
    assert "Posted just now" not in client.get(url).content.decode()
    assert 'rag-red">Red' in client.get(part).content.decode()  # 1.1 green to red
    assert client.get(url).content == client.get(url).content
    change(django_capture_on_commit_callbacks,
           lambda: post_update(client, settled["worse"]))
    assert "Posted just now" in client.get(url).content.decode()
    assert 'rag-red">Red' not in client.get(part).content.decode()  # now green to amber


def test_another_board_never_gets_the_kept_body(login, users, settled, other_board):
    assert "Chair unavailable since July" in login(users["manager"]).get(PAGE).content.decode()
    theirs = f.make_plan(other_board, slug="plan")
    f.make_action(f.make_theme(theirs, "1", "Their theme"), "1.1", description="Their own")
    page = login(users["outsider"]).get(PAGE).content.decode()
    assert "Their own" in page and "Chair unavailable since July" not in page


def test_a_closed_quarter_is_its_frozen_copy(login, users, settled, board, plan, settings,
                                             tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    client = login(users["manager"])
    assert "Q2 2015/16 is closed" not in client.get(PAGE).content.decode()
    change(django_capture_on_commit_callbacks,
           lambda: close_quarter(board, plan, Quarter(2015, 2), users["manager"]))
    change(django_capture_on_commit_callbacks, lambda: f.make_update(
        settled["quiet"], "red", dt.date(2015, 9, 25), "After the close"))
    page = client.get(PAGE).content.decode()
    assert "Q2 2015/16 is closed" in page and "After the close" not in page
    assert "After the close" in client.get(PAGE + "&live=1").content.decode()
