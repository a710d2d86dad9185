"""Sign-in protections, sessions, security headers and error pages."""

import logging
import time

import pytest
from django.test import override_settings
from django.urls import reverse

from . import factories as f


def attempt(client, username, password, ip="10.0.0.1"):
    return client.post("/accounts/login/", {"username": username, "password": password},
                       REMOTE_ADDR=ip)


def test_lockout_is_per_username_and_ip(client, users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "viewer", "wrong-password-123")
    locked = attempt(client, "viewer", f.PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    # a colleague behind the same office IP can still sign in
    assert attempt(client, "manager", f.PASSWORD).status_code == 302
    client.logout()
    # and the same user from another address too
    assert attempt(client, "viewer", f.PASSWORD, ip="10.0.0.2").status_code == 302


def test_sign_ins_and_failures_are_logged_without_passwords(client, users, caplog):
    with caplog.at_level(logging.INFO, logger="lscb.security"):
        attempt(client, "viewer", "not-the-password-9")
        attempt(client, "viewer", f.PASSWORD)
    text = caplog.text
    assert "sign-in failed user=viewer ip=10.0.0.1" in text
    assert "sign-in user=viewer ip=10.0.0.1" in text
    assert "not-the-password-9" not in text and f.PASSWORD not in text


def test_refusals_are_logged_and_explained(login, users, own_action, caplog):
    with caplog.at_level(logging.WARNING, logger="lscb.security"):
        response = login(users["viewer"]).post(
            reverse("actions:post_update", args=[own_action.pk]), {"rag": "green"})
    assert response.status_code == 403
    assert "You cannot do this" in response.content.decode()
    assert "refused POST" in caplog.text and "user=viewer" in caplog.text


def test_idle_and_absolute_session_limits(client, users, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
    attempt(client, "viewer", f.PASSWORD)
    assert client.get("/").status_code == 200
    session = client.session
    session["signed_in_at"] = time.time() - 12 * 60 * 60 - 5
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.get("/").status_code == 302  # signed out for good


def test_passwords_need_12_characters_and_not_common(db):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ["short-pw", "password1234", "123456789012"]:
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("correct-horse-battery-staple")


def test_security_headers_on_signed_in_pages(login, users):
    response = login(users["viewer"]).get("/")
    csp = response["Content-Security-Policy"]
    for directive in ["default-src 'self'", "script-src 'self'", "style-src 'self'",
                      "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'"]:
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "no-store" in response["Cache-Control"]


def test_no_inline_scripts_or_styles_in_pages(login, users, plan, own_action):
    client = login(users["manager"])
    for url in ["/", "/actions/", f"/plans/{plan.slug}/", own_action.get_absolute_url()]:
        body = client.get(url).content.decode()
        assert "<script>" not in body and "<style" not in body and 'style="' not in body, url


@override_settings(DEBUG=False)
def test_generic_error_pages(login, users, client):
    page = login(users["viewer"]).get("/plans/no-such-plan/")
    assert page.status_code == 404 and "Page not found" in page.content.decode()
    assert "Traceback" not in page.content.decode()


def test_health_check_needs_no_sign_in(client, db):
    response = client.get("/health/")
    assert response.status_code == 200 and response.content == b"ok"
