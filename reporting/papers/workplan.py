"""A subgroup's work plan: its functions and its actions with their history."""

from django.db.models import Prefetch
from django.utils import timezone

from actions.models import Action, ProgressUpdate


def workplan_context(board, group):
    actions = list(
        Action.objects.for_board(board).chased().filter(owners=group)
        .with_progress()
        .select_related("plan", "theme")
        .prefetch_related(
            "owners",
            Prefetch("updates", queryset=ProgressUpdate.objects.standing()
                     .order_by("-date", "-created_at", "-pk"),
                     to_attr="progress_history"),
        )
        .in_plan_order()
    )
    today = timezone.localdate()
    for action in actions:
        action.overdue_at_end = action.is_overdue(today)
    return {
        "board": board,
        "group": group,
        "functions": list(group.functions.all()),
        "actions": actions,
        "title": f"{group.name} work plan",
        "produced_on": today,
    }
