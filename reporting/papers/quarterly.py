"""The quarterly Business Plan monitoring report: a board paper for the body the planner
sends it to (see ``meeting``)."""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.safestring import mark_safe

from actions.models import Action, ProgressUpdate
from actions.summary import make_summary
from lscb.fiscal import Quarter
from lscb.papers.charts import rag_bar_chart
from lscb.rag import RAG, rag_columns
from reporting.models import ReportingItem

from .board_paper import commentary_for, exception_reasons, headline, scorecard, top_risks
from .meeting import meeting_for

# Higher is better; used to call a change of rating an improvement or not.
RAG_RANK = {RAG.RED: 0, RAG.AMBER: 1, RAG.GREEN: 2, RAG.COMPLETE: 3}


def movement(before, after):
    """How an action's RAG moved between two quarter ends."""
    if before == after:
        return None
    if after == RAG.COMPLETE:
        return "completed"
    if before in (RAG.NOT_STARTED, RAG.NOT_RATED):
        return "new"
    if after in (RAG.NOT_STARTED, RAG.NOT_RATED):
        return None
    return "improved" if RAG_RANK[after] > RAG_RANK[before] else "worsened"


MOVEMENT_ORDER = ["worsened", "improved", "new", "completed"]


def reports_due(board, quarters):
    """Planner items due in the given quarters: [(quarter, [(date, item)])]."""
    items = list(ReportingItem.objects.for_board(board).select_related("responsible_group"))
    due = []
    for quarter in quarters:
        rows = [
            (date, item)
            for item in items
            for date in item.due_dates(quarter.year)
            if quarter.contains(date)
        ]
        due.append((quarter, sorted(rows, key=lambda row: (row[0], row[1].title))))
    return due


def quarterly_context(board, plan, quarter: Quarter, meeting=None):
    """Everything the paper shows, in a constant number of queries. ``meeting`` is who it
    is for and how it is tabled (``meeting.meeting_for``); by default the planner's body."""
    previous, following = quarter.previous(), quarter.next()
    in_quarter = ProgressUpdate.objects.standing().filter(year=quarter.year, quarter=quarter.number)
    actions = list(
        Action.objects.filter(plan=plan, archived=False)
        .with_progress(as_at=quarter.end)
        .with_progress(as_at=previous.end, prefix="prev_")
        .select_related("theme")
        .prefetch_related(
            "owners",
            Prefetch("updates", queryset=in_quarter.order_by("-date", "-created_at", "-pk"),
                     to_attr="quarter_updates"),
        )
        .in_plan_order()
    )
    themes = list(plan.themes.all())
    by_theme = {theme.pk: [] for theme in themes}
    exceptions, moves, due_next = [], [], []
    for action in actions:
        action.overdue_at_end = action.is_overdue(today=quarter.end)
        action.overdue_before = bool(action.due_date and action.due_date < previous.end
                                     and action.prev_rag != RAG.COMPLETE)
        action.movement = movement(RAG(action.prev_rag), RAG(action.rag))
        action.quarter_update = action.quarter_updates[0] if action.quarter_updates else None
        by_theme[action.theme_id].append(action)
        action.exception_reasons = exception_reasons(action)
        if action.exception_reasons:
            exceptions.append(action)
        if action.movement:
            moves.append(action)
        if action.due_date and following.contains(action.due_date) and action.rag != RAG.COMPLETE:
            due_next.append(action)
    sections = []
    columns = rag_columns(action.rag for action in actions)
    for theme in themes:
        theme_actions = by_theme[theme.pk]
        counts = {}
        for action in theme_actions:
            counts[RAG(action.rag)] = counts.get(RAG(action.rag), 0) + 1
        overdue = sum(a.overdue_at_end for a in theme_actions)
        sections.append({"theme": theme, "actions": theme_actions,
                         "summary": make_summary(counts, overdue, columns)})
    totals = {}
    for section in sections:
        for rag, n in section["summary"]["counts"]:
            totals[rag] = totals.get(rag, 0) + n
    chart_rows = [(str(s["theme"]), dict(s["summary"]["counts"])) for s in sections]
    moves.sort(key=lambda a: (MOVEMENT_ORDER.index(a.movement), a.theme.sort_key, a.sort_key))
    risks, heat_map = top_risks(board)
    severity = {RAG.RED: 0, RAG.AMBER: 1}
    exceptions.sort(key=lambda a: (severity.get(RAG(a.rag), 2), a.theme.sort_key, a.sort_key))
    return {
        "board": board,
        "meeting": meeting or meeting_for(board),
        "commentary": commentary_for(plan, quarter),
        "headline": headline(actions),
        "scorecard": scorecard(board, quarter),
        "risks": risks,
        "heat_map": heat_map,
        "plan": plan,
        "quarter": quarter,
        "previous": previous,
        "following": following,
        "title": f"Business Plan monitoring report {quarter}",
        "produced_on": timezone.localdate(),
        "sections": sections,
        "summary": make_summary(totals, sum(s["summary"]["overdue"] for s in sections), columns),
        "chart": mark_safe(rag_bar_chart(chart_rows, title=f"RAG rating by theme at the end of {quarter}")),
        "exceptions": exceptions,
        "quarterly_facts": [("Plan", plan.title),
                             ("Quarter", f"{quarter} ({quarter.months_label})")],
        "quarterly_contents": [("summary", "1. Summary"),
                               ("scorecard", "2. Indicators and top risks"),
                               ("themes", "3. Position by theme"),
                               ("appendix", "Appendix A. Progress by theme")],
        "moves": moves,
        "changed": [a for a in moves if a.movement in ("worsened", "improved")],
        "moved_lists": [(label, group) for label, group in (
            ("Completed this quarter", [a for a in moves if a.movement == "completed"]),
            ("Rated for the first time", [a for a in moves if a.movement == "new"])) if group],
        "due_next": due_next,
        "reports_due": reports_due(board, [quarter, following]),
    }
