"""Signing off the annual report, and reopening it for a new draft.

Sign-off freezes the report: its sections, group updates, budget and approval are
read-only (``AnnualReport.is_frozen``). Each sign-off is kept for ever as an
:class:`AnnualReportApproval` with its own copy of the PDF; reopening closes the
current one (who, when, why) and makes the report a draft again, and approving twice
is refused rather than replacing the approved PDF and the approver. Both changes are
one conditional UPDATE, so of two managers acting at once exactly one wins.
"""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from lscb.stored import kept_only_if_saved
from reporting.models import AnnualReport, AnnualReportApproval

from .signatories import check_partners_signed


class AlreadyApproved(Exception):
    pass


class NotApproved(Exception):
    pass


def approve(report, job, approved_by, approved_on, user):
    """Record the sign-off of the report exactly as ``job`` rendered it."""
    check_partners_signed(report)
    with kept_only_if_saved() as saved, transaction.atomic():
        won = AnnualReport.objects.filter(pk=report.pk, status=AnnualReport.Status.DRAFT).update(
            status=AnnualReport.Status.APPROVED, approved_by=approved_by, approved_on=approved_on,
            approved_hash=job.content_hash)
        if not won:
            raise AlreadyApproved(f"{report} is already approved: reopen it for a new draft "
                                  "before approving it again.")
        number = report.approvals.count() + 1
        approval = AnnualReportApproval(report=report, approved_by=approved_by,
                                        approved_on=approved_on, content_hash=job.content_hash,
                                        recorded_by=user)
        with job.pdf.open("rb") as handle:
            approval.pdf.save(f"annual-report-{report.year}-approval-{number}.pdf",
                              ContentFile(handle.read()), save=False)
        saved.append(approval.pdf.name)
        approval.save()
        AnnualReport.objects.filter(pk=report.pk).update(approved_pdf=approval.pdf.name)
    report.refresh_from_db()
    return approval


def reopen(report, user, reason):
    """Make the approved report a draft again; its approval stays in the history."""
    with transaction.atomic():
        won = AnnualReport.objects.filter(pk=report.pk, status=AnnualReport.Status.APPROVED).update(
            status=AnnualReport.Status.DRAFT, approved_by="", approved_on=None, approved_pdf="",
            approved_hash="")
        if not won:
            raise NotApproved(f"{report} is not approved, so there is nothing to reopen.")
        report.approvals.filter(reopened_at=None).update(
            reopened_at=timezone.now(), reopened_by=user, reopen_reason=reason)
    report.refresh_from_db()
    return report
