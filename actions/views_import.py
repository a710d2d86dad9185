"""Import a plan from a spreadsheet in the browser: upload → preview (with the manager's
choices) → confirm."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from lscb import once
from lscb.access import manager_required
from lscb.editing import takes_form
from lscb.papers.download import attachment
from lscb.spreadsheets.reader import ImportError_
from subgroups.models import Subgroup

from .forms_import import ChoicesForm, UploadForm
from .importing.apply import apply_import
from .importing.preview import build_preview
from .importing.template import XLSX, plan_template
from .models import PlanImport


@takes_form
@manager_required
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None, board=request.board)
    if request.method == "POST" and form.is_valid():
        batch = PlanImport(board=request.board, user=request.user,
                           original_name=form.cleaned_data["file"].name[:255],
                           plan=form.cleaned_data.get("plan"),
                           plan_title=(form.cleaned_data.get("title") or "").strip())
        form.cleaned_data["file"].seek(0)
        batch.file.save(f"{timezone.now():%Y%m%d%H%M%S}.upload", form.cleaned_data["file"],
                        save=False)
        batch.save()
        return redirect("actions:import_preview", pk=batch.pk)
    return render(request, "actions/import_upload.html", {"form": form})


@takes_form
@manager_required
def preview(request, pk):
    if answered := once.replayed(request):  # the same confirmation again: imported once
        return answered
    batch = get_object_or_404(PlanImport, pk=pk, board=request.board, applied_at__isnull=True)
    try:
        result = build_preview(batch.read(), batch.original_name, request.board, batch.plan,
                               title=batch.plan_title)
    except ImportError_ as error:
        messages.error(request, str(error))
        return redirect("actions:import")
    groups = list(Subgroup.objects.for_board(request.board))
    choices = ChoicesForm(request.POST if request.method == "POST" else None, preview=result,
                          groups=groups)
    if request.method == "POST" and result.ok and choices.is_valid():
        def apply():
            outcome = apply_import(
                result, request.board, batch.plan, title=batch.plan_title,
                owner_choices=choices.owner_choices(), user=request.user,
                as_at=choices.cleaned_data.get("as_at"))
            batch.applied_at = timezone.now()
            batch.plan = outcome.plan
            batch.result = str(outcome)[:300]
            batch.save()
            return outcome.plan

        return once.save_once(request, apply, done=lambda plan: plan.get_absolute_url(),
                              saved=lambda plan: f"Imported {batch.original_name} into "
                                                 f"{plan.title}: {batch.result}.")
    return render(request, "actions/import_preview.html",
                  {"batch": batch, "preview": result, "choices": choices,
                   "lead_fields": choices.lead_fields(), "groups": groups})


@manager_required
@require_safe
def template(request):
    return attachment(plan_template(), XLSX, "plan-template.xlsx")
