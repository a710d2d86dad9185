"""Section 11 audits: standards, rounds, each agency's return and its ratings."""

from django.db import models

from actions.models import Action
from lscb.models import Agency, BoardOwned
from lscb.rag import Compliance


class Section11Standard(BoardOwned):
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    minimum_requirements = models.TextField(blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["board", "number"], name="s11_standard_unique_number")
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Section11Round(BoardOwned):
    """One round of the Section 11 audit (usually yearly)."""

    title = models.CharField(max_length=200)
    year = models.PositiveIntegerField(help_text="Financial year, e.g. 2015 for 2015/16.")
    opened_on = models.DateField(null=True, blank=True)
    closes_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["board", "title"], name="s11_round_unique_title")
        ]

    def __str__(self):
        return self.title


class Section11Return(models.Model):
    """One agency's return in an audit round: a draft until the agency submits it. A return
    submitted after the round closes is marked late; nobody is locked out of it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    round = models.ForeignKey(Section11Round, on_delete=models.CASCADE, related_name="returns")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="section11_returns")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    completed_by = models.CharField(max_length=200, blank=True,
                                    help_text="The name and job title of who completed it.")
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The agency's return in an earlier round this one started from.")
    submitted_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        ordering = ["round", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "agency"], name="s11_return_once_per_round")
        ]

    def __str__(self):
        return f"{self.agency} – {self.round}"

    @property
    def is_submitted(self):
        return self.status == self.Status.SUBMITTED

    @property
    def is_late(self):
        closes = self.round.closes_on
        if closes is None:
            return False
        if self.is_submitted:
            return self.submitted_on is not None and self.submitted_on > closes
        from django.utils import timezone

        return timezone.localdate() > closes


class Section11Rating(models.Model):
    """An agency's evidence and compliance against one standard."""

    section11_return = models.ForeignKey(
        Section11Return, on_delete=models.CASCADE, related_name="ratings"
    )
    standard = models.ForeignKey(Section11Standard, on_delete=models.PROTECT, related_name="ratings")
    evidence = models.TextField(blank=True)
    rating = models.CharField("self-rating", max_length=10, choices=Compliance.choices, blank=True)
    qa_rating = models.CharField("QA rating", max_length=10, choices=Compliance.choices,
                                 blank=True, help_text="The business manager's moderated rating.")
    qa_comment = models.TextField("QA comment", blank=True)
    plan_what = models.TextField("action plan: what", blank=True)
    plan_who = models.CharField("action plan: who", max_length=200, blank=True)
    plan_by = models.DateField("action plan: by when", null=True, blank=True)
    plan_progress = models.TextField(
        "progress on the last round's action plan", blank=True)
    follow_up_actions = models.ManyToManyField(Action, blank=True, related_name="section11_ratings")

    class Meta:
        ordering = ["section11_return", "standard__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["section11_return", "standard"], name="s11_rating_once_per_standard"
            )
        ]

    def __str__(self):
        return f"{self.section11_return}: {self.standard} {self.get_rating_display()}"

    @property
    def settled_rating(self):
        """The QA rating when the manager has moderated, else the agency's own."""
        return self.qa_rating or self.rating

    @property
    def needs_plan(self):
        return self.settled_rating in (Compliance.AMBER, Compliance.RED)

    @property
    def has_plan(self):
        return bool(self.plan_what.strip())


class Section11Evidence(models.Model):
    """A file an agency attaches to its return as evidence (against a standard or the
    return as a whole)."""

    section11_return = models.ForeignKey(
        Section11Return, on_delete=models.CASCADE, related_name="evidence_files")
    standard = models.ForeignKey(Section11Standard, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    file = models.FileField(upload_to="evidence/s11/%Y/", max_length=200)
    original_name = models.CharField(max_length=200)
    uploaded_on = models.DateField()
    uploaded_by = models.CharField(max_length=200, blank=True)

    board_path = "section11_return__round__board"

    class Meta:
        ordering = ["section11_return", "uploaded_on", "pk"]

    def __str__(self):
        return self.original_name
