"""The new board's checklist, on its business manager's dashboard until every step is
done: board details → people → plan → themes → import or add actions → subgroups.
Each step ticks itself off when what it asks for exists, and always links onward."""

from dataclasses import dataclass, field

from django.urls import reverse

from actions.models import Action
from lscb.models import BoardUser, Role
from plans.models import BusinessPlan
from subgroups.models import Subgroup


@dataclass
class Step:
    title: str
    help: str
    done: bool
    links: list = field(default_factory=list)  # (label, url)


def working_plan(board):
    """The plan being set up: the live one, else the newest plan not archived."""
    return BusinessPlan.objects.current(board) or (
        BusinessPlan.objects.for_board(board).exclude(status=BusinessPlan.Status.ARCHIVED)
        .order_by("-start_year", "-pk").first())


def _plan_step(board, plan):
    if plan is None:
        return Step("Business plan", "Add the plan: its title, period, introduction and "
                    "approval. It starts as a draft.", False, [("Add a plan", reverse("plans:new"))])
    if plan.is_live:
        return Step("Business plan", f"{plan.title} is the live plan: the dashboard, chase "
                    "lists and quarterly report follow it.", True,
                    [("Edit the plan", reverse("plans:edit", args=[plan.slug]))])
    return Step("Business plan", f"{plan.title} is {plan.get_status_display().lower()}: make it "
                "live once the board has approved it.", False,
                [("Make it live", reverse("plans:make_live", args=[plan.slug])),
                 ("Edit the plan", reverse("plans:edit", args=[plan.slug]))])


def checklist(board, live_plan=None):
    """The steps, in order, each done or not. ``live_plan``: the board's live plan when
    the caller has it (the dashboard): it is the working plan."""
    plan = live_plan or working_plan(board)
    has_themes = plan is not None and plan.themes.exists()
    has_actions = plan is not None and Action.objects.filter(plan=plan).exists()
    first_plan = [("Add a plan first", reverse("plans:new"))]
    return [
        Step("Board details", "Name, logo, vision, values, statutory objectives, core "
             "functions, independent chair, review months and the marking on papers.",
             bool(board.vision.strip()), [("Edit the board details", reverse("board:edit"))]),
        Step("People", "Add the business managers, subgroup chairs and board members who will "
             "sign in, with their roles.",
             BoardUser.objects.filter(board=board).exclude(role=Role.MANAGER).exists(),
             [("Add a person", reverse("board:person_new")), ("People", reverse("board:people"))]),
        _plan_step(board, plan),
        Step("Themes", "The plan's priorities, in order, with their sponsors and sub-sections.",
             has_themes, [("Edit the themes", reverse("plans:themes", args=[plan.slug]))]
             if plan else first_plan),
        Step("Actions", "Import last year's spreadsheet, or add the actions one by one.",
             has_actions, [("Import a spreadsheet", reverse("actions:import"))]
             + ([("Add an action", reverse("actions:create", args=[plan.slug]))]
                if plan and has_themes else [])),
        Step("Subgroups", "The groups that own actions, their chairs and terms of reference.",
             Subgroup.objects.for_board(board).exists(),
             [("Add a subgroup", reverse("subgroups:new"))]),
    ]


def is_set_up(steps):
    return all(step.done for step in steps)
