"""The new board's checklist, on its business manager's dashboard until every step is
done: board details → people → plan → themes → import or add actions → subgroups.
Each step ticks itself off when what it asks for exists, and always links onward."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.urls import reverse

from actions.models import Action
from lscb.models import Board, BoardUser, Role
from plans.models import BusinessPlan, Theme
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


def _plan_step(plan, live):
    if plan is None:
        return Step("Business plan", "Add the plan: its title, period, introduction and "
                    "approval. It starts as a draft.", False, [("Add a plan", reverse("plans:new"))])
    if live:
        return Step("Business plan", f"{plan.title} is the live plan: the dashboard, chase "
                    "lists and quarterly report follow it.", True,
                    [("Edit the plan", reverse("plans:edit", args=[plan.slug]))])
    return Step("Business plan", f"{plan.title} is {plan.get_status_display().lower()}: make it "
                "live once the board has approved it.", False,
                [("Make it live", reverse("plans:make_live", args=[plan.slug])),
                 ("Edit the plan", reverse("plans:edit", args=[plan.slug]))])


def what_exists(board, plan):
    """Whether the board has people other than its managers and subgroups, and ``plan``
    (the working plan, or None) themes and actions: what the steps ask for, in one query
    (the dashboard asks on every visit of the business manager)."""
    none = Board.objects.none().values("pk")  # an EXISTS that is false: no plan yet
    found = Board.objects.filter(pk=board.pk).values(
        people=Exists(BoardUser.objects.filter(board=OuterRef("pk")).exclude(role=Role.MANAGER)),
        subgroups=Exists(Subgroup.objects.filter(board=OuterRef("pk"))),
        themes=Exists(Theme.objects.filter(plan=plan) if plan else none),
        actions=Exists(Action.objects.filter(plan=plan) if plan else none),
    ).first()
    return found or dict.fromkeys(("people", "subgroups", "themes", "actions"), False)


def progress(board, plan):
    """{step: done} for ``plan`` (the working plan, or None): the one home of each step's
    rule. The board details are done once it has a vision; the plan once it is live."""
    found = what_exists(board, plan)
    return {"details": bool(board.vision.strip()), "people": found["people"],
            "plan": plan is not None and plan.is_live, "themes": found["themes"],
            "actions": found["actions"], "subgroups": found["subgroups"]}


def is_set_up(board, live_plan=None):
    """Whether every step is done, without building the steps and their links (the
    dashboard asks on every visit of the business manager)."""
    return all(progress(board, live_plan or working_plan(board)).values())


def checklist(board, live_plan=None):
    """The steps, in order, each done or not. ``live_plan``: the board's live plan when
    the caller has it (the dashboard): it is the working plan."""
    plan = live_plan or working_plan(board)
    done = progress(board, plan)
    has_themes = done["themes"]
    first_plan = [("Add a plan first", reverse("plans:new"))]
    return [
        Step("Board details", "Name, logo, vision, values, statutory objectives, core "
             "functions, independent chair, review months and the marking on papers.",
             done["details"], [("Edit the board details", reverse("board:edit"))]),
        Step("People", "Add the business managers, subgroup chairs and board members who will "
             "sign in, with their roles.", done["people"],
             [("Add a person", reverse("board:person_new")), ("People", reverse("board:people"))]),
        _plan_step(plan, done["plan"]),
        Step("Themes", "The plan's priorities, in order, with their sponsors and sub-sections.",
             has_themes, [("Edit the themes", reverse("plans:themes", args=[plan.slug]))]
             if plan else first_plan),
        Step("Actions", "Import last year's spreadsheet, or add the actions one by one.",
             done["actions"], [("Import a spreadsheet", reverse("actions:import"))]
             + ([("Add an action", reverse("actions:create", args=[plan.slug]))]
                if plan and has_themes else [])),
        Step("Subgroups", "The groups that own actions, their chairs and terms of reference.",
             done["subgroups"], [("Add a subgroup", reverse("subgroups:new"))]),
    ]
