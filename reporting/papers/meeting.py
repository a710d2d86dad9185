"""Who a paper is for and how it is tabled: the meeting (body and date), the agenda item
and the author, chosen when the paper is produced. The body defaults to the one the
reporting planner sends the paper to, never a name written into a template."""

import datetime
from dataclasses import dataclass, field

from reporting.models import ReportingItem
from reporting.planner.services import planner_items

# Planner lines that are the quarterly Business Plan report, by the words of their title.
QUARTERLY_TITLES = ("business plan", "quarterly", "performance report", "monitoring")


def recipient_label(recipient):
    """The body a planner line reports to (``ReportingRecipient.label``): its group's name,
    else the body's name (once: never "Business Group: Business Group")."""
    if recipient.group_id:
        return recipient.group.name
    return recipient.get_body_display()


def planner_body(board, titles=QUARTERLY_TITLES, items=None):
    """The body the planner sends the quarterly report to (the first body of the line for
    it), or None when no line says. ``items``: the board's planner items
    (``planner_items``), when the caller has read them already."""
    for item in planner_items(board) if items is None else items:
        if any(words in item.title.lower() for words in titles):
            recipients = item.recipient_list()
            return recipient_label(recipients[0]) if recipients else None
    return None


def body_choices(board, items=None):
    """The bodies a paper can be tabled at: the planner's recipients first, then the
    board itself and its groups; each name once. ``items`` as for ``planner_body``."""
    from subgroups.models import Subgroup

    names = [recipient_label(recipient)
             for item in (planner_items(board) if items is None else items)
             for recipient in item.recipient_list()]
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


def meeting_for(board, body="", on=None, agenda_item="", author="", items=None):
    return Meeting(body=body or planner_body(board, items=items) or board.name, date=on,
                   agenda_item=agenda_item, author=author)
