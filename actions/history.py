"""Readable history of edits to an action's own fields (django-simple-history)."""

from lscb.history import field_changes as history_entries

from .models import Action


def field_changes(action, limit=50):
    """Each save of the action, newest first, with old → new values of changed fields."""
    return history_entries(action.history.all(), Action, limit=limit)
