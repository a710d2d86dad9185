"""The board's last change: ``Board.data_version`` goes up once after every transaction
that saved, deleted or re-linked any of the board's records.

Stored papers are found by a fingerprint that includes this number (``lscb.papers.
fingerprint``), so a change to any record a paper shows gives the paper a new
fingerprint, without rendering anything to find out. The receivers are generic: every
model of the board's apps that reaches a board through ``board_id`` or a chain of
foreign keys counts, so a new model counts without being listed here.

The number goes up after the transaction commits (``transaction.on_commit``), in its own
one-row UPDATE: a writing transaction never holds the board's row, so writers of the
same board never wait for one another or deadlock on it. A reader that read the old
number before the commit may store a copy of the new data under the old number; that
copy is never asked for again (the number has moved on), so no stale copy is served.
"""

from django.apps import apps
from django.db import transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

BOARD_APPS = {"lscb", "subgroups", "plans", "actions", "reporting"}
# Records that are not the board's data: background jobs' own progress, form-replay
# keys, who may sign in.
NOT_DATA = {"reporting.paperjob", "lscb.submission", "lscb.boarduser", "reporting.reminderlog",
            "reporting.calendarfeed"}
MAX_DEPTH = 3


def counts(model):
    """Whether saving ``model`` changes a board's data. A migration's historical models
    (their own app registry) never count: the schema may not have the number yet."""
    meta = model._meta
    return (meta.apps is apps and meta.app_label in BOARD_APPS
            and meta.label_lower not in NOT_DATA
            and not meta.model_name.startswith("historical"))


def board_id_of(instance, depth=0):
    """The id of the board a record belongs to, or None (followed through foreign keys)."""
    if instance._meta.label_lower == "lscb.board":
        return instance.pk
    board_id = getattr(instance, "board_id", None)
    if board_id is not None or depth >= MAX_DEPTH:
        return board_id
    for field in instance._meta.concrete_fields:
        if not field.many_to_one or getattr(instance, field.attname) is None:
            continue
        try:
            parent = getattr(instance, field.name)
        except field.related_model.DoesNotExist:  # deleted with it
            continue
        found = board_id_of(parent, depth + 1)
        if found is not None:
            return found
    return None


class _Bump:
    """The on-commit callback of one transaction: each board changed in it, once."""

    def __init__(self):
        self.board_ids = set()

    def __call__(self):
        from lscb.models import Board

        Board.objects.filter(pk__in=self.board_ids).update(data_version=F("data_version") + 1)


def changed(board_id, using="default"):
    """Note that ``board_id``'s data changed: its version goes up when the transaction
    commits (at once outside a transaction)."""
    if board_id is None:
        return
    conn = transaction.get_connection(using)
    if conn.in_atomic_block:
        for _sids, func, _robust in conn.run_on_commit:
            if isinstance(func, _Bump):
                func.board_ids.add(board_id)
                return
    bump = _Bump()
    bump.board_ids.add(board_id)
    transaction.on_commit(bump, using=using)


def _saved(sender, instance, using=None, raw=False, **kwargs):
    if not counts(sender):
        return
    if raw:  # a restore or fixture: related records may not be there yet, go no further
        changed(instance.pk if sender._meta.label_lower == "lscb.board"
                else getattr(instance, "board_id", None), using or "default")
        return
    changed(board_id_of(instance), using or "default")


def _relinked(sender, instance, action, using=None, **kwargs):
    if action.startswith("post_") and counts(type(instance)):
        changed(board_id_of(instance), using or "default")


def connect():
    post_save.connect(_saved, dispatch_uid="lscb.changes.saved")
    post_delete.connect(_saved, dispatch_uid="lscb.changes.deleted")
    m2m_changed.connect(_relinked, dispatch_uid="lscb.changes.relinked")


def current_version(board_id):
    """The board's data version as stored now (not as loaded at the start of the request)."""
    from lscb.models import Board

    return Board.objects.filter(pk=board_id).values_list("data_version", flat=True).first() or 0


__all__ = ["changed", "connect", "current_version", "board_id_of"]
