import csv
import io

import pytest
from django.urls import reverse

from lscb.models import BoardUser, Role

from . import factories as f

ROLES = ["manager", "chair", "viewer"]


@pytest.fixture
def pages(plan, own_action, groups):
    return {
        "dashboard": reverse("dashboard"),
        "plans": reverse("plans:list"),
        "plan": reverse("plans:detail", args=[plan.slug]),
        "actions": reverse("actions:list"),
        "action": reverse("actions:detail", args=[own_action.pk]),
        "subgroups": reverse("subgroups:list"),
        "subgroup": reverse("subgroups:detail", args=[groups["own"].slug]),
        "reports": reverse("reporting:index"),
    }


def test_fixed_urls():
    assert reverse("dashboard") == "/"
    assert reverse("login") == "/accounts/login/"
    assert reverse("plans:list") == "/plans/"
    assert reverse("actions:list") == "/actions/"
    assert reverse("subgroups:list") == "/subgroups/"
    assert reverse("reporting:index") == "/reports/"


def test_every_page_requires_sign_in(client, pages):
    for url in pages.values():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url


@pytest.mark.parametrize("role", ROLES)
def test_every_page_renders_for_every_role(login, users, pages, role):
    client = login(users[role])
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (name, url)
        assert b"<title>" in response.content
        assert "no-store" in response["Cache-Control"]


def test_another_boards_objects_are_not_found(login, users, pages):
    client = login(users["outsider"])
    for name in ["plan", "action", "subgroup"]:
        assert client.get(pages[name]).status_code == 404, name
    body = client.get(pages["actions"]).content.decode()
    assert "1.1" not in body


def test_user_without_a_board_is_refused(login, pages, db):
    client = login(f.make_user("nobody"))
    assert client.get(pages["dashboard"]).status_code == 403


def test_login_page_and_sign_in(client, users):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert b'name="username"' in response.content
    response = client.post(
        "/accounts/login/", {"username": "viewer", "password": f.PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert response.context["user"].username == "viewer"
    response = client.post(reverse("logout"), follow=True)
    assert not response.context["user"].is_authenticated


def test_plan_page_reads_theme_by_theme_in_reference_order(login, users, plan, theme):
    for ref in ["1.10", "1.2", "1.1"]:
        f.make_action(theme, ref)
    second = f.make_theme(plan, "2", "Quality Assurance")
    f.make_action(second, "2.1")
    body = login(users["viewer"]).get(reverse("plans:detail", args=[plan.slug])).content.decode()
    positions = [body.index(f">{ref}</a>") for ref in ["1.1", "1.2", "1.10", "2.1"]]
    assert positions == sorted(positions)
    assert "Leadership and Governance" in body and "Quality Assurance" in body


def test_actions_csv_export(login, users, theme, groups):
    f.make_action(theme, "1.10", owners=[groups["own"]], description="Tenth, with =formula")
    f.make_action(theme, "1.2", description="Second")
    response = login(users["viewer"]).get("/actions/?_export=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    header = rows[0]
    assert header[:3] == ["Ref", "Plan", "Theme"]
    assert "Update" not in header
    refs = [row[0] for row in rows[1:]]
    assert refs == ["1.2", "1.10"]
    tenth = rows[2]
    assert tenth[header.index("Who")] == "Learning and Improvement"
    assert tenth[header.index("When")] == "December 2015"
    assert tenth[header.index("RAG")] == "Not started"


def test_user_in_two_boards_can_switch(client, users, board, other_board, plan):
    user = users["manager"]
    BoardUser.objects.create(board=other_board, user=user, role=Role.VIEWER)
    other_plan = f.make_plan(other_board, title="South plan", slug="south-plan")
    client.force_login(user)
    assert client.get("/").context["board"] == board
    response = client.post("/boards/switch/", {"board": "south", "next": "/plans/"})
    assert response.status_code == 302 and response["Location"] == "/plans/"
    response = client.get("/plans/")
    assert response.context["board"] == other_board
    assert other_plan.title in response.content.decode()
    assert client.get(reverse("plans:detail", args=[plan.slug])).status_code == 404
    # a board the user is not a member of cannot be chosen
    stranger = f.make_board("east")
    assert client.post("/boards/switch/", {"board": stranger.slug}).status_code == 404
    # an off-site "next" is ignored
    response = client.post("/boards/switch/", {"board": "north", "next": "https://evil.example/"})
    assert response["Location"] == "/"
