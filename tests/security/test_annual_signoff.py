"""A signed-off annual report is frozen (M4, and issue 13's double approval): sections,
group updates, budget and approval are read-only; reopening makes a new draft and keeps
the earlier approval and its PDF; approving twice never replaces the approved PDF."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from lscb.papers.pdf import cache_key
from reporting.annual.jobs import annual_html
from reporting.annual.services import start_report
from reporting.models import AnnualReport, BudgetLine, PaperJob

from .. import factories as f


def rendered(report, content):
    """A finished PDF job of the report exactly as it stands now."""
    job = PaperJob(board=report.board, annual_report=report, status=PaperJob.Status.DONE,
                   content_hash=cache_key(annual_html(report)))
    job.pdf.save(f"annual-{job.content_hash[:8]}.pdf", ContentFile(content), save=True)
    return job


@pytest.fixture
def approved(board, groups, users, login):
    report = start_report(board, 2015)
    BudgetLine.objects.create(report=report, kind="income", label="Council", amount=Decimal("1000"))
    rendered(report, b"%PDF-1.4 first sign-off")
    response = login(users["manager"]).post(
        reverse("reporting:annual_approve", args=[2015]),
        {"approved_by": "Independent Chair", "approved_on": "2016-07-01"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.APPROVED
    return report


def approved_pdf(client, report):
    return b"".join(client.get(reverse("reporting:annual_approved", args=[report.year]))
                    .streaming_content)


def test_sections_group_updates_and_budget_are_read_only(approved, groups, users, login):
    manager, chair = login(users["manager"]), None
    section = reverse("reporting:annual_section", args=[2015, "foreword"])
    budget = reverse("reporting:annual_budget", args=[2015])
    for url in [section, budget]:
        page = manager.get(url)
        assert page.status_code == 302 and page["Location"] == reverse("reporting:annual_edit",
                                                                         args=[2015])
    manager.post(section, {"body": "Rewritten after sign-off"})
    manager.post(budget, {"budget-TOTAL_FORMS": "1", "budget-INITIAL_FORMS": "0",
                          "budget-0-kind": "income", "budget-0-label": "Extra",
                          "budget-0-amount": "5"})
    chair = login(users["chair"])
    chair.post(reverse("reporting:annual_group", args=[2015, groups["own"].slug]),
               {"chair": "Changed", "successes": "Rewritten"})
    approved.refresh_from_db()
    assert approved.sections.get(key="foreword").body == ""
    assert list(approved.budget_lines.values_list("label", flat=True)) == ["Council"]
    assert approved.group_reports.get(subgroup=groups["own"]).successes == ""
    edit_page = login(users["manager"]).get(reverse("reporting:annual_edit", args=[2015]))
    body = edit_page.content.decode()
    assert section not in body and budget not in body and "Record approval" not in body
    assert "Reopen as a new draft" in body and "frozen" in body


def test_approving_twice_keeps_the_first_pdf_and_approver(approved, users, login):
    client = login(users["manager"])
    first = approved_pdf(client, approved)
    rendered(approved, b"%PDF-1.4 a second rendering")
    response = client.post(reverse("reporting:annual_approve", args=[2015]),
                           {"approved_by": "Somebody else", "approved_on": "2016-08-01"},
                           follow=True)
    assert "already approved" in response.content.decode()
    approved.refresh_from_db()
    assert (approved.approved_by, approved.approved_on) == ("Independent Chair", dt.date(2016, 7, 1))
    assert approved_pdf(client, approved) == first
    assert approved.approvals.count() == 1


def test_two_approvals_at_once_record_one(board, users):
    from reporting.annual.signoff import AlreadyApproved, approve

    report = start_report(board, 2015)
    job = rendered(report, b"%PDF-1.4 x")
    stale = AnnualReport.objects.get(pk=report.pk)  # loaded by the second request before the first
    approve(report, job, "Chair", dt.date(2016, 7, 1), users["manager"])
    with pytest.raises(AlreadyApproved):
        approve(stale, job, "Vice-chair", dt.date(2016, 7, 2), users["manager"])
    report.refresh_from_db()
    assert report.approved_by == "Chair" and report.approvals.count() == 1


def test_reopening_makes_a_new_draft_and_keeps_the_approval(approved, users, login):
    client = login(users["manager"])
    first = approved_pdf(client, approved)
    assert client.post(reverse("reporting:annual_reopen", args=[2015]), {"reason": ""}).status_code == 302
    approved.refresh_from_db()
    assert approved.is_frozen  # a reason is required
    client.post(reverse("reporting:annual_reopen", args=[2015]), {"reason": "Audited figures"})
    approved.refresh_from_db()
    assert approved.status == AnnualReport.Status.DRAFT and not approved.approved_pdf
    earlier = approved.approvals.get()
    assert earlier.reopened_by == users["manager"] and earlier.reopen_reason == "Audited figures"
    client.post(reverse("reporting:annual_section", args=[2015, "foreword"]), {"body": "New draft"})
    assert approved.sections.get(key="foreword").body == "New draft"
    rendered(approved, b"%PDF-1.4 second sign-off")
    client.post(reverse("reporting:annual_approve", args=[2015]),
                {"approved_by": "Independent Chair", "approved_on": "2016-09-01"})
    approved.refresh_from_db()
    assert approved.approvals.count() == 2 and approved_pdf(client, approved) == b"%PDF-1.4 second sign-off"
    old = b"".join(client.get(reverse("reporting:annual_approval_pdf", args=[2015, earlier.pk]))
                   .streaming_content)
    assert old == first == b"%PDF-1.4 first sign-off"
    history = client.get(reverse("reporting:annual_edit", args=[2015])).content.decode()
    assert "Sign-off history" in history and "Audited figures" in history
    assert reverse("reporting:annual_approval_pdf", args=[2015, earlier.pk]) in history


def test_starting_an_approved_year_again_changes_nothing(approved, board, users, login):
    sections, groups = approved.sections.count(), approved.group_reports.count()
    f.make_subgroup(board, "A new group")
    login(users["manager"]).post(reverse("reporting:annual_start"), {"year": "2015"})
    assert (approved.sections.count(), approved.group_reports.count()) == (sections, groups)


@pytest.mark.parametrize("day", ["2999-01-01", "1999-12-31"])
def test_approval_dates_are_bounded(board, users, login, day):
    report = start_report(board, 2015)
    rendered(report, b"%PDF-1.4 x")
    login(users["manager"]).post(reverse("reporting:annual_approve", args=[2015]),
                                 {"approved_by": "Chair", "approved_on": day})
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.DRAFT
