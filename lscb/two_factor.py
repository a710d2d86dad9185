"""Two-factor sign-in (TOTP with django-otp) for the business manager, chairs and
administrators.

A signed-in manager, chair, staff member or superuser may read pages without a second
factor, but every write (POST, PUT, PATCH, DELETE), every bulk read (the board archive
and every export: :func:`confirmed_for_bulk_read`) and every page of the Django admin
(:mod:`lscb.admin_site`) needs a session confirmed with a code from their authenticator
app (or a single-use recovery code). Unconfirmed requests are sent to the set-up page
(no authenticator yet) or the verify page, with ``?next=`` back to where they were.
``REQUIRE_TWO_FACTOR`` (env ``LSCB_REQUIRE_2FA``, on by default) switches the
requirement off for a local demo.
"""

import logging
import math
import re
import xml.etree.ElementTree as ET
from base64 import b32encode
from functools import wraps
from urllib.parse import urlencode, urlsplit

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.checks import Tags, Warning, register
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import BoardUser, Role
from .security import ip_for_log

logger = logging.getLogger("lscb.security")

CONFIRM_MESSAGE = "Confirm it is you with your authenticator code before making changes."
RECOVERY_CODE_COUNT = 10
NEW_CODES_SESSION_KEY = "two_factor_new_recovery_codes"
PENDING_NAME = "Authenticator app (not confirmed yet)"
DEVICE_NAME = "Authenticator app"
EXEMPT_VIEWS = {
    "login", "logout", "two_factor_setup", "two_factor_verify", "two_factor_recovery",
    "admin:login", "admin:logout",
}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


# --- who needs it, and what they have ---------------------------------------------------

def requires_two_factor(user, board_users=None):
    """Managers, chairs and agency representatives (on any of their boards), staff and
    superusers."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    if board_users is None:
        roles = set(BoardUser.objects.filter(user=user).values_list("role", flat=True))
    else:
        roles = {membership.role for membership in board_users}
    return bool(roles & {Role.MANAGER, Role.CHAIR, Role.AGENCY_REP})


def confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def recovery_device(user):
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def is_verified(request):
    check = getattr(request.user, "is_verified", None)
    return bool(check and check())


def _with_next(url_name, next_url):
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _safe_path(request, url):
    """``url`` as a local path (with query) if it points at this site, else None."""
    if not url or not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    parts = urlsplit(url)
    if not parts.path.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def next_url(request):
    """The validated ``next`` parameter (POST first, then GET), or the dashboard."""
    target = _safe_path(request, request.POST.get("next") or request.GET.get("next"))
    if target and urlsplit(target).path == request.path:
        target = None  # never back to the same page (no redirect loops)
    return target or reverse(settings.LOGIN_REDIRECT_URL)


def came_from(request):
    """The page a refused write was sent from: htmx's current URL, else the Referer."""
    candidates = []
    if getattr(request, "htmx", False):
        candidates.append(request.htmx.current_url)
    candidates.append(request.headers.get("Referer"))
    for url in candidates:
        path = _safe_path(request, url)
        if path:
            return path
    return reverse(settings.LOGIN_REDIRECT_URL)


def where_to_confirm(user, next_path):
    """The verify page if the user has an authenticator, else the set-up page."""
    name = "two_factor_verify" if confirmed_device(user) else "two_factor_setup"
    return _with_next(name, next_path)


def after_sign_in(request, response):
    """Called by the login view: managers and chairs go on to confirm their code."""
    user = request.user
    if settings.REQUIRE_TWO_FACTOR and requires_two_factor(user) and not is_verified(request):
        return redirect(where_to_confirm(user, response.url))
    return response


# --- middleware ---------------------------------------------------------------------------

class TwoFactorRequiredMiddleware:
    """Refuses writes by a manager, chair or administrator whose session is not
    confirmed with a second factor. Reading stays allowed; viewers are unaffected."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in SAFE_METHODS or not settings.REQUIRE_TWO_FACTOR:
            return None
        user = request.user
        if not user.is_authenticated or is_verified(request):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in EXEMPT_VIEWS:
            return None
        if not requires_two_factor(user, getattr(request, "board_users", None)):
            return None
        logger.warning("refused %s %s user=%s ip=%s reason=two-factor not confirmed",
                       request.method, request.path, user.get_username(), ip_for_log(request))
        messages.warning(request, CONFIRM_MESSAGE)
        target = where_to_confirm(user, came_from(request))
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(target)
        return redirect(target)


def needs_confirmation(request):
    """True when this user must confirm a second factor and this session has not."""
    user = request.user
    return bool(settings.REQUIRE_TWO_FACTOR and user.is_authenticated and not is_verified(request)
                and requires_two_factor(user, getattr(request, "board_users", None)))


def confirm_first(request, reason):
    """Send the user to confirm their code, then back to this very page."""
    logger.warning("refused %s %s user=%s ip=%s reason=%s", request.method, request.path,
                   request.user.get_username(), ip_for_log(request), reason)
    messages.warning(request, "Confirm it is you with your authenticator code first: "
                              "downloads of the board's data need it.")
    return redirect(where_to_confirm(request.user, request.get_full_path()))


def confirmed_for_bulk_read(view):
    """For a download of the board's data in bulk (the archive, a table, an export): a
    password alone is not enough for the roles that have a second factor."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if needs_confirmation(request):
            return confirm_first(request, "two-factor not confirmed for a bulk download")
        return view(request, *args, **kwargs)

    return wrapper


# --- QR code and secret -------------------------------------------------------------------

SVG_NS = "http://www.w3.org/2000/svg"


def _strip_styles(element):
    """Remove ``style`` attributes and ``<style>`` elements (the CSP blocks both)."""
    for child in list(element):
        tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if tag == "style":
            element.remove(child)
        else:
            _strip_styles(child)
    element.attrib.pop("style", None)


def qr_svg(text, label="QR code for your authenticator app"):
    """The QR code of ``text`` as an inline ``<svg>``, drawn on the server (no script,
    no inline style: the CSP allows it)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10)
    root = ET.fromstring(image.to_string(encoding="unicode"))
    _strip_styles(root)
    root.set("width", "240")
    root.set("height", "240")
    root.set("class", "qr-code")
    root.set("role", "img")
    root.set("aria-label", label)
    root.set("focusable", "false")
    for element in root.iter():
        element.tag = element.tag.rsplit("}", 1)[-1]  # plain <svg>, <rect>, <path> in HTML
        element.attrib.pop("id", None)  # no fixed ids that could clash in the page
    root.set("xmlns", SVG_NS)
    # built from our own element tree: only the path data of the code, no user text
    return mark_safe(ET.tostring(root, encoding="unicode"))


def grouped_secret(device):
    """The device key in base32, in groups of four, for typing in by hand."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


# --- forms --------------------------------------------------------------------------------

class CodeForm(forms.Form):
    code = forms.CharField(
        label="Enter the 6-digit code",
        max_length=32,
        widget=forms.TextInput(attrs={
            "autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True,
            "spellcheck": "false", "autocapitalize": "off",
        }),
        error_messages={"required": "Enter the 6-digit code from your authenticator app."},
    )

    def __init__(self, *args, allow_recovery=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.allow_recovery = allow_recovery
        if allow_recovery:
            self.fields["code"].help_text = (
                "The code your authenticator app shows for LSCB Planner. No phone? "
                "Enter one of your recovery codes instead."
            )
            self.fields["code"].widget.attrs["inputmode"] = "text"
        else:
            self.fields["code"].help_text = "The code your authenticator app shows for LSCB Planner."

    def clean_code(self):
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"]).lower()
        if re.fullmatch(r"\d{6}", code):
            return code
        if self.allow_recovery and re.fullmatch(r"[a-z2-7]{8}", code):
            return code
        if self.allow_recovery:
            raise forms.ValidationError(
                "Enter the 6 digits from your authenticator app, or a recovery code "
                "(8 letters and digits).")
        raise forms.ValidationError("Enter the 6 digits from your authenticator app.")


def throttle_message(device):
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    locked_until = (data or {}).get("locked_until")
    seconds = 1
    if locked_until:
        seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    wait = f"{seconds} second{'s' if seconds != 1 else ''}"
    return (f"Too many wrong codes. For your security, wait {wait}, then enter the newest "
            "code from your authenticator app.")


def make_recovery_codes(user):
    """Replace the user's recovery codes with ``RECOVERY_CODE_COUNT`` new ones."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": "Recovery codes", "confirmed": True})
    device.token_set.all().delete()
    device.throttle_reset(commit=False)
    device.confirmed = True
    device.save()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def _refuse_if_not_needed(request):
    if not requires_two_factor(request.user):
        if request.method == "POST":
            raise PermissionDenied("Two-factor sign-in is for business managers, chairs and "
                                   "administrators.")
        return render(request, "registration/two_factor_not_needed.html")
    return None


# --- views --------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Add an authenticator app: QR code and secret, then a code to confirm it."""
    refused = _refuse_if_not_needed(request)
    if refused:
        return refused
    user = request.user
    target = next_url(request)
    device = confirmed_device(user)
    if device and not is_verified(request):
        messages.info(request, "Confirm it is you before changing your two-factor sign-in.")
        return redirect(_with_next("two_factor_verify", request.get_full_path()))
    if device and not request.GET.get("replace"):
        if request.method == "POST":
            return redirect(request.get_full_path())
        static = recovery_device(user)
        return render(request, "registration/two_factor_status.html", {
            "device": device, "next": target,
            "codes_left": static.token_set.count() if static else 0,
        })

    pending = (TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
               or TOTPDevice.objects.create(user=user, name=PENDING_NAME, confirmed=False))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        throttled = throttle_message(pending)
        if throttled:
            form.add_error("code", throttled)
            logger.warning("two-factor set-up throttled user=%s ip=%s", user.get_username(),
                           ip_for_log(request))
        elif pending.verify_token(form.cleaned_data["code"]):
            with transaction.atomic():
                TOTPDevice.objects.filter(user=user).exclude(pk=pending.pk).delete()
                pending.name, pending.confirmed = DEVICE_NAME, True
                pending.save(update_fields=["name", "confirmed"])
                codes = make_recovery_codes(user)
            otp_login(request, pending)
            request.session[NEW_CODES_SESSION_KEY] = codes
            logger.info("two-factor set up user=%s ip=%s", user.get_username(), ip_for_log(request))
            messages.success(request, "Two-factor sign-in is on. Keep your recovery codes safe.")
            return redirect(_with_next("two_factor_recovery", target))
        else:
            form.add_error("code", "That code is not right. Check that the time on your phone is "
                                   "correct and enter the newest 6-digit code.")
            logger.warning("two-factor set-up failed user=%s ip=%s", user.get_username(),
                           ip_for_log(request))
    return render(request, "registration/two_factor_setup.html", {
        "form": form, "qr_svg": qr_svg(pending.config_url), "secret": grouped_secret(pending),
        "next": target, "replacing": device is not None,
    })


@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """Confirm this session with a code from the authenticator app or a recovery code."""
    refused = _refuse_if_not_needed(request)
    if refused:
        return refused
    user = request.user
    target = next_url(request)
    device = confirmed_device(user)
    if device is None:
        return redirect(_with_next("two_factor_setup", target))
    if is_verified(request) and request.method == "GET":
        return redirect(target)
    form = CodeForm(request.POST or None, allow_recovery=True)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        is_recovery = not code.isdigit()
        candidate = recovery_device(user) if is_recovery else device
        throttled = throttle_message(candidate) if candidate else None
        verified = None
        if throttled:
            form.add_error("code", throttled)
            logger.warning("two-factor throttled user=%s ip=%s", user.get_username(),
                           ip_for_log(request))
        elif candidate is not None:
            verified = verify_token(user, candidate.persistent_id, code)
        if verified is not None:
            otp_login(request, verified)
            method = "recovery code" if is_recovery else "app"
            logger.info("two-factor verified user=%s ip=%s method=%s", user.get_username(),
                        ip_for_log(request), method)
            if is_recovery:
                left = verified.token_set.count()
                messages.warning(request, f"You used a recovery code: {left} left. Make new codes "
                                          "from Two-factor sign-in when you run low.")
            return redirect(target)
        if not throttled:
            form.add_error("code", "That code is not right. Enter the newest code from your "
                                   "authenticator app, or an unused recovery code.")
            logger.warning("two-factor failed user=%s ip=%s", user.get_username(),
                           ip_for_log(request))
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": target})


@require_http_methods(["GET", "POST"])
def two_factor_recovery(request):
    """Shows new recovery codes once; makes a new set (the old ones stop working)."""
    refused = _refuse_if_not_needed(request)
    if refused:
        return refused
    user = request.user
    target = next_url(request)
    if confirmed_device(user) is None:
        return redirect(_with_next("two_factor_setup", target))
    if not is_verified(request):
        messages.info(request, "Confirm it is you before seeing your recovery codes.")
        return redirect(_with_next("two_factor_verify", request.get_full_path()))
    if request.method == "POST":
        request.session[NEW_CODES_SESSION_KEY] = make_recovery_codes(user)
        logger.info("two-factor recovery codes replaced user=%s ip=%s", user.get_username(),
                    ip_for_log(request))
        return redirect(_with_next("two_factor_recovery", target))
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    static = recovery_device(user)
    return render(request, "registration/two_factor_recovery.html", {
        "codes": codes, "next": target, "codes_left": static.token_set.count() if static else 0,
    })


# --- system check -------------------------------------------------------------------------

@register(Tags.security, deploy=True)
def check_two_factor_required(app_configs, **kwargs):
    if not getattr(settings, "REQUIRE_TWO_FACTOR", True):
        return [Warning(
            "Two-factor sign-in is switched off (LSCB_REQUIRE_2FA=0): business managers and "
            "chairs can make changes with a password alone.",
            hint="Unset LSCB_REQUIRE_2FA or set it to 1 in production.",
            id="lscb.W001",
        )]
    return []
