"""Import indicators and the risk register from a spreadsheet in the browser:
upload → preview (problems by row and column, new or update) → confirm."""

from dataclasses import dataclass

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

from .importing import indicators, risks
from .models import Indicator
from .scoring import Scoring

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class IndicatorUploadForm(SpreadsheetUploadForm):
    year = forms.CharField(label="Financial year of the Q1–Q4 values", max_length=9,
                           help_text="For example 2015/16.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = year_label(financial_year_of(timezone.localdate()))

    def clean_year(self):
        try:
            year = parse_year_label(self.cleaned_data["year"])
        except ValueError:
            raise forms.ValidationError("Write a financial year such as 2015/16.") from None
        if not 2000 <= year <= 2100:
            raise forms.ValidationError("Write a financial year such as 2015/16.")
        return year


class PolarityForm(forms.Form):
    """For each new indicator the file gives no polarity for: is higher or lower better?"""

    def __init__(self, *args, preview, **kwargs):
        super().__init__(*args, **kwargs)
        self.names = []
        for index, name in enumerate(getattr(preview, "asks", [])):
            self.fields[f"polarity_{index}"] = forms.ChoiceField(
                label=name, choices=Indicator.Polarity.choices, initial=Indicator.Polarity.HIGHER,
                required=False)
            self.names.append((name, f"polarity_{index}"))

    def options(self):
        return {"polarities": {name: self.cleaned_data[field] or Indicator.Polarity.HIGHER
                               for name, field in self.names}}


class ScoringForm(forms.Form):
    """How the register in the file is scored (it becomes the board's setting)."""

    scoring = forms.ChoiceField(label="This register is scored as", choices=Scoring.choices,
                                required=False)

    def __init__(self, *args, preview, **kwargs):
        super().__init__(*args, **kwargs)
        if getattr(preview, "scheme", None) is not None:
            self.fields["scoring"].initial = preview.scheme.code

    def options(self):
        return {}


@dataclass
class Kind:
    name: str  # "indicators", "risks"
    noun: str  # "indicators", "risks"
    title: str
    upload_form: type
    list_url: str

    def url(self, what, **kwargs):
        return reverse(f"plans:{self.name[:-1]}_import{what}", kwargs=kwargs or None)

    def build(self, data, name, board, options, progress=None):
        if self.name == "indicators":
            return indicators.build_preview(data, name, board, options["year"], progress)
        return risks.build_preview(data, name, board, progress, scoring=options.get("scoring"))

    def choices(self, request, preview):
        form = PolarityForm if self.name == "indicators" else ScoringForm
        return form(request.POST if request.method == "POST" else None, preview=preview)

    def apply(self, preview, request, options):
        if self.name == "indicators":
            created, updated, values = indicators.apply_import(
                preview, request.board, options["year"], polarities=options.get("polarities"))
            return (f"{created} indicator{'s' if created != 1 else ''} added, {updated} updated, "
                    f"{values} quarterly value{'s' if values != 1 else ''} saved for "
                    f"{year_label(options['year'])}")
        created, updated = risks.apply_import(preview, request.board, user=request.user,
                                              source=options["name"])
        return f"{created} risk{'s' if created != 1 else ''} added, {updated} updated"


INDICATORS = Kind("indicators", "indicators", "Import indicators from a spreadsheet",
                  IndicatorUploadForm, "plans:indicators")
RISKS = Kind("risks", "risks", "Import the risk register from a spreadsheet",
             SpreadsheetUploadForm, "plans:risks")


def _upload(request, kind):
    form = kind.upload_form(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        options = {k: v for k, v in form.cleaned_data.items() if k != "file"}
        try:  # a file that cannot be read at all is refused here, next to the field
            kind.build(upload.read(), upload.name, request.board, options)
        except ImportError_ as error:
            form.add_error("file", str(error))
        else:
            upload.seek(0)
            token = store_upload(request, kind.name, upload, **options)
            return redirect(kind.url("_preview", token=token))
    return render(request, "plans/import_upload.html", {
        "form": form, "kind": kind, "template_url": kind.url("_template")})


def _preview(request, kind, token):
    pending = load_upload(request, kind.name, token)
    if pending is None:
        raise Http404("No import waiting with this link.")
    options, data = pending
    options = dict(options)
    scoring = request.POST.get("scoring") or request.GET.get("scoring")
    if kind.name == "risks" and scoring in Scoring.values:
        options["scoring"] = scoring  # read the register the way the manager says it is scored
    try:
        preview = kind.build(data, options["name"], request.board, options)
    except ImportError_ as error:
        messages.error(request, str(error))
        return redirect(kind.url(""))
    choices = kind.choices(request, preview)
    if request.method == "POST" and preview.ok and choices.is_valid():
        options.update(choices.options())
        result = kind.apply(preview, request, options)
        discard_upload(request, token)
        messages.success(request, f"Imported {options['name']}: {result}.")
        if kind.name == "indicators":
            return redirect(reverse(kind.list_url) + f"?year={year_label(options['year'])}")
        return redirect(kind.list_url)
    return render(request, "plans/import_preview.html", {
        "kind": kind, "preview": preview, "name": options["name"], "upload_url": kind.url(""),
        "choices": choices,
        "year": year_label(options["year"]) if "year" in options else None,
        "more": max(len(preview.rows) - len(preview.shown_rows), 0)})


def _template(kind):
    if kind.name == "indicators":
        content = indicators.sample()
    else:
        content = risks.sample()
    return attachment(content, XLSX, f"{kind.name}-template.xlsx")


@takes_form
@manager_required
def indicator_import(request):
    return _upload(request, INDICATORS)


@takes_form
@manager_required
def indicator_import_preview(request, token):
    return _preview(request, INDICATORS, token)


@manager_required
@require_safe
def indicator_import_template(request):
    return _template(INDICATORS)


@takes_form
@manager_required
def risk_import(request):
    return _upload(request, RISKS)


@takes_form
@manager_required
def risk_import_preview(request, token):
    return _preview(request, RISKS, token)


@manager_required
@require_safe
def risk_import_template(request):
    return _template(RISKS)
