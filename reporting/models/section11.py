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
    """One agency's return in an audit round."""

    round = models.ForeignKey(Section11Round, on_delete=models.CASCADE, related_name="returns")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="section11_returns")
    submitted_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["round", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "agency"], name="s11_return_once_per_round")
        ]

    def __str__(self):
        return f"{self.agency} – {self.round}"


class Section11Rating(models.Model):
    """An agency's evidence and compliance against one standard."""

    section11_return = models.ForeignKey(
        Section11Return, on_delete=models.CASCADE, related_name="ratings"
    )
    standard = models.ForeignKey(Section11Standard, on_delete=models.PROTECT, related_name="ratings")
    evidence = models.TextField(blank=True)
    rating = models.CharField(max_length=10, choices=Compliance.choices)
    qa_comment = models.TextField("QA comment", blank=True)
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
