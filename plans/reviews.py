"""Local case reviews (Serious Case Reviews, Child Safeguarding Practice Reviews,
Safeguarding Adults Reviews) and their clocks: the rapid review a number of working days
after the serious incident notification (15 by default, English bank holidays excluded),
and publication a number of months after the decision to hold a local review (6 by
default). Both numbers are the board's (``Board.rapid_review_days``,
``Board.publication_months``)."""

import re
from dataclasses import dataclass

from django.db import models
from django.urls import reverse
from django.utils import timezone

from lscb.fiscal.working_days import add_months, add_working_days, working_days_between
from lscb.models import BoardOwned, BoardOwnedQuerySet

# Two or three capitalised words ("Jane Smith", "Mary Ann Jones"): what a full name looks
# like. Pseudonyms are usually "Child J", "Adult B", "Family C", "Jack (14)".
PSEUDONYM_WORDS = {"child", "children", "baby", "infant", "adult", "family", "young",
                   "person", "sibling", "siblings", "mr", "mrs", "ms", "review", "case", "and"}
FULL_NAME = re.compile(r"\b([A-Z][a-z'’-]{1,})\s+(?:[A-Z][a-z'’-]{1,}\s+)?([A-Z][a-z'’-]{2,})\b")


def looks_like_full_name(text):
    """Whether ``text`` holds what looks like a person's full name (a warning, not a rule:
    pseudonyms only, never a child's or adult's real name)."""
    for match in FULL_NAME.finditer(text or ""):
        words = {w.lower() for w in match.group(0).split()}
        if not words & PSEUDONYM_WORDS:
            return True
    return False


class CaseReviewQuerySet(BoardOwnedQuerySet):
    def open(self):
        return self.exclude(status=CaseReview.Status.CLOSED)


class CaseReview(BoardOwned):
    class Decision(models.TextChoices):
        PENDING = "pending", "Not decided yet"
        LOCAL = "local", "A local review"
        NO_LOCAL = "no_local", "No local review"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    pseudonym = models.CharField(
        max_length=120, help_text="A pseudonym only, e.g. “Child J” – never a child's or "
        "adult's real name.")
    notified_on = models.DateField("serious incident notified on", null=True, blank=True)
    rapid_review_on = models.DateField("rapid review held on", null=True, blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices,
                                default=Decision.PENDING)
    decided_on = models.DateField("decision made on", null=True, blank=True)
    panel_view = models.TextField(
        "the national panel's view", blank=True,
        help_text="For a children's review: the Child Safeguarding Practice Review Panel's "
        "view of the decision.")
    terms_of_reference = models.TextField(blank=True)
    author = models.CharField("reviewer / author", max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    findings = models.TextField(blank=True)
    learning_briefing = models.TextField(blank=True)
    source = models.OneToOneField(
        "plans.Source", null=True, blank=True, on_delete=models.SET_NULL, related_name="case",
        help_text="The review's recommendations, with the actions that answer them.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)

    objects = CaseReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-notified_on", "pseudonym"]
        constraints = [models.UniqueConstraint(fields=["board", "pseudonym"],
                                               name="case_review_unique_pseudonym")]

    def __str__(self):
        return self.pseudonym

    def get_absolute_url(self):
        return reverse("reviews:detail", args=[self.pk])

    # -- the clocks ------------------------------------------------------------------------
    @property
    def rapid_review_due(self):
        if self.notified_on is None:
            return None
        return add_working_days(self.notified_on, self.board.rapid_review_days)

    @property
    def publication_due(self):
        if self.decision != self.Decision.LOCAL or self.decided_on is None:
            return None
        return add_months(self.decided_on, self.board.publication_months)

    def clocks(self, today=None):
        """Each clock: what, due, done on, overdue?, working days left (rapid review)."""
        today = today or timezone.localdate()
        rapid, publication = self.rapid_review_due, self.publication_due  # each worked out once
        clocks = []
        if rapid:
            done = self.rapid_review_on
            clocks.append(Clock("Rapid review", rapid, done,
                                working_days_between(today, rapid) if done is None else None,
                                today))
        if publication:
            clocks.append(Clock("Publication", publication, self.published_on, None, today))
        return clocks

    def overdue_clocks(self, today=None, clocks=None):
        """The clocks that are overdue (of ``clocks`` when already worked out)."""
        if self.status == self.Status.CLOSED:
            return []
        return [c for c in (self.clocks(today) if clocks is None else clocks) if c.overdue]


@dataclass
class Clock:
    name: str
    due: object
    done: object
    working_days_left: object
    today: object

    @property
    def overdue(self):
        return self.done is None and self.due < self.today

    @property
    def late(self):
        return self.done is not None and self.done > self.due


def overdue_reviews(board, today=None):
    """[(review, [overdue clocks])] for the board's open reviews."""
    reviews = CaseReview.objects.for_board(board).open().select_related("board")
    found = [(r, r.overdue_clocks(today)) for r in reviews]
    return [(r, clocks) for r, clocks in found if clocks]
