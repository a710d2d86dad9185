"""The board's last change, and each business plan's: the data versions in stored
papers' fingerprints.

``data_version`` goes up once after every transaction that saved, deleted or re-linked a
record it covers. A model with a ``data_version`` field of its own (other than the board:
a business plan) is a *scope*: the records that reach it through their foreign keys
(its themes, actions, their updates, the quarter commentaries) raise the scope's number;
the board's records outside every scope (groups, members, indicators, risks, the
planner) raise ``Board.data_version``. A plan's paper is fingerprinted with both numbers
(``current_versions``), so an update posted to the live plan leaves the stored papers of
an archived plan alone, while a change to a group its actions are owned by does not.

A record that points at another record of its own model (a carried-forward copy at its
original, ``Action.carried_over_from``) links two scopes: saving the record itself raises
both (the original's papers print "Carried forward to 2.3"), but the records under it
(the copy's updates) raise only their own scope. Deleting a scope raises the board's
number too, so a board-wide figure made of the board's and its plans' numbers never
repeats. A restore or fixture (``raw``) raises the board's number, which is in every
fingerprint.

The receivers are generic: every model of the board's apps that reaches a board through
``board_id`` or a chain of foreign keys counts, so a new model counts without being
listed here; nothing here names a higher app's model.

The numbers go up after the transaction commits (``transaction.on_commit``), in one
UPDATE per model: a writing transaction never holds the board's or the plan's row, so
writers of the same board never wait for one another or deadlock on it. A reader that
read the old number before the commit may store a copy of the new data under the old
number; that copy is never asked for again (the number has moved on), so no stale copy
is served.
"""

import functools
from collections import defaultdict

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


def is_board(model):
    return model._meta.label_lower == "lscb.board"


@functools.cache
def is_scope(model):
    """A model with a data version of its own, other than the board (a business plan)."""
    return not is_board(model) and any(f.name == "data_version"
                                       for f in model._meta.concrete_fields)


@functools.cache
def parents(model):
    """The model's foreign keys to the board's records (not to users), those to a scope
    first (their id is the scope's)."""
    fields = [f for f in model._meta.concrete_fields
              if f.many_to_one and f.related_model._meta.app_label in BOARD_APPS]
    return sorted(fields, key=lambda f: not is_scope(f.related_model))


def board_id_of(instance, depth=0):
    """The id of the board a record belongs to, or None (followed through foreign keys)."""
    if instance is None:
        return None
    if is_board(instance.__class__):
        return instance.pk
    board_id = getattr(instance, "board_id", None)
    if board_id is not None or depth >= MAX_DEPTH:
        return board_id
    for field in parents(instance.__class__):
        if getattr(instance, field.attname) is None:
            continue
        found = board_id_of(parent_of(instance, field), depth + 1)
        if found is not None:
            return found
    return None


def parent_of(instance, field):
    try:
        return getattr(instance, field.name)
    except field.related_model.DoesNotExist:  # deleted with it
        return None


def scopes_of(instance, depth=0):
    """{(scope model, pk)} whose papers show ``instance``: itself if it is a scope, else
    the scope its foreign keys lead to (the first found, without a query when the key is
    the scope's own); plus, for the record saved (not those above it), the scope of any
    record of its own model it links to. Empty for the board's records outside scopes."""
    if instance is None or is_board(instance.__class__):
        return set()
    model = instance.__class__  # a lazy request.user answers with its model's class
    found = {(model, instance.pk)} if is_scope(model) else set()
    if found and depth:
        return found
    for field in parents(model):
        value = getattr(instance, field.attname)
        link = field.related_model is model
        if value is None or (link and depth) or is_board(field.related_model):
            continue
        if is_scope(field.related_model):
            found.add((field.related_model, value))
        elif link or (not found and depth < MAX_DEPTH):
            found |= scopes_of(parent_of(instance, field), depth + 1)
    return found


class _Bump:
    """The on-commit callback of one transaction: each board and scope changed in it, once."""

    def __init__(self):
        self.board_ids = set()
        self.scopes = defaultdict(set)  # scope model -> pks

    def __call__(self):
        from lscb.models import Board

        if self.board_ids:
            Board.objects.filter(pk__in=self.board_ids).update(
                data_version=F("data_version") + 1)
        for model, pks in self.scopes.items():
            model._base_manager.filter(pk__in=pks).update(data_version=F("data_version") + 1)


def _bump(using):
    """This transaction's on-commit callback (a new one, run at once outside a transaction)."""
    conn = transaction.get_connection(using)
    if conn.in_atomic_block:
        for _sids, func, _robust in conn.run_on_commit:
            if isinstance(func, _Bump):
                return func
    bump = _Bump()
    transaction.on_commit(bump, using=using)
    return bump


def changed(board_id, using="default", scopes=()):
    """Note that data of ``scopes`` ({(model, pk)}) changed or, when there are none, data
    of ``board_id`` outside every scope: the versions go up when the transaction commits
    (at once outside a transaction)."""
    if board_id is None and not scopes:
        return
    conn = transaction.get_connection(using)
    if not conn.in_atomic_block:  # on_commit runs the callback before we could fill it
        bump = _Bump()
        _note(bump, board_id, scopes)
        bump()
        return
    _note(_bump(using), board_id, scopes)


def _note(bump, board_id, scopes):
    for model, pk in scopes:
        bump.scopes[model].add(pk)
    if not scopes:
        bump.board_ids.add(board_id)


def _record_changed(instance, using, deleted=False):
    scopes = scopes_of(instance)
    changed(board_id_of(instance) if not scopes else None, using, scopes)
    if deleted and is_scope(type(instance)):  # a plan gone: the board's figures change
        changed(board_id_of(instance), using)


def _saved(sender, instance, using=None, raw=False, **kwargs):
    if not counts(sender):
        return
    if raw:  # a restore or fixture: related records may not be there yet, go no further
        changed(instance.pk if is_board(sender) else getattr(instance, "board_id", None),
                using or "default")
        return
    _record_changed(instance, using or "default")


def _deleted(sender, instance, using=None, **kwargs):
    if counts(sender):
        _record_changed(instance, using or "default", deleted=True)


def _relinked(sender, instance, action, using=None, **kwargs):
    if action.startswith("post_") and counts(type(instance)):
        _record_changed(instance, using or "default")


def connect():
    post_save.connect(_saved, dispatch_uid="lscb.changes.saved")
    post_delete.connect(_deleted, dispatch_uid="lscb.changes.deleted")
    m2m_changed.connect(_relinked, dispatch_uid="lscb.changes.relinked")


def current_version(board_id):
    """The board's data version as stored now (not as loaded at the start of the request)."""
    from lscb.models import Board

    return Board.objects.filter(pk=board_id).values_list("data_version", flat=True).first() or 0


def current_versions(scope):
    """"<board's version>.<scope's version>" as stored now, in one query: what a paper
    about ``scope`` (a business plan, which belongs to a board by ``board``) is
    fingerprinted with."""
    row = type(scope)._base_manager.filter(pk=scope.pk).values_list(
        "board__data_version", "data_version").first()
    return "{}.{}".format(*row) if row else "0.0"


__all__ = ["changed", "connect", "current_version", "current_versions", "board_id_of",
           "scopes_of"]
