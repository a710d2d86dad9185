"""Import a plan from a spreadsheet in the browser: upload → preview → confirm."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from lscb import once
from lscb.access import manager_required
from lscb.editing import takes_form
from lscb.spreadsheets.reader import ImportError_
from lscb.spreadsheets.upload import SpreadsheetUploadForm
from plans.models import BusinessPlan
from subgroups.models import Subgroup

from .importing.apply import CREATE_GROUP, KEEP_AS_ROLE, apply_import
from .importing.preview import build_preview
from .models import PlanImport


class UploadForm(SpreadsheetUploadForm):
    plan = forms.ModelChoiceField(label="Import into", queryset=BusinessPlan.objects.none(),
                                  required=False, empty_label="A new plan (give its title)")
    title = forms.CharField(label="New plan title", max_length=200, required=False,
                            help_text="For example “Business Plan 2018-20”.")

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.board = board
        # an archived plan is read-only: nothing is imported into it
        self.fields["plan"].queryset = BusinessPlan.objects.for_board(board).exclude(
            status=BusinessPlan.Status.ARCHIVED)

    def clean(self):
        data = super().clean()
        if not data.get("plan") and not (data.get("title") or "").strip():
            self.add_error("title", "Choose a plan or give the title of a new one.")
        elif data.get("file") and not self.errors:
            data["content"] = data["file"].read()
            try:
                self.preview = build_preview(data["content"], data["file"].name, self.board,
                                             data.get("plan"))
            except ImportError_ as error:
                self.add_error("file", str(error))
        return data


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


def owner_choices_field(name, groups):
    choices = [(KEEP_AS_ROLE, "Keep as a lead role (text)"), (CREATE_GROUP, "Create a new group")]
    choices += [(str(g.pk), f"Match to: {g.name}") for g in groups]
    return forms.ChoiceField(label=name, choices=choices, initial=KEEP_AS_ROLE)


@takes_form
@manager_required
def preview(request, pk):
    if answered := once.replayed(request):  # the same confirmation again: imported once
        return answered
    batch = get_object_or_404(PlanImport, pk=pk, board=request.board, applied_at__isnull=True)
    try:
        result = build_preview(batch.read(), batch.original_name, request.board, batch.plan)
    except ImportError_ as error:
        messages.error(request, str(error))
        return redirect("actions:import")
    groups = list(Subgroup.objects.for_board(request.board))
    mapping = forms.Form(request.POST or None)
    for index, name in enumerate(result.unknown_owners):
        mapping.fields[f"owner_{index}"] = owner_choices_field(name, groups)
    if request.method == "POST" and result.ok and mapping.is_valid():
        by_pk = {str(g.pk): g for g in groups}
        choices = {}
        for index, name in enumerate(result.unknown_owners):
            value = mapping.cleaned_data[f"owner_{index}"]
            choices[name] = by_pk.get(value, value)
        def apply():
            plan, created, updated, updates = apply_import(
                result, request.board, batch.plan, title=batch.plan_title,
                owner_choices=choices, user=request.user)
            batch.applied_at = timezone.now()
            batch.plan = plan
            batch.result = f"{created} created, {updated} updated, {updates} progress updates"
            batch.save()
            return plan

        return once.save_once(request, apply, done=lambda plan: plan.get_absolute_url(),
                              saved=lambda plan: f"Imported {batch.original_name} into "
                                                 f"{plan.title}: {batch.result}.")
    return render(request, "actions/import_preview.html",
                  {"batch": batch, "preview": result, "mapping": mapping})
