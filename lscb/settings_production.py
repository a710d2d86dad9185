"""Production settings: ``DJANGO_SETTINGS_MODULE=lscb.settings_production``.

Requires SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL in the environment.
Assumes TLS is terminated by a reverse proxy that sets X-Forwarded-Proto.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .settings import *  # noqa: F403
from .settings import BASE_DIR, cache_settings, env_bool

DEBUG = env_bool("DEBUG", False)
if "SECRET_KEY" not in os.environ:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment for production.")
SECRET_KEY = os.environ["SECRET_KEY"]

# Two-factor sign-in must be on in production (a deploy check warns if it is off).
REQUIRE_TWO_FACTOR = env_bool("LSCB_REQUIRE_2FA", True)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Shared by the gunicorn workers (and kept across restarts): a body rendered by one worker
# serves the repeat views that reach the others. Outside MEDIA_ROOT and never served: the
# file cache unpickles what it reads.
CACHES = cache_settings(os.environ.get("LSCB_CACHE_DIR", BASE_DIR / "cache"))
