"""The reporting planner: what each group reports, to whom, how often, and what came in."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from lscb.fiscal import month_end
from lscb.models import BoardOwned
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

    board_path = "item__board"  # for lscb.access.get_for_board

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
