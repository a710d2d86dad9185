"""Issue 17 item 2: one look for screen and print. The PDFs and the on-screen previews use
the same stylesheet (static/css/print.css, every paper rule scoped to .paper); app.css holds
no paper rules, so the two cannot drift; the quarterly preview says which quarter it shows."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse

from . import factories as f

PAPER_CSS = '<link rel="stylesheet" href="/static/css/print.css">'


def css(name):
    with open(finders.find(f"css/{name}"), encoding="utf-8") as handle:
        return handle.read()


def selectors(text):
    """The selectors of every rule, comments and @-rule preludes left out."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return [s.strip() for block in re.findall(r"([^{}]+)\{", text)
            for s in block.split(",") if s.strip() and not s.strip().startswith("@")]


def test_app_css_holds_no_paper_rules():
    for selector in selectors(css("app.css")):
        assert not re.search(r"\.paper\b", selector), f"paper rule in app.css: {selector}"
        for paper_class in [".action-block", ".commentary", ".asks", ".draft-mark",
                            ".paper-facts", ".heat-map", ".cover", ".paper-section"]:
            assert paper_class not in selector, f"paper rule in app.css: {selector}"


def test_print_css_rules_are_scoped_to_the_paper():
    """Linked on a page of the app, print.css styles the paper and nothing else."""
    text = re.sub(r"@media print\s*\{.*?\n\}", "", css("print.css"), flags=re.S)
    text = re.sub(r"@page[^{]*\{(?:[^{}]|\{[^{}]*\})*\}", "", text)
    unscoped = [s for s in selectors(text) if not s.startswith(".paper")
                and not s.startswith(("from", "to")) and not re.match(r"^\d", s)]
    assert unscoped == []
    assert "@media screen" in css("print.css")


def test_pdf_html_is_a_paper_with_the_same_stylesheet(board):
    html = render_to_string("papers/print.html", {"board": board, "title": "T",
                                                   "paper_body": "papers/_stylesheet.html"})
    assert '<body class="paper">' in html
    assert "css/print.css" in html


@pytest.fixture
def previews(board, plan, theme, groups):
    f.make_action(theme, "1.1", owners=[groups["own"]], description="Refresh the pool")
    return [
        "/reports/quarterly/?year=2015/16&quarter=2",
        reverse("reporting:business_plan", args=[plan.slug]),
        reverse("reporting:workplan", args=[groups["own"].slug]),
    ]


def test_preview_pages_link_the_paper_stylesheet(login, users, previews):
    client = login(users["viewer"])
    for url in previews:
        page = client.get(url)
        assert page.status_code == 200, url
        body = page.content.decode()
        assert body.count(PAPER_CSS) == 1, url
        assert body.index(PAPER_CSS) < body.index("</head>"), url
        assert '<article class="paper">' in body, url
        assert "style=" not in body.split("<body", 1)[1].split("<article", 1)[0], url


def test_other_pages_do_not_link_the_paper_stylesheet(login, users, previews):
    page = login(users["viewer"]).get("/")
    assert page.status_code == 200
    assert "css/print.css" not in page.content.decode()


def test_quarterly_preview_states_the_quarter_it_rendered(login, users, previews):
    client = login(users["viewer"])
    body = client.get("/reports/quarterly/?year=2015/16&quarter=2").content.decode()
    assert re.search(r'id="rendered-quarter"><strong>Showing Q2 2015/16</strong> '
                     r"\(1 July 2015 to 30 September 2015\)", body)
    # a quarter not offered goes to the nearest one, and the page says which it shows
    response = client.get("/reports/quarterly/?year=2015/16&quarter=9")
    page = client.get(response["Location"]) if response.status_code == 302 else response
    shown = re.search(r'id="rendered-quarter"><strong>Showing (Q\d \d{4}/\d\d)</strong>',
                      page.content.decode())
    assert shown and shown.group(1) in page.content.decode().split("<title>")[1].split("</title>")[0]
