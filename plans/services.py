"""A plan's life: draft → approved → live → archived. One live plan per board (a database
constraint too): making a plan live archives the one before it, in one transaction."""

from django.db import transaction
from django.utils import timezone

from lscb.fiscal import default_year, pick_year

from .models import BusinessPlan

Status = BusinessPlan.Status


@transaction.atomic
def make_live(plan, approved_on=None, approved_by=""):
    """Make ``plan`` the board's live plan; returns the plans archived to make way.

    The board's plans are locked first, so two managers making two plans live at once
    end with one live plan, not an error page."""
    plans = list(BusinessPlan.objects.select_for_update().filter(board=plan.board_id)
                 .order_by("pk"))
    replaced = [p for p in plans if p.status == Status.LIVE and p.pk != plan.pk]
    for old in replaced:  # first, or the one-live-plan constraint would refuse the new one
        old.status = Status.ARCHIVED
        old.save()
    plan.status = Status.LIVE
    plan.approved_on = plan.approved_on or approved_on
    plan.approved_by = plan.approved_by or approved_by
    plan.save()
    return replaced


@transaction.atomic
def archive(plan):
    """Archive a plan: read-only from now on, never chased, kept for the record."""
    plan.status = Status.ARCHIVED
    plan.save()
    return plan


def year_choice(request, extra_years=()):
    """The year picker of a board page (``lscb.fiscal.pick_year``): the years of the
    board's plans and ``extra_years`` (the page's own data), opening on the current
    financial year held inside the live plan's period. When ``.redirect`` is set the view
    answers ``redirect(request.path + choice.redirect)``: the nearest year offered."""
    board = request.board
    default = default_year(BusinessPlan.objects.live_period(board), timezone.localdate())
    return pick_year(request, BusinessPlan.objects.years(board) | set(extra_years), default)
