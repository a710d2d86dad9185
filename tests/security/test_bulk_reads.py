"""A password alone reads no data in bulk (M1): the board archive, every export and the
whole Django admin need a session confirmed with the second factor, for the roles
that have one. Viewers (no second factor) keep their exports."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from .. import factories as f
from .. import otp

BULK = ["/reports/export/board.zip", "/reports/export/actions.csv", "/reports/export/risks.xlsx",
        "/actions/?_export=csv", "/actions/?_export=xlsx&rag=red"]


def confirm_page(response):
    assert response.status_code == 302, response.status_code
    parts = urlsplit(response["Location"])
    return parts.path, parse_qs(parts.query).get("next", [None])[0]


@pytest.mark.parametrize("url", BULK)
@pytest.mark.parametrize("role", ["manager", "chair"])
def test_a_password_alone_downloads_nothing_in_bulk(unverified_login, users, own_action, url,
                                                    role):
    otp.confirmed_device(users[role])
    response = unverified_login(users[role]).get(url)
    if url.endswith("board.zip") and role == "chair":
        assert response.status_code == 403  # the archive is the manager's only
        return
    assert confirm_page(response) == (reverse("two_factor_verify"), url)
    assert "Content-Disposition" not in response


@pytest.mark.parametrize("url", BULK)
def test_a_confirmed_session_downloads(login, users, own_action, url):
    response = login(users["manager"]).get(url)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]


def test_without_an_authenticator_the_manager_is_sent_to_set_one_up(unverified_login, users):
    path, target = confirm_page(unverified_login(users["manager"]).get(BULK[0]))
    assert (path, target) == (reverse("two_factor_setup"), BULK[0])


def test_viewers_export_with_their_password(unverified_login, users, own_action):
    client = unverified_login(users["viewer"])
    assert client.get("/reports/export/actions.csv").status_code == 200
    assert client.get("/actions/?_export=csv").status_code == 200
    assert client.get("/actions/").status_code == 200


def test_pages_still_read_with_a_password(unverified_login, users, own_action):
    client = unverified_login(users["manager"])
    assert client.get("/actions/").status_code == 200
    assert client.get(reverse("reporting:index")).status_code == 200


@pytest.fixture
def staff(db):
    return f.make_user("root", is_staff=True, is_superuser=True)


ADMIN_PAGES = ["/admin/", "/admin/auth/user/", "/admin/lscb/challenge/",
               "/admin/otp_totp/totpdevice/", "/admin/lscb/board/"]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_the_admin_needs_the_second_factor_on_every_request(unverified_login, staff, url):
    otp.confirmed_device(staff)
    client = unverified_login(staff)
    response = client.get(url)
    assert response.status_code == 302
    followed = client.get(response["Location"])
    assert confirm_page(followed) == (reverse("two_factor_verify"), url)


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_a_confirmed_administrator_uses_the_admin(login, staff, url):
    assert login(staff).get(url).status_code == 200


def test_a_password_at_the_admin_sign_in_opens_nothing(client, staff):
    """The report's attack: ``admin`` signing in at /admin/login/ read every board."""
    response = client.post("/admin/login/?next=/admin/auth/user/",
                           {"username": "root", "password": f.PASSWORD})
    assert "_auth_user_id" not in client.session
    path, target = confirm_page(response)
    assert path == reverse("login") and target == "/admin/auth/user/"
    assert client.get("/admin/auth/user/").status_code == 302


def test_the_admin_sign_in_ends_at_the_code_page(client, staff):
    """Password on the app's sign-in page, then the code, then the admin page asked for."""
    device = otp.confirmed_device(staff)
    signed_in = client.post(reverse("login"), {"username": "root", "password": f.PASSWORD,
                                               "next": "/admin/auth/user/"})
    assert confirm_page(signed_in) == (reverse("two_factor_verify"), "/admin/auth/user/")
    assert client.get("/admin/auth/user/").status_code == 302
    verified = client.post(signed_in["Location"], {"code": otp.code_for(device)})
    assert verified["Location"] == "/admin/auth/user/"
    assert client.get("/admin/auth/user/").status_code == 200


def test_a_board_user_is_not_let_into_the_admin(login, users):
    response = login(users["manager"]).get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    page = login(users["manager"]).get(response["Location"])
    assert page.status_code == 200 and "not authorized" in page.content.decode()
    assert get_user_model().objects.get(username="manager").is_staff is False
