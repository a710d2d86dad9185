"""The reporting planner: due dates across a financial year and what came in.

Everything is per recipient: an item that goes to the Board twice a year and to the
Business Group quarterly has two sets of due dates, each with its own receipts and
overdue flags. Papers, reminders and the calendar read the planner through
``planner_year`` and ``dues_between``."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from lscb.fiscal import financial_year_of, year_range
from reporting.models import ReportingItem, ReportingRecipient, ReportReceipt

MONTH_ORDER = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]


@dataclass
class DueReport:
    """One report due to one body on one date, and whether it came in."""

    item: ReportingItem
    recipient: ReportingRecipient
    due_date: datetime.date
    receipt: ReportReceipt | None

    @property
    def received(self):
        return bool(self.receipt and self.receipt.received_on)

    def is_overdue(self, today=None):
        return not self.received and self.due_date < (today or timezone.localdate())

    @property
    def status(self):
        if self.received:
            return "Received"
        return "Overdue" if self.is_overdue() else "Due"

    @property
    def to(self):
        """The body it goes to: "The board", "Business Group", a group's name."""
        return self.recipient.label


def with_groups(lookup="recipients"):
    """Planner items' recipients each with its group in one query, where
    ``prefetch_related("recipients__group")`` takes two; in the recipients' own order."""
    return Prefetch(lookup, queryset=ReportingRecipient.objects.select_related("group"))


def planner_items(board):
    """The board's planner items with their recipients, in two queries."""
    return list(ReportingItem.objects.for_board(board).select_related("responsible_group")
                .prefetch_related(with_groups()))


def planner_year(board, year, items=None):
    """Every item of the board's planner with its due reports in financial year ``year``:
    [{"item", "dues": [DueReport], "by_recipient": [(recipient, [DueReport])]}]."""
    start, end = year_range(year)
    items = planner_items(board) if items is None else items
    receipts = {
        (r.recipient_id, r.due_date): r
        for r in ReportReceipt.objects.filter(item__board=board, due_date__range=(start, end))
    }
    rows = []
    for item in items:
        dues = [DueReport(item, recipient, d, receipts.get((recipient.pk, d)))
                for recipient, d in item.dues(year)]
        by_recipient = [(r, [d for d in dues if d.recipient is r]) for r in item.recipient_list()]
        rows.append({"item": item, "dues": dues, "by_recipient": by_recipient})
    return rows


def dues_between(board, first, last, items=None):
    """[DueReport] due from ``first`` to ``last`` (dates), in date order: for the quarterly
    paper ("reports due this quarter", with the body each is for), reminders and feeds."""
    items = planner_items(board) if items is None else items
    found = []
    for year in range(financial_year_of(first), financial_year_of(last) + 1):
        for row in planner_year(board, year, items):
            found.extend(d for d in row["dues"] if first <= d.due_date <= last)
    return sorted(found, key=lambda d: (d.due_date, d.item.order, d.item.title,
                                        d.recipient.order, d.recipient.pk))


def by_month(rows):
    """{month number: [DueReport]} for the year view."""
    months = {}
    for row in rows:
        for due in row["dues"]:
            months.setdefault(due.due_date.month, []).append(due)
    return months


def year_grid(rows, year):
    months = by_month(rows)
    grid = []
    for month in MONTH_ORDER:
        first = datetime.date(year if month >= 4 else year + 1, month, 1)
        dues = sorted(months.get(month, []), key=lambda d: (d.to, d.item.title))
        grid.append((first, dues))
    return grid


def overdue_reports(board, today=None):
    today = today or timezone.localdate()
    year = financial_year_of(today)
    items = planner_items(board)
    due = []
    for y in (year - 1, year):
        for row in planner_year(board, y, items):
            due.extend(d for d in row["dues"] if d.is_overdue(today))
    return due


def next_due(items, day=None):
    """Set ``item.next_due`` (the next due date to any body, this year or next) on each item."""
    day = day or timezone.localdate()
    year = financial_year_of(day)
    for item in items:
        dates = [d for d in item.due_dates(year) + item.due_dates(year + 1) if d >= day]
        item.next_due = dates[0] if dates else None
    return items


def planner_years(board):
    """The financial years the planner holds receipts for."""
    return {financial_year_of(day) for day in ReportReceipt.objects.filter(
        item__board=board).values_list("due_date", flat=True)}
