"""RAG summaries computed in the database: a few grouped queries, whatever
the number of actions."""

from types import SimpleNamespace

from django.db.models import Count
from django.utils import timezone

from lscb.rag import RAG, RAG_ORDER, rag_columns

from . import contradictions
from .models import Action


def make_summary(counts, overdue, columns=RAG_ORDER):
    """Counts by RAG in the order of ``columns`` (every summary of one page is given
    the same columns: see lscb.rag.rag_columns)."""
    return {
        "counts": [(rag, counts.get(rag, 0)) for rag in columns],
        "total": sum(counts.values()),
        "overdue": overdue,
    }


def summary_by_theme(actions, themes, today=None):
    """[{"theme", "summary"}] for each theme plus the plan-wide summary.

    ``actions`` is a queryset of the plan's actions (not yet annotated).
    """
    today = today or timezone.localdate()
    annotated = actions.with_progress(narrative=False).order_by()
    per_theme = {}
    for row in annotated.values("theme", "rag").annotate(n=Count("pk")):
        per_theme.setdefault(row["theme"], {})[RAG(row["rag"])] = row["n"]
    overdue = dict(
        annotated.overdue(today).values_list("theme").annotate(n=Count("pk"))
    )
    totals = {}
    for counts in per_theme.values():
        for rag, n in counts.items():
            totals[rag] = totals.get(rag, 0) + n
    columns = rag_columns(totals)
    rows = [
        {"theme": theme, "summary": make_summary(per_theme.get(theme.pk, {}),
                                                 overdue.get(theme.pk, 0), columns)}
        for theme in themes
    ]
    return rows, make_summary(totals, sum(overdue.values()), columns)


def dashboard_summary(actions, themes, today, horizon, listed=25):
    """The dashboard's figures in one pass over the plan's actions (one query reading
    each action's stored latest update), and its two short lists (one query for the rows
    they show, which carry the latest update found in the pass): {"rows", "summary", "overdue",
    "due_soon", "due_soon_count", "contradictions", "contradictions_total"}. The rules
    are those of ``summary_by_theme``, ``ActionQuerySet.overdue``/``due_between`` and
    ``contradictions.flags`` (called on each action's facts, so its rules keep one home)."""
    facts = actions.order_by().values_list(
        "pk", "theme_id", "latest_rag", "latest_on", "due_date", "completed_on", "sort_key",
        "impact_statement", "archived", "plan__status", "closed_as")
    per_theme, overdue_by_theme, late, soon, latest, plans = {}, {}, [], [], {}, {}
    flagged, any_flag = dict.fromkeys(contradictions.LABELS.values(), 0), 0
    for (pk, theme_id, rag, last, due, completed_on, sort_key, impact, archived, status,
         closed_as) in facts:
        latest[pk] = rag, last
        plan = plans.get(status) or plans.setdefault(status, SimpleNamespace(status=status))
        found = contradictions.flags(SimpleNamespace(
            rag=rag, completed_on=completed_on, due_date=due, impact_statement=impact,
            archived=archived, plan=plan, last_update_on=last), today)
        any_flag += bool(found)
        for label in found:
            flagged[label] += 1
        counts = per_theme.setdefault(theme_id, {})
        counts[rag] = counts.get(rag, 0) + 1
        if rag == RAG.COMPLETE or due is None or closed_as:  # closed: never listed
            continue
        if completed_on is None and due < today:
            overdue_by_theme[theme_id] = overdue_by_theme.get(theme_id, 0) + 1
            late.append((due, sort_key, pk))
        if today <= due <= horizon:
            soon.append((due, sort_key, pk))
    totals = {}
    for counts in per_theme.values():
        for rag, n in counts.items():
            totals[rag] = totals.get(rag, 0) + n
    columns = rag_columns(totals)
    rows = [{"theme": theme, "summary": make_summary(per_theme.get(theme.pk, {}),
                                                     overdue_by_theme.get(theme.pk, 0), columns)}
            for theme in themes]
    due_soon_count = len(soon)
    late, soon = sorted(late)[:listed], sorted(soon)[:listed]
    shown = {a.pk: a for a in actions.filter(pk__in=[r[2] for r in late + soon])
             .select_related("plan")}
    for action in shown.values():  # the annotations of with_progress the rows read
        action.rag, action.last_update_on = latest[action.pk]
    return {"rows": rows,
            "summary": make_summary(totals, sum(overdue_by_theme.values()), columns),
            "overdue": [shown[r[2]] for r in late], "due_soon": [shown[r[2]] for r in soon],
            "due_soon_count": due_soon_count,
            "contradictions": [(kind, label, flagged[label])
                               for kind, label in contradictions.LABELS.items()],
            "contradictions_total": any_flag}


def with_action_counts(board, groups):
    """Set ``group.stats`` (open, red and overdue actions) on each group."""
    stats = {group.pk: {"open": 0, "red": 0, "overdue": 0} for group in groups}
    actions = (Action.objects.for_board(board).chased().with_progress(narrative=False)
               .prefetch_related("owners"))
    for action in actions:
        for owner in action.owners.all():
            counts = stats.get(owner.pk)
            if counts is None:
                continue
            counts["open"] += not action.is_complete
            counts["red"] += action.rag == RAG.RED
            counts["overdue"] += action.is_overdue()
    for group in groups:
        group.stats = stats[group.pk]
    return groups
