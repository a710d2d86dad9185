"""Long papers render in the background (django-tasks), reporting their progress."""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from lscb.papers.pdf import cache_key, layout, write_pdf
from reporting.models import PaperJob
from reporting.papers.registry import ANNUAL

logger = logging.getLogger("lscb.papers")


def annual_html(report):
    return ANNUAL.html(ANNUAL.context(report))


def start_annual_job(report, user):
    """A job for the report as it stands now. An unchanged report reuses the finished
    job of the same content instead of rendering again."""
    key = cache_key(annual_html(report))
    done = PaperJob.objects.filter(annual_report=report, content_hash=key,
                                   status=PaperJob.Status.DONE).exclude(pdf="").first()
    if done:
        return done
    running = PaperJob.objects.filter(
        annual_report=report, content_hash=key,
        status__in=[PaperJob.Status.QUEUED, PaperJob.Status.RUNNING]).first()
    if running:
        return running
    job = PaperJob.objects.create(board=report.board, annual_report=report, content_hash=key,
                                  requested_by=user, message="Waiting for the worker")
    transaction.on_commit(lambda: render_annual_report.enqueue(job.pk))
    return job


@task()
def render_annual_report(job_id):
    job = PaperJob.objects.select_related("annual_report__board").get(pk=job_id)
    try:
        job.report(5, "Gathering the year's data")
        html = annual_html(job.annual_report)
        job.report(25, "Laying out the pages")
        rendered = layout(html)
        job.report(85, f"Writing {len(rendered.pages)} pages")
        pdf = write_pdf(rendered)
        job.pdf.save(f"annual-{job.annual_report.year}-{job.pk}.pdf", ContentFile(pdf), save=False)
        job.pages = len(rendered.pages)
        job.content_hash = cache_key(html)
        job.finished_at = timezone.now()
        job.progress, job.status, job.message = 100, PaperJob.Status.DONE, "Ready"
        job.save()
    except Exception:
        logger.exception("annual report job %s failed", job_id)
        job.report(job.progress, "Rendering failed: the team has been told.",
                  PaperJob.Status.FAILED)
        raise
    return job.pk
