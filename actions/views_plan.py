"""A plan read the way the printed table reads: theme by theme, its actions in
reference order (served at /plans/<slug>/, in the plans namespace)."""

from collections import Counter

from django.shortcuts import render
from django.views.decorators.http import require_safe

from lscb.access import board_required, can_update_action, is_manager
from lscb.rag import RAG, RAG_ORDER, rag_columns
from plans.access import board_plan, visible_plans

from .models import Action


def summarise(actions, columns=RAG_ORDER):
    """RAG counts and overdue count for a list of actions (annotated with ``rag``)."""
    counts = Counter(action.rag for action in actions)
    return {
        "counts": [(RAG(rag), counts.get(rag, 0)) for rag in columns],
        "total": len(actions),
        "overdue": sum(1 for action in actions if action.is_overdue()),
    }


@board_required
@require_safe
def plan_detail(request, slug):
    """The plan read the way the printed table reads: theme by theme, in reference order."""
    plan = board_plan(request, slug)
    show_archived = request.GET.get("archived") == "1"
    actions = (Action.objects.filter(plan=plan).for_listing()
               .select_related("carried_over_from__plan")
               .prefetch_related("carried_into__plan"))
    if not show_archived:
        actions = actions.filter(archived=False)
    actions = list(actions)
    themes = list(plan.themes.select_related("parent", "sponsor"))
    by_theme = {theme.pk: [] for theme in themes}
    for action in actions:
        action.can_update = can_update_action(
            request, action, owner_ids={group.pk for group in action.owners.all()}
        )
        by_theme[action.theme_id].append(action)
    columns = rag_columns(action.rag for action in actions)
    sections = [
        {"theme": theme, "actions": by_theme[theme.pk],
         "summary": summarise(by_theme[theme.pk], columns)}
        for theme in themes
    ]
    context = {
        "plan": plan,
        "sections": sections,
        "summary": summarise(actions, columns),
        "show_archived": show_archived,
        "has_measures": any(action.measures for action in actions),
        "can_edit": is_manager(request) and not plan.is_archived,
        "next_plans": list(visible_plans(request).filter(previous_plan=plan)),
        "carried_in": sum(1 for action in actions if action.carried_over_from_id),
    }
    return render(request, "plans/plan_detail.html", context)
