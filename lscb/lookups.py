"""Values from the request (query string, URL, posted choice) used to look records up.

Forms already refuse NUL characters (Django's CharField), but a value read straight
from ``request.GET``/``POST`` or the URL is not validated: PostgreSQL refuses text
holding NUL and the lookup would fail with a 500. No record can hold one, so such a
value simply finds nothing.
"""

from django.http import Http404


def lookup_value(value):
    """``value`` for a ``get_object_or_404`` lookup; 404 when no record can match it."""
    if value is not None and "\x00" in str(value):
        raise Http404("No such record")
    return value


def id_value(value):
    """An id typed as ASCII digits as an int, else None ("²".isdigit() is true)."""
    value = value or ""
    return int(value) if value.isascii() and value.isdigit() else None
