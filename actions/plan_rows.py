"""The rows of a plan's page: what each of its actions shows, for thousands of actions, in
three queries and without a model instance per action (actions.plan_table writes them)."""

from types import SimpleNamespace

from django.db.models import F
from django.utils import timezone

from lscb.access import can_update_action
from lscb.links import id_url
from lscb.rag import RAG

from .contradictions import flags as contradiction_flags
from .models import Action, Closure, owner_label


class PlanRow(SimpleNamespace):
    """One action as the plan's rows read it: the values of ``ROW_VALUES`` (a values query:
    a model instance per action costs more than the rest of its row) and Action's own
    rules over them. A row that reads a value not loaded fails loudly (AttributeError)."""

    due_label = Action.due_label
    current_rag = Action.current_rag
    is_complete = Action.is_complete
    is_overdue = Action.is_overdue
    is_closed = Action.is_closed
    is_read_only = Action.is_read_only


# what the rows read: prepare_rows, the table, contradiction flags and can_update_action
ROW_VALUES = ("pk", "theme_id", "reference", "description", "outcome", "measures", "source",
              "risk_note", "other_columns", "lead_role", "due_date", "due_precision",
              "due_text", "archived", "closed_as", "closed_reason", "completed_on",
              "impact_statement", "carried_over_from_id", "rag", "last_update_on")


def plan_actions(plan, show_archived):
    actions = Action.objects.filter(plan=plan)
    return actions if show_archived else actions.filter(archived=False)


def plan_rows(request, plan, show_archived, themes=None):
    """The rows of the plan's actions (of ``themes`` only, when given), in three queries:
    the actions (with the reference and plan of the action each was carried forward
    from, and whether any was carried forward), their owners, and the copies they were
    carried forward to (when any was)."""
    chosen = plan_actions(plan, show_archived)
    if themes is not None:
        chosen = chosen.filter(theme__in=themes)
    ordered = (chosen.with_progress(narrative=False).with_links(recommendations=False)
               .in_plan_order())
    values = ordered.values(*ROW_VALUES, "has_copies",
                            carried_from_reference=F("carried_over_from__reference"),
                            carried_from_plan=F("carried_over_from__plan__title"))
    actions = [PlanRow(plan=plan, **row) for row in values]
    if not actions:
        return actions
    # most plans' actions were never carried forward: no query for their copies
    copies = copies_of(chosen) if any(action.has_copies for action in actions) else {}
    return prepare_rows(request, actions, timezone.localdate(), owners_of(chosen), copies)


def prepare_rows(request, actions, today, owners, copies):
    """What each row shows, worked out once here rather than in the template: the links,
    who, overdue, the RAG's label, whether this user may update it, and the actions of
    other plans it was carried forward from or to. ``owners`` and ``copies`` are those of
    ``owners_of`` and ``copies_of``."""
    for action in actions:
        groups = owners.get(action.pk, [])
        action.who = owner_label(action.lead_role, [name for _pk, name in groups])
        action.url = id_url("actions:detail", action.pk)
        action.update_url = id_url("actions:post_update", action.pk)
        action.overdue = action.is_overdue(today)
        action.rag_label = RAG(action.rag).label
        action.flags = contradiction_flags(action, today)
        action.can_update = can_update_action(request, action,
                                              owner_ids={pk for pk, _name in groups})
        action.carried_copy = copies.get(action.pk)  # Action.carried_to
        # what Action.closure_label says of a closed action with no copy
        action.closure = Closure(action.closed_as).label if action.closed_as else ""
        action.carried_from = action.carried_over_from_id and SimpleNamespace(
            url=id_url("actions:detail", action.carried_over_from_id),
            reference=action.carried_from_reference, plan=action.carried_from_plan)
    return actions


def owners_of(chosen):
    """{action id: [(group id, name)]} of the actions ``chosen`` (a queryset, or ids), in the
    groups' order: one query over the owners' table, where a prefetch builds a manager and
    a group per action."""
    owners = {}
    through = Action.owners.through.objects.filter(action__in=chosen).order_by(
        "subgroup__order", "subgroup__name", "subgroup_id")
    for action_id, group_id, name in through.values_list("action_id", "subgroup_id",
                                                         "subgroup__name"):
        owners.setdefault(action_id, []).append((group_id, name))
    return owners


def copies_of(chosen):
    """{action id: the copy it was carried forward to (``url``, ``reference``, ``plan``)} of
    the actions ``chosen``, the last in Action's order if several (``Action.carried_to``):
    one query."""
    return {source: SimpleNamespace(url=id_url("actions:detail", pk), reference=reference,
                                    plan=plan)
            for source, pk, reference, plan in Action.objects.filter(
                carried_over_from__in=chosen).values_list(
                "carried_over_from_id", "pk", "reference", "plan__title")}
