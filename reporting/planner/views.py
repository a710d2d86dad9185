"""The reporting planner pages."""

import datetime

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from lscb.access import board_required, get_for_board, is_manager, manager_required
from lscb.editing import edit, takes_form
from lscb.fiscal import financial_year_of, year_label
from plans.services import year_choice
from reporting.models import ReportingItem, ReportingRecipient, ReportReceipt
from reporting.planner.forms import ReceiptForm, RecipientFormSet, ReportingItemForm
from reporting.planner.services import planner_year, planner_years, year_grid


@board_required
@require_safe
def planner(request):
    choice = year_choice(request, planner_years(request.board))
    if choice.redirect:
        return redirect(request.path + choice.redirect)
    year = choice.year
    rows = planner_year(request.board, year)
    return render(request, "reporting/planner.html", {
        "rows": rows, "year": year, "year_label": year_label(year), "years": choice.links,
        "can_edit": is_manager(request), "today": timezone.localdate(),
    })


@board_required
@require_safe
def planner_year_view(request):
    choice = year_choice(request, planner_years(request.board))
    if choice.redirect:
        return redirect(request.path + choice.redirect)
    year = choice.year
    grid = year_grid(planner_year(request.board, year), year)
    return render(request, "reporting/planner_year.html", {
        "grid": grid, "year": year, "year_label": year_label(year), "years": choice.links,
    })


@takes_form
@manager_required
def item_edit(request, pk=None):
    """An item of the planner and the bodies it goes to (each with its own frequency and
    months), saved together or not at all."""
    item = get_for_board(request, ReportingItem, pk=pk) if pk else None
    return edit(request, ReportingItemForm, instance=item, board=request.board,
                formset=(RecipientFormSet, "recipients"),
                template="reporting/planner_item_form.html", done="reporting:planner",
                saved="“{0.title}” saved in the reporting planner.", context={"item": item})


@takes_form
@manager_required
def receipt_edit(request, pk, due):
    """Whether the report due to one recipient (``pk``) on ``due`` came in."""
    recipient = get_for_board(request, ReportingRecipient.objects.select_related("item"), pk=pk)
    item = recipient.item
    try:
        due_date = datetime.date.fromisoformat(due)
    except ValueError as error:
        raise Http404("Not a date") from error
    if due_date not in recipient.due_dates(financial_year_of(due_date)):
        raise Http404("This report is not due to this body on that date.")
    receipt = ReportReceipt.objects.filter(recipient=recipient, due_date=due_date).first()
    receipt = receipt or ReportReceipt(item=item, recipient=recipient, due_date=due_date)
    form = ReceiptForm(request.POST or None, request.FILES or None, instance=receipt)
    if request.method == "POST" and form.is_valid():
        receipt = form.save(commit=False)
        receipt.recorded_by = request.user
        receipt.save()
        state = "received" if receipt.received_on else "not received"
        messages.success(request, f"{item.title} to {recipient.label} due {due_date:%B %Y} "
                                  f"recorded as {state}.")
        return redirect(f"{reverse('reporting:planner')}?year={year_label(financial_year_of(due_date))}")
    return render(request, "reporting/receipt_form.html",
                  {"form": form, "item": item, "recipient": recipient, "due_date": due_date})


@board_required
@require_safe
def receipt_file(request, pk):
    """Attached reports are served only to members of the board."""
    receipt = get_for_board(request, ReportReceipt, pk=pk)
    if not receipt.file:
        raise Http404("No file attached.")
    return FileResponse(receipt.file.open("rb"), as_attachment=True,
                        filename=receipt.file.name.rsplit("/", 1)[-1])
