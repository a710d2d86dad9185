"""Double submits are stored once.

Each form page carries a one-off key (``{% submission_key %}`` beside the CSRF token).
A POST with a key is saved in one transaction together with a :class:`Submission` row
for (user, key), unique in the database, and that row records the answer: where the
user was sent and what they were told. The same form sent again, whether after the
first was stored or while it was still being saved (the database makes the second
insert wait, then refuse), saves nothing and gets the first answer again, so the user
sees the same page and message however many times the button was pressed. A POST
without a key (an old page, a script) is saved as before.
"""

import datetime
import re
import secrets

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, resolve_url
from django.utils import timezone

from .models import Submission

FIELD = "submission_key"
KEY = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
KEEP = datetime.timedelta(days=1)


class AlreadySubmitted(Exception):
    def __init__(self, submission):
        super().__init__("This form was already sent.")
        self.submission = submission


def new_key():
    return secrets.token_urlsafe(24)


def key_of(request):
    value = request.POST.get(FIELD, "")
    return value if request.user.is_authenticated and KEY.match(value) else None


def earlier(request):
    """The answer this very form already had, or None."""
    key = key_of(request)
    if key is None:
        return None
    return Submission.objects.filter(user=request.user, key=key).first()


def claim(request):
    """Inside the save's transaction: note this form as sent (None without a key).
    Raises AlreadySubmitted if it was stored already or is being stored right now."""
    key = key_of(request)
    if key is None:
        return None
    Submission.objects.filter(user=request.user,
                              created_at__lt=timezone.now() - KEEP).delete()
    try:
        with transaction.atomic():
            return Submission.objects.create(user=request.user, key=key)
    except IntegrityError:
        raise AlreadySubmitted(Submission.objects.get(user=request.user, key=key)) from None


def settle(submission, target, message="", object_id=None):
    """Record the answer (inside the same transaction as the save)."""
    if submission is None:
        return
    submission.target, submission.message = str(target)[:500], str(message)[:500]
    submission.object_id = object_id
    submission.save(update_fields=["target", "message", "object_id"])


def replay(request, submission):
    """The first answer again: its message, and a redirect to the same page."""
    if submission.message:
        messages.success(request, submission.message)
    return redirect(submission.target or "/")


def replayed(request):
    """For the top of a view that takes a form, before the form is checked (a second
    "Add" would otherwise fail on the name the first one took): the first answer if this
    form was sent before, else None."""
    first = earlier(request) if request.method == "POST" else None
    return replay(request, first) if first else None


def save_once(request, save, done, saved=""):
    """Run ``save()`` once for this form, in one transaction; answer with a redirect to
    ``done`` (a URL, URL name, or function of the saved record) and the message ``saved``
    (a format string filled with the record, or a function of it: use a function when
    the text holds what users typed, whose braces a format string would read). The same
    form sent again gets the same answer."""
    try:
        with transaction.atomic():
            ticket = claim(request)
            record = save()
            target = resolve_url(done(record) if callable(done) else done)
            message = saved(record) if callable(saved) else saved.format(record) if saved else ""
            settle(ticket, target, message, getattr(record, "pk", None))
    except AlreadySubmitted as again:
        return replay(request, again.submission)
    if message:
        messages.success(request, message)
    return redirect(target)
