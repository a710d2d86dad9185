"""The papers' pages: HTML preview, PDF and Word."""


from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from actions.models import ProgressUpdate
from lscb.access import board_required, get_for_board
from lscb.fiscal import Quarter
from lscb.papers.docx import CONTENT_TYPE as DOCX_CONTENT_TYPE
from lscb.papers.download import attachment
from lscb.papers.pdf import render_pdf
from plans.access import board_plan
from plans.models import BusinessPlan
from reporting.papers.business_plan import business_plan_context
from reporting.papers.forms import QuarterForm
from reporting.papers.quarterly import quarterly_context
from reporting.papers.workplan import workplan_context
from reporting.quarters.services import FrozenCopyMissing, frozen_copy, snapshot_for
from subgroups.models import Subgroup


def default_quarter(plan):
    """The quarter of the plan's latest update, else the current quarter."""
    dates = ProgressUpdate.objects.filter(action__plan=plan).order_by("-date")
    latest = dates.values_list("date", flat=True).first()
    return Quarter.of(latest) if latest else Quarter.current()


def chosen_plan(request, required=True):
    slug = request.GET.get("plan")
    if slug:
        return board_plan(request, slug)
    plan = BusinessPlan.objects.current(request.board)
    if plan is None and required:
        raise Http404("This board has no business plan yet.")
    return plan


def quarter_from_request(request, plan):
    """(form, quarter): the quarter asked for, or the default when none is asked."""
    years = range(plan.start_year - 1, plan.end_year + 2)
    if "year" in request.GET or "quarter" in request.GET:
        form = QuarterForm(request.GET, years=years)
        return form, (form.quarter_value if form.is_valid() else None)
    quarter = default_quarter(plan)
    form = QuarterForm(initial={"year": quarter.year_label, "quarter": quarter.number},
                       years=years)
    return form, quarter


def frozen_snapshot(request, plan, quarter):
    """The closed quarter's snapshot, unless the live figures are asked for (?live=1)."""
    if quarter is None or request.GET.get("live") == "1":
        return None
    return snapshot_for(plan, quarter)


def frozen_response(request, snapshot, field, filename):
    """A closed quarter's stored PDF or Word copy; if the file has gone, say so on the list."""
    try:
        content = frozen_copy(snapshot, field)
    except FrozenCopyMissing as error:
        messages.error(request, str(error))
        return redirect(f"{reverse('reporting:quarters')}?plan={snapshot.plan.slug}")
    content_type = "application/pdf" if field == "pdf" else DOCX_CONTENT_TYPE
    return attachment(content, content_type, filename)


@board_required
@require_safe
def quarterly(request):
    plan = chosen_plan(request, required=False)
    if plan is None:
        return render(request, "reporting/quarterly.html", {"plan": None})
    form, quarter = quarter_from_request(request, plan)
    context = {"form": form, "plan": plan, "quarter": quarter}
    snapshot = frozen_snapshot(request, plan, quarter)
    if snapshot:  # a closed quarter: the report exactly as it was frozen
        context.update(snapshot=snapshot, frozen_html=mark_safe(snapshot.html), sections=())
    elif quarter is not None:
        context.update(quarterly_context(request.board, plan, quarter))
    return render(request, "reporting/quarterly.html", context, status=200 if quarter else 400)


def pdf_response(pdf, filename):
    return attachment(pdf, "application/pdf", filename)


@board_required
@require_safe
def quarterly_pdf(request):
    plan = chosen_plan(request)
    form, quarter = quarter_from_request(request, plan)
    if quarter is None:
        return render(request, "reporting/quarterly.html", {"form": form, "plan": plan}, status=400)
    name = f"{request.board.slug}-quarterly-{quarter.year}-q{quarter.number}.pdf"
    snapshot = frozen_snapshot(request, plan, quarter)
    if snapshot:
        return frozen_response(request, snapshot, "pdf", name)
    context = quarterly_context(request.board, plan, quarter)
    pdf, _cached = render_pdf("papers/quarterly_print.html", context)
    return pdf_response(pdf, name)


def board_group(request, slug):
    return get_for_board(request, Subgroup.objects.select_related("chair", "vice_chair", "accountable_to"),
                         slug=slug)


@board_required
@require_safe
def workplan(request, slug):
    group = board_group(request, slug)
    return render(request, "reporting/workplan.html", workplan_context(request.board, group))


@board_required
@require_safe
def workplan_pdf(request, slug):
    group = board_group(request, slug)
    pdf, _cached = render_pdf("papers/workplan_print.html", workplan_context(request.board, group))
    return pdf_response(pdf, f"{request.board.slug}-{group.slug}-work-plan.pdf")


@require_safe
@board_required
def business_plan(request, slug):
    plan = board_plan(request, slug)
    return render(request, "reporting/business_plan.html",
                  business_plan_context(request.board, plan))


@require_safe
@board_required
def business_plan_pdf(request, slug):
    plan = board_plan(request, slug)
    pdf, _cached = render_pdf("papers/business_plan_print.html",
                              business_plan_context(request.board, plan))
    return pdf_response(pdf, f"{request.board.slug}-{plan.slug}.pdf")
