"""The list of groups and a page per group (read by everyone on the board)."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from actions.models import Action
from actions.summary import with_action_counts
from lscb.access import board_required, get_for_board, is_manager, led_subgroup_ids
from reporting.planner.services import next_due, with_groups
from subgroups import services
from subgroups.models import Subgroup


@require_safe
@board_required
def subgroup_list(request):
    groups = list(
        Subgroup.objects.for_board(request.board).select_related("chair", "accountable_to")
        .prefetch_related("leads")
    )
    with_action_counts(request.board, groups)
    by_kind = [(label, [g for g in groups if g.kind == kind])
               for kind, label in Subgroup.Kind.choices]
    return render(request, "subgroups/subgroup_list.html", {
        "by_kind": [(label, members) for label, members in by_kind if members],
        "today": timezone.localdate()})


@require_safe
@board_required
def subgroup_detail(request, slug):
    queryset = Subgroup.objects.select_related("chair__agency", "vice_chair__agency", "accountable_to")
    group = get_for_board(request, queryset, slug=slug)
    actions = Action.objects.for_board(request.board).chased().filter(owners=group).for_listing()
    meetings = services.with_attendance_counts(group.meetings.order_by("-date"))[:12]
    context = {
        "group": group,
        "functions": group.functions.order_by("number"),
        "memberships": services.current_memberships(group),
        "actions": list(actions),
        "reports": next_due(list(group.reports_owed.prefetch_related(with_groups()))),
        "meetings": meetings,
        "children": group.children.all(),
        "can_record": is_manager(request) or group.pk in led_subgroup_ids(request),
    }
    return render(request, "subgroups/subgroup_detail.html", context)
