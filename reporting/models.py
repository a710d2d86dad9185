"""What the board receives and publishes: the reporting planner, Section 11
audits, and the annual report with its sections and budget."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Sum

from actions.models import Action
from lscb.fiscal import month_end, year_label
from lscb.models import Agency, BoardOwned
from lscb.rag import Compliance
from subgroups.models import Subgroup


class ReportingItem(BoardOwned):
    """A line of the reporting planner: what is reported, by whom, to which body, how often."""

    class Body(models.TextChoices):
        BOARD = "board", "The board"
        BUSINESS_GROUP = "business_group", "Business Group"
        SUBGROUP = "subgroup", "A subgroup"
        CHILDRENS_TRUST = "childrens_trust", "Children's Trust"
        HEALTH_AND_WELLBEING = "hwb", "Health and Wellbeing Board"
        OTHER = "other", "Other body"

    class Frequency(models.TextChoices):
        EACH_MEETING = "each_meeting", "Each meeting"
        BIMONTHLY = "bimonthly", "Bimonthly"
        QUARTERLY = "quarterly", "Quarterly"
        TWICE_YEARLY = "twice_yearly", "Twice a year"
        ANNUALLY = "annually", "Annually"
        AS_REQUIRED = "as_required", "As required"

    DEFAULT_MONTHS = {
        Frequency.BIMONTHLY: [5, 7, 9, 11, 1, 3],
        Frequency.QUARTERLY: [6, 9, 12, 3],
        Frequency.TWICE_YEARLY: [9, 3],
    }

    title = models.CharField("what", max_length=200)
    responsible_group = models.ForeignKey(
        Subgroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports_owed"
    )
    subgroup_activity = models.TextField(blank=True)
    purpose = models.TextField("what the report will tell the board", blank=True)
    recipient = models.CharField("reported to", max_length=20, choices=Body.choices)
    recipient_group = models.ForeignKey(
        Subgroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports_received"
    )
    frequency = models.CharField(max_length=20, choices=Frequency.choices)
    months = models.JSONField(
        default=list, blank=True, help_text="Months (1-12) the report is due; defaults by frequency."
    )
    when_text = models.TextField("when reported, as written", blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "title"]
        constraints = [
            models.UniqueConstraint(fields=["board", "title"], name="reporting_item_unique_title")
        ]

    def __str__(self):
        return self.title

    def clean(self):
        bad = [m for m in self.months or [] if not isinstance(m, int) or not 1 <= m <= 12]
        if bad:
            raise ValidationError({"months": "Months are numbers from 1 (January) to 12."})
        if self.frequency == self.Frequency.ANNUALLY and len(self.months or []) != 1:
            raise ValidationError({"months": "An annual report needs exactly one month."})

    def due_months(self):
        return list(self.months or self.DEFAULT_MONTHS.get(self.frequency, []))

    def due_dates(self, year):
        """Due dates (month ends) in financial year ``year``, in date order."""
        dates = [month_end(year if m >= 4 else year + 1, m) for m in self.due_months()]
        return sorted(dates)


class ReportReceipt(models.Model):
    """Whether the report due on a date was received."""

    item = models.ForeignKey(ReportingItem, on_delete=models.CASCADE, related_name="receipts")
    due_date = models.DateField()
    received_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    file = models.FileField(upload_to="reports/%Y/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["item", "due_date"]
        constraints = [
            models.UniqueConstraint(fields=["item", "due_date"], name="receipt_once_per_due_date")
        ]

    def __str__(self):
        return f"{self.item} due {self.due_date:%d/%m/%Y}"


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

    def budget_totals(self):
        totals = dict(
            self.budget_lines.values_list("kind").annotate(total=Sum("amount")).order_by()
        )
        income = totals.get(BudgetLine.Kind.INCOME, 0) or 0
        spend = totals.get(BudgetLine.Kind.EXPENDITURE, 0) or 0
        return {"income": income, "expenditure": spend, "balance": income - spend}


class AnnualReportSection(models.Model):
    class Key(models.TextChoices):
        FOREWORD = "foreword", "Foreword"
        BOARD = "board", "The board and its structure"
        PLANNING = "planning", "The business planning cycle"
        ENGAGEMENT = "engagement", "Engagement with children and young people"
        EFFECTIVENESS = "effectiveness", "Effectiveness of local services and challenge"
        LITTLE_PROGRESS = "little_progress", "Areas of little progress"
        CONCLUSIONS = "conclusions", "Conclusions"
        PRIORITIES = "priorities", "Priorities for next year"

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=20, choices=Key.choices)
    body = models.TextField(blank=True, help_text="Markdown: paragraphs, lists, bold, links.")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["report", "order"]
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="annual_section_once")
        ]

    def __str__(self):
        return self.get_key_display()


class SubgroupReport(models.Model):
    """One group's update in the annual report."""

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


class CalendarFeed(models.Model):
    """A user's secret calendar URL for one board. Resetting it revokes the old link."""

    board = models.ForeignKey("lscb.Board", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["board", "user"], name="one_feed_per_user_per_board")
        ]

    def __str__(self):
        return f"Calendar of {self.user} on {self.board}"


class ReminderLog(models.Model):
    """One digest e-mail sent; stops a second run on the same day sending it again."""

    board = models.ForeignKey("lscb.Board", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    kind = models.CharField(max_length=20)
    item_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["board", "user", "sent_on", "kind"], name="one_reminder_per_day"
            )
        ]

    def __str__(self):
        return f"{self.kind} reminder to {self.user} on {self.sent_on}"


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


class QuarterSnapshot(models.Model):
    """A closed quarter: every action's RAG and latest update, and the report, frozen.

    Closing is for ever: later edits to actions or updates never change a
    closed quarter's rows, its report page or its PDF.
    """

    board = models.ForeignKey("lscb.Board", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey("plans.BusinessPlan", on_delete=models.CASCADE,
                             related_name="snapshots")
    year = models.PositiveSmallIntegerField(help_text="Financial year by its starting year.")
    quarter = models.PositiveSmallIntegerField()
    closed_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True,
                            help_text="E.g. “Reported to the Business Group on 14 July”.")
    html = models.TextField(help_text="The report page's body as it stood when closed.")
    pdf = models.FileField(upload_to="quarters/")
    docx = models.FileField(upload_to="quarters/", blank=True,
                            help_text="The Word copy made when the quarter was closed.")
    content_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["plan", "-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year", "quarter"],
                                    name="quarter_closed_once_per_plan"),
            models.CheckConstraint(condition=models.Q(quarter__gte=1, quarter__lte=4),
                                   name="snapshot_quarter_1_to_4"),
        ]

    def __str__(self):
        return f"{self.plan} – {self.quarter_value} (closed)"

    @property
    def quarter_value(self):
        from lscb.fiscal import Quarter

        return Quarter(self.year, self.quarter)


class SnapshotRow(models.Model):
    """One action as it stood when its quarter was closed."""

    snapshot = models.ForeignKey(QuarterSnapshot, on_delete=models.CASCADE, related_name="rows")
    action = models.ForeignKey("actions.Action", null=True, on_delete=models.SET_NULL,
                               related_name="+")
    order = models.PositiveIntegerField()
    theme = models.CharField(max_length=300)
    reference = models.CharField(max_length=20)
    description = models.TextField()
    owners = models.CharField(max_length=500, blank=True)
    due = models.CharField(max_length=200, blank=True)
    rag = models.CharField(max_length=20)
    overdue = models.BooleanField(default=False)
    update_date = models.DateField(null=True, blank=True)
    update_narrative = models.TextField(blank=True)

    class Meta:
        ordering = ["snapshot", "order"]

    def __str__(self):
        return f"{self.reference} {self.rag}"
