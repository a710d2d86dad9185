"""A plan read the way the printed table reads: theme by theme, its actions in
reference order (served at /plans/<slug>/, in the plans namespace)."""

from collections import Counter
from types import SimpleNamespace

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from lscb.access import board_required, is_manager
from lscb.rag import RAG, RAG_ORDER, rag_columns
from plans.access import board_plan, visible_plans

from .plan_rows import plan_actions, plan_rows
from .plan_table import theme_table_html


def summarise_rows(actions, columns=RAG_ORDER):
    """RAG counts and overdue count of rows of ``plan_rows`` or ``plan_facts``
    (their ``rag`` and ``overdue`` worked out once)."""
    counts = Counter(action.rag for action in actions)
    return {
        "counts": [(RAG(rag), counts.get(rag, 0)) for rag in columns],
        "total": len(actions),
        "overdue": sum(1 for action in actions if action.overdue),
    }


# A plan of more actions than this shows each theme's actions when asked (htmx, or a link
# without JavaScript), so the page stays fast on big boards; "Show every theme's actions"
# (?all=1) shows them all at once.
ROWS_ON_DEMAND = 300


def plan_facts(plan, show_archived, today):
    """What the summaries count, for every action in one light query (no rows built):
    [(theme id, fact)] where a fact has the action's ``rag`` and ``overdue``."""
    facts = plan_actions(plan, show_archived).with_progress(narrative=False).order_by().values_list(
        "theme_id", "rag", "due_date", "completed_on", "closed_as", "carried_over_from_id")
    return [(theme_id, SimpleNamespace(
        rag=rag, carried_in=carried_from is not None,
        overdue=bool(due and due < today and completed_on is None and rag != RAG.COMPLETE
                     and not closed_as)))  # the rule of Action.is_overdue
            for theme_id, rag, due, completed_on, closed_as, carried_from in facts]


@board_required
@require_safe
def plan_detail(request, slug):
    """The plan read the way the printed table reads: theme by theme, in reference order.
    A plan of more than ROWS_ON_DEMAND actions shows each theme's summary and loads its
    rows when asked; the summaries are counted from one light query either way."""
    plan = board_plan(request, slug, related=["previous_plan"])  # the page links it
    show_archived = request.GET.get("archived") == "1"
    themes = list(plan.themes.select_related("parent", "sponsor"))
    facts = plan_facts(plan, show_archived, timezone.localdate())
    on_demand = len(facts) > ROWS_ON_DEMAND and request.GET.get("all") != "1"
    opened = request.GET.get("theme")
    shown = [t for t in themes if not on_demand or str(t.pk) == opened]
    rows = {theme.pk: [] for theme in themes}
    listed = plan_rows(request, plan, show_archived, shown if on_demand else None)
    for action in listed:
        rows[action.theme_id].append(action)
    counted = {theme.pk: [] for theme in themes}
    for theme_id, fact in facts:
        counted[theme_id].append(fact)
    columns = rag_columns(fact.rag for _theme, fact in facts)
    # every row is loaded unless some are on demand: then the database says
    has_measures = (plan_actions(plan, show_archived).exclude(measures="").exists()
                    if on_demand else any(action.measures for action in listed))
    sections = [
        {"theme": theme, "count": len(counted[theme.pk]),
         "summary": summarise_rows(counted[theme.pk], columns),
         "on_demand": on_demand and theme not in shown,
         "table": theme in shown and theme_table_html(theme, rows[theme.pk], has_measures)}
        for theme in themes
    ]
    context = {
        "plan": plan,
        "sections": sections,
        "summary": summarise_rows([fact for _theme, fact in facts], columns),
        "show_archived": show_archived,
        "on_demand": on_demand,
        "can_edit": is_manager(request) and not plan.is_archived,
        "next_plans": list(visible_plans(request).filter(previous_plan=plan)),
        "carried_in": sum(1 for _theme, fact in facts if fact.carried_in),
    }
    return render(request, "plans/plan_detail.html", context)


@board_required
@require_safe
def plan_theme_actions(request, slug, pk):
    """One theme's actions table (what a big plan's page loads when a theme is opened)."""
    plan = board_plan(request, slug)
    theme = get_object_or_404(plan.themes.all(), pk=pk)
    show_archived = request.GET.get("archived") == "1"
    actions = plan_rows(request, plan, show_archived, themes=[theme])
    has_measures = plan_actions(plan, show_archived).exclude(measures="").exists()
    return HttpResponse(theme_table_html(theme, actions, has_measures))
