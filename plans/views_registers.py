"""Performance indicators and the risk register."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from lscb.access import board_required, get_for_board, is_manager, manager_required
from lscb.editing import edit, takes_form
from lscb.fiscal import chosen_year, year_label

from .forms import IndicatorForm, QuarterValuesForm, RiskForm, RiskScoringForm
from .indicators import (
    history_table,
    indicator_history,
    indicator_rows,
    indicator_years,
    save_year_values,
    trend_chart,
)
from .models import Indicator, IndicatorYear, Risk, RiskSettings
from .risks import grouped, heat_map_svg, review_overdue, with_scheme
from .services import year_choice


@board_required
@require_safe
def indicator_list(request):
    choice = year_choice(request, indicator_years(request.board))
    if choice.redirect:
        return redirect(request.path + choice.redirect)
    year = choice.year
    return render(request, "plans/indicators.html", {
        "rows": indicator_rows(request.board, year), "year": year, "year_label": year_label(year),
        "years": choice.links, "link_names": True,
        "can_edit": is_manager(request),
    })


@takes_form
@manager_required
def indicator_edit(request, pk=None):
    indicator = get_for_board(request, Indicator, pk=pk) if pk else None
    return edit(request, IndicatorForm, instance=indicator, board=request.board,
                done="plans:indicators", saved="Indicator “{0.name}” saved.", context={
                    "heading": f"Edit {indicator}" if indicator else "Add an indicator",
                    "back": "plans:indicators"})


@takes_form
@manager_required
def indicator_values(request, pk):
    indicator = get_for_board(request, Indicator, pk=pk)
    year = chosen_year(request)
    current = {v.quarter: v for v in indicator.values.filter(year=year)}
    this_year = IndicatorYear.objects.filter(indicator=indicator, year=year).first()
    initial = {f"q{q}": v.value for q, v in current.items()}
    initial.update({f"commentary_{q}": v.commentary for q, v in current.items()})
    if this_year:
        initial.update(target=this_year.target, previous_year_end=this_year.previous_year_end,
                       polarity=this_year.polarity)
    form = QuarterValuesForm(request.POST or None, initial=initial, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        save_year_values(indicator, year, form.cleaned_data)
        messages.success(request, f"{year_label(year)} values of “{indicator.name}” saved.")
        return redirect(f"{reverse('plans:indicators')}?year={year_label(year)}")
    return render(request, "plans/register_form.html", {
        "form": form, "heading": f"{indicator.name}: {year_label(year)} actuals and target",
        "back": "plans:indicators"})


@board_required
@require_safe
def indicator_detail(request, pk):
    """One indicator across every year: the trend chart with its target line, and each
    year's target, previous year-end, polarity, figures and commentaries."""
    indicator = get_for_board(request, Indicator, pk=pk)
    history = indicator_history(indicator)
    return render(request, "plans/indicator_detail.html", {
        "indicator": indicator, "history": history, "table": history_table(history),
        "chart": mark_safe(trend_chart(history)), "can_edit": is_manager(request)})


@board_required
@require_safe
def risk_list(request):
    scheme = RiskSettings.scheme_for(request.board)
    risks = with_scheme(list(Risk.objects.for_board(request.board)), scheme)
    today = timezone.localdate()
    for risk in risks:
        risk.overdue = review_overdue(risk, today)
    return render(request, "plans/risks.html", {
        "groups": grouped(risks), "heat_map": mark_safe(heat_map_svg(risks, scheme)),
        "scheme": scheme, "has_target": any(r.target_score for r in risks),
        "overdue_count": sum(r.overdue for r in risks), "can_edit": is_manager(request),
    })


@board_required
@require_safe
def risk_detail(request, pk):
    risk = get_for_board(request, Risk, pk=pk)
    records = list(risk.history.select_related("history_user").order_by("-history_id"))
    changes = []
    for newer, older in zip(records, records[1:], strict=False):
        delta = newer.diff_against(older)
        rating_changes = [c for c in delta.changes
                          if c.field.endswith(("likelihood", "impact", "_value"))]
        other = [c for c in delta.changes if c not in rating_changes]
        if delta.changes:
            label = lambda c: str(Risk._meta.get_field(c.field).verbose_name).capitalize()  # noqa: E731
            changes.append({
                "record": newer,
                "ratings": [(label(c), c.old, c.new) for c in rating_changes],
                "other": [label(c) for c in other],
            })
    return render(request, "plans/risk_detail.html", {
        "risk": risk, "changes": changes, "created": records[-1] if records else None,
        "overdue": review_overdue(risk), "can_edit": is_manager(request)})


@takes_form
@manager_required
def risk_edit(request, pk=None):
    risk = get_for_board(request, Risk, pk=pk) if pk else None
    return edit(request, RiskForm, instance=risk, board=request.board,
                scheme=RiskSettings.scheme_for(request.board),
                done=lambda saved: reverse("plans:risk", args=[saved.pk]),
                saved="Risk {0.reference} saved.", context={
                    "heading": f"Edit risk {risk.reference}" if risk else "Add a risk",
                    "back": "plans:risks"})


@takes_form
@manager_required
def risk_scoring(request):
    """The board's setting: how its register is scored (the heat map and bands follow)."""
    settings = RiskSettings.objects.filter(board=request.board).first()
    return edit(request, RiskScoringForm, instance=settings, board=request.board,
                done="plans:risks", saved="The register is now scored as: {0.label}.",
                context={"heading": "How the risk register is scored", "back": "plans:risks"})
