"""Each partner agency's record on one page, and as a PDF."""

from django.db.models import Count, Q
from django.shortcuts import render
from django.views.decorators.http import require_safe

from lscb.access import board_required, get_for_board
from lscb.fiscal import chosen_year
from lscb.models import Agency, Challenge
from lscb.papers.pdf import render_pdf
from reporting.agencies.services import agency_context
from reporting.papers.views import pdf_response


@require_safe
@board_required
def agency_list(request):
    agencies = Agency.objects.for_board(request.board).annotate(
        open_challenges=Count("challenges", filter=Q(challenges__status=Challenge.Status.OPEN)))
    return render(request, "reporting/agencies.html", {"agencies": agencies})


@require_safe
@board_required
def agency_detail(request, pk):
    agency = get_for_board(request, Agency, pk=pk)
    return render(request, "reporting/agency.html",
                  agency_context(request.board, agency, chosen_year(request, default=None)))


@require_safe
@board_required
def agency_pdf(request, pk):
    agency = get_for_board(request, Agency, pk=pk)
    pdf, _ = render_pdf("papers/agency_print.html",
                        agency_context(request.board, agency, chosen_year(request, default=None)))
    return pdf_response(pdf, f"{request.board.slug}-agency-{agency.pk}.pdf")
