"""Import a year's attendance in the browser: upload (year and body) → preview (problems,
warnings, new / to update / unchanged seats) → confirm."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from lscb.access import manager_required
from lscb.editing import takes_form
from lscb.fiscal import financial_year_of, parse_year_label, year_label
from lscb.papers.download import attachment
from lscb.spreadsheets.pending import discard_upload, load_upload, store_upload
from lscb.spreadsheets.reader import ImportError_
from lscb.spreadsheets.upload import SpreadsheetUploadForm

from .importing.attendance import GRID, apply_import, build_preview, sample
from .models import Subgroup

KIND = "attendance"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class AttendanceUploadForm(SpreadsheetUploadForm):
    year = forms.CharField(label="Financial year of the meetings", max_length=9,
                           help_text="For example 2012/13.")
    body = forms.ModelChoiceField(label="Whose meetings", queryset=Subgroup.objects.none(),
                                  required=False, empty_label="The board")

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Subgroup.objects.for_board(board)
        self.fields["year"].initial = year_label(financial_year_of(timezone.localdate()) - 1)

    def clean_year(self):
        try:
            year = parse_year_label(self.cleaned_data["year"])
        except ValueError:
            raise forms.ValidationError("Write a financial year such as 2012/13.") from None
        if not 2000 <= year <= 2100:
            raise forms.ValidationError("Write a financial year such as 2012/13.")
        return year


def _body(request, pk):
    return Subgroup.objects.for_board(request.board).filter(pk=pk).first() if pk else None


@takes_form
@manager_required
def attendance_import(request):
    form = AttendanceUploadForm(request.POST or None, request.FILES or None, board=request.board)
    if request.method == "POST" and form.is_valid():
        upload, body = form.cleaned_data["file"], form.cleaned_data["body"]
        try:  # a file that cannot be read at all is refused here, next to the field
            build_preview(upload.read(), upload.name, request.board, form.cleaned_data["year"],
                          body)
        except ImportError_ as error:
            form.add_error("file", str(error))
        else:
            upload.seek(0)
            token = store_upload(request, KIND, upload, year=form.cleaned_data["year"],
                                 body=body.pk if body else None)
            return redirect("subgroups:attendance_import_preview", token=token)
    return render(request, "subgroups/attendance_import.html", {"form": form})


@takes_form
@manager_required
def attendance_import_preview(request, token):
    pending = load_upload(request, KIND, token)
    if pending is None:
        raise Http404("No import waiting with this link.")
    options, data = pending
    body = _body(request, options["body"])
    try:
        preview = build_preview(data, options["name"], request.board, options["year"], body)
    except ImportError_ as error:
        messages.error(request, str(error))
        return redirect("subgroups:attendance_import")
    if request.method == "POST" and preview.ok:
        result = apply_import(preview, request.board, options["name"])
        discard_upload(request, token)
        messages.success(request, f"Imported {options['name']}: {result}.")
        return redirect(reverse("subgroups:attendance") + f"?year={year_label(options['year'])}")
    return render(request, "subgroups/attendance_import_preview.html", {
        "preview": preview, "name": options["name"], "body": body, "grid": preview.shape == GRID,
        "year_label": year_label(options["year"])})


@manager_required
@require_safe
def attendance_import_template(request):
    return attachment(sample(), XLSX, "attendance-template.xlsx")
