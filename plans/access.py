"""Fetching a plan for a request: a draft is the business manager's alone (404 to anyone
else, as if it did not exist), and an archived plan is read-only (403 on any change)."""

from django.core.exceptions import PermissionDenied

from lscb.access import get_for_board, is_manager

from .models import BusinessPlan


def visible_plans(request):
    return BusinessPlan.objects.visible_to(request.board, is_manager(request))


def board_plan(request, slug, related=()):
    """The plan with this slug that the user may read (with its ``related`` records, as
    ``select_related`` names them)."""
    return get_for_board(request, visible_plans(request).select_related(*related), slug=slug)


def writable_plan(request, slug):
    """The plan with this slug, unless it is archived (403): for the manager's changes."""
    plan = board_plan(request, slug)
    if plan.is_archived:
        raise PermissionDenied("This plan is archived: it can be read but not changed.")
    return plan
