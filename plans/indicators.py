"""Indicator arithmetic: direction of travel and RAG against target."""

from dataclasses import dataclass
from decimal import Decimal

from .models import Indicator, IndicatorValue

IMPROVED, SAME, WORSE = "Improved", "Same", "Worse"


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


def indicator_rows(board, year):
    """The annual-report table for financial year ``year``, in two queries."""
    indicators = list(Indicator.objects.for_board(board))
    values = {}
    for v in IndicatorValue.objects.filter(indicator__board=board, year=year):
        values[(v.indicator_id, v.quarter)] = v.value
    rows = []
    for indicator in indicators:
        quarters = [values.get((indicator.pk, q)) for q in (1, 2, 3, 4)]
        known = [v for v in quarters if v is not None]
        latest = known[-1] if known else None
        before = indicator.previous_year_end
        if before is None and len(known) >= 2:
            before = known[0]
        series = [v for v in [indicator.previous_year_end, *quarters] if v is not None]
        rows.append(IndicatorRow(
            indicator=indicator, quarters=quarters, latest=latest,
            direction=direction(indicator.polarity, before, latest),
            rag=against_target(indicator.polarity, latest, indicator.target),
            trend=sparkline(series),
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
