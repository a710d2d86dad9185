"""Daily reminder digests: what each chair owes, and the board-wide picture
for the business manager. Run by ``manage.py send_reminders`` from cron."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from actions.models import Action
from lscb.fiscal import Quarter
from lscb.models import BoardUser, Role
from lscb.rag import RAG
from plans.reviews import overdue_reviews
from reporting.models import ReminderLog
from reporting.planner.services import planner_year
from reporting.section11.services import agency_work
from subgroups.models import Subgroup

HORIZON = datetime.timedelta(days=14)


def digest(board, today, group_ids=None):
    """What needs attention. ``group_ids`` limits it to those groups' actions and reports."""
    quarter = Quarter.of(today)
    actions = Action.objects.for_board(board).chased().open()
    if group_ids is not None:
        actions = actions.filter(owners__in=group_ids).distinct()
    listing = actions.for_listing().exclude(rag=RAG.COMPLETE)
    overdue = list(listing.overdue(today))
    due_soon = list(listing.due_between(today, today + HORIZON))
    stale = []
    if today >= quarter.midpoint:
        stale = list(actions.without_update_in(quarter).for_listing().exclude(rag=RAG.COMPLETE))
    reports = []
    for year in {quarter.year, Quarter.of(today + HORIZON).year}:
        for row in planner_year(board, year):
            item = row["item"]
            if group_ids is not None and item.responsible_group_id not in group_ids:
                continue
            reports.extend(
                d for d in row["dues"]
                if not d.received and d.due_date <= today + HORIZON
                and d.due_date >= today - datetime.timedelta(days=92)
            )
    reports.sort(key=lambda d: (d.due_date, d.item.title))
    reviews = Action.objects.for_board(board).chased().filter(
        impact_review_on__lte=today, impact_held__isnull=True)
    if group_ids is not None:
        reviews = reviews.filter(owners__in=group_ids).distinct()
    reviews = list(reviews.order_by("impact_review_on"))
    clocks = overdue_reviews(board, today) if group_ids is None else []  # the manager's
    return {"overdue": overdue, "due_soon": due_soon, "stale": stale, "reports": reports,
            "reviews": reviews, "clocks": clocks, "quarter": quarter, "today": today,
            "board": board, "count": len(overdue) + len(due_soon) + len(stale) + len(reports)
            + len(reviews) + len(clocks)}


def agency_digest(board, agency, today):
    """What an agency's representative is reminded of: its Section 11 return in a round
    closing within 14 days or already late, and challenges whose response is due within 14
    days or overdue, not yet answered."""
    work = agency_work(board, agency, today)
    rounds = [(round_, ret) for round_, ret in work["rounds"]
              if round_.closes_on is not None and round_.closes_on <= today + HORIZON]
    challenges = [c for c in work["challenges"] if not c.response
                  and c.response_due is not None and c.response_due <= today + HORIZON]
    return {"agency": agency, "rounds": rounds, "challenges": challenges, "today": today,
            "board": board, "count": len(rounds) + len(challenges)}


def _send(board, user, kind, context, template="reporting/email/digest.txt"):
    """Send one digest unless it was already sent today (the log row is the lock)."""
    if not user.email or not context["count"]:
        return False
    try:
        with transaction.atomic():
            ReminderLog.objects.create(board=board, user=user, sent_on=context["today"],
                                       kind=kind, item_count=context["count"])
            subject = f"{board.short_name}: {context['count']} item(s) need attention"
            body = render_to_string(template, {**context, "user": user, "kind": kind})
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except IntegrityError:
        return False
    return True


def send_reminders(board, today):
    """Send today's digests for one board; returns the number of e-mails sent."""
    sent = 0
    roles = BoardUser.objects.filter(board=board).select_related("user")
    for membership in roles:
        user = membership.user
        if membership.role == Role.MANAGER:
            sent += _send(board, user, "manager", digest(board, today))
        elif membership.role == Role.CHAIR:
            groups = list(Subgroup.objects.for_board(board).filter(leads=user))
            if groups:
                context = digest(board, today, {g.pk for g in groups})
                context["groups"] = groups
                sent += _send(board, user, "chair", context)
        elif membership.role == Role.AGENCY_REP and membership.agency_id:
            sent += _send(board, user, "agency", agency_digest(board, membership.agency, today),
                          "reporting/email/agency_digest.txt")
    return sent
