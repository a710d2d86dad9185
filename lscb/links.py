"""Links without a ``reverse()`` each time: to records by id (a list of a few hundred
rows spent a millisecond or more on them, about 0.05 ms a reverse, measured here) and
the menu's pages on every page."""

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse

SENTINEL = 987654321  # an id no route's other parts contain
_around = {}


def id_url(name, pk):
    """``reverse(name, args=[pk])`` for a route whose one argument is an integer id.

    The URL around the id is worked out once for each route, script prefix and URLconf
    (a changed URLconf has a new resolver, so it is worked out again); what comes back
    is what ``reverse`` gives."""
    if not isinstance(pk, int):
        return reverse(name, args=[pk])
    key = (name, get_script_prefix(), get_resolver(get_urlconf()))
    around = _around.get(key)
    if around is None:
        around = _around[key] = tuple(reverse(name, args=[SENTINEL]).split(str(SENTINEL)))
    if len(around) != 2:
        return reverse(name, args=[pk])
    return f"{around[0]}{pk}{around[1]}"


_fixed = {}


def fixed_url(name):
    """``reverse(name)`` for a route without arguments (the menu's), worked out once for
    each script prefix and URLconf."""
    key = (name, get_script_prefix(), get_resolver(get_urlconf()))
    url = _fixed.get(key)
    if url is None:
        url = _fixed[key] = reverse(name)
    return url
