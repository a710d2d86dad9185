"""Server-rendered SVG charts: the same markup serves the page and the PDF."""

from django.utils.html import conditional_escape as escape

from lscb.rag import ALL_RAGS, RAG, rag_columns

from .figures import figure

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
    return rag_chart_svg(title, bars, legend, width, height, bar_height, label_width,
                         linked=bool(links))


def rag_chart_svg(title, bars, legend, width, height, bar_height, label_width, linked):
    """The SVG of ``rag_bar_chart``, written here rather than by a template: the
    dashboard draws it on every visit, and the template's loops over bars and boxes were
    a tenth of the page (issue 21). The markup is the template's, byte for byte
    (tests/test_charts.py)."""
    legend_items = "".join(
        f'<g><rect x="{item["x"]}" y="6" width="14" height="14" fill="{escape(item["fill"])}" '
        f'stroke="#555"/><text x="{item["x"] + 18}" y="18" fill="#1b1f23">'
        f'{escape(item["label"])}</text></g>' for item in legend)
    bar_items = "".join(bar_svg(bar, bar_height, label_width) for bar in bars)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="rag-chart" viewBox="0 0 {width} '
            f'{height}" width="{width}" height="{height}" role="{"group" if linked else "img"}" '
            'aria-labelledby="rag-chart-title" font-family="DejaVu Sans, Arial, sans-serif" '
            f'font-size="12">\n  <title id="rag-chart-title">{escape(title)} (the same figures '
            f"are in the table)</title>\n  {legend_items}\n  {bar_items}\n</svg>\n")


def bar_svg(bar, bar_height, label_width):
    """One bar: its label, a box per rating (a link to the actions it counts, on a page)
    and its total."""
    full_label, y, text_y = escape(bar["full_label"]), bar["y"], bar["text_y"]
    boxes = []
    for s in bar["segments"]:
        box = (f'<rect x="{s["x"]}" y="{y}" width="{s["width"]}" height="{bar_height}" '
               f'fill="{escape(s["fill"])}" stroke="#ffffff"><title>{escape(s["label"])}: '
               f'{s["count"]}</title></rect>')
        if s["width"] >= 14:
            box += (f'<text x="{s["text_x"]}" y="{text_y}" text-anchor="middle" '
                    f'fill="{escape(s["text"])}" font-weight="bold">{s["count"]}</text>')
        if s["href"]:
            box = (f'<a href="{escape(s["href"])}" aria-label="{full_label}: '
                   f'{escape(s["label"])} {s["count"]}">{box}</a>')
        boxes.append(box)
    return (f'<g>\n    <text x="{label_width - 8}" y="{text_y}" text-anchor="end" '
            f'fill="#1b1f23"><title>{full_label}</title>{escape(bar["label"])}</text>\n    '
            f'{"".join(boxes)}\n    <text x="{bar["total_x"]}" y="{text_y}" '
            f'fill="#1b1f23">{bar["total"]}</text>\n  </g>')


def line_chart(points, title, unit="", targets=None, axis_labels=None, width=720, height=260):
    """A trend line over labelled periods, with a dashed target line: ``points`` are
    [(label, value or None)] in order (a gap where None), ``targets`` the target of each
    period (or None), ``axis_labels`` shorter labels for the axis. The same SVG serves
    the page and the PDF; its text says what it shows for those who cannot see it."""
    left, right, top, bottom = 56, 16, 30, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    targets = targets or [None] * len(points)
    known = [float(v) for _, v in points if v is not None]
    known += [float(t) for t in targets if t is not None]
    if not known:
        return ""
    low, high = min(known + [0.0]), max(known)
    if high == low:
        high = low + 1
    span = high - low
    step = plot_w / max(len(points) - 1, 1)

    def x(i):
        return round(left + i * step, 1)

    def y(v):
        return round(top + plot_h - (float(v) - low) / span * plot_h, 1)

    lines, current = [], []
    for i, (_label, value) in enumerate(points):
        if value is None:
            if current:
                lines.append(current)
            current = []
        else:
            current.append((x(i), y(value)))
    if current:
        lines.append(current)
    target_segments = []
    for i, t in enumerate(targets):
        if t is None:
            continue
        x0 = x(i) - step / 2 if i else x(i)
        x1 = x(i) + step / 2 if i < len(points) - 1 else x(i)
        target_segments.append((round(x0, 1), round(x1, 1), y(t)))
    ticks = [low + span * k / 4 for k in range(5)]
    every = max(1, len(points) // 12)
    described = "; ".join(f"{label}: {figure(v, unit)}" for label, v in points if v is not None)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="trend-chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}. {escape(described)}">',
        f'<title>{escape(title)}</title>',
        f'<text x="{left}" y="16" font-size="12" fill="#1b1f23">{escape(title)}</text>',
    ]
    for t in ticks:
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(t)}" y2="{y(t)}" '
                     'stroke="#d5d9de" stroke-width="1"/>')
        parts.append(f'<text x="{left - 6}" y="{y(t) + 4}" font-size="10" text-anchor="end" '
                     f'fill="#1b1f23">{escape(figure(round(t, 2), unit))}</text>')
    for i, label in enumerate(axis_labels or [label for label, _v in points]):
        if i % every == 0 or i == len(points) - 1:
            parts.append(f'<text x="{x(i)}" y="{height - bottom + 16}" font-size="10" '
                         f'text-anchor="middle" fill="#1b1f23">{escape(label)}</text>')
    for x0, x1, ty in target_segments:
        parts.append(f'<line x1="{x0}" x2="{x1}" y1="{ty}" y2="{ty}" stroke="#b3261e" '
                     'stroke-width="2" stroke-dasharray="6 4"/>')
    for line in lines:
        coords = " ".join(f"{a},{b}" for a, b in line)
        if len(line) > 1:
            parts.append(f'<polyline fill="none" stroke="#1d3557" stroke-width="2.5" '
                         f'points="{coords}"/>')
        for a, b in line:
            parts.append(f'<circle cx="{a}" cy="{b}" r="3.5" fill="#1d3557"/>')
    legend_y = height - 10
    parts.append(f'<line x1="{left}" x2="{left + 24}" y1="{legend_y - 4}" y2="{legend_y - 4}" '
                 'stroke="#1d3557" stroke-width="2.5"/>')
    parts.append(f'<text x="{left + 30}" y="{legend_y}" font-size="11" fill="#1b1f23">Actual '
                 '(solid line, dots)</text>')
    if target_segments:
        parts.append(f'<line x1="{left + 200}" x2="{left + 224}" y1="{legend_y - 4}" '
                     f'y2="{legend_y - 4}" stroke="#b3261e" stroke-width="2" '
                     'stroke-dasharray="6 4"/>')
        parts.append(f'<text x="{left + 230}" y="{legend_y}" font-size="11" '
                     'fill="#1b1f23">Target (dashed line)</text>')
    parts.append("</svg>")
    return "\n".join(parts)
