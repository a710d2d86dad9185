"""Readable history of edits to an action's own fields (django-simple-history)."""

from .models import Action


def field_changes(action, limit=50):
    """Each save of the action, newest first, with old → new values of changed fields."""
    records = list(action.history.select_related("history_user").order_by("-history_id")[:limit + 1])
    labels = {f.name: f.verbose_name for f in Action._meta.get_fields() if hasattr(f, "verbose_name")}
    entries = []
    for newer, older in zip(records, records[1:] + [None], strict=False):
        if len(entries) == limit:
            break
        if older is None:
            changes = []
            summary = "Created"
        else:
            delta = newer.diff_against(older)
            changes = [
                {"field": str(labels.get(c.field, c.field)).capitalize(), "old": c.old, "new": c.new}
                for c in delta.changes
            ]
            if not changes:
                continue
            summary = "Edited"
        entries.append(
            {
                "when": newer.history_date,
                "who": newer.history_user,
                "summary": summary,
                "changes": changes,
                "reason": newer.history_change_reason or "",
            }
        )
    return entries
