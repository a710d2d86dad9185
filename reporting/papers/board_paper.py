"""The parts of the quarterly report that make it a board paper: the headline figures
and their change since last quarter, the exceptions (each once), the manager's
commentary, the indicator scorecard and the top risks. Each part reads what
``plans.indicators`` / ``plans.risks`` expose through one small function, so improvements
there (per-year targets, trends) arrive here without changes."""

import functools
from collections import Counter
from dataclasses import dataclass

from django.utils.safestring import mark_safe

from lscb.rag import RAG
from plans.indicators import against_target, direction, indicator_rows, sparkline
from plans.models import Risk, RiskSettings
from plans.risks import heat_map_svg
from reporting.models import QuarterCommentary, QuarterSnapshot

TOP_RISKS = 5


def headline(actions):
    """Counts now and at the previous quarter end, with the change, for each rating."""
    now = Counter(action.rag for action in actions)  # RAG members find their values
    before = Counter(action.prev_rag for action in actions)
    order = [RAG.COMPLETE, RAG.GREEN, RAG.AMBER, RAG.RED, RAG.NOT_STARTED, RAG.NOT_RATED]
    rows = [{"rag": rag, "now": now.get(rag, 0), "before": before.get(rag, 0),
             "change": now.get(rag, 0) - before.get(rag, 0)}
            for rag in order if now.get(rag) or before.get(rag)]
    total = len(actions)
    on_track = now.get(RAG.GREEN, 0) + now.get(RAG.COMPLETE, 0)
    overdue = sum(a.overdue_at_end for a in actions)
    return {"rows": rows, "total": total,
            "on_track_percent": round(100 * on_track / total) if total else 0,
            "overdue": overdue,
            "overdue_change": overdue - sum(a.overdue_before for a in actions)}


def exception_reasons(action):
    """Why an action is an exception at the quarter end; () when it is not one."""
    return reasons_for(action.rag, action.overdue_at_end)


@functools.cache  # a big plan asks thousands of times, of a dozen combinations
def reasons_for(rag, overdue):
    """Why an action of rating ``rag``, past its due date or not, is an exception."""
    reasons = []
    if rag == RAG.RED:
        reasons.append("Red")
    elif rag == RAG.AMBER:
        reasons.append("Amber")
    if overdue:
        reasons.append("Green but past due" if rag == RAG.GREEN else "Overdue")
    return tuple(reasons)


def commentary_for(plan, quarter):
    return QuarterCommentary.objects.filter(plan=plan, year=quarter.year,
                                            quarter=quarter.number).first()


def commentary_frozen(plan, quarter):
    """Closed quarters keep the commentary they were closed with."""
    return QuarterSnapshot.objects.filter(plan=plan, year=quarter.year,
                                          quarter=quarter.number).exists()


@dataclass
class ScoreRow:
    name: str
    unit: str
    value: object
    target: object
    direction: object
    rag: object
    trend: list
    polarity: str


def scorecard(board, quarter):
    """Each indicator at the quarter's end: its latest value up to that quarter, the
    year's target, the direction of travel and a trend line."""
    rows = []
    for row in indicator_rows(board, quarter.year):
        upto = row.quarters[:quarter.number]
        known = [v for v in upto if v is not None]
        value = known[-1] if known else None
        before = row.previous_year_end if row.previous_year_end is not None else (
            known[0] if len(known) >= 2 else None)
        indicator = row.indicator
        rows.append(ScoreRow(
            name=indicator.name, unit=indicator.unit, value=value, target=row.target,
            direction=direction(indicator.polarity, before, value),
            rag=against_target(indicator.polarity, value, row.target),
            trend=sparkline([v for v in [row.previous_year_end, *upto] if v is not None]),
            polarity=indicator.get_polarity_display()))
    return rows


def top_risks(board, limit=TOP_RISKS):
    """(the open risks with the highest residual score, the heat map of all open risks)."""
    scheme = RiskSettings.scheme_for(board)
    risks = list(Risk.objects.for_board(board).exclude(status=Risk.Status.CLOSED))
    for risk in risks:
        risk.scheme = scheme
    if not risks:
        return [], ""
    ranked = sorted(risks, key=lambda r: (-(r.residual_score or 0), r.sort_key))
    return ranked[:limit], mark_safe(heat_map_svg(risks, scheme))
