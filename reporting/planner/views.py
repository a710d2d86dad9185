"""The reporting planner pages."""

import datetime

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from lscb.access import board_required, is_manager, manager_required
from lscb.fiscal import financial_year_of, parse_year_label, year_label
from reporting.models import ReportingItem, ReportReceipt
from reporting.planner.forms import ReceiptForm, ReportingItemForm
from reporting.planner.services import planner_year, year_grid


def chosen_year(request):
    try:
        return parse_year_label(request.GET.get("year", ""))
    except ValueError:
        return financial_year_of(timezone.localdate())


def year_links(year):
    return [(year_label(y), y == year) for y in range(year - 3, year + 3)]


@board_required
@require_safe
def planner(request):
    year = chosen_year(request)
    rows = planner_year(request.board, year)
    return render(request, "reporting/planner.html", {
        "rows": rows, "year": year, "year_label": year_label(year), "years": year_links(year),
        "can_edit": is_manager(request), "today": timezone.localdate(),
    })


@board_required
@require_safe
def planner_year_view(request):
    year = chosen_year(request)
    grid = year_grid(planner_year(request.board, year), year)
    return render(request, "reporting/planner_year.html", {
        "grid": grid, "year": year, "year_label": year_label(year), "years": year_links(year),
    })


@manager_required
def item_edit(request, pk=None):
    item = get_object_or_404(ReportingItem.objects.for_board(request.board), pk=pk) if pk else None
    form = ReportingItemForm(request.POST or None, instance=item, board=request.board)
    if request.method == "POST" and form.is_valid():
        item = form.save()
        messages.success(request, f"“{item.title}” saved in the reporting planner.")
        return redirect("reporting:planner")
    return render(request, "reporting/planner_item_form.html", {"form": form, "item": item})


@manager_required
def receipt_edit(request, pk, due):
    item = get_object_or_404(ReportingItem.objects.for_board(request.board), pk=pk)
    try:
        due_date = datetime.date.fromisoformat(due)
    except ValueError as error:
        raise Http404("Not a date") from error
    if due_date not in item.due_dates(financial_year_of(due_date)):
        raise Http404("This report is not due on that date.")
    receipt = ReportReceipt.objects.filter(item=item, due_date=due_date).first()
    receipt = receipt or ReportReceipt(item=item, due_date=due_date)
    form = ReceiptForm(request.POST or None, request.FILES or None, instance=receipt)
    if request.method == "POST" and form.is_valid():
        receipt = form.save(commit=False)
        receipt.recorded_by = request.user
        receipt.save()
        state = "received" if receipt.received_on else "not received"
        messages.success(request, f"{item.title} due {due_date:%B %Y} recorded as {state}.")
        return redirect(f"/reports/planner/?year={year_label(financial_year_of(due_date))}")
    return render(request, "reporting/receipt_form.html",
                  {"form": form, "item": item, "due_date": due_date})


@board_required
@require_safe
def receipt_file(request, pk):
    """Attached reports are served only to members of the board."""
    receipt = get_object_or_404(ReportReceipt, pk=pk, item__board=request.board)
    if not receipt.file:
        raise Http404("No file attached.")
    return FileResponse(receipt.file.open("rb"), as_attachment=True,
                        filename=receipt.file.name.rsplit("/", 1)[-1])
