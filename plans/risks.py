"""Risk register helpers: grouping and the 5×5 heat map."""

from django.template.loader import render_to_string
from django.utils import timezone

from .models import Risk

BAND_FILL = {"Low": "#d8efdc", "Medium": "#fff1c2", "High": "#ffd3a8", "Very high": "#f6b3ad"}


def grouped(risks):
    groups = {}
    for risk in risks:
        groups.setdefault(risk.theme, []).append(risk)
    return sorted(groups.items())


def heat_map_svg(risks, title="Residual risk heat map"):
    """5×5 grid, likelihood across and impact up, with the number of risks in each cell."""
    counts = {}
    for risk in risks:
        if risk.status != Risk.Status.CLOSED:
            key = (risk.residual_likelihood, risk.residual_impact)
            counts.setdefault(key, []).append(risk.reference)
    cells = []
    size, left, top = 56, 70, 20
    for impact in range(5, 0, -1):
        for likelihood in range(1, 6):
            score = likelihood * impact
            band = Risk.band(score)
            refs = counts.get((likelihood, impact), [])
            cells.append({
                "x": left + (likelihood - 1) * size, "y": top + (5 - impact) * size,
                "fill": BAND_FILL[band], "band": band, "score": score, "count": len(refs),
                "refs": ", ".join(refs), "likelihood": likelihood, "impact": impact,
            })
    return render_to_string("plans/heat_map.svg", {
        "cells": cells, "size": size, "left": left, "top": top, "title": title,
        "width": left + 5 * size + 10, "height": top + 5 * size + 50,
        "axis": [(n, left + (n - 1) * size + size / 2, top + (5 - n) * size + size / 2)
                 for n in range(1, 6)],
    })


def review_overdue(risk, today=None):
    today = today or timezone.localdate()
    return bool(risk.review_date and risk.review_date < today and risk.status != Risk.Status.CLOSED)
