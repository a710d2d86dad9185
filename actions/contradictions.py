"""Ratings that contradict the facts beside them: the one home of these rules.

Three checks, each shown as words beside the RAG wherever it appears, counted on
the dashboard and offered as a filter on /actions/:

- "Green but past due": rated Green, due before today and not complete;
- "Complete with no impact statement": rated or marked Complete, nothing said
  about what changed for children or practice;
- "No update for two quarters": open, not complete, and no update dated in this
  quarter or the one before (an archived plan is never chased, so never flagged).

The Python checks read the annotations of ``ActionQuerySet.with_progress`` (``rag``,
``last_update_on``); the queryset filters are the same rules in SQL.
"""

import functools

from django.db.models import Q
from django.utils import timezone

from lscb.fiscal import Quarter
from lscb.rag import RAG
from plans.models import BusinessPlan

GREEN_PAST_DUE = "green_past_due"
COMPLETE_NO_IMPACT = "complete_no_impact"
STALE = "stale"

LABELS = {
    GREEN_PAST_DUE: "Green but past due",
    COMPLETE_NO_IMPACT: "Complete with no impact statement",
    STALE: "No update for two quarters",
}
CHOICES = [("any", "Any contradiction"), *LABELS.items()]


def stale_since(today=None):
    """Updates dated before this day are two quarters old."""
    return _start_of_previous_quarter(today or timezone.localdate())


@functools.lru_cache(maxsize=16)
def _start_of_previous_quarter(day):
    """Cached: ``flags`` asks once per action, thousands of times a page, for one day."""
    return Quarter.of(day).previous().start


def flags(action, today=None):
    """The contradictions of one action (annotated by ``with_progress``), as labels."""
    today = today or timezone.localdate()
    rag = getattr(action, "rag", None) or action.current_rag
    complete = rag == RAG.COMPLETE or action.completed_on is not None
    found = []
    if rag == RAG.GREEN and not complete and action.due_date and action.due_date < today:
        found.append(LABELS[GREEN_PAST_DUE])
    if complete and not (action.impact_statement or "").strip():
        found.append(LABELS[COMPLETE_NO_IMPACT])
    if not complete and not action.archived and action.plan.status != BusinessPlan.Status.ARCHIVED:
        last = getattr(action, "last_update_on", None)
        if last is None or last < stale_since(today):
            found.append(LABELS[STALE])
    return found


def condition(kind, today=None):
    """The rule ``kind`` (or "any") as a Q over a ``with_progress`` queryset."""
    today = today or timezone.localdate()
    done = Q(rag=RAG.COMPLETE) | Q(completed_on__isnull=False)
    rules = {
        GREEN_PAST_DUE: Q(rag=RAG.GREEN, completed_on__isnull=True, due_date__lt=today),
        COMPLETE_NO_IMPACT: done & Q(impact_statement=""),
        STALE: ~done & Q(archived=False) & ~Q(plan__status=BusinessPlan.Status.ARCHIVED)
        & (Q(last_update_on__isnull=True) | Q(last_update_on__lt=stale_since(today))),
    }
    if kind == "any":
        combined = Q()
        for rule in rules.values():
            combined |= rule
        return combined
    return rules[kind]


def counts(queryset, today=None):
    """{kind: count} and the number of actions with any, for a ``with_progress`` queryset."""
    found = {kind: queryset.filter(condition(kind, today)).count() for kind in LABELS}
    return [(kind, LABELS[kind], n) for kind, n in found.items()], \
        queryset.filter(condition("any", today)).count()
