"""Two-factor sign-in: managers, chairs and administrators confirm a TOTP code
(or a single-use recovery code) before any change; reading and viewers are unaffected."""

import logging
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lscb.two_factor import CONFIRM_MESSAGE, check_two_factor_required, make_recovery_codes

from . import factories as f
from . import otp

BASE_DIR = Path(__file__).resolve().parent.parent
SETUP = reverse("two_factor_setup")
VERIFY = reverse("two_factor_verify")
RECOVERY = reverse("two_factor_recovery")

# updates are dated today: the plan must run to today (actions/dating.py)
pytestmark = pytest.mark.usefixtures("plan_through_today")


def update_url(action):
    return reverse("actions:post_update", args=[action.pk])


def update_data(**changes):
    return {"rag": "green", "date": timezone.localdate().isoformat(), "narrative": "Going well",
            **changes}


def split(location):
    parts = urlsplit(location)
    return parts.path, {key: values[0] for key, values in parse_qs(parts.query).items()}


def is_verified(client):
    return DEVICE_ID_SESSION_KEY in client.session


# --- writes are refused until the session is confirmed -------------------------------------

@pytest.mark.parametrize("role", ["manager", "chair"])
def test_unverified_write_goes_to_verify_and_writes_nothing(unverified_login, users, own_action,
                                                            role):
    otp.confirmed_device(users[role])
    client = unverified_login(users[role])
    page = own_action.get_absolute_url()
    response = client.post(update_url(own_action), update_data(),
                           HTTP_REFERER=f"http://testserver{page}")
    assert response.status_code == 302
    path, query = split(response["Location"])
    assert path == VERIFY and query == {"next": page}
    assert own_action.updates.count() == 0
    assert CONFIRM_MESSAGE in [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("role", ["manager", "chair"])
def test_without_an_authenticator_the_write_goes_to_setup(unverified_login, users, own_action,
                                                          role):
    client = unverified_login(users[role])
    response = client.post(update_url(own_action), update_data())
    path, query = split(response["Location"])
    assert path == SETUP and query == {"next": "/"}  # no Referer: back to the dashboard
    assert own_action.updates.count() == 0
    page = client.get(response["Location"])
    assert CONFIRM_MESSAGE in page.content.decode()


def test_reading_needs_no_second_factor(unverified_login, users, plan, own_action):
    client = unverified_login(users["manager"])
    for url in ["/", "/actions/", own_action.get_absolute_url(), f"/plans/{plan.slug}/",
                reverse("actions:edit", args=[own_action.pk])]:
        assert client.get(url).status_code == 200, url


def test_htmx_write_gets_hx_redirect(unverified_login, users, own_action):
    otp.confirmed_device(users["chair"])
    client = unverified_login(users["chair"])
    response = client.post(update_url(own_action), update_data(), HTTP_HX_REQUEST="true",
                           HTTP_HX_CURRENT_URL="http://testserver/actions/?rag=red")
    assert response.status_code == 200
    path, query = split(response["HX-Redirect"])
    assert path == VERIFY and query == {"next": "/actions/?rag=red"}
    assert own_action.updates.count() == 0


def test_next_never_points_off_site(unverified_login, users, own_action):
    client = unverified_login(users["manager"])
    response = client.post(update_url(own_action), update_data(),
                           HTTP_REFERER="https://evil.example.com/phish")
    assert split(response["Location"])[1] == {"next": "/"}
    verify = client.get(f"{SETUP}?next=https://evil.example.com/")
    assert 'href="https://evil.example.com/' not in verify.content.decode()


def test_verified_session_writes(login, users, own_action):
    response = login(users["chair"]).post(update_url(own_action), update_data())
    assert response.status_code == 302 and response["Location"] == own_action.get_absolute_url()
    assert own_action.updates.count() == 1


def test_viewers_are_unaffected(unverified_login, users, own_action):
    client = unverified_login(users["viewer"])
    # a write a viewer may do works as before, without any second factor
    reset = client.post(reverse("reporting:calendar_reset"))
    assert reset.status_code == 302 and not reset["Location"].startswith("/accounts/")
    # a write a viewer may not do is refused by the role check (403), not sent to verify
    assert client.post(update_url(own_action), update_data()).status_code == 403
    assert "Two-factor sign-in" not in client.get("/").content.decode()
    assert "your password is all you need" in client.get(SETUP).content.decode()
    assert client.post(SETUP, {"code": "123456"}).status_code == 403


def test_login_and_logout_are_exempt(client, unverified_login, users):
    otp.confirmed_device(users["manager"])
    unverified_login(users["manager"])
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    # signing in with the password then asks for the code, keeping where the user was going
    response = client.post(reverse("login"),
                           {"username": "manager", "password": f.PASSWORD, "next": "/actions/"})
    path, query = split(response["Location"])
    assert path == VERIFY and query == {"next": "/actions/"}
    assert "_auth_user_id" in client.session and not is_verified(client)


def test_sign_in_without_an_authenticator_goes_to_setup(client, users):
    response = client.post(reverse("login"), {"username": "chair", "password": f.PASSWORD})
    assert split(response["Location"]) == (SETUP, {"next": "/"})
    viewer = client.post(reverse("login"), {"username": "viewer", "password": f.PASSWORD})
    assert viewer["Location"] == "/"


def test_admin_writes_need_the_second_factor(unverified_login, users, own_action):
    admin = f.make_user("root", is_staff=True, is_superuser=True)
    client = unverified_login(admin)
    url = reverse("admin:lscb_board_change", args=[own_action.board_id])
    response = client.post(url, {"name": "Renamed", "short_name": "R", "slug": "renamed"},
                           HTTP_REFERER=f"http://testserver{url}")
    assert split(response["Location"]) == (SETUP, {"next": url})
    own_action.board.refresh_from_db()
    assert own_action.board.name != "Renamed"
    # admin sign-out is exempt too
    client.post(reverse("admin:logout"))
    assert "_auth_user_id" not in client.session


def test_switch_off_for_a_local_demo(unverified_login, users, own_action, settings):
    settings.REQUIRE_TWO_FACTOR = False
    client = unverified_login(users["manager"])
    assert client.post(update_url(own_action), update_data()).status_code == 302
    assert own_action.updates.count() == 1


# --- setting up an authenticator ------------------------------------------------------------

def test_setup_end_to_end(unverified_login, users, own_action, caplog):
    client = unverified_login(users["manager"])
    next_page = own_action.get_absolute_url()
    page = client.get(f"{SETUP}?next={next_page}")
    body = page.content.decode()
    assert page.status_code == 200
    # the QR code is inline SVG drawn on the server, with nothing the CSP would block
    svg = re.search(r"<svg[^>]*class=\"qr-code\".*?</svg>", body, re.S).group(0)
    assert 'role="img"' in svg and "<path" in svg
    assert "style" not in svg and "<style" not in body and 'style="' not in body
    assert "<script>" not in body
    pending = TOTPDevice.objects.get(user=users["manager"])
    assert not pending.confirmed
    # the key for typing in by hand: base32 in groups of four
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', body).group(1)
    assert all(len(group) == 4 for group in secret.split()) and len(secret.split()) == 8
    assert "Enter the 6-digit code" in body
    assert "Two-factor sign-in" in body  # in the user menu

    with caplog.at_level(logging.INFO, logger="lscb.security"):
        wrong = client.post(SETUP, {"code": "000000" if otp.code_for(pending) != "000000"
                                    else "111111", "next": next_page})
        body = wrong.content.decode()
        assert wrong.status_code == 200
        # the error sits next to the field and the field points at it
        field = re.search(r"<input[^>]*name=\"code\"[^>]*>", body).group(0)
        assert 'aria-invalid="true"' in field
        error = re.search(r'id="id_code_error"[^>]*>(.*?)</div>', body, re.S).group(1)
        assert "That code is not right" in error
        assert "id_code_error" in re.search(r'aria-describedby="([^"]*)"', field).group(1)
        # the same QR code and key are shown again, so the app need not be set up twice
        assert secret in body
        pending.refresh_from_db()
        pending.throttle_reset()

        code = otp.code_for(pending)
        right = client.post(SETUP, {"code": code, "next": next_page})
    assert split(right["Location"]) == (RECOVERY, {"next": next_page})
    pending.refresh_from_db()
    assert pending.confirmed and is_verified(client)
    assert "two-factor set-up failed user=manager" in caplog.text
    assert "two-factor set up user=manager" in caplog.text
    assert code not in caplog.text

    # the recovery codes are shown once
    codes_page = client.get(right["Location"]).content.decode()
    codes = re.findall(r'<li class="col">([a-z2-7]{8})</li>', codes_page)
    assert len(codes) == 10
    assert f'href="{next_page}"' in codes_page
    again = client.get(RECOVERY).content.decode()
    assert not any(code in again for code in codes) and "10 unused recovery codes" in again

    # and now changes go through
    assert client.post(update_url(own_action), update_data()).status_code == 302
    assert own_action.updates.count() == 1


def test_setup_page_shows_status_once_on_and_needs_verification_to_change(unverified_login,
                                                                           users):
    device = otp.confirmed_device(users["chair"])
    client = unverified_login(users["chair"])
    response = client.get(SETUP)
    assert split(response["Location"]) == (VERIFY, {"next": SETUP})
    client.post(VERIFY, {"code": otp.code_for(device)})
    status = client.get(SETUP).content.decode()
    assert "Two-factor sign-in is <strong>on</strong>" in status
    replace = client.get(f"{SETUP}?replace=1").content.decode()
    assert "Set up a different authenticator app" in replace and "<svg" in replace
    new = TOTPDevice.objects.get(user=users["chair"], confirmed=False)
    response = client.post(f"{SETUP}?replace=1", {"code": otp.code_for(new)})
    assert response.status_code == 302
    assert list(TOTPDevice.objects.filter(user=users["chair"])) == [new]


# --- verifying at a later sign-in ----------------------------------------------------------

def test_verify_flow(unverified_login, users, own_action, caplog):
    device = otp.confirmed_device(users["manager"])
    client = unverified_login(users["manager"])
    next_page = own_action.get_absolute_url()
    page = client.get(f"{VERIFY}?next={next_page}")
    assert page.status_code == 200 and "Enter the 6-digit code" in page.content.decode()
    with caplog.at_level(logging.INFO, logger="lscb.security"):
        wrong = client.post(VERIFY, {"code": "12345x", "next": next_page})
        assert "Enter the 6 digits" in wrong.content.decode() and not is_verified(client)
        code = otp.code_for(device)
        response = client.post(VERIFY, {"code": code[:3] + " " + code[3:], "next": next_page})
    assert response.status_code == 302 and response["Location"] == next_page
    assert is_verified(client)
    assert "two-factor verified user=manager" in caplog.text and "method=app" in caplog.text
    assert code not in caplog.text
    assert client.post(update_url(own_action), update_data()).status_code == 302
    # a code is good once only
    client.logout()
    unverified_login(users["manager"])
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=10**12)
    again = client.post(VERIFY, {"code": code})
    assert "That code is not right" in again.content.decode() and not is_verified(client)


def test_verified_user_on_the_verify_page_goes_on_without_a_loop(login, users):
    client = login(users["manager"])
    assert client.get(f"{VERIFY}?next=/actions/")["Location"] == "/actions/"
    assert client.get(f"{VERIFY}?next={VERIFY}")["Location"] == "/"


def test_verify_without_an_authenticator_goes_to_setup(unverified_login, users):
    response = unverified_login(users["chair"]).get(f"{VERIFY}?next=/actions/")
    assert split(response["Location"]) == (SETUP, {"next": "/actions/"})


def test_recovery_code_works_once_only(client, unverified_login, users, caplog):
    otp.confirmed_device(users["chair"])
    code = make_recovery_codes(users["chair"])[0]
    unverified_login(users["chair"])
    with caplog.at_level(logging.INFO, logger="lscb.security"):
        response = client.post(VERIFY, {"code": code.upper()[:4] + "-" + code[4:]})
    assert response.status_code == 302 and is_verified(client)
    assert "method=recovery code" in caplog.text and code not in caplog.text
    assert "9 left" in client.get("/").content.decode()
    assert not StaticToken.objects.filter(token=code).exists()

    client.logout()
    unverified_login(users["chair"])
    again = client.post(VERIFY, {"code": code})
    assert again.status_code == 200 and not is_verified(client)
    assert "That code is not right" in again.content.decode()


def test_new_recovery_codes_replace_the_old_ones(login, users):
    client = login(users["manager"])
    old = make_recovery_codes(users["manager"])
    response = client.post(RECOVERY)
    page = client.get(response["Location"]).content.decode()
    new = re.findall(r'<li class="col">([a-z2-7]{8})</li>', page)
    assert len(new) == 10 and not set(old) & set(new)
    assert StaticToken.objects.filter(device__user=users["manager"]).count() == 10


def test_recovery_codes_page_needs_a_confirmed_session(unverified_login, users):
    otp.confirmed_device(users["manager"])
    client = unverified_login(users["manager"])
    response = client.post(RECOVERY)
    assert split(response["Location"])[0] == VERIFY
    assert not StaticToken.objects.exists()


def test_throttling_after_repeated_wrong_codes(unverified_login, users, settings, caplog):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # a long wait, so the test cannot race the clock
    device = otp.confirmed_device(users["manager"])
    client = unverified_login(users["manager"])
    right = otp.code_for(device)
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    with caplog.at_level(logging.INFO, logger="lscb.security"):
        first = client.post(VERIFY, {"code": wrong})
        assert "That code is not right" in first.content.decode()
        for _ in range(3):
            blocked = client.post(VERIFY, {"code": right})
    body = blocked.content.decode()
    assert "Too many wrong codes" in body and "wait" in body
    assert re.search(r'id="id_code_error"', body)
    assert not is_verified(client)
    assert "two-factor throttled user=manager" in caplog.text
    # once the wait is over the right code works again
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    assert client.post(VERIFY, {"code": otp.code_for(device)}).status_code == 302
    assert is_verified(client)


# --- production -----------------------------------------------------------------------------

def test_system_check_warns_when_two_factor_is_off(settings):
    assert check_two_factor_required(None) == []
    settings.REQUIRE_TWO_FACTOR = False
    (warning,) = check_two_factor_required(None)
    assert warning.id == "lscb.W001" and warning.level == 30  # WARNING


def run_deploy_check(tmp_path, **env):
    inherited = {k: v for k, v in os.environ.items()  # the browser tests set this one
                 if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {**inherited, "DJANGO_SETTINGS_MODULE": "lscb.settings_production",
                   "SECRET_KEY": "test-" + "k" * 60, "ALLOWED_HOSTS": "lscb.example.org",
                   "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}", **env}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR, env=environment, capture_output=True, text=True, timeout=120)


def test_production_settings_pass_the_deploy_check_and_require_two_factor(tmp_path):
    """pytest does not run the deploy checks: run them on the production settings. Any
    warning fails (e.g. SESSION_COOKIE_SECURE off: security.W012)."""
    on = run_deploy_check(tmp_path)
    assert on.returncode == 0, on.stdout + on.stderr
    assert "lscb.W001" not in on.stdout + on.stderr
    off = run_deploy_check(tmp_path, LSCB_REQUIRE_2FA="0")
    assert off.returncode != 0 and "lscb.W001" in off.stdout + off.stderr
