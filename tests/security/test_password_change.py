"""Everyone changes their own password in the app: the current one first, the same rules
as everywhere, a line in the security log, linked from the user menu."""

import logging

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from .. import factories as f

URL = "/accounts/password/"
NEW = "a-much-longer-passphrase-42"


def change(client, current=f.PASSWORD, new=NEW, again=None):
    return client.post(URL, {"old_password": current, "new_password1": new,
                             "new_password2": again or new})


def test_the_user_menu_links_to_it(login, users):
    for role in ["viewer", "chair", "manager"]:
        assert f'href="{URL}"' in login(users[role]).get("/").content.decode()


def test_a_change_needs_the_current_password_and_is_logged(login, users, caplog):
    client = login(users["viewer"])
    with caplog.at_level(logging.INFO, logger="lscb.security"):
        wrong = change(client, current="not-my-password-1")
        assert wrong.status_code == 200 and "old password was entered incorrectly" in wrong.text
        done = change(client)
    assert done.status_code == 302 and done["Location"] == "/"
    user = get_user_model().objects.get(username="viewer")
    assert user.check_password(NEW) and not user.check_password(f.PASSWORD)
    assert client.get("/").status_code == 200  # this session stays signed in
    assert "password change refused user=viewer ip=127.0.0.1 reason=current password wrong" in caplog.text
    assert "password changed user=viewer ip=127.0.0.1" in caplog.text
    assert NEW not in caplog.text and f.PASSWORD not in caplog.text


@pytest.mark.parametrize("new, message", [
    ("short-pw1", "at least 12 characters"),
    ("password1234", "too common"),
    ("123456789012345", "entirely numeric"),
])
def test_the_same_rules_as_everywhere(login, users, new, message):
    response = change(login(users["viewer"]), new=new)
    assert response.status_code == 200 and message in response.text
    assert get_user_model().objects.get(username="viewer").check_password(f.PASSWORD)


def test_the_new_password_twice(login, users):
    response = change(login(users["viewer"]), again=NEW + "x")
    assert response.status_code == 200 and "didn’t match" in response.text


def test_other_sessions_end(client, users, login):
    other = client.__class__()
    other.force_login(users["viewer"])
    change(login(users["viewer"]))
    assert other.get("/").status_code == 302


def test_five_wrong_current_passwords_sign_out(login, users):
    client = login(users["viewer"])
    for _ in range(4):
        assert change(client, current="guess-guess-guess").status_code == 200
    last = change(client, current="guess-guess-guess")
    assert last.status_code == 302 and last["Location"] == reverse("login")
    assert client.get("/").status_code == 302


def test_a_manager_needs_the_second_factor_to_change_it(unverified_login, users):
    response = change(unverified_login(users["manager"]))
    assert response.status_code == 302 and "two-factor" in response["Location"]
    assert get_user_model().objects.get(username="manager").check_password(f.PASSWORD)
