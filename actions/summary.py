"""RAG summaries computed in the database: a few grouped queries, whatever
the number of actions."""

from django.db.models import Count
from django.utils import timezone

from lscb.rag import RAG, RAG_ORDER

from .models import Action


def make_summary(counts, overdue):
    return {
        "counts": [(rag, counts.get(rag, 0)) for rag in RAG_ORDER],
        "total": sum(counts.values()),
        "overdue": overdue,
    }


def summary_by_theme(actions, themes, today=None):
    """[{"theme", "summary"}] for each theme plus the plan-wide summary.

    ``actions`` is a queryset of the plan's actions (not yet annotated).
    """
    today = today or timezone.localdate()
    annotated = actions.with_progress().order_by()
    per_theme = {}
    for row in annotated.values("theme", "rag").annotate(n=Count("pk")):
        per_theme.setdefault(row["theme"], {})[RAG(row["rag"])] = row["n"]
    overdue = dict(
        annotated.overdue(today).exclude(rag=RAG.COMPLETE)
        .values_list("theme").annotate(n=Count("pk"))
    )
    rows = [
        {"theme": theme, "summary": make_summary(per_theme.get(theme.pk, {}), overdue.get(theme.pk, 0))}
        for theme in themes
    ]
    totals = {}
    for counts in per_theme.values():
        for rag, n in counts.items():
            totals[rag] = totals.get(rag, 0) + n
    return rows, make_summary(totals, sum(overdue.values()))


def with_action_counts(board, groups):
    """Set ``group.stats`` (open, red and overdue actions) on each group."""
    stats = {group.pk: {"open": 0, "red": 0, "overdue": 0} for group in groups}
    actions = Action.objects.for_board(board).chased().with_progress().prefetch_related("owners")
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
