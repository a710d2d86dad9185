"""The board's plans."""

from django.db.models import Count, Q
from django.shortcuts import render
from django.views.decorators.http import require_safe

from lscb.access import board_required, is_manager

from .models import BusinessPlan


@board_required
@require_safe
def plan_list(request):
    plans = BusinessPlan.objects.visible_to(request.board, is_manager(request)).annotate(
        action_count=Count("actions", filter=Q(actions__archived=False))
    )
    return render(request, "plans/plan_list.html", {"plans": plans})
