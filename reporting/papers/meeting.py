"""Who a paper is for and how it is tabled: the meeting (body and date), the agenda item
and the author, chosen when the paper is produced. The body defaults to the one the
reporting planner sends the paper to, never a name written into a template."""

import datetime
from dataclasses import dataclass, field

from reporting.models import ReportingItem

# Planner lines that are the quarterly Business Plan report, by the words of their title.
QUARTERLY_TITLES = ("business plan", "quarterly", "performance report", "monitoring")


def recipient_label(item):
    """The body a planner line reports to: its group's name, else the body's name (once:
    never "Business Group: Business Group")."""
    if item.recipient_group_id:
        return item.recipient_group.name
    return item.get_recipient_display()


def planner_body(board, titles=QUARTERLY_TITLES):
    """The body the planner sends the quarterly report to, or None when no line says."""
    items = ReportingItem.objects.for_board(board).select_related("recipient_group")
    for item in items:
        if any(words in item.title.lower() for words in titles):
            return recipient_label(item)
    return None


def body_choices(board):
    """The bodies a paper can be tabled at: the planner's recipients first, then the
    board itself and its groups; each name once."""
    from subgroups.models import Subgroup

    names = [recipient_label(item) for item in
             ReportingItem.objects.for_board(board).select_related("recipient_group")]
    names += [board.name] + list(Subgroup.objects.filter(board=board).values_list("name", flat=True))
    seen = []
    for name in names:
        if name and name not in seen and name != ReportingItem.Body.BOARD.label:
            seen.append(name)
    return seen


@dataclass
class Meeting:
    body: str = ""
    date: datetime.date | None = None
    agenda_item: str = ""
    author: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def asked(self):
        """"The Business Group is asked to", with the body's own name."""
        return f"{self.body or 'The meeting'} is asked to"


def meeting_for(board, body="", on=None, agenda_item="", author=""):
    return Meeting(body=body or planner_body(board) or board.name, date=on,
                   agenda_item=agenda_item, author=author)
