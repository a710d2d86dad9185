"""Each partner agency's record on one page, and as a PDF."""

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from lscb.access import board_required, get_for_board
from lscb.fiscal import chosen_year
from lscb.models import Agency, Challenge
from lscb.papers.pdf import render_pdf
from reporting.agencies.services import agency_context, board_years
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
    """The record as a PDF. A copy is stored only for a year of the board's plans up to
    this one: any other year is rendered and not kept, so asking for a hundred years
    does not leave a hundred files."""
    agency = get_for_board(request, Agency, pk=pk)
    year = chosen_year(request, default=None)
    if request.GET.get("year") and year is None:
        raise Http404("No such financial year.")
    store = year is None or year in board_years(request.board)
    pdf, _ = render_pdf("papers/agency_print.html",
                        agency_context(request.board, agency, year), use_cache=store)
    return pdf_response(pdf, f"{request.board.slug}-agency-{agency.pk}.pdf")
