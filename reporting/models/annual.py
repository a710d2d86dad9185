"""The annual report: its sections, the groups' updates and the budget."""

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone

from lscb.fiscal import year_label
from lscb.models import Agency, BoardOwned
from subgroups.models import Subgroup


class AnnualReport(BoardOwned):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"

    year = models.PositiveIntegerField(help_text="Financial year, e.g. 2015 for 2015/16.")
    title = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    approved_by = models.CharField(max_length=200, blank=True)
    approved_on = models.DateField(null=True, blank=True)
    approved_pdf = models.FileField(upload_to="annual-reports/", blank=True)
    approved_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["board", "year"], name="annual_report_once_per_year"),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_on__isnull=False),
                name="annual_report_approved_has_date",
            ),
        ]

    def __str__(self):
        return self.title or f"Annual Report {year_label(self.year)}"

    @property
    def is_frozen(self):
        """Approved: sections, group updates, budget and approval are read-only until the
        report is reopened as a new draft."""
        return self.status == self.Status.APPROVED

    def budget_totals(self):
        totals = dict(
            self.budget_lines.values_list("kind").annotate(total=Sum("amount")).order_by()
        )
        income = totals.get(BudgetLine.Kind.INCOME, 0) or 0
        spend = totals.get(BudgetLine.Kind.EXPENDITURE, 0) or 0
        return {"income": income, "expenditure": spend, "balance": income - spend}


class AnnualReportSection(models.Model):
    board_path = "report__board"  # for lscb.access.get_for_board

    class Key(models.TextChoices):
        FOREWORD = "foreword", "Foreword"
        BOARD = "board", "The board and its structure"
        PLANNING = "planning", "The business planning cycle"
        ENGAGEMENT = "engagement", "Engagement with children and young people"
        EFFECTIVENESS = "effectiveness", "Effectiveness of local services and challenge"
        LITTLE_PROGRESS = "little_progress", "Areas of little progress"
        CONCLUSIONS = "conclusions", "Conclusions"
        PRIORITIES = "priorities", "Priorities for next year"

    class Generated(models.TextChoices):
        """What a generated section prints from the board's records (after its own text)."""

        ATTENDANCE = "attendance", "Attendance by agency"
        BUDGET = "budget", "Budget and partner contributions"
        INDICATORS = "indicators", "Performance indicators"
        PLAN_PROGRESS = "plan_progress", "Business plan progress at the year end"
        CASE_REVIEWS = "case_reviews", "Case reviews and their recommendations"
        SECTION_11 = "section11", "Section 11 audit"
        CHALLENGES = "challenges", "Challenge log"
        TRAINING = "training", "Training actions of the plan"

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(max_length=40, help_text="Stable name of the section in the report.")
    title = models.CharField(max_length=200, blank=True,
                             help_text="The heading printed; blank: the usual one.")
    generated = models.CharField(
        "generated from", max_length=20, choices=Generated.choices, blank=True,
        help_text="Blank: a written section. Otherwise the records it prints, after any text.")
    body = models.TextField(blank=True, help_text="Markdown: paragraphs, lists, bold, links.")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["report", "order"]
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="annual_section_once")
        ]

    def __str__(self):
        return self.heading

    @property
    def heading(self):
        """The printed heading: its own title, else the usual one for its key."""
        if self.title:
            return self.title
        labels = dict(self.Key.choices)
        return labels.get(self.key) or self.key.replace("_", " ").replace("-", " ").capitalize()

    @property
    def is_written(self):
        """Something to print: text, or records for a generated section."""
        return bool(self.body.strip() or self.generated)


class SubgroupReport(models.Model):
    """One group's update in the annual report."""

    board_path = "report__board"  # for lscb.access.get_for_board

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="group_reports")
    subgroup = models.ForeignKey(Subgroup, on_delete=models.PROTECT, related_name="annual_reports")
    chair = models.CharField(max_length=200, blank=True)
    key_functions = models.TextField(blank=True)
    key_priorities = models.TextField(blank=True)
    achieved = models.TextField("were they achieved", blank=True)
    contribution = models.TextField("contribution to the board's priorities", blank=True)
    successes = models.TextField("key successes", blank=True)

    class Meta:
        ordering = ["report", "subgroup__order", "subgroup__name"]
        constraints = [
            models.UniqueConstraint(fields=["report", "subgroup"], name="group_report_once")
        ]

    def __str__(self):
        return f"{self.subgroup} – {self.report}"


class BudgetLine(models.Model):
    class Kind(models.TextChoices):
        INCOME = "income", "Income"
        EXPENDITURE = "expenditure", "Expenditure"

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="budget_lines")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    label = models.CharField(max_length=200)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="budget_lines"
    )
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["report", "kind", "order"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.label} £{self.amount}"


class AnnualReportApproval(models.Model):
    """One sign-off of an annual report, kept for ever. Reopening the report for a new
    draft closes the approval but keeps it, and its PDF, in the report's history; a
    second approval is a new row with its own PDF, never a replacement."""

    board_path = "report__board"  # for lscb.access.get_for_board

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="approvals")
    approved_by = models.CharField(max_length=200)
    approved_on = models.DateField()
    pdf = models.FileField(upload_to="annual-reports/")
    content_hash = models.CharField(max_length=64)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reopen_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["report", "-recorded_at", "-pk"]

    def __str__(self):
        return f"{self.report} approved {self.approved_on:%d/%m/%Y} by {self.approved_by}"


class AnnualReportSignatory(models.Model):
    """One of the people who sign the report off (the independent chair, or each of the
    safeguarding partners): a list, so a partnership can have one per partner. Each signs
    off on their own date; the report prints every signatory and whether they have signed."""

    board_path = "report__board"  # for lscb.access.get_for_board

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="signatories")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True,
                            help_text="E.g. “Independent Chair”, “Chief Constable, Cumbria Police”.")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    order = models.PositiveIntegerField(default=0)
    signed_on = models.DateField("signed off on", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["report", "order", "pk"]

    def __str__(self):
        return f"{self.name} ({self.role})" if self.role else self.name
