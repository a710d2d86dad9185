"""Appendix A's action blocks are written in Python (``theme_actions_html``) with the same
bytes as papers/_quarterly_theme_actions.html, which stays as their readable reference."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string

from lscb.fiscal import Quarter
from reporting.papers.quarterly import PaperAction, quarterly_context, theme_actions_html

from .test_quarterly import report_data  # noqa: F401 (a fixture)

TRICKY = 'Scripts <script>alert("x")</script> & co\'s\n\nsecond paragraph\nline'


def block(**fields):
    values = {"pk": 1, "reference": "1.1", "rag": "green", "rag_label": "Green",
              "overdue_at_end": False, "description": "Do it", "lead": "Chair", "due": "Q3",
              "quarter_update": None, "last_update_on": None}
    return PaperAction(**{**values, **fields})


def update(**fields):
    values = {"date": dt.date(2015, 11, 3), "author_name": "Ann Smith", "narrative": "Going well"}
    return SimpleNamespace(**{**values, **fields})


CASES = {
    "none": [],
    "quarter update": [block(quarter_update=update())],
    "update without author or words": [block(quarter_update=update(author_name="", narrative=""))],
    "no update, one before": [block(last_update_on=dt.date(2015, 4, 30))],
    "no update ever": [block()],
    "overdue, no lead, no due": [block(overdue_at_end=True, lead="", due="", rag="red",
                                       rag_label="Red")],
    "text to escape": [block(reference="<1.1>", description=TRICKY, lead="A & B <i>",
                             due='"Q3"', quarter_update=update(author_name="O'Neil <b>",
                                                                narrative=TRICKY))],
    "several": [block(pk=n, reference=f"1.{n}", last_update_on=dt.date(2015, 6, n))
                for n in range(1, 4)] + [block(pk=9, quarter_update=update(), rag="not_rated",
                                               rag_label="Not rated")],
}


@pytest.mark.parametrize("case", CASES)
def test_the_blocks_are_the_templates_bytes(case):
    actions = CASES[case]
    template = render_to_string("papers/_quarterly_theme_actions.html", {"s": {"actions": actions}})
    assert theme_actions_html(actions) == template
    if actions:
        assert "<script>" not in theme_actions_html(actions)


@pytest.mark.django_db
def test_the_paper_prints_each_themes_blocks(board, plan, report_data):  # noqa: F811
    context = quarterly_context(board, plan, Quarter(2015, 2))
    for section in context["sections"]:
        assert section["rows_html"] == render_to_string(
            "papers/_quarterly_theme_actions.html", {"s": section})
    assert "Chair unavailable since July" in context["sections"][0]["rows_html"]
