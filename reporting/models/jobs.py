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
    annual_report = models.ForeignKey(
        AnnualReport, null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
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
        return f"{self.annual_report} – {self.get_status_display()} ({self.progress}%)"
