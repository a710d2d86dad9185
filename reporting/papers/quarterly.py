"""The quarterly Business Plan monitoring report: a board paper for the body the planner
sends it to (see ``meeting``)."""

import functools
from collections import Counter
from types import SimpleNamespace

from django.db.models import Q, Subquery
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.html import conditional_escape as escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from actions.models import Action, ProgressUpdate, owner_label, plan_order_key
from actions.plan_rows import owners_of
from actions.summary import make_summary
from lscb.changes import current_version
from lscb.fiscal import Quarter
from lscb.papers.charts import rag_bar_chart
from lscb.papers.fingerprint import code_version
from lscb.rag import RAG, rag_columns
from plans.indicators import indicator_rows
from plans.risks import heat_map_svg
from reporting.planner.services import dues_between, planner_items

from .board_paper import commentary_for, headline, reasons_for, scorecard, top_risks
from .meeting import meeting_for
from .positions import positions
from .preview import kept

# Higher is better; used to call a change of rating an improvement or not.
RAG_RANK = {RAG.RED: 0, RAG.AMBER: 1, RAG.GREEN: 2, RAG.COMPLETE: 3}


@functools.cache  # a big plan asks thousands of times, of a few dozen pairs
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


def reports_due(board, quarters, items=None):
    """Planner reports due in the given quarters (consecutive ones), each to the body it
    is for: [(quarter, [DueReport])] (``due.due_date``, ``due.item``, ``due.to``).
    ``items``: the board's planner items (``planner_items``), when read already."""
    items = planner_items(board) if items is None else items
    dues = dues_between(board, quarters[0].start, quarters[-1].end, items)
    return [(quarter, [due for due in dues if quarter.start <= due.due_date <= quarter.end])
            for quarter in quarters]


# What every part of the paper reads of every action: the summary counts them all and
# names some by reference (``quarter_actions``)...
POSITION = ("pk", "theme_id", "reference", "due_date", "completed_on", "closed_as")
# ...and what it prints of the actions it shows in full (``with_details``): a big plan's
# preview shows a few of its thousands, the paper itself every one.
DETAILS = ("pk", "description", "lead_role", "due_date", "due_precision", "due_text")

# A big plan's preview prints its lists of more actions than this (key exceptions,
# movement, due next quarter: PARTS, each the name of its list in the context) only when
# asked; the paper itself always prints them.
LONG_LIST = 50
PARTS = {"exceptions": "exceptions", "movement": "changed", "due-next": "due_next"}


class PaperAction(SimpleNamespace):
    """An action as the paper reads it: its position at the quarter ends (``POSITION``,
    ``rag``, ``prev_rag`` and what follows from them) and, once ``with_details`` has
    run, what it prints of it, as plain values (a big board's thousands of model
    instances cost more than the rest of the paper)."""

    due_label = Action.due_label  # the plan's own wording of when it is due


def quarter_actions(plan, quarter: Quarter, themes, whole=True):
    """The plan's open actions of ``themes`` as they stood at the quarter end and the
    previous one, in plan order, each with what the summary reads: ``rag``, ``prev_rag``,
    ``overdue_at_end``, ``movement``, ``exception_reasons``... (``with_details`` adds what
    the paper prints of those it shows). ``themes``: the plan's themes, or with
    ``whole=False`` those whose actions are wanted. The two RAGs are those of
    ``Action.objects.with_progress(as_at)``, most of them kept from an earlier request
    (``positions``)."""
    previous, following = quarter.previous(), quarter.next()
    actions = Action.objects.filter(plan=plan, archived=False)
    if not whole:
        actions = actions.filter(theme__in=themes)
    rows = list(actions.order_by().values_list(*POSITION, "progress_stamp", "sort_key"))
    in_order = plan_order_key(themes)
    rows.sort(key=lambda row: in_order(row[1], row[-1]))
    at = positions(plan, quarter, actions, {row[0]: row[-2] for row in rows}, whole)
    end, before, next_start, next_end = quarter.end, previous.end, following.start, following.end
    complete = RAG.COMPLETE.value  # a plain string: thousands of comparisons
    paper = []
    for pk, theme_id, reference, due, completed_on, closed_as, _stamp, _key in rows:
        if pk not in at:  # archived between the two reads
            continue
        rag, prev_rag = at[pk]
        # the rule of Action.is_overdue, at the quarter end
        overdue = bool(due and due < end and completed_on is None and rag != complete
                       and not closed_as)
        paper.append(PaperAction(
            pk=pk, theme_id=theme_id, reference=reference, due_date=due,
            completed_on=completed_on, closed_as=closed_as, rag=rag, prev_rag=prev_rag,
            overdue_at_end=overdue,
            overdue_before=bool(due and due < before and prev_rag != complete),
            movement=movement(prev_rag, rag), exception_reasons=reasons_for(rag, overdue),
            due_next=bool(due and next_start <= due <= next_end and rag != complete)))
    return paper


def with_details(actions, plan, themes=None):
    """Set on each of ``actions`` what the paper prints of it besides its reference and
    position: ``description``, ``lead`` (its lead role and owning groups), ``due`` (as
    the plan words it), ``rag_label``, ``prev_rag_label`` and ``why``. ``themes``: the
    themes all of whose actions are among them (read by theme, the rest by id); None when
    all of the plan's are. Two queries."""
    wanted = {action.pk: action for action in actions}
    rows = Action.objects.filter(plan=plan, archived=False)
    if themes is not None:
        whole = {theme.pk for theme in themes}
        by_id = [pk for pk, action in wanted.items() if action.theme_id not in whole]
        rows = rows.filter(Q(theme__in=whole) | Q(pk__in=by_id))
    leads = {pk: [name for _group, name in groups] for pk, groups in owners_of(rows).items()}
    details = {row[0]: row[1:] for row in rows.order_by().values_list(*DETAILS)}
    labels, dues = {rag.value: str(rag.label) for rag in RAG}, {}
    for pk, action in wanted.items():
        # (no row: archived a moment ago, after its position was read)
        description, lead_role, *when = details.get(pk, ("", "", None, "", ""))
        owners = leads.get(pk, [])
        action.description = description
        action.lead = owner_label(lead_role, owners)
        when = tuple(when)
        if when not in dues:  # a plan has far fewer due dates than actions
            dues[when] = PaperAction(due_date=when[0], due_precision=when[1],
                                     due_text=when[2]).due_label
        action.due = dues[when]
        action.rag_label, action.prev_rag_label = labels[action.rag], labels[action.prev_rag]
        action.why = [(reason, reason_class(reason)) for reason in action.exception_reasons]
    return actions


NO_ACTIONS = "<p>No actions in this theme.</p>"
BLOCK = ('<div class="action-block">\n  <div><span class="ref">{ref}</span> {rag}{overdue} {description}'
         ' <span class="meta">(Lead: {lead}; due: {due})</span></div>\n  \n  \n    {update}\n  \n'
         '</div>\n')
OVERDUE = ' <span class="overdue-flag">Overdue</span>'


def theme_actions_html(actions):
    """One theme's actions in appendix A: papers/_quarterly_theme_actions.html written in
    Python, byte for byte (tests/test_quarterly_blocks.py compares them), since a big
    plan prints thousands of them; what actions share (rating badges, dates) is written
    once. ``actions`` have their details (``with_details``) and quarter updates
    (``with_quarter_updates``)."""
    if not actions:
        return mark_safe(NO_ACTIONS)
    badges, days = {}, {}

    def badge(rag, label):
        if rag not in badges:
            badges[rag] = f'<span class="rag rag-{escape(rag)}">{escape(label)}</span>'
        return badges[rag]

    def day(value):
        if value not in days:
            days[value] = escape(date_filter(value, "j M Y"))
        return days[value]

    blocks = []
    for action in actions:
        update = action.quarter_update
        if update:
            author = f", {escape(update.author_name)}" if update.author_name else ""
            said = escape(update.narrative) if update.narrative else "(no narrative)"
            written = (f'<div class="update"><strong>Update {day(update.date)}{author}:</strong>'
                       f' <span class="prewrap">{said}</span></div>\n    ')
        else:
            last = f" (last update {day(action.last_update_on)})" if action.last_update_on else ""
            written = f'<div class="update no-update">No update this quarter{last}.</div>'
        blocks.append(BLOCK.format(
            ref=escape(action.reference), rag=badge(action.rag, action.rag_label),
            overdue=OVERDUE if action.overdue_at_end else "",
            description=linebreaksbr(action.description, autoescape=True),
            lead=escape(action.lead) if action.lead else "—",
            due=escape(action.due) if action.due else "—", update=written))
    return mark_safe("".join(blocks))


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


def board_parts(board, quarter: Quarter):
    """What the paper shows of the board's records outside its plans: the indicator
    scorecard, the top risks with their heat map, and the planner's reports due in the
    quarter and the next. Only the board's data version says when these change
    (``lscb.changes``), not the plan's, so they are kept under it (read before them): an
    update posted to the plan, which makes the rest of the paper again, leaves them be."""
    key = ":".join(map(str, [
        "quarterly-board-parts", board.pk, current_version(board.pk), quarter.year,
        quarter.number, timezone.localdate(),
        *(code_version(f)[:16] for f in (board_parts, scorecard, indicator_rows, heat_map_svg,
                                          dues_between))]))

    def build():
        risks, heat_map = top_risks(board)
        return {"scorecard": scorecard(board, quarter), "risks": risks, "heat_map": heat_map,
                "reports_due": reports_due(board, [quarter, quarter.next()])}

    return kept(key, build)


def quarterly_context(board, plan, quarter: Quarter, meeting=None, rows_for=None,
                      open_parts=None, planner=None):
    """Everything the paper shows, in a constant number of queries. ``meeting`` is who it
    is for and how it is tabled (``meeting.meeting_for``); by default the planner's body.
    The PDF and Word file print every action; a big plan's preview opens some parts when
    asked: ``rows_for``, the themes whose actions appendix A prints in full (every theme
    when None; or a function of the number of open actions and the plan's themes by id
    that gives them), and ``open_parts``, which of the lists of more than LONG_LIST
    actions (``PARTS``) it prints (all when None, or when every theme is printed); the
    rest are in ``parts_on_demand``, and ``on_demand`` says whether any part is.
    ``planner``: the board's planner items, when the caller has read them already (for
    the meeting, when none is given)."""
    previous, following = quarter.previous(), quarter.next()
    themes = {theme.pk: theme for theme in plan.themes.all()}
    actions = quarter_actions(plan, quarter, themes.values())
    if callable(rows_for):
        rows_for = rows_for(len(actions), themes)
    if rows_for is None:
        open_parts = None
    shown = None if rows_for is None else {theme.pk for theme in rows_for}
    if shown is None or shown:
        with_quarter_updates([a for a in actions if shown is None or a.theme_id in shown],
                             plan, quarter, rows_for)
    by_theme = {pk: [] for pk in themes}
    exceptions, moves, due_next = [], [], []
    for action in actions:  # one pass: a big plan has thousands
        action.theme = themes[action.theme_id]
        by_theme[action.theme_id].append(action)
        if action.exception_reasons:
            exceptions.append(action)
        if action.movement:
            moves.append(action)
        if action.due_next:
            due_next.append(action)
    counts = Counter((action.theme_id, action.rag) for action in actions)
    overdue = Counter(action.theme_id for action in actions if action.overdue_at_end)
    columns = rag_columns(rag for _theme, rag in counts)
    sections = [{"theme": theme, "actions": by_theme[pk],
                 "summary": make_summary({rag: n for (of, rag), n in counts.items() if of == pk},
                                         overdue[pk], columns),
                 "on_demand": shown is not None and pk not in shown}
                for pk, theme in themes.items()]
    totals = {}
    for section in sections:
        for rag, n in section["summary"]["counts"]:
            totals[rag] = totals.get(rag, 0) + n
    chart_rows = [(str(s["theme"]), dict(s["summary"]["counts"])) for s in sections]
    # the actions are in plan order already, which a stable sort keeps within each kind
    moves.sort(key=lambda a: MOVEMENT_RANK[a.movement])
    severity = {RAG.RED: 0, RAG.AMBER: 1}
    exceptions.sort(key=lambda a: severity.get(a.rag, 2))
    lists = {"exceptions": exceptions, "changed": [a for a in moves if a.movement in (
        "worsened", "improved")], "due_next": due_next}
    parts_on_demand = set() if open_parts is None else {
        name for name, key in PARTS.items()
        if len(lists[key]) > LONG_LIST and name not in open_parts}
    printed = [a for name, key in PARTS.items() if name not in parts_on_demand
               for a in lists[key]]
    printed += (a for a in actions if shown is None or a.theme_id in shown)
    with_details(printed, plan, rows_for)
    for section in sections:  # appendix A's blocks of the themes it prints
        section["rows_html"] = "" if section["on_demand"] else theme_actions_html(
            section["actions"])
    return {
        "board": board,
        "meeting": meeting or meeting_for(board, items=planner),
        "commentary": commentary_for(plan, quarter),
        "headline": headline(actions),
        **board_parts(board, quarter),
        "plan": plan,
        "quarter": quarter,
        "previous": previous,
        "following": following,
        "title": f"Business Plan monitoring report {quarter}",
        "produced_on": timezone.localdate(),
        "sections": sections,
        "summary": make_summary(totals, sum(s["summary"]["overdue"] for s in sections), columns),
        "chart": mark_safe(rag_bar_chart(chart_rows, title=f"RAG rating by theme at the end of {quarter}")),
        "quarterly_facts": [("Plan", plan.title),
                             ("Quarter", f"{quarter} ({quarter.months_label})")],
        "quarterly_contents": [("summary", "1. Summary"),
                               ("scorecard", "2. Indicators and top risks"),
                               ("themes", "3. Position by theme"),
                               ("appendix", "Appendix A. Progress by theme")],
        "moves": moves,
        **lists,
        "moved_lists": [(label, group) for label, group in (
            ("Completed this quarter", [a for a in moves if a.movement == "completed"]),
            ("Rated for the first time", [a for a in moves if a.movement == "new"])) if group],
        "parts_on_demand": parts_on_demand,
        "on_demand": rows_for is not None,
    }
