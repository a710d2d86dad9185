"""Security logging: sign-ins, failures, sign-outs and refusals (time, user, IP;
never passwords)."""

import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

logger = logging.getLogger("lscb.security")


def client_ip(request):
    if request is None:
        return "-"
    return request.META.get("REMOTE_ADDR", "-")


@receiver(user_logged_in)
def log_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        import time

        request.session["signed_in_at"] = time.time()
    logger.info("sign-in user=%s ip=%s", user.get_username(), client_ip(request))


@receiver(user_login_failed)
def log_failure(sender, credentials, request=None, **kwargs):
    logger.warning("sign-in failed user=%s ip=%s", credentials.get("username", "?"),
                   client_ip(request))


@receiver(user_logged_out)
def log_sign_out(sender, request, user, **kwargs):
    logger.info("sign-out user=%s ip=%s", user.get_username() if user else "-",
                client_ip(request))


def log_refusal(request, reason):
    user = request.user.get_username() if request.user.is_authenticated else "anonymous"
    logger.warning("refused %s %s user=%s ip=%s reason=%s", request.method, request.path, user,
                   client_ip(request), reason)
