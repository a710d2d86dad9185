"""Indicators across the years: each year's target, previous year-end and polarity; each
quarter's figure and commentary; direction of travel against the quarter before and the
same quarter a year before; RAG against target; the multi-year trend chart.

For board papers: ``scorecard(board, quarter)`` gives every indicator's ``QuarterFigure``
(value, target, directions, RAG, commentary, unit) and ``trend_chart(history)`` its SVG
trend; ``histories(board)`` loads them all in three queries."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.safestring import mark_safe

from lscb.fiscal import Quarter, year_label
from lscb.papers.charts import line_chart
from lscb.spreadsheets.headings import normalise

from .models import Indicator, IndicatorValue, IndicatorYear

IMPROVED, SAME, WORSE = "Improved", "Same", "Worse"
UP, DOWN, LEVEL = "up", "down", "level"
# A direction-of-travel column as boards print it: words say how performance moved,
# arrows say how the figure moved (improved or not depends on the polarity).
TRAVEL_WORDS = {
    IMPROVED: ["improved", "improving", "better", "improvement", "positive", "good"],
    SAME: ["same", "no change", "unchanged", "stable", "static", "maintained", "level", "similar"],
    WORSE: ["worse", "worsened", "worsening", "deteriorated", "deteriorating", "declined",
            "negative", "poorer", "not improved"],
}
ARROWS = {"↑": UP, "▲": UP, "⬆": UP, "↗": UP, "↓": DOWN, "▼": DOWN, "⬇": DOWN, "↘": DOWN,
          "→": LEVEL, "↔": LEVEL, "⇔": LEVEL, "►": LEVEL, "=": LEVEL}


def read_travel(text):
    """Improved / Same / Worse, or up / down / level for an arrow; None when the text is
    not a direction of travel."""
    raw = str(text or "").strip()
    if not raw:
        return None
    if raw[0] in ARROWS:
        return ARROWS[raw[0]]
    key = normalise(raw)
    for meaning, words in TRAVEL_WORDS.items():
        if any(key == w or key.startswith(w + " ") for w in words):
            return meaning
    if key in ("up", "increased", "increase", "higher", "rising"):
        return UP
    if key in ("down", "decreased", "decrease", "lower", "falling", "fallen"):
        return DOWN
    return None


def travel_meaning(printed, polarity):
    """Improved / Same / Worse that a printed direction means, given the polarity."""
    meaning = read_travel(printed)
    if meaning == LEVEL:
        return SAME
    if meaning in (UP, DOWN):
        higher = polarity == Indicator.Polarity.HIGHER
        return IMPROVED if (meaning == UP) == higher else WORSE
    return meaning


def direction(polarity, before, after):
    """Improved / Same / Worse from ``before`` to ``after``, or None if either is missing."""
    if before is None or after is None:
        return None
    if after == before:
        return SAME
    better = after > before if polarity == Indicator.Polarity.HIGHER else after < before
    return IMPROVED if better else WORSE


def against_target(polarity, value, target, tolerance=Decimal("0.10")):
    """Green when the target is met, Amber within 10% of it, Red beyond; None without both."""
    if value is None or target is None:
        return None
    met = value >= target if polarity == Indicator.Polarity.HIGHER else value <= target
    if met:
        return "green"
    gap = abs(value - target)
    return "amber" if target and gap <= abs(target) * tolerance else "red"


class IndicatorHistory:
    """An indicator's figures across every year: its values by (year, quarter) and what
    each year says of it (target, previous year-end, polarity). A year without a target
    uses the indicator's standing one; a year without a previous year-end uses the year
    before's last figure, and only the first year with figures uses the standing one."""

    def __init__(self, indicator, values, years):
        self.indicator = indicator
        self.values = {(v.year, v.quarter): v for v in values}
        self.years = {y.year: y for y in years}

    def _year(self, year):
        return self.years.get(year)

    def polarity(self, year):
        this_year = self._year(year)
        return (this_year.polarity if this_year and this_year.polarity
                else self.indicator.polarity)

    def target(self, year):
        this_year = self._year(year)
        if this_year and this_year.target is not None:
            return this_year.target
        return self.indicator.target

    def previous_year_end(self, year):
        this_year = self._year(year)
        if this_year and this_year.previous_year_end is not None:
            return this_year.previous_year_end
        before = [self.value(Quarter(year - 1, q)) for q in (4, 3, 2, 1)]
        before = [v for v in before if v is not None]
        if before:
            return before[0]
        if any(y < year for y, _q in self.values):
            return None  # a gap year: not the standing figure of long ago
        return self.indicator.previous_year_end

    def printed(self, year):
        this_year = self._year(year)
        return this_year.direction_as_printed if this_year else ""

    def value(self, quarter):
        found = self.values.get((quarter.year, quarter.number))
        return found.value if found else None

    def commentary(self, quarter):
        found = self.values.get((quarter.year, quarter.number))
        return found.commentary if found else ""

    def series(self):
        """[(Quarter, value)] in date order: every figure the board holds."""
        return [(Quarter(y, q), v.value) for (y, q), v in sorted(self.values.items())]

    def figure(self, quarter):
        """The indicator in ``quarter``: what a scorecard prints."""
        value = self.value(quarter)
        polarity = self.polarity(quarter.year)
        target = self.target(quarter.year)
        before = quarter.previous()
        previous = self.value(before)
        if previous is None and quarter.number == 1:
            previous = self.previous_year_end(quarter.year)
        last_year = self.value(Quarter(quarter.year - 1, quarter.number))
        return QuarterFigure(
            indicator=self.indicator, quarter=quarter, value=value,
            commentary=self.commentary(quarter), target=target, polarity=polarity,
            unit=self.indicator.display_unit, previous_quarter=previous,
            same_quarter_last_year=last_year,
            against_previous_quarter=direction(polarity, previous, value),
            against_last_year=direction(polarity, last_year, value),
            rag=against_target(polarity, value, target), history=self)


@dataclass
class QuarterFigure:
    """One indicator in one quarter: its value and target, the direction of travel against
    the quarter before and the same quarter a year before, and RAG against target."""

    indicator: Indicator
    quarter: Quarter
    value: object
    commentary: str
    target: object
    polarity: str
    unit: str
    previous_quarter: object
    same_quarter_last_year: object
    against_previous_quarter: object
    against_last_year: object
    rag: object
    history: object = None  # the IndicatorHistory it came from, for trend_chart()


def histories(board, indicators=None):
    """{indicator id: IndicatorHistory} for the board's indicators (or those given), in
    three queries."""
    indicators = list(indicators if indicators is not None else
                      Indicator.objects.for_board(board))
    ids = [i.pk for i in indicators]
    values, years = {}, {}
    for v in IndicatorValue.objects.filter(indicator_id__in=ids):
        values.setdefault(v.indicator_id, []).append(v)
    for y in IndicatorYear.objects.filter(indicator_id__in=ids):
        years.setdefault(y.indicator_id, []).append(y)
    return {i.pk: IndicatorHistory(i, values.get(i.pk, []), years.get(i.pk, []))
            for i in indicators}


def indicator_history(indicator):
    return histories(indicator.board_id, [indicator])[indicator.pk]


def scorecard(board, quarter):
    """[QuarterFigure] of every indicator of the board in ``quarter``: the scorecard of a
    board paper (value, target, direction of travel, RAG, commentary; ``figure.history``
    gives ``trend_chart(figure.history)``, the SVG trend)."""
    return [history.figure(quarter) for history in histories(board).values()]


def indicator_years(board):
    """The financial years the board holds indicator figures or targets for."""
    return set(IndicatorValue.objects.filter(indicator__board=board).values_list(
        "year", flat=True)) | set(IndicatorYear.objects.filter(
            indicator__board=board).values_list("year", flat=True))


@dataclass
class IndicatorRow:
    indicator: Indicator
    quarters: list  # four values (Decimal or None), Q1..Q4
    latest: object
    direction: object
    rag: object
    trend: list  # [(x, y)] points for the sparkline
    target: object = None  # this year's (or the indicator's standing) target
    previous_year_end: object = None
    printed: str = ""  # the direction of travel as the board's table printed it
    polarity: str = ""
    unit: str = ""
    commentaries: list = None  # [(quarter number, text)] of the year

    @property
    def printed_differs(self):
        """Whether the printed direction says something other than the app's."""
        if not self.printed:
            return False
        return travel_meaning(self.printed, self.polarity or self.indicator.polarity) \
            != self.direction

    @property
    def polarity_label(self):
        return Indicator.Polarity(self.polarity or self.indicator.polarity).label


def indicator_rows(board, year):
    """The annual-report table for financial year ``year``, in three queries."""
    rows = []
    for history in histories(board).values():
        indicator = history.indicator
        quarters = [history.value(Quarter(year, q)) for q in (1, 2, 3, 4)]
        known = [v for v in quarters if v is not None]
        latest = known[-1] if known else None
        eoy = history.previous_year_end(year)
        polarity = history.polarity(year)
        target = history.target(year)
        before = eoy
        if before is None and len(known) >= 2:
            before = known[0]
        series = [v for v in [eoy, *quarters] if v is not None]
        rows.append(IndicatorRow(
            indicator=indicator, quarters=quarters, latest=latest,
            direction=direction(polarity, before, latest),
            rag=against_target(polarity, latest, target),
            trend=sparkline(series), target=target, previous_year_end=eoy,
            printed=history.printed(year), polarity=polarity, unit=indicator.display_unit,
            commentaries=[(q, history.commentary(Quarter(year, q))) for q in (1, 2, 3, 4)
                          if history.commentary(Quarter(year, q))],
        ))
    return rows


def sparkline(series, width=90, height=24, pad=3):
    """Points of a small trend line (SVG polyline) for the values in order."""
    if len(series) < 2:
        return []
    low, high = min(series), max(series)
    span = (high - low) or 1
    step = (width - 2 * pad) / (len(series) - 1)
    return [
        (round(pad + i * step, 1), round(height - pad - float((v - low) / span) * (height - 2 * pad), 1))
        for i, v in enumerate(series)
    ]


def trend_chart(history):
    """The multi-year trend of an indicator as SVG (screen and PDF): every quarter from its
    first figure to its last, with each year's target as a dashed line."""
    series = history.series()
    if not series:
        return ""
    first, last = series[0][0], series[-1][0]
    quarters, quarter = [], Quarter(first.year, 1)
    while quarter <= Quarter(last.year, 4):
        quarters.append(quarter)
        quarter = quarter.next()
    points = [(str(q), history.value(q)) for q in quarters]
    axis = [str(q) if q.number == 1 else f"Q{q.number}" for q in quarters]
    targets = [history.target(q.year) for q in quarters]
    unit = history.indicator.display_unit
    return line_chart(points, f"{history.indicator.name}: quarterly figures and target",
                      unit=unit, targets=targets, axis_labels=axis)


def history_table(history):
    """[dict] per financial year, newest first: target, previous year-end, polarity label,
    the four quarters' figures and commentaries, and the direction of travel of each
    quarter against the quarter before and the same quarter a year before."""
    years = sorted({y for y, _q in history.values} | set(history.years), reverse=True)
    table = []
    for year in years:
        figures = [history.figure(Quarter(year, q)) for q in (1, 2, 3, 4)]
        table.append({
            "year": year, "label": year_label(year), "target": history.target(year),
            "previous_year_end": history.previous_year_end(year),
            "polarity": Indicator.Polarity(history.polarity(year)).label,
            "figures": figures})
    return table


@transaction.atomic
def save_year_values(indicator, year, data):
    """Store a year of an indicator from the values form's cleaned ``data``: its target,
    previous year-end and polarity, and each quarter's figure and commentary (a blank
    figure removes the quarter). All or nothing."""
    IndicatorYear.objects.update_or_create(indicator=indicator, year=year, defaults={
        "target": data.get("target"), "previous_year_end": data.get("previous_year_end"),
        "polarity": data.get("polarity") or ""})
    for q in (1, 2, 3, 4):
        value = data.get(f"q{q}")
        if value is None:
            IndicatorValue.objects.filter(indicator=indicator, year=year, quarter=q).delete()
        else:
            IndicatorValue.objects.update_or_create(
                indicator=indicator, year=year, quarter=q, defaults={
                    "value": value, "commentary": (data.get(f"commentary_{q}") or "").strip()})


def indicator_charts(board):
    """[safe SVG] the trend chart of every indicator of the board with figures."""
    return [mark_safe(chart) for chart in (trend_chart(h) for h in histories(board).values())
            if chart]
