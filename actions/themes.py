"""What the themes editor does to actions: a theme with actions is merged into another
rather than deleted, and action references follow renumbered themes only when the
business manager asks, after seeing every new reference first."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F

from .models import Action


class ThemeNotEmpty(Exception):
    pass


@transaction.atomic
def delete_theme(theme):
    """Delete a theme that holds no actions and no sub-sections (else ThemeNotEmpty)."""
    if Action.objects.filter(theme=theme).exists():
        raise ThemeNotEmpty("This theme has actions: merge it into another theme instead.")
    if theme.sections.exists():
        raise ThemeNotEmpty("This theme has sub-sections: delete or merge them first.")
    theme.delete()


@transaction.atomic
def merge_theme(theme, into):
    """Move the theme's actions (archived ones too) into ``into`` and delete the theme.
    Returns the number of actions moved. Their references stay until renumbered."""
    if theme.sections.exists():
        raise ThemeNotEmpty("This theme has sub-sections: merge or move them first.")
    actions = list(Action.objects.filter(theme=theme))
    for action in actions:
        _bump(action)
        action.theme = into
        action.save()  # a line in each action's history of edits
    theme.delete()
    return len(actions)


def _bump(action):
    """A change by the themes editor counts as an edit (open edit forms see the conflict)."""
    Action.objects.filter(pk=action.pk).update(version=F("version") + 1)
    action.version += 1


@dataclass
class Renumbering:
    action: Action
    old: str
    new: str


def _tail(reference):
    return reference.rsplit(".", 1)[-1]


def reference_changes(plan):
    """Every action whose reference does not start with its theme's number, with the
    reference it would get: the theme's number and the action's own last part ("2.4" in
    theme 3 becomes "3.4"), or the theme's next free number if that is taken."""
    actions = list(Action.objects.filter(plan=plan).select_related("theme").order_by("sort_key"))
    taken = {a.reference for a in actions if a.reference.startswith(f"{a.theme.number}.")}
    changes = []
    for action in actions:
        prefix = f"{action.theme.number}."
        if action.reference.startswith(prefix):
            continue
        new = f"{prefix}{_tail(action.reference)}"
        if new in taken or len(new) > 20:
            numbers = [int(_tail(r)) for r in taken if r.startswith(prefix) and _tail(r).isdigit()]
            n = max(numbers, default=0) + 1
            while f"{prefix}{n}" in taken:
                n += 1
            new = f"{prefix}{n}"
        taken.add(new)
        changes.append(Renumbering(action, action.reference, new))
    return changes


def signature(changes):
    """The preview as text, sent back with the confirmation so that exactly what the
    manager saw is applied."""
    return ";".join(f"{c.action.pk}={c.new}" for c in changes)


@transaction.atomic
def apply_reference_changes(plan, expected):
    """Apply the preview the manager saw (its ``signature``). If the plan changed since
    (another edit), nothing is applied: None."""
    changes = reference_changes(plan)
    if not changes or signature(changes) != expected:
        return None
    for change in changes:  # temporary references first: 2.1 ↔ 3.1 must not clash
        Action.objects.filter(pk=change.action.pk).update(reference=f"~{change.action.pk}")
    for change in changes:
        _bump(change.action)
        change.action.reference = change.new
        change.action.save()
    return changes


def theme_counts(plan):
    """{theme id: number of actions (archived included)} for the themes editor."""
    return dict(Action.objects.filter(plan=plan).values_list("theme").annotate(n=Count("pk"))
                .order_by())
