"""Papers rendered in the background."""

from django.conf import settings
from django.db import models

from .annual import AnnualReport


class PaperJob(models.Model):
    """A paper being rendered in the background, with its progress for the page to show."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Rendering"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    board = models.ForeignKey("lscb.Board", on_delete=models.CASCADE, related_name="+")
    paper = models.CharField(max_length=30, default="annual",
                             help_text="The paper's declaration (reporting.papers.registry).")
    annual_report = models.ForeignKey(
        AnnualReport, null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
    plan = models.ForeignKey("plans.BusinessPlan", null=True, blank=True,
                             on_delete=models.CASCADE, related_name="+")
    quarter_year = models.PositiveIntegerField(null=True, blank=True)
    quarter_number = models.PositiveSmallIntegerField(null=True, blank=True)
    options = models.JSONField(default=dict, blank=True,
                               help_text="What else the paper was asked for with (its meeting).")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=200, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    pdf = models.FileField(upload_to="papers/", blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.subject} – {self.get_status_display()} ({self.progress}%)"

    def report(self, percent, message, status=None):
        """Record how far the render is, for the job's page to show."""
        self.progress, self.message = percent, message
        self.status = status or self.Status.RUNNING
        self.save(update_fields=["progress", "message", "status"])

    @property
    def subject(self):
        if self.paper == "quarterly":
            from lscb.fiscal import Quarter

            return f"Business Plan monitoring report {Quarter(self.quarter_year, self.quarter_number)}"
        return str(self.annual_report)

    @property
    def running(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    def status_url(self):
        from django.urls import reverse

        name = "reporting:annual_job" if self.paper == "annual" else "reporting:paper_job"
        return reverse(name, args=[self.pk])

    def back_url(self):
        """The page the paper was asked for from."""
        from urllib.parse import urlencode

        from django.urls import reverse

        from lscb.fiscal import year_label

        if self.paper == "annual":
            return reverse("reporting:annual_edit", args=[self.annual_report.year])
        query = urlencode({"plan": self.plan.slug, "year": year_label(self.quarter_year),
                           "quarter": self.quarter_number})
        return f"{reverse('reporting:quarterly')}?{query}"

    def file_url(self):
        from django.urls import reverse

        name = "reporting:annual_job_file" if self.paper == "annual" else "reporting:paper_job_file"
        return reverse(name, args=[self.pk])
