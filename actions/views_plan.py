"""A plan read the way the printed table reads: theme by theme, its actions in
reference order (served at /plans/<slug>/, in the plans namespace)."""

from collections import Counter

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from lscb.access import board_required, can_update_action, is_manager
from lscb.rag import RAG, RAG_ORDER, rag_columns
from plans.access import board_plan

from .models import Action


def summarise(actions, columns=RAG_ORDER):
    """RAG counts and overdue count for a list of actions (annotated with ``rag``)."""
    counts = Counter(action.rag for action in actions)
    return {
        "counts": [(RAG(rag), counts.get(rag, 0)) for rag in columns],
        "total": len(actions),
        "overdue": sum(1 for action in actions if action.is_overdue()),
    }


def summarise_rows(actions, columns=RAG_ORDER):
    """``summarise`` for rows prepared by ``prepare_rows`` (overdue worked out once)."""
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


def prepare_rows(request, actions, today):
    """What each row shows, worked out once here rather than in the template: the links,
    who, overdue, the RAG's label and whether this user may update it."""
    detail = reverse("actions:detail", args=[0]).rsplit("0/", 1)[0]
    update = reverse("actions:post_update", args=[0]).rsplit("0/", 1)[0]
    for action in actions:
        owners = list(action.owners.all())
        names = [group.name for group in owners]
        if action.lead_role:
            names.insert(0, action.lead_role)
        action.who = " and ".join(names)
        action.url = f"{detail}{action.pk}/"
        action.update_url = f"{update}{action.pk}/updates/"
        action.overdue = action.is_overdue(today)
        action.rag_label = RAG(action.rag).label
        action.can_update = can_update_action(request, action,
                                              owner_ids={group.pk for group in owners})
    return actions


def plan_rows(request, plan, show_archived, theme=None):
    actions = Action.objects.filter(plan=plan).for_listing()
    if not show_archived:
        actions = actions.filter(archived=False)
    if theme is not None:
        actions = actions.filter(theme=theme)
    return prepare_rows(request, list(actions), timezone.localdate())


@board_required
@require_safe
def plan_detail(request, slug):
    """The plan read the way the printed table reads: theme by theme, in reference order."""
    plan = board_plan(request, slug)
    show_archived = request.GET.get("archived") == "1"
    actions = plan_rows(request, plan, show_archived)
    themes = list(plan.themes.select_related("parent", "sponsor"))
    by_theme = {theme.pk: [] for theme in themes}
    for action in actions:
        by_theme[action.theme_id].append(action)
    columns = rag_columns(action.rag for action in actions)
    on_demand = len(actions) > ROWS_ON_DEMAND and request.GET.get("all") != "1"
    opened = request.GET.get("theme")
    sections = [
        {"theme": theme, "actions": by_theme[theme.pk],
         "summary": summarise_rows(by_theme[theme.pk], columns),
         "on_demand": on_demand and opened != str(theme.pk)}
        for theme in themes
    ]
    context = {
        "plan": plan,
        "sections": sections,
        "summary": summarise_rows(actions, columns),
        "show_archived": show_archived,
        "on_demand": on_demand,
        "has_measures": any(action.measures for action in actions),
        "can_edit": is_manager(request) and not plan.is_archived,
    }
    return render(request, "plans/plan_detail.html", context)


@board_required
@require_safe
def plan_theme_actions(request, slug, pk):
    """One theme's actions table (what a big plan's page loads when a theme is opened)."""
    plan = board_plan(request, slug)
    theme = get_object_or_404(plan.themes.all(), pk=pk)
    show_archived = request.GET.get("archived") == "1"
    actions = plan_rows(request, plan, show_archived, theme=theme)
    all_measures = Action.objects.filter(plan=plan).exclude(measures="")
    if not show_archived:
        all_measures = all_measures.filter(archived=False)
    return render(request, "plans/_theme_actions.html", {
        "plan": plan, "section": {"theme": theme, "actions": actions},
        "has_measures": all_measures.exists()})
