"""The one home of each action's stored latest update (``Action.latest_rag``/``latest_on``)
and of the stamp that says its updates changed (``Action.progress_stamp``).

Pages read the current RAG and date of thousands of actions as two columns instead of a
correlated subquery per action. The copy is refreshed inside the transaction that adds or
withdraws an update (signals below, connected in ``ActionsConfig.ready``), and explicitly
after writes that send no signal (bulk_create, a raw archive restore), from the one
definition of the latest update, ``ProgressUpdate.objects.latest_first``.
"""

import secrets

from django.db import transaction
from django.db.models import QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from lscb.rag import RAG

from .models import Action, ProgressUpdate


@transaction.atomic
def refresh(action_ids):
    """Store the latest standing update's RAG and date on each of ``action_ids`` (ids, or
    a queryset of ids). The rows are locked first: a concurrent poster's refresh waits for
    this transaction, then (a new statement, a new snapshot under READ COMMITTED) sees its
    update, so the last refresh to run always sees every committed update."""
    ids = action_ids if isinstance(action_ids, QuerySet) else list(action_ids)
    # NO KEY UPDATE: the poster's own insert holds KEY SHARE on the action (the foreign
    # key), which FOR UPDATE would wait on: two posters would deadlock
    locked = Action.objects.select_for_update(no_key=True).filter(pk__in=ids).order_by("pk")
    if not list(locked.values_list("pk", flat=True)):
        return
    latest = ProgressUpdate.objects.latest_first()
    # a queryset update: no save(), so no history row and no signal for a derived value
    Action.objects.filter(pk__in=ids).update(
        latest_rag=Coalesce(Subquery(latest.values("rag")[:1]), Value(RAG.NOT_STARTED)),
        latest_on=Subquery(latest.values("date")[:1]),
        progress_stamp=new_stamp(),
    )


def new_stamp():
    """A new ``Action.progress_stamp``: random, so never one an action had before."""
    return secrets.randbits(62)


def refresh_board(board):
    """Refresh every action of ``board`` (a board or its id), after a restore or a bulk
    load, which send no signal."""
    refresh(Action.objects.filter(board=board).values("pk"))


def update_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh([instance.action_id])


def withdrawal_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        action_id = (ProgressUpdate.objects.filter(pk=instance.update_id)
                     .values_list("action_id", flat=True).first())
        if action_id is not None:
            refresh([action_id])
