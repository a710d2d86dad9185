"""The reporting planner: due dates across a financial year and what came in."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from lscb.fiscal import financial_year_of, year_range
from reporting.models import ReportingItem, ReportReceipt

MONTH_ORDER = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]


@dataclass
class DueReport:
    item: ReportingItem
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


def planner_year(board, year):
    """Every item of the board's planner with its due reports in financial year ``year``."""
    start, end = year_range(year)
    items = list(
        ReportingItem.objects.for_board(board).select_related("responsible_group", "recipient_group")
    )
    receipts = {
        (r.item_id, r.due_date): r
        for r in ReportReceipt.objects.filter(item__board=board, due_date__range=(start, end))
    }
    rows = []
    for item in items:
        dues = [DueReport(item, d, receipts.get((item.pk, d))) for d in item.due_dates(year)]
        rows.append({"item": item, "dues": dues})
    return rows


def by_month(rows):
    """[(month date, [DueReport])] in financial-year order, for the year view."""
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
        dues = sorted(months.get(month, []), key=lambda d: (d.item.get_recipient_display(), d.item.title))
        grid.append((first, dues))
    return grid


def overdue_reports(board, today=None):
    today = today or timezone.localdate()

    year = financial_year_of(today)
    due = []
    for y in (year - 1, year):
        for row in planner_year(board, y):
            due.extend(d for d in row["dues"] if d.is_overdue(today))
    return due


def next_due(items, day=None):
    """Set ``item.next_due`` (the next due date, if any, this year or next) on each item."""
    day = day or timezone.localdate()
    year = financial_year_of(day)
    for item in items:
        dates = [d for d in item.due_dates(year) + item.due_dates(year + 1) if d >= day]
        item.next_due = dates[0] if dates else None
    return items
