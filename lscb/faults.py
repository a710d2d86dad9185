"""When the database is unavailable: a clear 503 page, never a stack trace.

Django turns an exception raised in a middleware into a 500 response at that
middleware's own layer, so an outer middleware never sees it. The
``got_request_exception`` signal is sent first, while the exception is still being
handled: the receiver notes it on the request, and :class:`DatabaseUnavailableMiddleware`
(near the top of ``MIDDLEWARE``) swaps that 500 for the 503 page. Errors raised in a
view reach ``process_exception`` directly.

The page is rendered without the request (no context processors, no session, no
user), so it needs nothing from the database. Nothing is retried: the request's
transaction has rolled back, and the page says so. When the database comes back the
next request reconnects by itself (``CONN_HEALTH_CHECKS``).
"""

import logging
import sys

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger("lscb.faults")

RETRY_AFTER_SECONDS = 60
REQUEST_FLAG = "_lscb_database_unavailable"
# SQLSTATE classes/codes that mean "cannot reach or use the server", not a bad query:
# 08 connection exception, 53 insufficient resources (too many connections, disk full),
# 57P01-57P03 the server is shutting down, has crashed or is starting up.
UNAVAILABLE_SQLSTATES = ("08", "53", "57P01", "57P02", "57P03")
SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy",
                    "X-Frame-Options", "Cross-Origin-Opener-Policy", "Strict-Transport-Security")


def is_database_unavailable(exc):
    """True for a lost or refused database connection, not for a faulty query."""
    if isinstance(exc, InterfaceError):  # e.g. "connection already closed"
        return True
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    if type(cause).__module__.startswith("sqlite3"):
        message = str(exc).lower()  # "no such table" and the like are bugs, not outages
        return "database is locked" in message or "unable to open database" in message
    code = getattr(cause, "pgcode", None) or getattr(cause, "sqlstate", None)
    # no SQLSTATE: the server never answered (refused, timed out, connection dropped)
    return code is None or code.startswith(UNAVAILABLE_SQLSTATES)


def note_database_error(sender, request=None, **kwargs):
    exc = sys.exc_info()[1]
    if request is not None and exc is not None and is_database_unavailable(exc):
        setattr(request, REQUEST_FLAG, True)


got_request_exception.connect(note_database_error, dispatch_uid="lscb.faults.note_database_error")


def database_unavailable_response(request):
    htmx = request.headers.get("HX-Request") == "true"
    template = "_database_unavailable.html" if htmx else "503.html"
    response = HttpResponse(render_to_string(template), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store, private"
    if htmx:
        # shown before the element that made the request, which keeps what was typed
        response["HX-Reswap"] = "beforebegin"
    return response


def with_security_headers(original, replacement):
    """``replacement`` carrying ``original``'s security headers (the middlewares that set
    them ran on the original), with a strict CSP and nosniff if it had none."""
    for header in SECURITY_HEADERS:
        if header in original:
            replacement[header] = original[header]
    if "Content-Security-Policy" not in replacement:
        replacement["Content-Security-Policy"] = (
            "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
    replacement.setdefault("X-Content-Type-Options", "nosniff")
    return replacement


def caused_by_unavailable_database(error):
    """True if ``error`` or anything it was raised from (``__cause__``/``__context__``) is a
    lost or refused database connection: Django's session store, for one, turns that
    into ``UpdateError`` and then ``SessionInterrupted`` (a bare 400)."""
    seen = set()
    while error is not None and id(error) not in seen:
        if is_database_unavailable(error):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def may_have_been_saved_response(request):
    """The 503 page for a request whose view ran (and may have committed what it wrote)
    when the database went away afterwards, while saving the session."""
    htmx = request.headers.get("HX-Request") == "true"
    template = "_database_lost_after_save.html" if htmx else "503_may_have_been_saved.html"
    response = HttpResponse(render_to_string(template), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store, private"
    if htmx:
        response["HX-Reswap"] = "beforebegin"
    return response


class DatabaseUnavailableMiddleware:
    """503 "the database is not available" instead of a 500 or a traceback."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, REQUEST_FLAG, False):
            response = with_security_headers(response, database_unavailable_response(request))
        return response

    def process_exception(self, request, exception):
        if is_database_unavailable(exception):
            logger.error("database unavailable: %s %s: %s", request.method, request.path,
                         str(exception).strip().splitlines()[0] if str(exception).strip() else
                         type(exception).__name__)
            return database_unavailable_response(request)
        return None
