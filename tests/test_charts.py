"""The RAG bar chart's SVG, written in Python (lscb.papers.charts.rag_chart_svg), is the
markup its template gave, byte for byte (the template, before issue 21, is kept in
tests/data): with and without links, long and awkward labels, empty bars, narrow boxes
and a legend of six ratings."""

from pathlib import Path

import pytest
from django.template import engines

from lscb.papers import charts

TEMPLATE = engines["django"].from_string(
    (Path(__file__).parent / "data" / "rag_chart_before_issue21.svg").read_text())

ROWS = [
    ("1. Leadership & <governance>", {"red": 3, "amber": 1, "green": 12, "complete": 2}),
    ("2. A theme whose title runs on well past thirty-four characters", {"not_started": 1}),
    ("3. Empty", {}),
    ("4. “Quotes” and 'apostrophes'", {"not_rated": 1, "red": 40, "green": 1}),
]


@pytest.mark.parametrize("links", [None, [f"/actions/?plan=1&theme={n}" for n in range(4)]],
                         ids=["paper", "page"])
@pytest.mark.parametrize("rows", [ROWS, ROWS[:1], []], ids=["four", "one", "none"])
def test_the_svg_is_the_templates(monkeypatch, rows, links):
    template_args = {}

    def through_template(title, bars, legend, width, height, bar_height, label_width, linked):
        template_args.update(title=title, bars=bars, legend=legend, width=width,
                             height=height, bar_height=bar_height, label_width=label_width,
                             linked=linked)
        return TEMPLATE.render(template_args)

    svg = charts.rag_bar_chart(rows, title="RAG <by> theme & more", links=links)
    monkeypatch.setattr(charts, "rag_chart_svg", through_template)
    assert svg == charts.rag_bar_chart(rows, title="RAG <by> theme & more", links=links)
    assert "&lt;by&gt; theme &amp; more" in svg and "<governance>" not in svg
