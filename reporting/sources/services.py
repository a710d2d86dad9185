"""What the board did about each recommendation of a source."""

from django.db.models import Prefetch
from django.utils import timezone

from actions.models import Action
from lscb.rag import RAG


def tracker_context(board, source):
    """Every recommendation with the actions answering it, their RAG, closure and impact."""
    actions = Action.objects.filter(board=board).with_progress().select_related("plan")
    recommendations = list(source.recommendations.prefetch_related(
        Prefetch("actions", queryset=actions.prefetch_related("owners").order_by(
            "plan__start_year", "sort_key"))))
    open_count = 0
    for rec in recommendations:
        rec.action_list = list(rec.actions.all())
        rec.closed = bool(rec.action_list) and all(
            a.completed_on or a.rag == RAG.COMPLETE for a in rec.action_list)
        open_count += not rec.closed
    return {"board": board, "source": source, "recommendations": recommendations,
            "open_count": open_count, "title": f"Recommendation tracker: {source.title}",
            "produced_on": timezone.localdate()}
