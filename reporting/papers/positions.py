"""Where each action of a plan stood at a quarter's end and the previous one, kept between
requests.

The quarterly paper counts every action's RAG at two past days, and for an action with
updates dated after those days that is a lookup among its updates (``rag_at``): a big
plan's thousands of lookups were the largest part of building the paper again after any
change. Yet an action's past positions change only when its updates do, and every such
change draws a new ``Action.progress_stamp`` in the same transaction (``actions.latest``).
So the positions are kept in Django's cache, per plan and quarter, each with the stamp it
was worked out under, and only actions whose stamp has moved on are looked up again:
after an update is posted, one action instead of all of them.

A kept position is used only when its stamp is the action's stamp as read now. Stamps
are random, so an old one never comes back, even for another action given a reused id;
and each lookup reads the stamp in the same row as the positions, so a copy made while a
writer commits is stored under the stamp it was worked out from.
"""

import functools

from django.core.cache import cache

from actions.models import Action, rag_at
from lscb.fiscal import Quarter

PREFIX = "quarter-positions:1"  # raise the number when what is kept changes shape
TIMEOUT = 30 * 24 * 60 * 60  # a quarter's paper is looked at again weeks later
# Beyond this many to look up, they are read over the plan's actions rather than by id.
BY_ID = 200


def looked_up(actions, quarter: Quarter):
    """(pk, progress_stamp, rag, prev_rag) of ``actions``, looked up."""
    return actions.order_by().annotate(
        rag=rag_at(quarter.end), prev_rag=rag_at(quarter.previous().end),
    ).values_list("pk", "progress_stamp", "rag", "prev_rag")


@functools.lru_cache(maxsize=64)
def lookup(quarter: Quarter):
    """``looked_up`` of every action, built once per quarter and process, for callers to
    filter (a copy; never iterated itself, so it holds no rows): Django takes longer to
    resolve the two lookups than the database takes to run them for a few actions."""
    return looked_up(Action.objects.all(), quarter)


def cache_key(plan_id, quarter: Quarter):
    return f"{PREFIX}:{plan_id}:{quarter.year}-{quarter.number}"


def positions(plan, quarter: Quarter, actions, stamps, whole=True):
    """``{pk: (rag, prev_rag)}``: each action's RAG at the end of ``quarter`` and of the
    previous quarter, as ``rag_at`` gives them. ``actions``: a queryset of ``plan``'s
    actions; ``stamps``: ``{pk: progress_stamp}`` of those wanted, read with the rest of
    their row. ``whole``: they are all the plan's actions the paper counts, so kept
    positions of others (archived, moved, deleted) are dropped. An action missing from
    the answer left ``actions`` between the two reads."""
    key = cache_key(plan.pk, quarter)
    kept = cache.get(key) or {}
    found, stale = {}, []
    for pk, stamp in stamps.items():
        entry = kept.get(pk)
        if entry is not None and entry[0] == stamp:
            found[pk] = entry[1:]
        else:
            stale.append(pk)
    if not stale:
        return found
    rows = (looked_up(actions, quarter) if len(stale) > BY_ID
            else lookup(quarter).filter(pk__in=stale))
    for pk, stamp, rag, prev_rag in rows:
        kept[pk] = (stamp, rag, prev_rag)
        if pk in stamps:
            found[pk] = (rag, prev_rag)
    if whole and len(kept) > len(stamps):  # some have gone since they were kept
        kept = {pk: kept[pk] for pk in stamps if pk in kept}
    cache.set(key, kept, TIMEOUT)
    return found
