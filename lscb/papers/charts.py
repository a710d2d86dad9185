"""Server-rendered SVG charts: the same markup serves the page and the PDF."""

from django.template.loader import render_to_string

from lscb.rag import ALL_RAGS, RAG, rag_columns

RAG_FILL = {
    RAG.RED: "#b3261e",
    RAG.AMBER: "#b85c00",
    RAG.GREEN: "#1e7a34",
    RAG.COMPLETE: "#1f4e9c",
    RAG.NOT_STARTED: "#d5d9de",
    RAG.NOT_RATED: "#f1f3f5",
}
RAG_TEXT = {RAG.NOT_STARTED: "#1b1f23", RAG.NOT_RATED: "#1b1f23"}


def rag_bar_chart(rows, title="RAG rating of actions by theme", width=720, links=None):
    """A stacked horizontal bar per row. ``rows`` is a list of (label, {rag: count}).

    With ``links`` (one URL per row, on a page rather than a paper), each box links to
    that URL with ``rag=<rating>`` added: the filtered list it counts."""
    label_width, bar_height, gap, top = 230, 22, 8, 34
    bar_width = width - label_width - 50
    largest = max((sum(counts.values()) for _, counts in rows), default=0) or 1
    bars = []
    for index, (label, counts) in enumerate(rows):
        y = top + index * (bar_height + gap)
        x, segments = label_width, []
        for rag in ALL_RAGS:
            count = counts.get(rag, 0)
            if not count:
                continue
            w = bar_width * count / largest
            segments.append({
                "x": round(x, 1), "width": round(w, 1), "count": count,
                "fill": RAG_FILL[rag], "text": RAG_TEXT.get(rag, "#ffffff"),
                "label": RAG(rag).label, "text_x": round(x + w / 2, 1),
                "href": f"{links[index]}&rag={rag}" if links else "",
            })
            x += w
        bars.append({
            "label": label if len(label) <= 34 else label[:33] + "…",
            "full_label": label, "y": y, "text_y": y + bar_height / 2 + 4,
            "segments": segments, "total": sum(counts.values()), "total_x": round(x + 6, 1),
        })
    legend = []
    shown = rag_columns(rag for _label, counts in rows for rag, n in counts.items() if n)
    for index, rag in enumerate(shown):
        x = label_width + index * 100 if len(shown) < 6 else 8 + index * 115  # six fit too
        legend.append({"x": x, "fill": RAG_FILL[rag], "label": RAG(rag).label})
    height = top + len(rows) * (bar_height + gap) + 10
    return render_to_string(
        "reporting/rag_chart.svg",
        {"title": title, "bars": bars, "legend": legend, "width": width, "height": height,
         "bar_height": bar_height, "label_width": label_width, "linked": bool(links)},
    )
