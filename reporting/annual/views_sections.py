"""The annual report's sections and signatories: add from a template or by hand, rename
(the section's own page), reorder, remove; the people who sign it off. Business manager
only, and only while the report is a draft."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from lscb.access import get_for_board, manager_required
from lscb.editing import takes_form
from lscb.models import Agency
from reporting.models import AnnualReportSection, AnnualReportSignatory

from .services import apply_template, move_section
from .signatories import add_partner_signatories
from .templates import TEMPLATES
from .views import get_report, refuse_if_frozen


class AddSectionForm(forms.Form):
    heading = forms.CharField(max_length=200, help_text="E.g. “Private fostering”.")
    generated = forms.ChoiceField(
        label="Generated from", required=False,
        choices=[("", "Nothing: a written section")] + AnnualReportSection.Generated.choices)

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report

    def clean_heading(self):
        heading = self.cleaned_data["heading"].strip()
        key = slugify(heading)[:40].strip("-") or "section"
        if key == "add" or self.report.sections.filter(key=key).exists():
            raise forms.ValidationError("The report already has a section of that name.")
        self.key = key
        return heading


@takes_form
@manager_required
def annual_section_add(request, year):
    report = get_report(request, year)
    if frozen := refuse_if_frozen(request, report):
        return frozen
    form = AddSectionForm(request.POST or None, report=report)
    if request.method == "POST" and form.is_valid():
        last = report.sections.order_by("-order").values_list("order", flat=True).first()
        AnnualReportSection.objects.create(
            report=report, key=form.key, title=form.cleaned_data["heading"],
            generated=form.cleaned_data["generated"], order=(last or 0) + 1)
        messages.success(request, f"“{form.cleaned_data['heading']}” added at the end.")
        return redirect("reporting:annual_edit", year=report.year)
    return render(request, "reporting/annual_section_add.html", {"report": report, "form": form})


@require_POST
@manager_required
def annual_template(request, year):
    """Add the sections of a template the report does not have yet."""
    report = get_report(request, year)
    if frozen := refuse_if_frozen(request, report):
        return frozen
    template = TEMPLATES.get(request.POST.get("template", ""))
    if template is None:
        messages.error(request, "Choose a template.")
    else:
        with transaction.atomic():
            before = report.sections.count()
            apply_template(report, template)
        added = report.sections.count() - before
        messages.success(request, f"{added} section{'s' if added != 1 else ''} of "
                                  f"“{template.name}” added.")
    return redirect("reporting:annual_edit", year=report.year)


@require_POST
@manager_required
def annual_section_move(request, year, key):
    report = get_report(request, year)
    if frozen := refuse_if_frozen(request, report):
        return frozen
    section = get_for_board(request, AnnualReportSection, report=report, key=key)
    move_section(section, -1 if request.POST.get("direction") == "up" else 1)
    return redirect(f"{_edit_url(report)}#sections-h")


@require_POST
@manager_required
def annual_section_remove(request, year, key):
    report = get_report(request, year)
    if frozen := refuse_if_frozen(request, report):
        return frozen
    section = get_for_board(request, AnnualReportSection, report=report, key=key)
    section.delete()
    messages.success(request, f"“{section.heading}” removed from the report.")
    return redirect("reporting:annual_edit", year=report.year)


class SignatoryForm(forms.ModelForm):
    remove = forms.BooleanField(label="Remove this signatory", required=False)

    class Meta:
        model = AnnualReportSignatory
        fields = ["name", "role", "agency", "signed_on", "order"]
        widgets = {"signed_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.for_board(board)
        if not self.instance.pk:
            del self.fields["remove"]


@takes_form
@manager_required
def annual_signatory(request, year, pk=None):
    """Add a signatory, or change one (their sign-off date), or remove them."""
    report = get_report(request, year)
    if frozen := refuse_if_frozen(request, report):
        return frozen
    instance = None if pk is None else get_for_board(
        request, AnnualReportSignatory, report=report, pk=pk)
    form = SignatoryForm(request.POST or None, instance=instance, board=request.board)
    if request.method == "POST" and form.is_valid():
        if instance is not None and form.cleaned_data.get("remove"):
            instance.delete()
            messages.success(request, f"{instance.name} removed from the signatories.")
        else:
            signatory = form.save(commit=False)
            signatory.report = report
            signatory.recorded_by = request.user
            signatory.save()
            messages.success(request, f"{signatory.name} saved.")
        return redirect("reporting:annual_edit", year=report.year)
    return render(request, "reporting/annual_signatory.html",
                  {"report": report, "form": form, "object": instance})


@require_POST
@manager_required
def annual_signatories_partners(request, year):
    """Add the safeguarding partners who are not signatories yet (one each, lead first)."""
    report = get_report(request, year)
    if frozen := refuse_if_frozen(request, report):
        return frozen
    added = add_partner_signatories(report)
    if added:
        messages.success(request, f"{len(added)} partner{'s' if len(added) != 1 else ''} added "
                                  f"as signatories: {', '.join(str(s) for s in added)}.")
    else:
        messages.info(request, "Every safeguarding partner is already a signatory.")
    return redirect("reporting:annual_edit", year=report.year)


def _edit_url(report):
    from django.urls import reverse

    return reverse("reporting:annual_edit", args=[report.year])
