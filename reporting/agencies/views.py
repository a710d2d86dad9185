"""Each partner agency's record on one page, and as a PDF."""

from django.db.models import Count, Q
from django.shortcuts import render
from django.views.decorators.http import require_safe

from lscb.access import board_required, visible_agencies
from lscb.models import Challenge


@require_safe
@board_required
def agency_list(request):
    agencies = visible_agencies(request).annotate(
        open_challenges=Count("challenges", filter=Q(challenges__status=Challenge.Status.OPEN)))
    return render(request, "reporting/agencies.html", {"agencies": agencies})

