"""The Django admin behind the second factor.

The admin reads every board's users, challenges and authenticator devices, so a
password alone never opens it: every admin request needs a staff user whose session
is confirmed with their authenticator code (as django-otp's ``OTPAdminSite`` does), and
the admin's own sign-in page hands over to the app's sign-in and code pages instead of
taking a password itself.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, resolve_url
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from .two_factor import is_verified, next_url, where_to_confirm


class VerifiedAdminSite(admin.AdminSite):
    site_header = "LSCB Planner administration"

    def has_permission(self, request):
        verified = is_verified(request) or not settings.REQUIRE_TWO_FACTOR
        return super().has_permission(request) and verified

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request, extra_context=None):
        """Sign in through the app (password, then code), then come back here."""
        target = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        user = request.user
        if not user.is_authenticated:
            return redirect(f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': target})}")
        if user.is_staff and not is_verified(request) and settings.REQUIRE_TWO_FACTOR:
            return redirect(where_to_confirm(user, target))
        if self.has_permission(request):
            return redirect(next_url(request))
        return super().login(request, extra_context)  # signed in, but not an administrator

    def get_urls(self):
        """Signing out needs no second factor: the admin's own sign-out is behind
        ``has_permission`` and would send an unconfirmed session back to the index."""
        urls = [url for url in super().get_urls() if getattr(url, "name", None) != "logout"]
        return [path("logout/", self.logout, name="logout"), *urls]
