"""Downloads of the board's data: each table as CSV/XLSX, the whole board as a zip."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.views.decorators.http import require_safe

from lscb.access import board_required, is_agency_rep, manager_required
from lscb.papers.download import attachment
from lscb.two_factor import confirmed_for_bulk_read

from .archive import export_board
from .tables import TABLES, dataset

AGENCY_PRIVATE = {"challenges", "section11", "evidence"}  # every agency's returns and challenges


@require_safe
@manager_required
@confirmed_for_bulk_read
def board_archive(request):
    """The whole board as one zip (manage.py import_board restores it)."""
    stamp = timezone.localdate().isoformat()
    return attachment(export_board(request.board), "application/zip",
                      f"{request.board.slug}-board-{stamp}.zip")


@require_safe
@board_required
@confirmed_for_bulk_read
def data_table(request, name, fmt):
    """One of the board's tables as CSV or XLSX (formula injection neutralised)."""
    table = TABLES.get(name)
    if table is None or fmt not in ("csv", "xlsx"):
        raise Http404("No such table.")
    if name in AGENCY_PRIVATE and is_agency_rep(request):
        raise PermissionDenied("An agency's representative sees their own agency's returns "
                               "and challenges on their pages, not every agency's.")
    data = dataset(request.board, table)
    content_types = {"csv": "text/csv; charset=utf-8",
                     "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    body = data.export(fmt)
    return attachment(body.encode("utf-8-sig") if fmt == "csv" else body, content_types[fmt],
                      f"{request.board.slug}-{name}.{fmt}")
