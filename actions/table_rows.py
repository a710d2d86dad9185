"""The actions table's rows for one page, read as values rather than model instances.

A page of 50 actions read as instances (with their plan and theme joined in and their
owner groups prefetched) built about 200 model instances and a related manager per
action: half of the filtered list's CPU, measured at demo scale. The page shows a few
fields of each, so it reads those (one values query) and the owners' names (one query
over the owners' table, ``plan_rows.owners_of``), as the plan page's rows do. Exports
still read model instances: they take every column.
"""

from types import SimpleNamespace

from django.db.models import F

from plans.models import BusinessPlan

from .models import Action, owner_label
from .plan_rows import PlanRow, owners_of

# what the table's cells, its contradiction flags and can_update_action read
TABLE_VALUES = ("pk", "plan_id", "theme_id", "reference", "description", "outcome", "source",
                "lead_role", "due_date", "due_precision", "due_text", "archived", "closed_as",
                "completed_on", "impact_statement", "rag", "last_update_on")


class RowPlan(SimpleNamespace):
    """A row's plan: its title and status, with BusinessPlan's rules over the status."""

    Status = BusinessPlan.Status
    is_draft = BusinessPlan.is_draft
    is_archived = BusinessPlan.is_archived


class TableRow(PlanRow):
    """One action as the table reads it (``PlanRow``'s rules of Action, its link and its
    contradictions), with ``owner_label`` and ``owner_ids`` of its groups."""

    get_absolute_url = Action.get_absolute_url
    contradictions = Action.contradictions


def table_rows(actions):
    """The rows of ``actions`` (an ordered, sliced or filtered queryset of
    ``for_listing``), in its order: two queries."""
    values = actions.prefetch_related(None).values(
        *TABLE_VALUES, plan_title=F("plan__title"), plan_status=F("plan__status"),
        theme_number=F("theme__number"))
    plans, themes, rows = {}, {}, []
    for row in values:
        plan = plans.get(row["plan_id"])
        if plan is None:
            plan = plans[row["plan_id"]] = RowPlan(pk=row["plan_id"], title=row["plan_title"],
                                                   status=row["plan_status"])
        theme = themes.get(row["theme_id"])
        if theme is None:
            theme = themes[row["theme_id"]] = SimpleNamespace(pk=row["theme_id"],
                                                              number=row["theme_number"])
        del row["plan_title"], row["plan_status"], row["theme_number"]
        rows.append(TableRow(plan=plan, theme=theme, **row))
    if rows:
        owners = owners_of([row.pk for row in rows])
        for row in rows:
            groups = owners.get(row.pk, [])
            row.owner_label = owner_label(row.lead_role, [name for _pk, name in groups])
            row.owner_ids = {pk for pk, _name in groups}
    return rows
