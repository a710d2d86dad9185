"""Word (.docx) downloads of the quarterly report and the annual report, for boards
to edit before publishing. Same choices and permissions as the PDFs."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from lscb.access import board_required
from lscb.papers.docx import CONTENT_TYPE
from lscb.papers.download import attachment
from reporting.annual.services import annual_context
from reporting.annual.views import get_report
from reporting.papers.quarterly import quarterly_context
from reporting.papers.views import chosen_plan, frozen_response, frozen_snapshot, quarter_from_request
from reporting.papers.word import annual_document, quarterly_document


def docx_response(content, filename):
    return attachment(content, CONTENT_TYPE, filename)


@board_required
@require_safe
def quarterly_docx(request):
    """As ``quarterly_pdf``: ?plan=, ?year= and ?quarter= (and ?live=1)."""
    plan = chosen_plan(request)
    form, quarter = quarter_from_request(request, plan)
    if quarter is None:
        return render(request, "reporting/quarterly.html", {"form": form, "plan": plan}, status=400)
    name = f"{request.board.slug}-quarterly-{quarter.year}-q{quarter.number}.docx"
    snapshot = frozen_snapshot(request, plan, quarter)
    if snapshot and snapshot.docx:  # the Word copy made when the quarter was closed
        return frozen_response(request, snapshot, "docx", name)
    content = quarterly_document(quarterly_context(request.board, plan, quarter), snapshot=snapshot)
    return docx_response(content, name)


@require_safe
@board_required
def annual_docx(request, year):
    """As ``annual_preview``: anyone on the board may read the report."""
    report = get_report(request, year)
    return docx_response(annual_document(annual_context(report)),
                         f"{request.board.slug}-annual-report-{report.year}.docx")
