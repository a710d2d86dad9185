"""When a progress update may be dated, and who may withdraw one: the rules that keep an
update from rewriting history. Every way of posting an update (the action page, the inline
forms, the update panel) goes through ``ProgressUpdateForm``, which asks here."""

import datetime

from django.db import transaction
from django.utils import timezone

from lscb.fiscal import Quarter, day_label, year_range

from .models import UpdateWithdrawal

WITHDRAW_OWN_WITHIN = datetime.timedelta(hours=24)


def plan_period(plan):
    """The first and last day of ``plan``."""
    return year_range(plan.start_year)[0], year_range(plan.end_year)[1]


def closed_quarter(plan, quarter: Quarter):
    """True when ``quarter`` of ``plan`` is closed: its report is frozen for ever. (Read
    through the plan's reverse relation: the closing itself lives in reporting.)"""
    return plan.snapshots.filter(year=quarter.year, quarter=quarter.number).exists()


def date_problems(action, date, *, manager, reason="", today=None):
    """{field: message} for an update of ``action`` dated ``date``; empty when allowed.

    The date lies within the plan's period, not in the future and not in a closed quarter.
    It is in the current quarter, or in the previous one (a "late update for Qn", which a
    chair may post); anything earlier only the business manager may post, with a reason
    (the update is shown as back-dated). The current quarter is the plan's reporting
    quarter: once the plan's period has ended, its last quarter.
    """
    today = today or timezone.localdate()
    if date > today:
        return {"date": "An update cannot be dated in the future."}
    first, last = plan_period(action.plan)
    if date < first or date > last:
        return {"date": f"Choose a date within the plan’s period, {day_label(first)} to "
                        f"{day_label(last)}."}
    quarter, current = Quarter.of(date), action.plan.reporting_quarter(today)
    if closed_quarter(action.plan, quarter):
        return {"date": f"{quarter} is closed: its report is frozen, so no update can be dated "
                        f"in it. Date the update in a later quarter."}
    if quarter >= current.previous():
        return {}
    if not manager:
        return {"date": f"Date the update in {current} or, as a late update, in "
                        f"{current.previous()}. Only the business manager can date an update "
                        f"earlier."}
    if not (reason or "").strip():
        return {"backdate_reason": f"Say why this update is dated before {current.previous()}: "
                                   "it will be shown as back-dated."}
    return {}


def can_withdraw(update, user, *, manager, now=None):
    """The business manager may withdraw any update; its author, within 24 hours of
    writing it. Never twice, and never on an archived plan (kept as it was)."""
    if update.withdrawn is not None or update.action.plan.is_archived:
        return False
    if manager:
        return True
    now = now or timezone.now()
    return (user.is_authenticated and update.author_id == user.pk
            and now - update.created_at <= WITHDRAW_OWN_WITHIN)


@transaction.atomic
def withdraw(update, user, reason):
    """Withdraw ``update``: it stays, struck through, with who and why; reports ignore it
    from now on; a closed quarter's frozen rows are not touched."""
    return UpdateWithdrawal.objects.create(update=update, by=user, reason=reason.strip())
