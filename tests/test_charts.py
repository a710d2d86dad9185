"""The RAG bar chart is written in Python (``lscb.papers.charts.rag_chart_svg``) with the
same bytes as reporting/rag_chart.svg, which stays as its readable reference."""

import pytest
from django.template.loader import render_to_string

from lscb.papers.charts import rag_bar_chart, rag_chart, rag_chart_svg
from lscb.rag import RAG

TRICKY = 'Theme <script>alert("x")</script> & co\'s'
EVERY = {RAG.RED: 3, RAG.AMBER: 40, RAG.GREEN: 120, RAG.COMPLETE: 7, RAG.NOT_STARTED: 1,
         RAG.NOT_RATED: 2}

CASES = {
    "no rows": ([], None),
    "one theme": ([("1. Leadership", {RAG.GREEN: 4, RAG.AMBER: 1})], None),
    "every rating, six in the legend": ([("Everything", EVERY), ("Nothing", {})], None),
    "narrow boxes and a long label": (
        [("A theme whose title runs on far past the thirty-four characters shown",
          {RAG.RED: 1, RAG.GREEN: 500})], None),
    "text to escape": ([(TRICKY, {RAG.RED: 2})], None),
    "linked": ([("1. Leadership", {RAG.RED: 2, RAG.GREEN: 9}), (TRICKY, {RAG.AMBER: 1})],
               ["/actions/?theme=1", "/actions/?theme=2&plan=x\"<"]),
    "many themes": ([(f"{n}. Theme", {RAG.GREEN: n, RAG.RED: 10 - n}) for n in range(10)],
                    None),
}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("title", ["RAG rating by theme", TRICKY])
def test_the_chart_is_the_templates_bytes(case, title):
    rows, links = CASES[case]
    chart = rag_chart(rows, title, 720, links)
    svg = rag_chart_svg(chart)
    assert svg == render_to_string("reporting/rag_chart.svg", chart)
    assert svg == rag_bar_chart(rows, title=title, links=links)
    assert "<script>" not in svg


def test_linked_boxes_link_to_the_filtered_list():
    svg = rag_bar_chart([("1. Leadership", {RAG.RED: 2})], links=["/actions/?theme=1"])
    assert '<a href="/actions/?theme=1&amp;rag=red" aria-label="1. Leadership: Red 2">' in svg
    assert 'role="group"' in svg
