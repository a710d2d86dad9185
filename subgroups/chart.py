"""The structure chart: the board and its groups from the accountable-to
relations, as server-rendered SVG (the same markup goes on the page and into
the printed Business Plan, so it uses SVG attributes only, no CSS or fonts).

Layout: the board on top; under it a grid of groups, each column a group with
the groups below it stacked and indented beneath. A group with many groups
under it (e.g. the Business Group) gets a full-width band of its own, so 25
groups fit on one A4 page. Text is escaped by the template.
"""

from dataclasses import dataclass, field

from django.template.loader import render_to_string

from .models import Subgroup

WIDTH, MARGIN, GUTTER, COLUMN = 760, 8, 14, 168
GAP_X, GAP_Y, STACK_GAP, INDENT, PAD = 12, 22, 8, 14, 6
NAME_SIZE, NAME_LEAD, SUB_SIZE, SUB_LEAD = 11, 13, 9, 11
BIG = 4  # a group with this many groups below it gets a band of its own
FILLS = {
    Subgroup.Kind.STRATEGIC: "#dce6f2", Subgroup.Kind.STANDING: "#eef3f8",
    Subgroup.Kind.STATUTORY: "#f3ece0", Subgroup.Kind.TASK_AND_FINISH: "#eef6ec",
    Subgroup.Kind.LOCAL_AREA: "#f4eef6", Subgroup.Kind.PARTNERSHIP: "#f2f2f2",
}
NARROW, WIDE = set("fijlrtIJ.,;:'’/·!|()- "), set("mwMW")


@dataclass
class Node:
    group: Subgroup
    children: list = field(default_factory=list)

    def size(self):
        return sum(1 + child.size() for child in self.children)


def outline(groups):
    """Root nodes (the groups accountable to the board), each with its children.

    A group whose parent is missing hangs off the board, and a group caught in a
    cycle is shown at the top level, so every group appears exactly once.
    """
    ids = {g.pk for g in groups}
    by_parent = {}
    for group in sorted(groups, key=lambda g: (g.order, g.name.lower())):
        parent = group.accountable_to_id if group.accountable_to_id in ids else None
        by_parent.setdefault(parent, []).append(group)
    seen = set()

    def nodes(parent):
        found = []
        for group in by_parent.get(parent, []):
            if group.pk not in seen:
                seen.add(group.pk)
                found.append(Node(group, nodes(group.pk)))
        return found

    roots = nodes(None)
    for group in groups:
        if group.pk not in seen:
            seen.add(group.pk)
            roots.append(Node(group, nodes(group.pk)))
    return roots


def tree(groups):
    """[(group, depth)] in reading order, depth 1 for groups accountable to the board."""
    def walk(nodes, depth):
        for node in nodes:
            yield node.group, depth
            yield from walk(node.children, depth + 1)

    return list(walk(outline(groups), 1))


def text_width(text, size, bold=False):
    """Approximate advance of ``text`` in DejaVu Sans (the widest likely font)."""
    units = sum(0.40 if c in NARROW else 1.02 if c in WIDE else 0.78 if c.isupper() else 0.69
                for c in text)
    return units * size * (1 if bold else 0.9)


def wrap(text, width, size, bold=False, max_lines=3):
    """Greedy word wrap to ``width`` pixels; overflow ends in an ellipsis."""
    def fits(piece):
        return text_width(piece, size, bold) <= width

    lines, line = [], ""
    for word in text.split():
        while len(word) > 1 and not fits(word):  # a word too long for any line
            cut = max([i for i in range(1, len(word)) if fits(word[:i])] or [1])
            lines += [line, word[:cut]]
            line, word = "", word[cut:]
        if fits(f"{line} {word}".strip()):
            line = f"{line} {word}".strip()
        else:
            lines.append(line)
            line = word
    lines = [x for x in lines + [line] if x]
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and not fits(last + "…"):
            last = last[:-1]
        lines = lines[:max_lines - 1] + [last.rstrip() + "…"]
    return lines


class Chart:
    def __init__(self):
        self.boxes, self.paths = [], []

    def line(self, *points):
        self.paths.append("M" + " L".join(f"{x:g} {y:g}" for x, y in points))

    def box(self, x, y, w, name, sub, fill, ink="#111111"):
        inner = w - 2 * PAD
        texts = [(t, NAME_SIZE, NAME_LEAD, "bold") for t in wrap(name, inner, NAME_SIZE, True)]
        texts += [(t, SUB_SIZE, SUB_LEAD, "normal") for t in wrap(sub, inner, SUB_SIZE, False, 2)]
        baseline, lines = y + PAD, []
        for text, size, lead, weight in texts:
            baseline += lead
            lines.append({"text": text, "y": round(baseline - 2, 1), "size": size, "weight": weight})
        box = {"x": round(x, 1), "y": round(y, 1), "w": round(w, 1), "h": round(baseline + PAD + 1 - y, 1),
               "cx": round(x + w / 2, 1), "fill": fill, "ink": ink, "lines": lines}
        box["bottom"] = y + box["h"]
        self.boxes.append(box)
        return box

    def group_box(self, group, x, y, w):
        sub = " · ".join(t for t in [group.short_name, group.get_kind_display()] if t)
        return self.box(x, y, w, group.name, sub, FILLS.get(group.kind, "#ffffff"))

    def column(self, node, x, y, w):
        """A group with the groups below it stacked and indented beneath; returns its bottom."""
        top = self.group_box(node.group, x, y, w)
        bottom = top["bottom"]
        for child in node.children:
            start = len(self.boxes)
            bottom = self.column(child, x + INDENT, bottom + STACK_GAP, w - INDENT)
            mid = self.boxes[start]["y"] + min(18, self.boxes[start]["h"] / 2)
            self.line((x + INDENT / 2, top["bottom"]), (x + INDENT / 2, mid), (x + INDENT, mid))
        return bottom

    def grid(self, nodes, x, y, w, trunk):
        """Columns of groups in rows under a bus line; returns (bottom, bus heights)."""
        cols = max(1, int((w + GAP_X) // (COLUMN + GAP_X)))
        width = (w - GAP_X * (cols - 1)) / cols
        buses = []
        for start in range(0, len(nodes), cols):
            bus, bottom = y - GAP_Y / 2, y
            centres = []
            for i, node in enumerate(nodes[start:start + cols]):
                left = x + i * (width + GAP_X)
                centres.append(left + width / 2)
                self.line((centres[-1], bus), (centres[-1], y))
                bottom = max(bottom, self.column(node, left, y, width))
            self.line((trunk, bus), (centres[-1], bus))
            buses.append(bus)
            y = bottom + GAP_Y
        return y - GAP_Y, buses

    def band(self, top, nodes, x, w, level):
        """The groups under ``top`` (a full-width box): a grid, then big groups as bands."""
        trunk, y, joints = x + GUTTER / 2, top["bottom"] + GAP_Y, []
        is_big = [level < 2 and n.size() >= BIG for n in nodes]
        big = [n for n, flag in zip(nodes, is_big, strict=True) if flag]
        small = [n for n, flag in zip(nodes, is_big, strict=True) if not flag]
        if small:
            bottom, buses = self.grid(small, x + GUTTER, y, w - GUTTER, trunk)
            joints += buses
            y = bottom + GAP_Y
        for node in big:
            box = self.group_box(node.group, x + GUTTER, y, w - GUTTER)
            joints.append(box["y"] + box["h"] / 2)
            self.line((trunk, joints[-1]), (x + GUTTER, joints[-1]))
            y = self.band(box, node.children, x + GUTTER, w - GUTTER, level + 1) + GAP_Y
        if joints:
            self.line((trunk, top["bottom"]), (trunk, max(joints)))
        return y - GAP_Y


def describe(board, groups):
    names = {g.pk: g.name for g in groups}
    parts = [f"{board.name} and the {len(groups)} group{'s' if len(groups) != 1 else ''} "
             "accountable to it."]
    for group, _depth in tree(groups):
        parent = names.get(group.accountable_to_id, "the board")
        parts.append(f"{group.name} reports to {parent}.")
    return " ".join(parts)


def structure_chart_svg(board, groups=None):
    """The chart as an SVG string; ``groups`` defaults to all the board's groups."""
    if groups is None:
        groups = list(Subgroup.objects.for_board(board))
    chart = Chart()
    inner = WIDTH - 2 * MARGIN
    top = chart.box(MARGIN, MARGIN, inner, board.name, "The board", "#1d3557", "#ffffff")
    bottom = chart.band(top, outline(groups), MARGIN, inner, 0)
    return render_to_string("subgroups/structure_chart.svg", {
        "board": board, "boxes": chart.boxes, "paths": chart.paths, "width": WIDTH,
        "height": round(bottom + MARGIN), "description": describe(board, groups)})
