"""Chase lists: what each chair owes, and whom the business manager must chase."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from lscb.access import board_required, led_subgroup_ids, manager_required
from lscb.fiscal import Quarter
from lscb.rag import RAG
from subgroups.models import Subgroup

from .models import Action


def _with_quarter_flag(actions, quarter):
    """Mark each action updated this quarter or not, and whether it still needs one: a
    completed (or otherwise closed) action is never chased."""
    for action in actions:
        action.updated_this_quarter = bool(
            action.last_update_on and quarter.contains(action.last_update_on)
        )
        action.needs_update = not action.updated_this_quarter and not action.is_complete
    return actions


@board_required
@require_safe
def my_work_plan(request):
    """The actions owned by the groups the user leads, by group."""
    quarter = Quarter.of(timezone.localdate())
    group_ids = led_subgroup_ids(request)
    groups = list(Subgroup.objects.filter(pk__in=group_ids))
    actions = _with_quarter_flag(
        list(Action.objects.for_board(request.board).chased().filter(owners__in=group_ids)
             .distinct().for_listing()),
        quarter,
    )
    sections = [
        {"group": g, "actions": [a for a in actions if g in a.owners.all()]} for g in groups
    ]
    return render(request, "actions/my_work_plan.html", {
        "sections": sections, "quarter": quarter,
        "missing": sum(1 for a in actions if a.needs_update),
    })


@manager_required
@require_safe
def updates_due(request):
    """Open actions with no update this quarter, grouped by owner, with whom to contact."""
    quarter = Quarter.of(timezone.localdate())
    actions = list(
        Action.objects.for_board(request.board).chased().open()
        .without_update_in(quarter).for_listing().exclude(rag=RAG.COMPLETE)
    )
    groups = {
        g.pk: g for g in Subgroup.objects.for_board(request.board)
        .select_related("chair__agency").prefetch_related("leads")
    }
    by_group, unowned = {}, []
    for action in actions:
        owners = list(action.owners.all())
        if not owners:
            unowned.append(action)
        for owner in owners:
            by_group.setdefault(owner.pk, []).append(action)
    sections = [{"group": groups[pk], "actions": acts} for pk, acts in by_group.items()]
    sections.sort(key=lambda s: (s["group"].order, s["group"].name))
    return render(request, "actions/updates_due.html", {
        "sections": sections, "unowned": unowned, "quarter": quarter, "total": len(actions),
    })
