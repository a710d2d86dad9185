"""The board's home page and the index of its papers and registers."""

import datetime

from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from actions.models import Action, ProgressUpdate
from actions.summary import dashboard_summary
from lscb.access import board_required, is_manager
from lscb.papers.charts import rag_bar_chart
from plans.models import BusinessPlan
from reporting.checklist import checklist, is_set_up
from reporting.exports.tables import TABLES

DASHBOARD_LIST = 25


@board_required
@require_safe
def dashboard(request):
    board, today = request.board, timezone.localdate()
    plan = BusinessPlan.objects.current(board)
    context = {"plan": plan, "today": today}
    if is_manager(request):
        steps = checklist(board)
        if not is_set_up(steps):  # a board that is not set up: its manager's first screen
            context.update(steps=steps, steps_done=sum(step.done for step in steps))
    if plan:
        actions = Action.objects.filter(plan=plan).active()
        horizon = today + datetime.timedelta(days=90)
        figures = dashboard_summary(actions, list(plan.themes.all()), today, horizon,
                                    listed=DASHBOARD_LIST)
        chart_rows = [(str(row["theme"]), dict(row["summary"]["counts"]))
                      for row in figures["rows"]]
        context.update(figures, chart=mark_safe(rag_bar_chart(chart_rows)))  # escaping template
    context["latest_updates"] = (
        ProgressUpdate.objects.latest_first()  # newest first along their date index
        .filter(action__board=board, action__archived=False)
        .select_related("action")[:10]
    )
    return render(request, "reporting/dashboard.html", context)


@board_required
@require_safe
def index(request):
    return render(request, "reporting/index.html", {"plan": BusinessPlan.objects.current(request.board),
                                                    "data_tables": TABLES.values()})
