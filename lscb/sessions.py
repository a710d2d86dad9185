"""Django's session middleware with two changes.

1. A background poll (a request marked with :func:`keep_idle`, e.g. the PDF job's
   progress every 2 seconds) does not save the session, so a page left polling never
   renews the 30-minute idle limit.
2. Saving the session comes after the view, which may already have committed what it
   wrote. If that save fails because the database went away, the answer is the 503
   page saying what was sent *may* have been saved (check before sending it again),
   instead of the bare "Bad Request (400)" Django gives for an interrupted session.
"""

import logging

from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware

from . import faults

logger = logging.getLogger("lscb.faults")
POLL_FLAG = "_lscb_keeps_session_idle"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


def keep_idle(request):
    """Mark ``request`` as a background poll: it never renews the session."""
    setattr(request, POLL_FLAG, True)


class SessionMiddleware(DjangoSessionMiddleware):
    def process_response(self, request, response):
        if getattr(request, POLL_FLAG, False):
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
