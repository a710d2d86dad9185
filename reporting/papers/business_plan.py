"""The Business Plan document, laid out like the plans boards publish."""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.safestring import mark_safe

from actions.models import Action
from lscb.models import Member
from reporting.models import ReportingItem
from subgroups.chart import structure_chart_svg
from subgroups.models import Subgroup, SubgroupFunction

from .plan_layout import layout_for, rows


def business_plan_context(board, plan):
    functions = Prefetch("functions", queryset=SubgroupFunction.objects.order_by("number"))
    groups = list(Subgroup.objects.for_board(board).select_related("chair", "accountable_to")
                  .prefetch_related(functions))
    actions = list(Action.objects.filter(plan=plan, archived=False).with_progress()
                   .select_related("theme").prefetch_related("owners").in_plan_order())
    columns, landscape = layout_for(plan)
    columns = rows(actions, columns)
    themes = list(plan.themes.select_related("sponsor"))
    by_theme = {t.pk: [] for t in themes}
    for action in actions:
        by_theme[action.theme_id].append(action)
    members = list(Member.objects.for_board(board).current().exclude(
        board_role=Member.BoardRole.NONE).select_related("agency"))
    return {
        "board": board, "plan": plan, "title": f"{plan.title}",
        "produced_on": timezone.localdate(),
        "themes": [(t, by_theme[t.pk]) for t in themes],
        "columns": columns, "landscape": landscape,
        "has_actions": bool(actions),
        "members": members,
        "groups": groups,
        "chart": mark_safe(structure_chart_svg(board, groups)),  # escaping template
        "planner": list(ReportingItem.objects.for_board(board).select_related("responsible_group")),
    }
