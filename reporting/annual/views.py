"""The annual report: editing section by section, preview, background PDF, sign-off."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import inlineformset_factory
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from lscb import once, paging
from lscb.access import board_required, get_for_board, is_manager, led_subgroup_ids, manager_required
from lscb.editing import takes_form
from lscb.fiscal import parse_year_label, year_label
from lscb.models import Agency
from lscb.sessions import keep_idle
from lscb.vocabulary import is_partnership, partners_of
from plans.services import year_choice
from reporting.annual.jobs import start_annual_job
from reporting.annual.services import (
    annual_context,
    checklist,
    little_progress_text,
    start_report,
    year_choices,
)
from reporting.annual.signatories import partners_not_signed
from reporting.annual.templates import TEMPLATES
from reporting.annual.views_signoff import ApproveForm, ReopenForm
from reporting.models import AnnualReport, AnnualReportSection, BudgetLine, PaperJob, SubgroupReport


def get_report(request, year):
    return get_for_board(request, AnnualReport, year=year)


def refuse_if_frozen(request, report):
    """An approved report is read-only: its edit pages go back to the report, saving
    nothing, until it is reopened as a new draft."""
    if not report.is_frozen:
        return None
    messages.warning(request, f"{report} is approved, so it cannot be changed. Reopen it for a "
                              "new draft to make changes; the approved PDF stays in its history.")
    return redirect("reporting:annual_edit", year=report.year)


class StartForm(forms.Form):
    """The year of a new annual report: the board's plan years, the years it has reports
    for and the last twelve, opening on the current year inside the live plan."""

    year = forms.TypedChoiceField(label="Financial year", coerce=int, choices=[])

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        choice = year_choice(request, {*year_choices(), *AnnualReport.objects.for_board(
            request.board).values_list("year", flat=True)})
        self.fields["year"].choices = [(y, year_label(y)) for y in reversed(
            [parse_year_label(label) for label, _chosen in choice.links])]
        self.fields["year"].initial = choice.year


@require_safe
@board_required
def annual_list(request):
    return render(request, "reporting/annual_list.html", {
        "reports": AnnualReport.objects.for_board(request.board),
        "form": StartForm(request=request) if is_manager(request) else None})


@require_POST
@manager_required
def annual_start(request):
    form = StartForm(request.POST, request=request)
    if not form.is_valid():
        messages.error(request, "Choose a financial year.")
        return redirect("reporting:annual")
    report = start_report(request.board, form.cleaned_data["year"])
    return redirect("reporting:annual_edit", year=report.year)


@require_safe
@board_required
def annual_edit(request, year):
    report = get_report(request, year)
    sections = list(report.sections.all())
    budget = list(report.budget_lines.all())
    groups = list(report.group_reports.select_related("subgroup"))
    context = annual_context(report)
    impact = sum(1 for a in context["actions"] if a.impact_statement)
    rows, status = checklist(report, sections, budget, impact)
    led = led_subgroup_ids(request)
    open_for_edits = not report.is_frozen
    for g in groups:
        g.can_edit = open_for_edits and (is_manager(request) or g.subgroup_id in led)
    latest_job = report.jobs.first()
    manager = is_manager(request)
    return render(request, "reporting/annual_edit.html", {
        "report": report, "sections": sections, "status": status, "checklist": rows,
        "groups": groups, "totals": report.budget_totals(), "budget_count": len(budget),
        "can_edit": manager and open_for_edits, "job": latest_job,
        "approvals": list(report.approvals.select_related("recorded_by", "reopened_by")),
        "templates": TEMPLATES.values(),
        "signatories": list(report.signatories.all()),
        "is_partnership": is_partnership(report.board),
        "partners_count": len(partners_of(report.board)),
        "partners_not_signed": partners_not_signed(report),
        "approve_form": ApproveForm() if manager and open_for_edits else None,
        "reopen_form": ReopenForm() if manager and report.is_frozen else None})


class SectionForm(forms.ModelForm):
    class Meta:
        model = AnnualReportSection
        fields = ["title", "generated", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 18})}
        labels = {"body": "Text", "title": "Heading"}
        help_texts = {"body": "Markdown: a blank line between paragraphs, “- ” for a bullet, "
                              "**bold**, [link text](https://…). Pictures and scripts are removed."}


@takes_form
@manager_required
def annual_section(request, year, key):
    report = get_report(request, year)
    if frozen := refuse_if_frozen(request, report):
        return frozen
    section = get_for_board(request, AnnualReportSection, report=report, key=key)
    initial = {}
    if request.GET.get("prefill") == "1" and key == AnnualReportSection.Key.LITTLE_PROGRESS:
        initial["body"] = little_progress_text(request.board, report.year)
    form = SectionForm(request.POST or None, instance=section, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"“{section.heading}” saved.")
        return redirect("reporting:annual_edit", year=report.year)
    return render(request, "reporting/annual_section.html",
                  {"report": report, "section": section, "form": form})


class GroupReportForm(forms.ModelForm):
    class Meta:
        model = SubgroupReport
        fields = ["chair", "key_functions", "key_priorities", "achieved", "contribution",
                  "successes"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields[1:]}


@takes_form
@board_required
def annual_group(request, year, slug):
    report = get_report(request, year)
    group_report = get_for_board(request, SubgroupReport.objects.select_related("subgroup"),
                                 report=report, subgroup__slug=slug)
    if not (is_manager(request) or group_report.subgroup_id in led_subgroup_ids(request)):
        raise PermissionDenied("Only the business manager and the group's chair edit this.")
    if frozen := refuse_if_frozen(request, report):
        return frozen
    form = GroupReportForm(request.POST or None, instance=group_report)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{group_report.subgroup.name}'s update saved.")
        return redirect("reporting:annual_edit", year=report.year)
    return render(request, "plans/register_form.html", {
        "form": form, "back": "reporting:annual",
        "heading": f"{group_report.subgroup.name}: update for {report}"})


BudgetFormSet = inlineformset_factory(
    AnnualReport, BudgetLine, fields=["kind", "label", "agency", "amount", "order"], extra=4,
    can_delete=True, max_num=100, absolute_max=100)  # a forged form count cannot make thousands


@takes_form
@manager_required
def annual_budget(request, year):
    report = get_report(request, year)
    if frozen := refuse_if_frozen(request, report):
        return frozen
    if answered := once.replayed(request):
        return answered
    formset = BudgetFormSet(request.POST or None, instance=report, prefix="budget")
    for form in formset.forms:
        form.fields["agency"].queryset = Agency.objects.for_board(request.board)
    if request.method == "POST" and formset.is_valid():
        def save():
            formset.save()
            return report

        return once.save_once(request, save,
                              done=reverse("reporting:annual_edit", args=[report.year]),
                              saved="Budget saved.")
    return render(request, "reporting/annual_budget.html", {"report": report, "formset": formset})


@require_POST
@board_required
def annual_pdf(request, year):
    """Start (or reuse) the background rendering and go to its progress page."""
    report = get_report(request, year)
    job = start_annual_job(report, request.user)
    return redirect("reporting:annual_job", pk=job.pk)


def get_job(request, pk):
    return get_for_board(request, PaperJob.objects.select_related("annual_report"), pk=pk)


# The job page polls every 2 seconds for 3 minutes at most, then offers a refresh link.
POLL_EVERY_SECONDS, MAX_POLLS = 2, 90


@require_safe
@board_required
def annual_job(request, pk):
    """The job's progress: the page, or (htmx) the fragment it polls. A poll does not
    renew the session (lscb.sessions), and polling stops after MAX_POLLS."""
    job = get_job(request, pk)
    if request.htmx:
        keep_idle(request)
    asked = request.GET.get("poll")  # how many polls so far; anything odd stops them
    polls = 0 if asked is None else paging.bounded(asked, MAX_POLLS, 0, MAX_POLLS)
    running = job.status in (PaperJob.Status.QUEUED, PaperJob.Status.RUNNING)
    template = "reporting/_job_status.html" if request.htmx else "reporting/annual_job.html"
    return render(request, template, {
        "job": job, "report": job.annual_report, "running": running,
        "next_poll": polls + 1 if running and polls < MAX_POLLS else None,
        "poll_every": POLL_EVERY_SECONDS})


@require_safe
@board_required
def annual_job_file(request, pk):
    job = get_job(request, pk)
    if job.status != PaperJob.Status.DONE or not job.pdf:
        raise Http404("Not ready")
    name = f"{request.board.slug}-annual-report-{job.annual_report.year}.pdf"
    return FileResponse(job.pdf.open("rb"), as_attachment=True, filename=name,
                        content_type="application/pdf")
