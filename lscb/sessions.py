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
        row = super()._get_session_from_db()
        self.stored_expiry = row.expire_date if row is not None else None
        return row


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
