"""The board's home page and the index of its papers and registers."""

import datetime
from collections import Counter

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from actions.models import Action, ProgressUpdate
from actions.summary import dashboard_summary
from lscb.access import (
    board_required,
    can_update_action,
    is_agency_rep,
    is_chair,
    is_manager,
    led_subgroup_ids,
)
from lscb.fiscal import Quarter
from lscb.links import id_url
from lscb.papers.charts import rag_bar_chart
from lscb.rag import RAG, rag_columns
from plans.models import BusinessPlan
from plans.reviews import overdue_reviews
from reporting.checklist import checklist, is_set_up
from reporting.exports.tables import TABLES
from reporting.models import ReportingItem
from reporting.planner.services import next_due, with_groups
from reporting.section11.services import agency_work
from subgroups.models import Meeting, Subgroup

DASHBOARD_LIST = 25


def with_can_update(request, actions):
    """The actions as a list, each marked whether this user may post an update on it
    (the list then offers the update panel). A manager may update any open action; for
    others, the owners' ids are read in one query of the owners table."""
    actions = list(actions)
    owners = {action.pk: set() for action in actions}
    if actions and not is_manager(request):
        for action_id, group_id in Action.owners.through.objects.filter(
                action_id__in=owners).values_list("action_id", "subgroup_id"):
            owners[action_id].add(group_id)
    for action in actions:
        action.can_update = can_update_action(request, action, owner_ids=owners[action.pk])
    return actions


def with_row_values(actions, update_links=False):
    """Each listed action's link, RAG label and contradictions computed once here, so
    that its row in the template needs no include and no reverse()."""
    labels = dict(RAG.choices)
    for action in actions:
        action.url = action.get_absolute_url()
        action.rag_label = labels.get(action.rag, RAG.NOT_STARTED.label)
        action.flags = action.contradictions
        if update_links and action.can_update:
            action.update_url = id_url("actions:post_update", action.pk)
    return actions


def chair_view(request, plan, today):
    """A chair's own dashboard: their groups' actions on the live plan (by RAG, overdue,
    no update this quarter, contradictions), the reports their groups owe next, and
    their groups' meetings."""
    group_ids = led_subgroup_ids(request)
    groups = list(Subgroup.objects.filter(pk__in=group_ids).order_by("order", "name"))
    quarter = Quarter.of(today)
    actions = []
    if plan:
        actions = list(Action.objects.filter(plan=plan, owners__in=group_ids).active()
                       .distinct().for_listing())
    columns = rag_columns(a.rag for a in actions)
    counts = Counter(a.rag for a in actions)
    needs_update = [a for a in actions if not a.is_complete and not (
        a.last_update_on and quarter.contains(a.last_update_on))]
    horizon = today + datetime.timedelta(days=120)
    reports = [item for item in next_due(list(
        ReportingItem.objects.filter(responsible_group__in=group_ids)
        .select_related("responsible_group").prefetch_related(with_groups())))
        if item.next_due and item.next_due <= horizon]
    reports.sort(key=lambda item: item.next_due)
    meetings = (Meeting.objects.filter(subgroup__in=group_ids, date__gte=today)
                .select_related("subgroup").order_by("date")[:DASHBOARD_LIST])
    owner_filter = f"owner={groups[0].pk}&" if len(groups) == 1 else ""
    return {
        "groups": groups,
        "counts": [(RAG(rag), counts.get(rag, 0)) for rag in columns],
        "total": len(actions),
        "overdue": [a for a in actions if a.is_overdue(today)],
        "needs_update": needs_update,
        "contradicted": [a for a in actions if a.contradictions],
        "quarter": quarter,
        "reports": reports,
        "meetings": list(meetings),
        "owner_filter": owner_filter,
    }


@board_required
@require_safe
def dashboard(request):
    board, today = request.board, timezone.localdate()
    plan = BusinessPlan.objects.current(board)
    context = {"plan": plan, "today": today}
    if is_chair(request) and request.GET.get("scope") != "board":
        context["mine"] = chair_view(request, plan, today)
        return render(request, "reporting/dashboard_chair.html", context)
    context["can_choose_scope"] = is_chair(request)
    if is_manager(request):
        if not is_set_up(board, live_plan=plan):  # not set up: its manager's first screen
            steps = checklist(board, live_plan=plan)
            context.update(steps=steps, steps_done=sum(step.done for step in steps))
    if plan:
        actions = Action.objects.filter(plan=plan).active()
        horizon = today + datetime.timedelta(days=90)
        figures = dashboard_summary(actions, list(plan.themes.all()), today, horizon,
                                    listed=DASHBOARD_LIST)
        listed = reverse("actions:list")
        context.update(
            figures,
            # built from an escaping template; each box links to the actions it counts
            chart=mark_safe(rag_bar_chart(
                [(str(row["theme"]), dict(row["summary"]["counts"])) for row in figures["rows"]],
                links=[f"{listed}?plan={plan.pk}&theme={row['theme'].pk}"
                       for row in figures["rows"]])),
            overdue=with_row_values(with_can_update(request, figures["overdue"]),
                                    update_links=True),
            due_soon=with_row_values(figures["due_soon"]),
        )
        # the contradictions are counted in dashboard_summary's one pass (figures)
    context["overdue_reviews"] = overdue_reviews(board, today)
    if is_agency_rep(request):
        context["agency_work"] = agency_work(board, request.board_user.agency, today)
    context["latest_updates"] = list(
        ProgressUpdate.objects.newest_of(Action.objects.filter(board=board, archived=False))
        .select_related("action")[:10])
    return render(request, "reporting/dashboard.html", context)


@board_required
@require_safe
def index(request):
    return render(request, "reporting/index.html", {"plan": BusinessPlan.objects.current(request.board),
                                                    "data_tables": TABLES.values()})
