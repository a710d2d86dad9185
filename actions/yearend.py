"""The year-end: every open action of the live plan is kept (carried into the new plan with
a new due date), completed (with its impact) or dropped (with a reason), all or nothing.

A carried original is closed with the terminal state "Carried forward to <new ref>": never
overdue, never chased. The copy links back to it (and so to its whole progress history).
This is the one way actions move from one plan to the next.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from lscb.fiscal.due import DATED, DuePrecision
from lscb.rag import RAG
from plans.models import BusinessPlan, Theme
from plans.services import make_live

from .dating import plan_period
from .models import Action, Closure, ProgressUpdate
from .services import complete_action

KEEP, COMPLETE, DROP = "keep", "complete", "drop"
REASON_LENGTH = 100  # the history's change reason column
CHOICES = [(KEEP, "Keep: carry into the new plan"), (COMPLETE, "Complete"),
           (DROP, "Drop")]


class YearEndError(Exception):
    """The year-end cannot be applied as it stands (nothing was changed)."""


@dataclass
class Decision:
    choice: str
    due_date: datetime.date | None = None
    impact_statement: str = ""
    impact_evidence: str = ""
    narrative: str = ""
    reason: str = ""


def open_actions(plan):
    """The actions a year-end decides on: not archived, not completed, not closed and not
    rated Complete, in plan order, with their progress."""
    return (Action.objects.filter(plan=plan).active().open().with_progress()
            .exclude(rag=RAG.COMPLETE).select_related("theme", "plan")
            .prefetch_related("owners").in_plan_order())


def default_date(plan, today=None):
    """The year-end's date: today, or the plan's last day when the plan has ended."""
    return min(today or timezone.localdate(), plan_period(plan)[1])


def new_plan(plan, *, title, start_year, end_year):
    """A new draft plan following ``plan``."""
    return BusinessPlan.objects.create(
        board=plan.board, title=title, slug=BusinessPlan.unique_slug(plan.board, title),
        start_year=start_year, end_year=end_year, previous_plan=plan,
    )


class _Copier:
    """Copies actions into ``target``: themes by number (made when missing), each copy a new
    reference in its theme."""

    def __init__(self, target):
        self.target = target
        self.themes = {theme.number: theme for theme in target.themes.all()}
        self.used = {theme.pk: set() for theme in self.themes.values()}
        for reference, theme_id in Action.objects.filter(plan=target).values_list(
                "reference", "theme"):
            self.used.setdefault(theme_id, set()).add(reference)

    def theme_for(self, old_theme):
        theme = self.themes.get(old_theme.number)
        if theme is None:
            theme = Theme.objects.create(
                board=self.target.board, plan=self.target, number=old_theme.number,
                title=old_theme.title, description=old_theme.description,
            )
            self.themes[theme.number] = theme
            self.used[theme.pk] = set()
        return theme

    def copy(self, old, due_date):
        theme = self.theme_for(old.theme)
        used = self.used[theme.pk]
        n = len(used) + 1
        while f"{theme.number}.{n}" in used:
            n += 1
        reference = f"{theme.number}.{n}"
        used.add(reference)
        if due_date is not None:
            precision = old.due_precision if old.due_precision in DATED else DuePrecision.DAY
            due_text = ""
        else:
            precision, due_text = old.due_precision, old.due_text
        new = Action(
            board=old.board, plan=self.target, theme=theme, reference=reference,
            description=old.description, outcome=old.outcome, measures=old.measures,
            source=old.source, risk_note=old.risk_note, lead_role=old.lead_role,
            other_columns=old.other_columns, due_date=due_date, due_precision=precision,
            due_text=due_text, carried_over_from=old,
        )
        new._change_reason = f"Carried forward from {old.reference} in {old.plan}"[:REASON_LENGTH]
        new.save()
        new.owners.set(old.owners.all())
        new.recommendations.set(old.recommendations.all())
        return new


def _close(action, closure, on, reason="", why=""):
    Action.objects.filter(pk=action.pk).update(version=F("version") + 1)
    action.refresh_from_db()
    action.closed_as = closure
    action.closed_on = on
    action.closed_reason = reason.strip()
    action._change_reason = why[:REASON_LENGTH]
    action.save()
    return action


@dataclass
class Result:
    target: BusinessPlan
    carried: list
    completed: list
    dropped: list
    archived: list


@transaction.atomic
def year_end(plan, decisions, *, user, target=None, title="", start_year=None, end_year=None,
             on=None, go_live=True, approved_by=""):
    """Apply a year-end to ``plan`` (the live plan): ``decisions`` is {action pk: Decision}
    and must decide every open action, no more and no fewer. Carried copies go into
    ``target`` (a draft) or a new plan; with ``go_live`` the new plan goes live and
    ``plan`` is archived. All or nothing: any problem raises ``YearEndError`` and nothing
    is changed."""
    plan = BusinessPlan.objects.select_for_update().get(pk=plan.pk)
    on = on or default_date(plan)
    if not plan.is_live:
        raise YearEndError("Only the live plan has a year-end.")
    actions = list(open_actions(plan).select_for_update(of=("self",)))
    wanted = {action.pk for action in actions}
    if set(decisions) != wanted:
        raise YearEndError("The plan's open actions changed while you were deciding: "
                           "review the year-end again.")
    if target is None:
        if not (title and start_year and end_year):
            raise YearEndError("Give the new plan's title and years.")
        target = new_plan(plan, title=title, start_year=start_year, end_year=end_year)
    elif target.board_id != plan.board_id or not target.is_draft:
        raise YearEndError("Carry the actions into a draft plan of this board.")
    copier = _Copier(target)
    result = Result(target, [], [], [], [])
    for action in actions:
        decision = decisions[action.pk]
        if decision.choice == KEEP:
            copy = copier.copy(action, decision.due_date)
            _close(action, Closure.CARRIED, on,
                   why=f"Carried forward to {copy.reference} in {target}")
            result.carried.append((action, copy))
        elif decision.choice == COMPLETE:
            if not decision.impact_statement.strip():
                raise YearEndError(f"Say what changed for {action.reference}.")
            ProgressUpdate.objects.create(
                action=action, date=on, rag=RAG.COMPLETE, author=user,
                narrative=decision.narrative.strip() or "Completed at the year-end.",
            )
            complete_action(action, on, {"impact_statement": decision.impact_statement,
                                         "impact_evidence": decision.impact_evidence})
            result.completed.append(action)
        elif decision.choice == DROP:
            if not decision.reason.strip():
                raise YearEndError(f"Say why {action.reference} is dropped.")
            _close(action, Closure.DROPPED, on, reason=decision.reason,
                   why="Dropped at the year-end (the reason is on the action)")
            result.dropped.append(action)
        else:
            raise YearEndError(f"Choose keep, complete or drop for {action.reference}.")
    if go_live:
        result.archived = make_live(target, approved_on=on, approved_by=approved_by)
    return result
