"""Performance indicators and the risk register."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from lscb.access import board_required, get_for_board, is_manager, manager_required
from lscb.editing import edit, takes_form
from lscb.fiscal import chosen_year, year_label, year_links

from .forms import IndicatorForm, QuarterValuesForm, RiskForm
from .indicators import indicator_rows
from .models import Indicator, IndicatorValue, Risk
from .risks import grouped, heat_map_svg, review_overdue


@board_required
@require_safe
def indicator_list(request):
    year = chosen_year(request)
    return render(request, "plans/indicators.html", {
        "rows": indicator_rows(request.board, year), "year": year, "year_label": year_label(year),
        "years": year_links(year),
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
    initial = {f"q{q}": v.value for q, v in current.items()}
    form = QuarterValuesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for q in (1, 2, 3, 4):
                value = form.cleaned_data[f"q{q}"]
                if value is None:
                    IndicatorValue.objects.filter(indicator=indicator, year=year, quarter=q).delete()
                else:
                    IndicatorValue.objects.update_or_create(
                        indicator=indicator, year=year, quarter=q, defaults={"value": value})
        messages.success(request, f"{year_label(year)} values of “{indicator.name}” saved.")
        return redirect(f"{reverse('plans:indicators')}?year={year_label(year)}")
    return render(request, "plans/register_form.html", {
        "form": form, "heading": f"{indicator.name}: quarterly actuals {year_label(year)}",
        "back": "plans:indicators"})


@board_required
@require_safe
def risk_list(request):
    risks = list(Risk.objects.for_board(request.board))
    today = timezone.localdate()
    for risk in risks:
        risk.overdue = review_overdue(risk, today)
    return render(request, "plans/risks.html", {
        "groups": grouped(risks), "heat_map": mark_safe(heat_map_svg(risks)),
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
        rating_changes = [c for c in delta.changes if c.field.endswith(("likelihood", "impact"))]
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
                done=lambda saved: reverse("plans:risk", args=[saved.pk]),
                saved="Risk {0.reference} saved.", context={
                    "heading": f"Edit risk {risk.reference}" if risk else "Add a risk",
                    "back": "plans:risks"})
