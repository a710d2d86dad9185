from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class LscbConfig(AppConfig):
    name = "lscb"
    verbose_name = "Board"

    def ready(self):
        # connects the sign-in signal receivers; registers the two-factor system check
        from . import changes, security, two_factor  # noqa: F401

        changes.connect()  # the board's data version, for stored papers' fingerprints


class VerifiedAdminConfig(admin_apps.AdminConfig):
    """The Django admin, as ``lscb.admin_site.VerifiedAdminSite``: second factor on every
    request."""

    default = False  # lscb's own config stays LscbConfig
    default_site = "lscb.admin_site.VerifiedAdminSite"
