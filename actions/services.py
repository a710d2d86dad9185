"""Writes that must be all-or-nothing or safe against concurrent editors."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import Action


class EditConflict(Exception):
    """Someone saved the action after this user opened it."""

    def __init__(self, current, changes):
        super().__init__("The action was changed by someone else.")
        self.current = current
        self.changes = changes


def changes_since(action, version):
    """Fields changed since ``version`` of the action: [(label, then, now, by)]."""
    then = action.history.filter(version=version).order_by("-history_id").first()
    now = action.history.order_by("-history_id").first()
    if then is None or now is None:
        return []
    delta = now.diff_against(then, excluded_fields=["version"])
    by = now.history_user
    labels = {f.name: str(f.verbose_name).capitalize() for f in Action._meta.concrete_fields}
    return [(labels.get(c.field, c.field), c.old, c.new, by) for c in delta.changes]


@transaction.atomic
def save_action(form, expected_version):
    """Save an edit only if nobody else saved since ``expected_version``.

    The version is checked and bumped in one UPDATE, which both SQLite and
    PostgreSQL run atomically, so of two simultaneous saves exactly one wins.
    """
    action = form.instance
    bumped = Action.objects.filter(pk=action.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not bumped:
        current = Action.objects.get(pk=action.pk)
        raise EditConflict(current, changes_since(current, expected_version))
    action.version = expected_version + 1
    action = form.save()
    return action


@transaction.atomic
def create_action(form):
    action = form.save(commit=False)
    action.version = 1
    action.save()
    form.save_m2m()
    return action


@transaction.atomic
def archive(action, archived=True):
    action.archived = archived
    Action.objects.filter(pk=action.pk).update(version=F("version") + 1)
    action.version += 1
    action.save()
    return action


@transaction.atomic
def post_progress(action, form, author):
    """Save a valid ``ProgressUpdateForm`` as a new update on ``action`` by ``author``, and
    record the completion it makes (with its impact statement): the one home of posting
    progress, used by the action page, the update panel and the bulk update grid."""
    update = form.save(commit=False)
    update.action = action
    update.author = author
    update.created_at = timezone.now()  # when it was saved, not when the form was opened
    update.save()
    if form.completes:
        complete_action(action, update.date, form.cleaned_data)
    return update


@transaction.atomic
def complete_action(action, completed_on, data):
    """Record completion with its impact statement (the update itself is already saved)."""
    Action.objects.filter(pk=action.pk).update(version=F("version") + 1)
    action.refresh_from_db()
    action.completed_on = completed_on
    action.impact_statement = data["impact_statement"].strip()
    action.impact_evidence = (data.get("impact_evidence") or "").strip()
    action.impact_review_on = data.get("impact_review_on")
    action.save()
    return action


@transaction.atomic
def record_impact_review(action, held, note):
    Action.objects.filter(pk=action.pk).update(version=F("version") + 1)
    action.refresh_from_db()
    action.impact_held = held
    action.impact_review_note = note.strip()
    action.save()
    return action
