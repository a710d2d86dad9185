"""The quarterly preview's body kept in Django's cache under its data's fingerprint.

Building a big plan's preview means working out every action's position at two quarter
ends, yet between two changes to the board's or the plan's records it is the same
HTML. The body (the paper itself, below the page's quarter form) depends only on the
data and on what the query string asks for: the plan, the quarter, the meeting options
and what is opened (``?theme=``, ``?part=``, ``?all=``). Nothing in it depends on who
looks, except the meeting's author, which defaults to the viewer's name and is part of
``repr(meeting)``; the page around it (form, menu, the manager's commentary link, the
CSRF token of the sign-out form) is rendered for each request and never kept.

The key is ``background.quarterly_key`` (the board's id and data version, the plan's
data version, the quarter, the meeting, the day, the templates and the code that
gathers the data: what finds a stored PDF) plus what the page opens and the code that
decides it. A change to any record the paper shows raises a data version, so the next
view renders anew and stale HTML is never served; entries of old versions are never
asked for again and expire.
"""

import hashlib

from django.core.cache import cache

# The day is in the fingerprint, so no entry is asked for after a day.
TIMEOUT = 24 * 60 * 60
PREFIX = "quarterly-preview"


def cache_key(fingerprint, *opened):
    """The cache key of a body: the paper's fingerprint and plain values saying what is
    opened in it (and by which code)."""
    digest = hashlib.sha256("\n".join([fingerprint, *map(repr, opened)]).encode())
    return f"{PREFIX}:{digest.hexdigest()}"


def kept(key, build):
    """The entry stored under ``key``; ``build()`` makes (and stores) it when there is
    none."""
    entry = cache.get(key)
    if entry is None:
        entry = build()
        cache.set(key, entry, TIMEOUT)
    return entry
