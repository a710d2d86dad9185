"""Small builders for test data: plain functions, one per model."""

import datetime
import itertools

from django.contrib.auth import get_user_model

from actions.models import Action, ProgressUpdate
from lscb.fiscal.due import DuePrecision
from lscb.models import Agency, Board, BoardUser, Member, Role
from plans.models import BusinessPlan, Theme
from subgroups.models import Subgroup

_seq = itertools.count(1)
PASSWORD = "correct-horse-battery-staple"


def make_board(slug=None, **kwargs):
    n = next(_seq)
    slug = slug or f"board-{n}"
    return Board.objects.create(
        name=kwargs.pop("name", f"Board {slug}"), short_name=kwargs.pop("short_name", slug.upper()),
        slug=slug, **kwargs
    )


def make_user(username=None, board=None, role=Role.VIEWER, **kwargs):
    username = username or f"user{next(_seq)}"
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, **kwargs)
    if board is not None:
        BoardUser.objects.create(board=board, user=user, role=role)
    return user


def make_agency(board, name=None, **kwargs):
    return Agency.objects.create(board=board, name=name or f"Agency {next(_seq)}", **kwargs)


def make_member(board, name=None, **kwargs):
    return Member.objects.create(board=board, name=name or f"Member {next(_seq)}", **kwargs)


def make_subgroup(board, name=None, **kwargs):
    n = next(_seq)
    name = name or f"Group {n}"
    return Subgroup.objects.create(
        board=board, name=name, slug=kwargs.pop("slug", f"group-{n}"), **kwargs
    )


def make_plan(board, title="Business Plan 2015-18", slug=None, **kwargs):
    """A board's first plan is its live plan (as a set-up board's is); later ones are
    drafts unless ``status`` says otherwise."""
    kwargs.setdefault("start_year", 2015)
    kwargs.setdefault("end_year", 2017)
    live = BusinessPlan.objects.for_board(board).live().exists()
    kwargs.setdefault("status", BusinessPlan.Status.DRAFT if live else BusinessPlan.Status.LIVE)
    if kwargs["status"] in (BusinessPlan.Status.APPROVED, BusinessPlan.Status.LIVE):
        kwargs.setdefault("approved_on", datetime.date(kwargs["start_year"], 4, 1))
    return BusinessPlan.objects.create(
        board=board, title=title, slug=slug or f"plan-{next(_seq)}", **kwargs
    )


def make_theme(plan, number="1", title=None, **kwargs):
    return Theme.objects.create(
        board=plan.board, plan=plan, number=number, title=title or f"Theme {number}", **kwargs
    )


def make_action(theme, reference=None, owners=(), due=datetime.date(2015, 12, 1), **kwargs):
    kwargs.setdefault("description", f"Do something useful {next(_seq)}")
    if due is None:
        kwargs.setdefault("due_precision", DuePrecision.TEXT)
        kwargs.setdefault("due_text", "Ongoing")
    action = Action.objects.create(
        board=theme.board, plan=theme.plan, theme=theme,
        reference=reference or f"{theme.number}.{next(_seq)}", due_date=due, **kwargs
    )
    if owners:
        action.owners.set(owners)
    return action


def make_update(action, rag="green", date=datetime.date(2015, 9, 1), narrative="On track", **kw):
    return ProgressUpdate.objects.create(action=action, rag=rag, date=date, narrative=narrative, **kw)


def assert_latest_stored(actions=None):
    """Every action's stored latest update (``Action.latest_rag``/``latest_on``) is the one
    ``ProgressUpdate.objects.latest_first`` looks up (not ``with_progress``, which reads
    the stored one when nothing is dated later)."""
    from django.db.models import Subquery, Value
    from django.db.models.functions import Coalesce

    actions = Action.objects.all() if actions is None else actions
    latest = ProgressUpdate.objects.latest_first()
    stored = set(actions.values_list("pk", "latest_rag", "latest_on"))
    looked_up = set(actions.annotate(
        looked_rag=Coalesce(Subquery(latest.values("rag")[:1]), Value("not_started")),
        looked_on=Subquery(latest.values("date")[:1]),
    ).values_list("pk", "looked_rag", "looked_on"))
    assert stored == looked_up


def make_report(board, title=None, *, recipient="board", frequency="annually", months=None,
                recipient_group=None, recipients=None, **kwargs):
    """A planner item and the bodies it goes to: one (``recipient``, ``frequency``,
    ``months``, ``recipient_group``) unless ``recipients`` lists several as dicts of
    body, frequency, months, group."""
    from reporting.models import ReportingItem, ReportingRecipient

    item = ReportingItem.objects.create(board=board, title=title or f"Report {next(_seq)}",
                                        **kwargs)
    recipients = recipients or [{"body": recipient, "frequency": frequency,
                                 "months": months or [], "group": recipient_group}]
    for order, spec in enumerate(recipients):
        ReportingRecipient.objects.create(
            item=item, body=spec["body"], frequency=spec["frequency"],
            months=spec.get("months") or [], group=spec.get("group"), order=order)
    return item


def make_receipt(item, due_date, recipient=None, **kwargs):
    """The receipt of ``item``'s report due on ``due_date`` to its first recipient (or the
    one given)."""
    from reporting.models import ReportReceipt

    recipient = recipient or item.recipients.order_by("order", "pk").first()
    return ReportReceipt.objects.create(item=item, recipient=recipient, due_date=due_date,
                                        **kwargs)
