"""The reporting planner: what each group reports, to whom, how often, and what came in."""

import calendar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from lscb.fiscal import month_end
from lscb.models import BoardOwned
from subgroups.models import Subgroup


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


class ReportingItem(BoardOwned):
    """A line of the reporting planner: what is reported and by whom. It goes to one body
    or more (``recipients``), each with its own frequency and months."""

    Body = Body
    Frequency = Frequency

    title = models.CharField("what", max_length=200)
    responsible_group = models.ForeignKey(
        Subgroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports_owed"
    )
    subgroup_activity = models.TextField(blank=True)
    purpose = models.TextField("what the report will tell the board", blank=True)
    when_text = models.TextField("when reported, as written", blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "title"]
        constraints = [
            models.UniqueConstraint(fields=["board", "title"], name="reporting_item_unique_title")
        ]

    def __str__(self):
        return self.title

    def recipient_list(self):
        """The item's recipients (prefetched ones when the page fetched them)."""
        return list(self.recipients.all())

    def dues(self, year):
        """[(recipient, due date)] in financial year ``year``, in date order."""
        return sorted(((r, d) for r in self.recipient_list() for d in r.due_dates(year)),
                      key=lambda pair: (pair[1], pair[0].order, pair[0].pk or 0))

    def due_dates(self, year):
        """Every date the item is due to some body in financial year ``year``, in order."""
        return sorted({d for _r, d in self.dues(year)})

    @property
    def recipients_label(self):
        """"The board (twice a year); Business Group (quarterly)"."""
        return "; ".join(f"{r.label} ({r.schedule_label})" for r in self.recipient_list())


class ReportingRecipient(models.Model):
    """One body a planner item goes to, with its own frequency and months: "the Board twice
    a year, in May and November" and "the Business Group quarterly" are two recipients of
    one item. Due dates, receipts, overdue flags, reminders and the calendar are per
    recipient."""

    board_path = "item__board"  # for lscb.access.get_for_board

    DEFAULT_MONTHS = {
        Frequency.BIMONTHLY: [5, 7, 9, 11, 1, 3],
        Frequency.QUARTERLY: [6, 9, 12, 3],
        Frequency.TWICE_YEARLY: [9, 3],
    }

    item = models.ForeignKey(ReportingItem, on_delete=models.CASCADE, related_name="recipients")
    body = models.CharField("reported to", max_length=20, choices=Body.choices)
    group = models.ForeignKey(
        Subgroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports_received",
        help_text="The group, when it goes to a subgroup or the Business Group.")
    frequency = models.CharField(max_length=20, choices=Frequency.choices)
    months = models.JSONField(
        default=list, blank=True, help_text="Months (1-12) the report is due; defaults by frequency.")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["item", "order", "pk"]

    def __str__(self):
        return f"{self.item} to {self.label}"

    @property
    def label(self):
        if self.group_id and self.body in (Body.SUBGROUP, Body.OTHER):
            return str(self.group)
        return self.get_body_display()

    @property
    def schedule_label(self):
        months = self.due_months()
        names = ", ".join(calendar.month_abbr[m] for m in _in_year_order(months))
        frequency = self.get_frequency_display().lower()
        return f"{frequency}: {names}" if names else frequency

    def clean(self):
        bad = [m for m in self.months or [] if not isinstance(m, int) or not 1 <= m <= 12]
        if bad:
            raise ValidationError({"months": "Months are numbers from 1 (January) to 12."})
        if self.frequency == Frequency.ANNUALLY and len(self.months or []) != 1:
            raise ValidationError({"months": "An annual report needs exactly one month."})
        if self.frequency == Frequency.TWICE_YEARLY and self.months and len(self.months) != 2:
            raise ValidationError({"months": "Twice a year needs two months (or none for "
                                             "September and March)."})

    def due_months(self):
        return list(self.months or self.DEFAULT_MONTHS.get(self.frequency, []))

    def due_dates(self, year):
        """Due dates (month ends) in financial year ``year``, in date order."""
        return sorted(month_end(year if m >= 4 else year + 1, m) for m in set(self.due_months()))


def _in_year_order(months):
    return sorted(set(months), key=lambda m: (m - 4) % 12)


class ReportReceipt(models.Model):
    """Whether the report due on a date was received."""

    board_path = "item__board"  # for lscb.access.get_for_board

    item = models.ForeignKey(ReportingItem, on_delete=models.CASCADE, related_name="receipts",
                             help_text="The recipient's item (set from the recipient).")
    recipient = models.ForeignKey(ReportingRecipient, on_delete=models.CASCADE,
                                  related_name="receipts")
    due_date = models.DateField()
    received_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    file = models.FileField(upload_to="reports/%Y/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["item", "due_date", "recipient"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "due_date"],
                                    name="receipt_once_per_recipient_due_date")
        ]

    def __str__(self):
        return f"{self.recipient} due {self.due_date:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        self.item_id = self.recipient.item_id  # one home: the recipient says which item
        super().save(*args, **kwargs)
