from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from lscb.access import board_required, manager_required
from lscb.exports import attachment
from lscb.fiscal import parse_year_label
from lscb.models import Agency, Challenge

from .agency import agency_context
from .archive import export_board
from .data_tables import TABLES, dataset
from .pdf import render_pdf
from .views import pdf_response


def _year(request):
    try:
        return parse_year_label(request.GET.get("year", ""))
    except ValueError:
        return None


@require_safe
@board_required
def agency_list(request):
    agencies = Agency.objects.for_board(request.board).annotate(
        open_challenges=Count("challenges", filter=Q(challenges__status=Challenge.Status.OPEN)))
    return render(request, "reporting/agencies.html", {"agencies": agencies})


@require_safe
@board_required
def agency_detail(request, pk):
    agency = get_object_or_404(Agency.objects.for_board(request.board), pk=pk)
    return render(request, "reporting/agency.html",
                  agency_context(request.board, agency, _year(request)))


@require_safe
@board_required
def agency_pdf(request, pk):
    agency = get_object_or_404(Agency.objects.for_board(request.board), pk=pk)
    pdf, _ = render_pdf("papers/agency_print.html",
                        agency_context(request.board, agency, _year(request)))
    return pdf_response(pdf, f"{request.board.slug}-agency-{agency.pk}.pdf")


@require_safe
@manager_required
def board_archive(request):
    """The whole board as one zip (manage.py import_board restores it)."""
    stamp = timezone.localdate().isoformat()
    return attachment(export_board(request.board), "application/zip",
                      f"{request.board.slug}-board-{stamp}.zip")


@require_safe
@board_required
def data_table(request, name, fmt):
    """One of the board's tables as CSV or XLSX (formula injection neutralised)."""
    table = TABLES.get(name)
    if table is None or fmt not in ("csv", "xlsx"):
        raise Http404("No such table.")
    data = dataset(request.board, table)
    content_types = {"csv": "text/csv; charset=utf-8",
                     "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    body = data.export(fmt)
    return attachment(body.encode("utf-8-sig") if fmt == "csv" else body, content_types[fmt],
                      f"{request.board.slug}-{name}.{fmt}")
