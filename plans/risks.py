"""Risk register helpers: grouping, and the heat map of the board's own scoring scheme."""

from django.template.loader import render_to_string
from django.utils import timezone

from .models import Risk
from .scoring import HIGH, LOW, MEDIUM, VERY_HIGH

BAND_FILL = {LOW: "#d8efdc", MEDIUM: "#fff1c2", HIGH: "#ffd3a8", VERY_HIGH: "#f6b3ad"}
SIZE, LEFT, TOP = 56, 70, 20


def grouped(risks):
    groups = {}
    for risk in risks:
        groups.setdefault(risk.theme, []).append(risk)
    return sorted(groups.items())


def heat_map_svg(risks, scheme, title="Residual risk heat map"):
    """Open risks by their residual rating: a likelihood × impact grid of the scheme's
    size, or one cell per band for a register scored with one number or High/Medium/Low."""
    open_risks = [risk for risk in risks if risk.status != Risk.Status.CLOSED]
    if scheme.is_matrix:
        return _matrix(open_risks, scheme, title)
    return _bands(open_risks, scheme, title)


def _matrix(risks, scheme, title):
    n = scheme.size
    counts = {}
    for risk in risks:
        if risk.residual_likelihood and risk.residual_impact:
            counts.setdefault((risk.residual_likelihood, risk.residual_impact), []).append(
                risk.reference)
    cells = []
    for impact in range(n, 0, -1):
        for likelihood in range(1, n + 1):
            score = likelihood * impact
            band = scheme.band(score)
            refs = counts.get((likelihood, impact), [])
            cells.append({
                "x": LEFT + (likelihood - 1) * SIZE, "y": TOP + (n - impact) * SIZE,
                "fill": BAND_FILL[band], "band": band, "score": score, "count": len(refs),
                "refs": ", ".join(refs), "likelihood": likelihood, "impact": impact,
            })
    return render_to_string("plans/heat_map.svg", {
        "cells": cells, "size": SIZE, "left": LEFT, "top": TOP, "title": title,
        "width": LEFT + n * SIZE + 10, "height": TOP + n * SIZE + 50, "matrix": True,
        "middle": LEFT + n * SIZE / 2, "mid_y": TOP + n * SIZE / 2,
        "axis": [(k, LEFT + (k - 1) * SIZE + SIZE / 2, TOP + (n - k) * SIZE + SIZE / 2)
                 for k in range(1, n + 1)],
    })


def _bands(risks, scheme, title):
    names = [name for _lowest, name in scheme.bands]
    by_band = {name: [] for name in names}
    for risk in risks:
        band = scheme.band(risk.residual_score)
        if band:
            by_band[band].append(risk.reference)
    width = 280
    cells = [{"x": LEFT, "y": TOP + index * SIZE, "width": width - LEFT - 10, "band": name,
              "fill": BAND_FILL[name], "count": len(by_band[name]),
              "refs": ", ".join(by_band[name]), "range": _range(scheme, name)}
             for index, name in enumerate(names)]
    return render_to_string("plans/heat_map.svg", {
        "cells": cells, "size": SIZE, "left": LEFT, "top": TOP, "title": title,
        "width": width, "height": TOP + len(names) * SIZE + 20, "matrix": False})


def _range(scheme, name):
    if scheme.is_levels:
        return ""
    upper = scheme.top
    for lowest, band in scheme.bands:
        if band == name:
            return f"{lowest}–{upper}" if lowest != upper else str(lowest)
        upper = lowest - 1
    return ""


def with_scheme(risks, scheme):
    """The risks, each told the board's scheme (one query for the page, not one per risk)."""
    for risk in risks:
        risk.scheme = scheme
    return risks


def review_overdue(risk, today=None):
    today = today or timezone.localdate()
    return bool(risk.review_date and risk.review_date < today and risk.status != Risk.Status.CLOSED)
