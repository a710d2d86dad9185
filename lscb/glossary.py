"""The words every page, paper and export uses for the same things: set once here.

(Board-kind words, such as board/partnership and review names, live in
lscb/vocabulary.py.) Templates read these with ``{% load glossary %}``:
``{{ c.movement|movement_word }}`` and ``{% term "who" %}``.
"""

# How an action's RAG moved between two dates (keys as reporting.papers.quarterly.movement
# returns them).
MOVEMENT = {
    "worsened": "Worse",
    "improved": "Better",
    "completed": "Completed",
    "new": "Started",
    "added": "Added",
    "removed": "Removed",
}
NO_CHANGE = "No change"
NEW_UPDATE = "New update"

# Who does an action: the column heading, and its two parts.
TERMS = {
    "who": "Who",  # the owner groups and lead role together, as the plan prints them
    "owner_group": "Owner group",  # a group of the board that owns the action
    "owner_groups": "Owner groups",
    "lead_role": "Lead role",  # a role rather than a group, e.g. "Chair"
    "chair": "Chair",
    "no_chair": "No chair recorded",
    "new_update": NEW_UPDATE,
    "no_change": NO_CHANGE,
}


def movement_word(movement):
    """The word for a RAG movement ("" for none)."""
    return MOVEMENT.get(movement or "", "")


def term(name):
    return TERMS[name]


def chair_name(group):
    """A group's chair as every page names them: the member in the chair, else the first
    of the people who lead the group (the chase list's contact), else None."""
    if getattr(group, "chair_id", None):
        return group.chair.name
    leads = list(group.leads.all())
    if leads:
        lead = leads[0]
        return lead.get_full_name() or lead.get_username()
    return None
