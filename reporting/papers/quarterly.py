"""The quarterly Business Plan monitoring report: a board paper for the body the planner
sends it to (see ``meeting``)."""

import functools
from collections import Counter
from types import SimpleNamespace

from django.db.models import Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from actions.models import Action, ProgressUpdate
from actions.summary import make_summary
from lscb.fiscal import Quarter
from lscb.papers.charts import rag_bar_chart
from lscb.rag import RAG, rag_columns
from reporting.planner.services import dues_between, planner_items

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
MOVEMENT_RANK = {word: rank for rank, word in enumerate(MOVEMENT_ORDER)}


def reports_due(board, quarters):
    """Planner reports due in the given quarters, each to the body it is for:
    [(quarter, [DueReport])] (``due.due_date``, ``due.item``, ``due.to``)."""
    items = planner_items(board)
    return [(quarter, dues_between(board, quarter.start, quarter.end, items))
            for quarter in quarters]


# What the paper prints of an action, and what due_label and the overdue rule read.
PRINTED = ("pk", "theme_id", "reference", "sort_key", "description", "lead_role", "due_date",
           "due_precision", "due_text", "completed_on", "closed_as")


class PaperAction(SimpleNamespace):
    """An action as the paper prints it: its fields (``PRINTED``) and position at the
    quarter ends, read as plain values (a big board's thousands of model instances cost
    more than the rest of the paper)."""

    due_label = Action.due_label  # the plan's own wording of when it is due


def quarter_actions(plan, quarter: Quarter, themes=None):
    """The plan's open actions (of ``themes`` only, when given) as they stood at the
    quarter end and the previous one, in plan order, each with what every part of the
    paper reads: ``lead``, ``due``, ``rag_label``, ``overdue_at_end``, ``movement``..."""
    previous, following = quarter.previous(), quarter.next()
    now = ProgressUpdate.objects.latest_first(quarter.end)
    then = ProgressUpdate.objects.latest_first(previous.end)
    actions = Action.objects.filter(plan=plan, archived=False)
    if themes is not None:
        actions = actions.filter(theme__in=themes)
    rows = actions.annotate(  # the position as Action.objects.with_progress() gives it
        rag=Coalesce(Subquery(now.values("rag")[:1]), Value(RAG.NOT_STARTED)),
        prev_rag=Coalesce(Subquery(then.values("rag")[:1]), Value(RAG.NOT_STARTED)),
    ).in_plan_order().values_list(*PRINTED, "rag", "prev_rag")
    names = (*PRINTED, "rag", "prev_rag")
    actions = [PaperAction(**dict(zip(names, row, strict=True))) for row in rows]
    leads = owner_names(plan, themes)
    labels, dues = {rag.value: str(rag.label) for rag in RAG}, {}
    end, before, next_start, next_end = quarter.end, previous.end, following.start, following.end
    for action in actions:
        owners = leads.get(action.pk, [])
        action.lead = " and ".join([action.lead_role, *owners] if action.lead_role else owners)
        when = (action.due_date, action.due_precision, action.due_text)
        if when not in dues:  # a plan has far fewer due dates than actions
            dues[when] = action.due_label
        action.due = dues[when]
        rag, due = action.rag, action.due_date
        action.rag_label, action.prev_rag_label = labels[rag], labels[action.prev_rag]
        # the rule of Action.is_overdue, at the quarter end
        action.overdue_at_end = bool(due and due < end and action.completed_on is None
                                     and rag != RAG.COMPLETE and not action.closed_as)
        action.overdue_before = bool(due and due < before and action.prev_rag != RAG.COMPLETE)
        action.movement = movement(action.prev_rag, rag)
        action.exception_reasons = exception_reasons(action)
        action.why = [(reason, reason_class(reason)) for reason in action.exception_reasons]
        action.due_next = bool(due and next_start <= due <= next_end and rag != RAG.COMPLETE)
    return actions


def owner_names(plan, themes=None):
    """{action id: its owning groups' names, in the groups' order}: one query over the
    plan, where a prefetch would send every action's id (thousands, on a big board)."""
    through = Action.owners.through.objects.filter(action__plan=plan, action__archived=False)
    if themes is not None:
        through = through.filter(action__theme__in=themes)
    names = {}
    for action_id, name in through.order_by("subgroup__order", "subgroup__name", "subgroup_id") \
            .values_list("action_id", "subgroup__name"):
        names.setdefault(action_id, []).append(name)
    return names


@functools.cache
def reason_class(reason):
    return slugify(reason)


def with_quarter_updates(actions, plan, quarter: Quarter, themes=None):
    """Set what appendix A prints of each action besides its position: ``quarter_update``,
    its latest standing update dated in the quarter (or None), and ``last_update_on``,
    the date of its latest by the quarter end; two queries over the plan (``themes``)."""
    updates = ProgressUpdate.objects.standing().filter(
        year=quarter.year, quarter=quarter.number, action__plan=plan, action__archived=False)
    dated = Action.objects.filter(plan=plan, archived=False)
    if themes is not None:
        updates = updates.filter(action__theme__in=themes)
        dated = dated.filter(theme__in=themes)
    latest = {}
    for update in updates.order_by("action_id", "-date", "-created_at", "-pk"):
        latest.setdefault(update.action_id, update)
    last = dict(dated.annotate(last_update_on=Subquery(  # as Action.objects.with_progress()
        ProgressUpdate.objects.latest_first(quarter.end).values("date")[:1])
    ).order_by().values_list("pk", "last_update_on"))
    for action in actions:
        action.quarter_update = latest.get(action.pk)
        action.last_update_on = last.get(action.pk)
    return actions


def quarterly_context(board, plan, quarter: Quarter, meeting=None, rows_for=None):
    """Everything the paper shows, in a constant number of queries. ``meeting`` is who it
    is for and how it is tabled (``meeting.meeting_for``); by default the planner's body.
    ``rows_for``: the themes whose actions appendix A prints in full (every theme when
    None, as the PDF and Word file do; a big plan's preview opens them on demand)."""
    previous, following = quarter.previous(), quarter.next()
    actions = quarter_actions(plan, quarter)
    shown = None if rows_for is None else {theme.pk for theme in rows_for}
    if shown is None or shown:
        with_quarter_updates([a for a in actions if shown is None or a.theme_id in shown],
                             plan, quarter, rows_for)
    themes = list(plan.themes.all())
    by_theme = {theme.pk: [] for theme in themes}
    for action in actions:
        by_theme[action.theme_id].append(action)
    for theme in themes:
        for action in by_theme[theme.pk]:
            action.theme = theme
    exceptions = [a for a in actions if a.exception_reasons]
    moves = [a for a in actions if a.movement]
    due_next = [a for a in actions if a.due_next]
    sections = []
    columns = rag_columns(action.rag for action in actions)
    for theme in themes:
        theme_actions = by_theme[theme.pk]
        counts = Counter(action.rag for action in theme_actions)
        overdue = sum(a.overdue_at_end for a in theme_actions)
        sections.append({"theme": theme, "actions": theme_actions,
                         "summary": make_summary(counts, overdue, columns),
                         "on_demand": shown is not None and theme.pk not in shown})
    totals = {}
    for section in sections:
        for rag, n in section["summary"]["counts"]:
            totals[rag] = totals.get(rag, 0) + n
    chart_rows = [(str(s["theme"]), dict(s["summary"]["counts"])) for s in sections]
    # the actions are in plan order already, which a stable sort keeps within each kind
    moves.sort(key=lambda a: MOVEMENT_RANK[a.movement])
    risks, heat_map = top_risks(board)
    severity = {RAG.RED: 0, RAG.AMBER: 1}
    exceptions.sort(key=lambda a: severity.get(a.rag, 2))
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
