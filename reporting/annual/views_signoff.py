"""Sign-off pages of the annual report: approve (freezing the PDF), reopen for a new
draft, and every approved PDF kept in the report's history."""

import datetime

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from lscb.access import board_required, get_for_board, manager_required
from lscb.fiscal import day_label
from lscb.papers.pdf import cache_key
from lscb.security import log_event
from reporting.annual.jobs import annual_html
from reporting.annual.signatories import PartnersNotSigned, check_partners_signed
from reporting.annual.signoff import AlreadyApproved, NotApproved, approve, reopen
from reporting.models import AnnualReport, AnnualReportApproval, PaperJob

EARLIEST_APPROVAL = datetime.date(2000, 1, 1)


class ApproveForm(forms.Form):
    approved_by = forms.CharField(label="Approved by", max_length=200,
                                  help_text="E.g. “Independent Chair, on behalf of the board”.")
    approved_on = forms.DateField(label="Approved on", initial=timezone.localdate,
                                  widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean_approved_on(self):
        day = self.cleaned_data["approved_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The approval cannot be dated in the future.")
        if day < EARLIEST_APPROVAL:
            raise forms.ValidationError(f"Give a date from {day_label(EARLIEST_APPROVAL)} on.")
        return day


class ReopenForm(forms.Form):
    reason = forms.CharField(label="Why reopen it", max_length=300,
                             help_text="E.g. “Budget figures corrected after the audit”. The "
                                       "approved PDF stays in the report's history.")


def get_report(request, year):
    return get_for_board(request, AnnualReport, year=year)


@require_POST
@manager_required
def annual_approve(request, year):
    """Sign-off freezes the PDF of the report exactly as it stands now."""
    report = get_report(request, year)
    form = ApproveForm(request.POST)
    if report.is_frozen:
        messages.error(request, f"{report} is already approved by {report.approved_by}: reopen "
                                "it for a new draft before approving it again.")
        return redirect("reporting:annual_edit", year=report.year)
    try:  # a partnership's report: every partner signs it off first (said before the PDF)
        check_partners_signed(report)
    except PartnersNotSigned as error:
        messages.error(request, str(error))
        return redirect("reporting:annual_edit", year=report.year)
    key = cache_key(annual_html(report))
    job = report.jobs.filter(content_hash=key, status=PaperJob.Status.DONE).exclude(pdf="").first()
    if not form.is_valid():
        problems = "; ".join(e for errors in form.errors.values() for e in errors)
        messages.error(request, f"Give who approved the report and when: {problems}")
    elif job is None:
        messages.error(request, "Produce the PDF of the report as it stands first, then approve it.")
    else:
        try:
            approve(report, job, form.cleaned_data["approved_by"], form.cleaned_data["approved_on"],
                    request.user)
        except (AlreadyApproved, PartnersNotSigned) as error:
            messages.error(request, str(error))
        else:
            log_event(request, "annual report approved", report=report.pk)
            messages.success(request, f"{report} approved: the signed-off PDF is kept as it is "
                                      "now, and the report is frozen.")
    return redirect("reporting:annual_edit", year=report.year)


@require_POST
@manager_required
def annual_reopen(request, year):
    """A new draft of an approved report; the approval and its PDF stay in the history."""
    report = get_report(request, year)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why the report is reopened.")
        return redirect("reporting:annual_edit", year=report.year)
    try:
        reopen(report, request.user, form.cleaned_data["reason"])
    except NotApproved as error:
        messages.error(request, str(error))
    else:
        log_event(request, "annual report reopened", report=report.pk)
        messages.success(request, f"{report} is a draft again. Its earlier approval and PDF are "
                                  "kept in the history below.")
    return redirect("reporting:annual_edit", year=report.year)


def pdf_file(request, report, stored, label):
    if not stored:
        raise Http404("Not approved yet")
    return FileResponse(stored.open("rb"), as_attachment=True, content_type="application/pdf",
                        filename=f"{request.board.slug}-annual-report-{report.year}-{label}.pdf")


@require_safe
@board_required
def annual_approved_file(request, year):
    report = get_report(request, year)
    return pdf_file(request, report, report.approved_pdf, "approved")


@require_safe
@board_required
def annual_approval_file(request, year, pk):
    """The PDF of any sign-off in the report's history, reopened or not."""
    approval = get_for_board(request, AnnualReportApproval.objects.select_related("report"),
                             report__year=year, pk=pk)
    return pdf_file(request, approval.report, approval.pdf,
                    f"approved-{approval.approved_on:%Y-%m-%d}")
