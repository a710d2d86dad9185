"""Django's session middleware and database session store with three changes.

1. A background poll (a request marked with :func:`keep_idle`, e.g. the PDF job's
   progress every 2 seconds) does not save the session, so a page left polling never
   renews the 30-minute idle limit.
2. Saving the session comes after the view, which may already have committed what it
   wrote. If that save fails because the database went away, the answer is the 503
   page saying what was sent *may* have been saved (check before sending it again),
   instead of the bare "Bad Request (400)" Django gives for an interrupted session.
3. An unchanged session is renewed (saved with a new expiry: an UPDATE and a commit)
   at most once a minute, not on every request (``SESSION_SAVE_EVERY_REQUEST``): the
   idle limit then runs from the last renewal, so it is never longer than 30 minutes
   and at most a minute shorter. Under load this was a write per page view.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DbSessionStore
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.core.exceptions import SuspiciousOperation
from django.db import connections, router
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from . import faults

logger = logging.getLogger("lscb.faults")
POLL_FLAG = "_lscb_keeps_session_idle"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
RENEW_EVERY = datetime.timedelta(seconds=60)


class SessionStore(DbSessionStore):
    """The database store, remembering the expiry of the row it loaded."""

    stored_expiry = None

    def _get_session_from_db(self):
        row = self._unexpired_row()
        self.stored_expiry = row.expire_date if row is not None else None
        return row

    def _unexpired_row(self):
        """What Django's store reads: the row of this key if it has not expired, else None
        (and the key is forgotten). Read on every request, so the query is written out:
        building it with the ORM cost more CPU than running it."""
        try:
            rows = list(self.model.objects.raw(*unexpired_row_sql(self.model, self.session_key)))
        except SuspiciousOperation as error:
            logging.getLogger(f"django.security.{error.__class__.__name__}").warning(str(error))
            rows = []
        if not rows:
            self._session_key = None
            return None
        return rows[0]


def unexpired_row_sql(model, session_key):
    """(sql, params) of ``model.objects.get(session_key=key, expire_date__gt=now)``."""
    connection = connections[router.db_for_read(model)]
    quote, meta = connection.ops.quote_name, model._meta
    columns = ", ".join(quote(field.column) for field in meta.concrete_fields)
    key, expiry = (quote(meta.get_field(name).column) for name in ("session_key", "expire_date"))
    sql = (f"SELECT {columns} FROM {quote(meta.db_table)} "
           f"WHERE {key} = %s AND {expiry} > %s")
    return sql, [session_key, connection.ops.adapt_datetimefield_value(timezone.now())]


def renewed_lately(session):
    """An unchanged session whose stored expiry was set less than a minute ago."""
    stored = getattr(session, "stored_expiry", None)
    if session.modified or stored is None or session.get_expiry_age() != settings.SESSION_COOKIE_AGE:
        return False
    return stored - timezone.now() > datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE) - RENEW_EVERY


def keep_idle(request):
    """Mark ``request`` as a background poll: it never renews the session."""
    setattr(request, POLL_FLAG, True)


class SessionMiddleware(DjangoSessionMiddleware):
    def process_response(self, request, response):
        if getattr(request, POLL_FLAG, False):
            return response
        if settings.SESSION_SAVE_EVERY_REQUEST and renewed_lately(request.session):
            patch_vary_headers(response, ("Cookie",))  # what Django adds to a read session
            return response
        try:
            return super().process_response(request, response)
        except Exception as error:
            if not faults.caused_by_unavailable_database(error):
                raise
            logger.error("database unavailable while saving the session: %s %s", request.method,
                         request.path)
            if request.method in SAFE_METHODS or response.status_code >= 500:
                # a read, or the view itself failed: nothing was saved
                replacement = faults.database_unavailable_response(request)
            else:
                replacement = faults.may_have_been_saved_response(request)
            return faults.with_security_headers(response, replacement)
