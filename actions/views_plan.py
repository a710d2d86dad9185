"""A plan read the way the printed table reads: theme by theme, its actions in
reference order (served at /plans/<slug>/, in the plans namespace)."""

from collections import Counter
from types import SimpleNamespace

from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from lscb.access import board_required, can_update_action, is_manager
from lscb.rag import RAG, RAG_ORDER, rag_columns
from plans.access import board_plan, visible_plans

from .contradictions import flags as contradiction_flags
from .models import Action, Closure, owner_label
from .plan_table import theme_table_html


def summarise_rows(actions, columns=RAG_ORDER):
    """RAG counts and overdue count of rows prepared by ``prepare_rows`` or ``plan_facts``
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


def prepare_rows(request, actions, today, owners, copies):
    """What each row shows, worked out once here rather than in the template: the links,
    who, overdue, the RAG's label, whether this user may update it, and the actions of
    other plans it was carried forward from or to. ``owners`` and ``copies`` are those of
    ``owners_of`` and ``copies_of``."""
    detail = reverse("actions:detail", args=[0]).rsplit("0/", 1)[0]
    update = reverse("actions:post_update", args=[0]).rsplit("0/", 1)[0]
    for action in actions:
        groups = owners.get(action.pk, [])
        action.who = owner_label(action.lead_role, [name for _pk, name in groups])
        action.url = f"{detail}{action.pk}/"
        action.update_url = f"{update}{action.pk}/updates/"
        action.overdue = action.is_overdue(today)
        action.rag_label = RAG(action.rag).label
        action.flags = contradiction_flags(action, today)
        action.can_update = can_update_action(request, action,
                                              owner_ids={pk for pk, _name in groups})
        action.carried_copy = copies.get(action.pk)  # Action.carried_to
        # what Action.closure_label says of a closed action with no copy
        action.closure = Closure(action.closed_as).label if action.closed_as else ""
        action.carried_from = action.carried_over_from_id and SimpleNamespace(
            url=f"{detail}{action.carried_over_from_id}/",
            reference=action.carried_from_reference, plan=action.carried_from_plan)
    return actions


def plan_actions(plan, show_archived):
    """The plan's actions (each one's ``plan`` is ``plan``, not loaded again)."""
    actions = plan.actions.all()
    return actions if show_archived else actions.filter(archived=False)


def owners_of(chosen):
    """{action id: [(group id, name)]} of the actions ``chosen`` (a queryset), in the
    groups' order: one query over the owners' table, where a prefetch builds a manager and
    a group per action."""
    owners = {}
    through = Action.owners.through.objects.filter(action__in=chosen).order_by(
        "subgroup__order", "subgroup__name", "subgroup_id")
    for action_id, group_id, name in through.values_list("action_id", "subgroup_id",
                                                         "subgroup__name"):
        owners.setdefault(action_id, []).append((group_id, name))
    return owners


def copies_of(chosen):
    """{action id: the copy it was carried forward to (``url``, ``reference``, ``plan``)} of
    the actions ``chosen``, the last in Action's order if several (``Action.carried_to``):
    one query."""
    detail = reverse("actions:detail", args=[0]).rsplit("0/", 1)[0]
    return {source: SimpleNamespace(url=f"{detail}{pk}/", reference=reference, plan=plan)
            for source, pk, reference, plan in Action.objects.filter(
                carried_over_from__in=chosen).values_list(
                "carried_over_from_id", "pk", "reference", "plan__title")}


# The fields the rows read (prepare_rows, the table, contradiction flags, can_update_action):
# a big plan's thousands of rows load no others (dates of audit, impact review…). A row
# that read another would cost a query per action: tests/test_query_counts.py would fail.
ROW_FIELDS = ("plan", "theme", "reference", "description", "outcome", "measures", "source",
              "risk_note", "other_columns", "lead_role", "due_date", "due_precision", "due_text",
              "archived", "closed_as", "closed_reason", "completed_on", "impact_statement",
              "carried_over_from")


def plan_rows(request, plan, show_archived, themes=None):
    """The rows of the plan's actions (of ``themes`` only, when given), in three queries:
    the actions (with the reference and plan of the action each was carried forward
    from), their owners, and the copies they were carried forward to."""
    chosen = plan_actions(plan, show_archived)
    if themes is not None:
        chosen = chosen.filter(theme__in=themes)
    actions = list(chosen.only(*ROW_FIELDS).with_position().in_plan_order().annotate(
        carried_from_reference=F("carried_over_from__reference"),
        carried_from_plan=F("carried_over_from__plan__title")))
    if not actions:
        return actions
    return prepare_rows(request, actions, timezone.localdate(), owners_of(chosen),
                        copies_of(chosen))


def plan_facts(plan, show_archived, today):
    """What the summaries count, for every action in one light query (no rows built):
    [(theme id, fact)] where a fact has the action's ``rag`` and ``overdue``."""
    facts = plan_actions(plan, show_archived).with_progress().order_by().values_list(
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
    plan = board_plan(request, slug)
    show_archived = request.GET.get("archived") == "1"
    themes = list(plan.themes.select_related("parent", "sponsor"))
    facts = plan_facts(plan, show_archived, timezone.localdate())
    on_demand = len(facts) > ROWS_ON_DEMAND and request.GET.get("all") != "1"
    opened = request.GET.get("theme")
    shown = [t for t in themes if not on_demand or str(t.pk) == opened]
    rows = {theme.pk: [] for theme in themes}
    for action in plan_rows(request, plan, show_archived, shown if on_demand else None):
        rows[action.theme_id].append(action)
    counted = {theme.pk: [] for theme in themes}
    for theme_id, fact in facts:
        counted[theme_id].append(fact)
    columns = rag_columns(fact.rag for _theme, fact in facts)
    has_measures = plan_actions(plan, show_archived).exclude(measures="").exists()
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
