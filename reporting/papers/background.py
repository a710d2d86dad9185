"""The quarterly report's PDF: its stored copy found by fingerprint, and big reports
rendered in the background job queue (django-tasks), like the annual report.

A paper is found by ``lscb.papers.fingerprint`` (the board's and the plan's data versions,
the quarter, the day, the templates and the renderer), so asking again for an unchanged
report costs one small query and a file read, however many actions it has. A plan of
more than ``BACKGROUND_ACTIONS`` actions renders in the job queue with its progress
shown, so no web worker waits minutes for WeasyPrint (1,000 actions ≈ 30 s).
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from actions.models import Action
from lscb.changes import current_versions
from lscb.fiscal import Quarter
from lscb.papers import fingerprint as fp
from lscb.papers.pdf import layout, write_pdf
from plans.models import BusinessPlan
from reporting.models import PaperJob

from .meeting import meeting_for
from .registry import QUARTERLY

logger = logging.getLogger("lscb.papers")


def background_threshold():
    """Plans with more actions than this render in the background (about 10 s of
    rendering on these machines)."""
    return getattr(settings, "PAPERS_BACKGROUND_ACTIONS", 300)


def quarterly_key(board, plan, quarter, meeting=None):
    """The report's fingerprint, read before any of its data is: the board's version and
    the plan's (``lscb.changes``), so updates to another plan leave it alone. ``meeting``
    (who the paper is for, the date, agenda item and author: ``meeting.meeting_for``) is
    part of it."""
    return fp.fingerprint(QUARTERLY, board.pk, current_versions(plan),
                          f"plan {plan.pk}", f"{quarter.year} q{quarter.number}",
                          repr(meeting))


def meeting_options(meeting):
    """What rebuilds ``meeting`` in the job (JSON)."""
    if meeting is None:
        return {}
    return {"body": meeting.body, "on": meeting.date.isoformat() if meeting.date else None,
            "agenda_item": meeting.agenda_item, "author": meeting.author}


def meeting_again(board, options):
    if not options:
        return None
    import datetime

    on = datetime.date.fromisoformat(options["on"]) if options.get("on") else None
    return meeting_for(board, body=options.get("body", ""), on=on,
                       agenda_item=options.get("agenda_item", ""),
                       author=options.get("author", ""))


def is_big(plan):
    return Action.objects.filter(plan=plan, archived=False).count() > background_threshold()


def render_quarterly(board, plan, quarter, progress=None, meeting=None):
    """(pdf bytes, pages) of the live report."""
    progress = progress or (lambda percent, message: None)
    progress(5, "Gathering the quarter's data")
    context = QUARTERLY.context(board, plan, quarter, meeting)
    progress(20, "Laying out the pages")
    rendered = QUARTERLY.laid_out(context, layout)
    progress(85, f"Writing {len(rendered.pages)} pages")
    return write_pdf(rendered), len(rendered.pages)


def quarterly_pdf(board, plan, quarter, key, meeting=None):
    """Render now and store the copy under ``key``."""
    content, _pages = render_quarterly(board, plan, quarter, meeting=meeting)
    fp.store(key, content)
    return content


def start_quarterly_job(board, plan, quarter, key, user, meeting=None):
    """The job rendering this report as it stands (``key``): a running or finished job of
    the same fingerprint is reused rather than rendering again."""
    jobs = PaperJob.objects.filter(board=board, paper=QUARTERLY.name, content_hash=key)
    existing = jobs.filter(status__in=[PaperJob.Status.QUEUED, PaperJob.Status.RUNNING,
                                       PaperJob.Status.DONE]).first()
    if existing and (existing.running or fp.stored_copy(key) is not None):
        return existing
    job = PaperJob.objects.create(
        board=board, paper=QUARTERLY.name, plan=plan, quarter_year=quarter.year,
        quarter_number=quarter.number, content_hash=key, requested_by=user,
        options=meeting_options(meeting), message="Waiting for the worker")
    transaction.on_commit(lambda: render_quarterly_report.enqueue(job.pk))
    return job


@task()
def render_quarterly_report(job_id):
    job = PaperJob.objects.select_related("board", "plan").get(pk=job_id)
    try:
        plan = BusinessPlan.objects.get(pk=job.plan_id)
        quarter = Quarter(job.quarter_year, job.quarter_number)
        content, pages = render_quarterly(job.board, plan, quarter,
                                          job.report,
                                          meeting=meeting_again(job.board, job.options))
        fp.store(job.content_hash, content)
        job.pages, job.finished_at = pages, timezone.now()
        job.progress, job.status, job.message = 100, PaperJob.Status.DONE, "Ready"
        job.save()
    except Exception:
        logger.exception("quarterly report job %s failed", job_id)
        job.report(job.progress, "Rendering failed: the team has been told.",
                  PaperJob.Status.FAILED)
        raise
    return job.pk
