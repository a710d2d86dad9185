"""iCalendar feed of action and report due dates (built with the icalendar library)."""

import datetime

from icalendar import Calendar, Event

from actions.models import Action
from lscb.fiscal import financial_year_of
from lscb.models import Role
from reporting.planner.services import planner_year
from subgroups.models import Subgroup


def feed_actions(board, user, role):
    actions = Action.objects.for_board(board).chased().open().filter(due_date__isnull=False)
    if role == Role.CHAIR:
        groups = Subgroup.objects.for_board(board).filter(leads=user)
        actions = actions.filter(owners__in=groups).distinct()
    return actions.select_related("plan").prefetch_related("owners")


def build_calendar(board, user, role, today, base_url):
    cal = Calendar()
    cal.add("prodid", "-//LSCB Planner//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{board.short_name} due dates")
    stamp = datetime.datetime.now(datetime.UTC)
    for action in feed_actions(board, user, role):
        event = Event()
        event.add("uid", f"action-{action.pk}@{board.slug}.lscb-planner")
        event.add("dtstamp", stamp)
        event.add("summary", f"Action {action.reference} due: {action.description[:80]}")
        event.add("dtstart", action.due_date)
        event.add("dtend", action.due_date + datetime.timedelta(days=1))
        event.add("description", f"{action.owner_label}\nDue {action.due_label}\n"
                                 f"{base_url}{action.get_absolute_url()}")
        cal.add_component(event)
    year = financial_year_of(today)
    for y in (year, year + 1):
        for row in planner_year(board, y):
            for due in row["dues"]:  # one event per body it goes to
                event = Event()
                event.add("uid", f"report-{row['item'].pk}-{due.recipient.pk}-"
                                 f"{due.due_date:%Y%m%d}@{board.slug}.lscb-planner")
                event.add("dtstamp", stamp)
                event.add("summary", f"Report due: {row['item'].title} to {due.to}")
                event.add("dtstart", due.due_date)
                event.add("dtend", due.due_date + datetime.timedelta(days=1))
                cal.add_component(event)
    return cal.to_ical()
