"""A big plan's quarterly preview (issue 21): the summary counts every action, appendix
A opens theme by theme (htmx, or a link without JavaScript), the summary's long lists
open when asked, "Show every theme's actions" shows them all, and the PDF and Word
file still print everything. A plan at or under the threshold reads as before."""

import pytest
from django.urls import reverse

from lscb.fiscal import Quarter
from reporting.papers import quarterly, views
from reporting.papers.registry import QUARTERLY

from . import factories as f
from .test_docx import all_text, open_docx
from .test_quarterly import report_data  # noqa: F401 (a fixture)

PAGE = "/reports/quarterly/?year=2015/16&quarter=2"
QUERY = "plan=plan&year=2015%2F16&quarter=2"
QUARTER_UPDATE = "Chair unavailable since July"  # 1.1's update: appendix A, theme 1
SECOND_THEME = "Review the QA framework"  # 2.1: appendix A, theme 2, and an exception


@pytest.fixture
def big(report_data, plan, monkeypatch):  # noqa: F811
    """The report's four actions make a "big" plan; lists of more than one row are long."""
    monkeypatch.setattr(views, "ROWS_ON_DEMAND", 2)
    monkeypatch.setattr(quarterly, "LONG_LIST", 1)
    first, second = plan.themes.order_by("sort_key")
    return {"first": first, "second": second}


def theme_url(theme, query=QUERY):
    return f"{reverse('reporting:quarterly_theme_actions', args=[theme.pk])}?{query}"


def part_url(name, query=QUERY):
    return f"{reverse('reporting:quarterly_part', args=[name])}?{query}"


def test_the_summary_counts_every_action_and_the_rows_open_on_demand(login, users, big):
    page = login(users["chair"]).get(PAGE + "&plan=plan").content.decode()
    assert "<strong>4 actions</strong>" in page and "Actions by RAG rating and theme" in page
    assert QUARTER_UPDATE not in page and SECOND_THEME not in page
    first = big["first"]
    link = (f'href="?{QUERY.replace("&", "&amp;")}&amp;theme={first.pk}#appendix-theme-{first.pk}" '
            f'hx-get="{theme_url(first).replace("&", "&amp;")}" '
            f'hx-target="#appendix-rows-{first.pk}"')
    assert link in page
    assert f"Show the 2 actions of {first}" in page
    assert 'id="part-exceptions"' in page and "Show the 2 key exceptions" in page
    assert f'href="?{QUERY.replace("&", "&amp;")}&amp;all=1#appendix">Show every theme' in page


def test_a_theme_fragment_is_the_themes_actions(login, users, big):
    for role in ("manager", "chair", "viewer"):
        response = login(users[role]).get(theme_url(big["first"]), headers={"HX-Request": "true"})
        assert response.status_code == 200
        fragment = response.content.decode()
        assert QUARTER_UPDATE in fragment and SECOND_THEME not in fragment
        assert fragment.count('class="action-block"') == 2 and "<html" not in fragment
        assert "(Lead: Learning and Improvement; due: March 2016)" in fragment


def test_without_javascript_a_link_opens_one_theme_a_list_or_everything(login, users, big):
    client = login(users["viewer"])
    opened = client.get(f"{PAGE}&plan=plan&theme={big['second'].pk}").content.decode()
    assert SECOND_THEME in opened and QUARTER_UPDATE not in opened
    assert f"Show the 2 actions of {big['first']}" in opened
    listed = client.get(f"{PAGE}&plan=plan&part=exceptions").content.decode()
    assert '<table class="exceptions">' in listed and SECOND_THEME in listed
    everything = client.get(f"{PAGE}&plan=plan&all=1").content.decode()
    assert QUARTER_UPDATE in everything and SECOND_THEME in everything
    assert 'hx-get="/reports/quarterly/themes/' not in everything


@pytest.mark.parametrize("junk", ["²", "99999999999999999999", "-1", "x"])
def test_a_theme_that_is_not_one_opens_none(login, users, big, junk):
    page = login(users["viewer"]).get(f"{PAGE}&plan=plan&theme={junk}")
    assert page.status_code == 200
    text = page.content.decode()
    assert f"Show the 2 actions of {big['first']}" in text and SECOND_THEME not in text


def test_a_long_list_is_the_papers_own_table(login, users, big):
    client = login(users["viewer"])
    fragment = client.get(part_url("exceptions"), headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith('<table class="exceptions">')
    assert '<span class="reason reason-red">Red</span>' in fragment and SECOND_THEME in fragment
    assert client.get(part_url("movement")).content.decode().count("<tr>") == 3  # head + 2
    assert client.get(part_url("nonsense")).status_code == 404


def test_fragments_are_the_boards_own(login, users, big, plan, other_board):
    outsider = login(users["outsider"])
    assert outsider.get(theme_url(big["first"])).status_code == 404
    assert outsider.get(part_url("exceptions")).status_code == 404
    their_plan = f.make_plan(other_board, slug="theirs")
    their_theme = f.make_theme(their_plan, "1")
    manager = login(users["manager"])
    assert manager.get(theme_url(their_theme)).status_code == 404  # not a theme of our plan
    assert manager.get(theme_url(their_theme, QUERY.replace("plan=plan", "plan=theirs"))
                       ).status_code == 404


def test_a_fragment_without_a_quarter_it_offers_is_a_clear_400(login, users, big):
    client = login(users["viewer"])
    for query in ("plan=plan", "plan=plan&year=nonsense&quarter=2",
                  "plan=plan&year=2015%2F16&quarter=9", "plan=plan&year=2040%2F41&quarter=1"):
        for url in (theme_url(big["first"], query), part_url("exceptions", query)):
            response = client.get(url)
            assert response.status_code == 400, url
            assert b"Choose a financial year and quarter" in response.content


def test_a_fragment_needs_a_sign_in(client, big):
    response = client.get(theme_url(big["first"]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_downloads_print_every_action(login, users, big, board, plan):
    html = QUARTERLY.html(QUARTERLY.context(board, plan, Quarter(2015, 2)))
    assert QUARTER_UPDATE in html and SECOND_THEME in html and "hx-get" not in html
    document = open_docx(login(users["viewer"]).get(
        "/reports/quarterly/docx/?year=2015/16&quarter=2"))
    text = all_text(document)
    assert QUARTER_UPDATE in text and SECOND_THEME in text


def test_a_plan_under_the_threshold_reads_as_before(login, users, big, monkeypatch, board, plan):
    monkeypatch.setattr(views, "ROWS_ON_DEMAND", 4)  # four actions: not more than this
    page = login(users["viewer"]).get(PAGE).content.decode()
    body = QUARTERLY.html(QUARTERLY.context(board, plan, Quarter(2015, 2)), with_cover=False)
    appendix = body[body.index('<section class="paper-section continues appendix"'):
                    body.index("</body>")].strip()
    assert appendix in page  # appendix A exactly as the paper prints it
    assert "Show every theme" not in page and "appendix-rows-" not in page
    assert '<table class="exceptions">' in page and "part-exceptions" not in page
