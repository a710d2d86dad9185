"""The history of edits (django-simple-history) as people read it: each save, newest
first, who made it and when, and each changed field as old → new in words (a choice's
label, a related record's name), the same for the board, its plans, themes and actions."""

from django.db import models

NOTHING = ""  # shown as “” → “new value”


def _labels(model):
    return {f.name: str(f.verbose_name).capitalize()
            for f in model._meta.get_fields() if hasattr(f, "verbose_name")}


def _related_names(model, diffs):
    """{(field name, pk): name} for every record a changed foreign key pointed at before or
    after, fetched with one query per such key (none when no key changed, e.g. a record
    only ever created)."""
    wanted = {}
    for changes in diffs.values():
        for change in changes:
            field = model._meta.get_field(change.field)
            if isinstance(field, models.ForeignKey):
                wanted.setdefault(field, set()).update({change.old, change.new} - {None})
    names = {}
    for field, ids in wanted.items():
        for obj in field.related_model._base_manager.filter(pk__in=ids):
            names[(field.name, obj.pk)] = str(obj)
    return names


def _readable(model, field_name, value, names):
    if value in (None, "", []):
        return NOTHING
    field = model._meta.get_field(field_name)
    if isinstance(field, models.ForeignKey):
        return names.get((field_name, value), f"(removed record {value})")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def field_changes(history, model, limit=50, describe=str):
    """Entries for the newest ``limit`` saves in ``history`` (a historical records
    queryset of one record or of several, e.g. all the themes of a plan). ``describe``
    names the record a save was of, for lists that hold several."""
    records = list(history.select_related("history_user").order_by("-history_id")[:limit])
    previous, last_seen = {}, {}
    for record in reversed(records):  # oldest first: each save's previous one in the list
        previous[record.history_id] = last_seen.get(record.id)
        last_seen[record.id] = record
    for record in records:
        if previous[record.history_id] is None and record.history_type == "~":
            previous[record.history_id] = record.prev_record  # older than the list goes
    diffs = {record.history_id: record.diff_against(previous[record.history_id]).changes
             for record in records
             if record.history_type == "~" and previous[record.history_id] is not None}
    names = _related_names(model, diffs)
    labels = _labels(model)
    entries = []
    for record in records:
        changes = []
        if record.history_type == "+":
            summary = "Created"
        elif record.history_type == "-":
            summary = "Deleted"
        else:
            summary = "Edited"
            changes = [{"field": labels.get(c.field, c.field),
                        "old": _readable(model, c.field, c.old, names),
                        "new": _readable(model, c.field, c.new, names)}
                       for c in diffs.get(record.history_id, ())]
            if not changes:
                continue
        entries.append({"when": record.history_date, "who": record.history_user,
                        "summary": summary, "changes": changes, "what": describe(record),
                        "reason": record.history_change_reason or ""})
    return entries
