"""The annual report: sections, sanitising, budget, appendices, background PDF, sign-off."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from lscb.models import Challenge
from lscb.papers.markdown import render_markdown
from reporting.annual.services import annual_context, checklist, little_progress_text, start_report
from reporting.annual.templates import CLASSIC
from reporting.models import AnnualReport, BudgetLine, PaperJob

from . import factories as f


def text_of(content):
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def report(board, groups, own_action, other_action):
    f.make_update(own_action, "red", dt.date(2016, 2, 1), "No trainer available")
    f.make_update(other_action, "complete", dt.date(2016, 1, 10), "Done")
    other_action.impact_statement = "Reviews finish in 6 months, not 11"
    other_action.save()
    police = f.make_agency(board, "Police")
    Challenge.objects.create(board=board, raised_on=dt.date(2015, 10, 1), raised_by="Chair",
                             agency=police, issue="Police attendance at CSE subgroup")
    report = start_report(board, 2015, template=CLASSIC)  # the eight sections, appendices
    BudgetLine.objects.create(report=report, kind="income", label="Council", amount=Decimal("120000"))
    BudgetLine.objects.create(report=report, kind="income", label="Police", amount=Decimal("30500.50"))
    BudgetLine.objects.create(report=report, kind="expenditure", label="Staff", amount=Decimal("140000"))
    return report


def test_sanitising_narrative():
    html = render_markdown("**Bold** and [a link](https://example.org)\n\n- one\n- two\n\n"
                           "<script>alert(1)</script><img src=\"http://evil.example/x.png\">"
                           "[bad](javascript:alert(1)) <b onclick=\"x()\">b</b>")
    assert "<strong>Bold</strong>" in html and '<a href="https://example.org"' in html
    assert "<li>one</li>" in html
    for banned in ["<script", "<img", "javascript:", "onclick", "evil.example"]:
        assert banned not in html


def test_budget_totals(report):
    assert report.budget_totals() == {"income": Decimal("150500.50"),
                                      "expenditure": Decimal("140000"),
                                      "balance": Decimal("10500.50")}


def test_start_report_is_idempotent_and_has_every_section(board, report, groups):
    again = start_report(board, 2015)
    assert again == report and AnnualReport.objects.count() == 1
    assert report.sections.count() == 8  # started from the classic template; kept as it is
    assert {g.subgroup for g in report.group_reports.all()} == set(groups.values())


def test_checklist_and_little_progress(board, report):
    context = annual_context(report)
    rows, status = checklist(report, context["sections"], list(report.budget_lines.all()), 1)
    states = dict(rows)
    assert states["Partner contributions and spend"] == "ok"
    assert states["Evidence of impact"] == "ok"
    assert states["Voice of children and families"] == "empty"
    draft = little_progress_text(board, 2015)
    assert "**1.1**" in draft and "(Red)" in draft and "No trainer available" in draft


def test_appendices_hold_the_data(report):
    context = annual_context(report)
    assert [a.reference for a in context["actions"]] == ["1.1", "1.2"]
    assert context["actions"][0].rag == "red"
    assert [c.issue for c in context["challenges"]] == ["Police attendance at CSE subgroup"]


def test_editing_sections_and_group_updates(login, users, report, groups):
    client = login(users["manager"])
    url = reverse("reporting:annual_section", args=[2015, "foreword"])
    client.post(url, {"body": "Our **foreword**.\n\n<script>x</script>"})
    preview = client.get(reverse("reporting:annual_preview", args=[2015])).content.decode()
    assert "Our <strong>foreword</strong>" in preview and "<script>x" not in preview
    chair = login(users["chair"])
    own = reverse("reporting:annual_group", args=[2015, groups["own"].slug])
    assert chair.post(own, {"chair": "Casey", "achieved": "Yes, all four"}).status_code == 302
    other = reverse("reporting:annual_group", args=[2015, groups["other"].slug])
    assert chair.post(other, {"achieved": "x"}).status_code == 403
    assert login(users["viewer"]).post(url, {"body": "x"}).status_code == 403


@pytest.mark.real_pdf
def test_pdf_in_the_background_then_sign_off_freezes_it(login, users, report,
                                                       django_capture_on_commit_callbacks):
    client = login(users["manager"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reporting:annual_pdf", args=[2015]))
    job = PaperJob.objects.get()
    assert response["Location"] == reverse("reporting:annual_job", args=[job.pk])
    assert job.status == "done" and job.progress == 100 and job.pages > 5
    status = client.get(reverse("reporting:annual_job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert "Download the PDF" in status.content.decode()
    pdf = client.get(reverse("reporting:annual_job_file", args=[job.pk]))
    text = text_of(b"".join(pdf.streaming_content))
    assert "Not written yet" not in text and "DRAFT" in text
    for expected in ["Annual Report 2015/16", "Reports from the board's groups",
                     "Budget", "Appendix A: Membership", "Appendix B: Attendance by agency",
                     "Appendix C: Performance indicators", "Appendix D: Risk register",
                     "Appendix E: Section 11 audit", "Appendix F: Challenge log",
                     "Appendix G: Business plan actions", "No trainer available",
                     "Reviews finish in 6 months", "£150,500.50"]:
        assert expected in text, expected
    # unchanged: asking again reuses the stored PDF instead of rendering again
    client.post(reverse("reporting:annual_pdf", args=[2015]))
    assert PaperJob.objects.count() == 1
    client.post(reverse("reporting:annual_approve", args=[2015]),
                {"approved_by": "Independent Chair", "approved_on": "2016-07-01"})
    report.refresh_from_db()
    assert report.status == "approved" and report.approved_by == "Independent Chair"
    frozen = client.get(reverse("reporting:annual_approved", args=[2015]))
    frozen_bytes = b"".join(frozen.streaming_content)
    # later drafts come after reopening; the signed-off PDF stays as it was, in the history
    client.post(reverse("reporting:annual_reopen", args=[2015]), {"reason": "Late figures"})
    client.post(reverse("reporting:annual_section", args=[2015, "conclusions"]),
                {"body": "A later draft."})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reporting:annual_pdf", args=[2015]))
    assert PaperJob.objects.count() == 2
    approval = report.approvals.get()
    again = b"".join(client.get(reverse("reporting:annual_approval_pdf", args=[2015, approval.pk]))
                     .streaming_content)
    assert again == frozen_bytes and "A later draft" not in text_of(again)


def test_approval_needs_a_current_pdf(login, users, report):
    client = login(users["manager"])
    response = client.post(reverse("reporting:annual_approve", args=[2015]),
                           {"approved_by": "Chair", "approved_on": "2016-07-01"}, follow=True)
    assert "Produce the PDF of the report as it stands first" in response.content.decode()
    report.refresh_from_db()
    assert report.status == "draft"


@pytest.mark.django_db(transaction=True)
def test_worker_runs_queued_jobs(report, settings, users, django_capture_on_commit_callbacks):
    """With the database backend, the job waits for `manage.py db_worker`."""
    from django.core.management import call_command

    from reporting.annual.jobs import start_annual_job

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        job = start_annual_job(report, users["manager"])
    job.refresh_from_db()
    assert job.status == "queued" and job.progress == 0
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    job.refresh_from_db()
    assert job.status == "done" and job.pdf


@pytest.mark.real_pdf
def test_render_annual_report_command(board, report, tmp_path):
    from django.core.management import CommandError, call_command

    out = tmp_path / "annual.pdf"
    call_command("render_report", "annual", "--board", board.slug, "--year", "2015/16",
                 "--output", str(out))
    assert "Appendix G" in text_of(out.read_bytes())
    with pytest.raises(CommandError, match="No annual report"):
        call_command("render_report", "annual", "--board", board.slug, "--year", "2016/17",
                     "--output", str(out))
