"""Indicator arithmetic: direction of travel and RAG against target."""

from dataclasses import dataclass
from decimal import Decimal

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

    @property
    def printed_differs(self):
        """Whether the printed direction says something other than the app's."""
        if not self.printed:
            return False
        return travel_meaning(self.printed, self.indicator.polarity) != self.direction


def indicator_rows(board, year):
    """The annual-report table for financial year ``year``, in three queries."""
    indicators = list(Indicator.objects.for_board(board))
    values = {}
    for v in IndicatorValue.objects.filter(indicator__board=board, year=year):
        values[(v.indicator_id, v.quarter)] = v.value
    years = {y.indicator_id: y for y in IndicatorYear.objects.filter(indicator__board=board,
                                                                        year=year)}
    rows = []
    for indicator in indicators:
        this_year = years.get(indicator.pk)
        target = indicator.target if this_year is None or this_year.target is None \
            else this_year.target
        eoy = indicator.previous_year_end if this_year is None or \
            this_year.previous_year_end is None else this_year.previous_year_end
        quarters = [values.get((indicator.pk, q)) for q in (1, 2, 3, 4)]
        known = [v for v in quarters if v is not None]
        latest = known[-1] if known else None
        before = eoy
        if before is None and len(known) >= 2:
            before = known[0]
        series = [v for v in [eoy, *quarters] if v is not None]
        rows.append(IndicatorRow(
            indicator=indicator, quarters=quarters, latest=latest,
            direction=direction(indicator.polarity, before, latest),
            rag=against_target(indicator.polarity, latest, target),
            trend=sparkline(series), target=target, previous_year_end=eoy,
            printed=this_year.direction_as_printed if this_year else "",
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
