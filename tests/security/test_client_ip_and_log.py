"""Behind a reverse proxy the lockout and the log see the client, not the proxy (M2); a
value with a newline cannot forge a line in the security log (L5)."""

import io
import logging

import pytest
from django.test import RequestFactory, override_settings

from lscb.security import client_ip

from .. import factories as f

PROXY = "10.0.0.254"
REAL_USER = "198.51.100.7"
ATTACKER = "203.0.113.9"


def sign_in(client, username, password, forwarded_for):
    return client.post("/accounts/login/", {"username": username, "password": password},
                       REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_an_attackers_failures_behind_the_proxy_lock_out_only_the_attacker(client, users, settings,
                                                                            caplog):
    with caplog.at_level(logging.INFO, logger="lscb.security"):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            # a forged entry on the left is ignored: the proxy appended the real address
            sign_in(client, "viewer", "wrong-password-123", f"{REAL_USER}, {ATTACKER}")
        assert sign_in(client, "viewer", f.PASSWORD, ATTACKER).status_code == 429
        real = sign_in(client, "viewer", f.PASSWORD, REAL_USER)
    assert real.status_code == 302 and real["Location"] == "/"
    assert f"sign-in failed user=viewer ip={ATTACKER}" in caplog.text
    assert f"sign-in user=viewer ip={REAL_USER}" in caplog.text
    assert f"ip={PROXY}" not in caplog.text


@pytest.mark.parametrize("count, forwarded, expected", [
    (0, "1.2.3.4", PROXY),                        # no proxy configured: the header is ignored
    (1, "1.2.3.4", "1.2.3.4"),
    (1, "9.9.9.9, 1.2.3.4", "1.2.3.4"),            # what the client wrote itself is ignored
    (2, "9.9.9.9, 1.2.3.4, 10.0.0.1", "1.2.3.4"),  # two proxies: the second from the right
    (2, "1.2.3.4", PROXY),                        # did not come through both proxies
    (1, "not-an-address", PROXY),
    (1, "", PROXY),
    (1, "2001:db8::1", "2001:db8::1"),
])
def test_client_ip_honours_the_trusted_proxy_count_and_nothing_else(count, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXY_COUNT=count):
        assert client_ip(request) == expected


def test_a_username_with_a_newline_writes_one_line(client, db, caplog):
    forged = "viewer\n2026-11-30 10:00:00,000 INFO lscb.security sign-in user=admin ip=10.0.0.1"
    with caplog.at_level(logging.INFO, logger="lscb.security"):
        client.post("/accounts/login/", {"username": forged, "password": "x" * 12})
    lines = [r.getMessage() for r in caplog.records if r.name == "lscb.security"]
    assert lines and all("\n" not in line for line in lines)
    assert any("user=viewer\\n2026-11-30" in line for line in lines)


def test_the_log_handler_escapes_every_value_whoever_logs_it():
    from lscb.security import OneLinePerRecord, one_line

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(OneLinePerRecord())
    log = logging.getLogger("tests.one_line")
    log.addHandler(handler)
    try:
        log.warning("path=%s user=%s", "/a\r\nforged", "x\x1b[31m\u2028y")
    finally:
        log.removeHandler(handler)
    assert stream.getvalue() == "path=/a\\r\\nforged user=x\\x1b[31m\\u2028y\n"
    assert one_line(one_line("a\nb")) == "a\\nb"


def test_the_configured_console_handler_escapes(settings):
    handler = settings.LOGGING["handlers"]["console"]
    assert handler["filters"] == ["one_line"]
    assert settings.LOGGING["filters"]["one_line"]["()"] == "lscb.security.OneLinePerRecord"
    assert settings.AXES_CLIENT_IP_CALLABLE == "lscb.security.client_ip"
