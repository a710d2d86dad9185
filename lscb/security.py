"""Security logging: sign-ins, failures, sign-outs, password changes and refusals (time,
user, IP; never passwords), and the one function that says which address a request
came from.

Every value written to the log is kept on one line: a username, a path or a reason
holding a newline or another control character is escaped (``\\n``, ``\\x1b``), so
nobody can write a forged line into the log by typing one.
"""

import ipaddress
import logging
import re
import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

logger = logging.getLogger("lscb.security")

# C0 and C1 controls, DEL, and the Unicode line and paragraph separators
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(text):
    """``text`` with every control character written as an escape, so it stays one line."""
    def escape(match):
        char = match.group()
        return NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else
                                   f"\\u{ord(char):04x}")

    return CONTROL_CHARACTERS.sub(escape, str(text))


class OneLinePerRecord(logging.Filter):
    """A logging filter that escapes control characters in the message and its values
    (a traceback, logged as ``exc_info``, keeps its lines)."""

    def filter(self, record):
        record.msg = one_line(record.getMessage())
        record.args = None
        return True


def client_ip(request):
    """The client's address: ``REMOTE_ADDR``, or behind ``TRUSTED_PROXY_COUNT`` reverse
    proxies the address the outermost of them saw.

    Each proxy appends the address it received the request from to
    X-Forwarded-For, so with n trusted proxies the client is the n-th entry from the
    right; anything to the left of it was written by the client and is ignored. A
    request that did not pass through all n proxies (too few entries) or names no valid
    address counts as coming from ``REMOTE_ADDR``. Used by django-axes
    (``AXES_CLIENT_IP_CALLABLE``) and by every line of the security log.
    """
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return remote


def ip_for_log(request):
    return client_ip(request) or "-"


@receiver(user_logged_in)
def log_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session["signed_in_at"] = time.time()
    logger.info("sign-in user=%s ip=%s", user.get_username(), ip_for_log(request))


@receiver(user_login_failed)
def log_failure(sender, credentials, request=None, **kwargs):
    logger.warning("sign-in failed user=%s ip=%s", credentials.get("username", "?"),
                   ip_for_log(request))


@receiver(user_logged_out)
def log_sign_out(sender, request, user, **kwargs):
    logger.info("sign-out user=%s ip=%s", user.get_username() if user else "-",
                ip_for_log(request))


def log_event(request, event, **details):
    """One line for something a signed-in user did that matters to security."""
    extra = "".join(f" {key}=%s" for key in details)
    logger.info(f"{event} user=%s ip=%s{extra}", request.user.get_username(), ip_for_log(request),
                *details.values())


def log_refusal(request, reason):
    user = request.user.get_username() if request.user.is_authenticated else "anonymous"
    logger.warning("refused %s %s user=%s ip=%s reason=%s", request.method, request.path, user,
                   ip_for_log(request), reason)
