"""A new board: created by an administrator (/boards/new/ or ``create_board``), then set up
by its business manager from the checklist on the dashboard."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from lscb.middleware import SESSION_KEY
from lscb.models import Board, BoardUser, Role
from plans.models import BusinessPlan, Theme
from reporting.checklist import checklist, is_set_up

from . import factories as f


def run(*args):
    out = StringIO()
    call_command("create_board", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def erin(db):
    return f.make_user("erin", email="erin@example.org", first_name="Erin")


def test_create_board_makes_the_board_and_its_manager(erin):
    out = run("east", "--name", "East Safeguarding Children Partnership", "--short-name",
              "East SCP", "--manager", "erin", "--kind", "scp", "--area", "East")
    board = Board.objects.get(slug="east")
    assert (board.name, board.short_name, board.kind, board.area) == (
        "East Safeguarding Children Partnership", "East SCP", Board.Kind.SCP, "East")
    assert BoardUser.objects.get(board=board).role == Role.MANAGER
    assert "Created East Safeguarding Children Partnership" in out and "erin" in out


def test_create_board_twice_changes_nothing_and_says_so(erin):
    run("east", "--name", "East SCP board", "--manager", "erin")
    out = run("east", "--name", "Another name", "--short-name", "X", "--manager", "erin")
    assert "already exists" in out and "nothing changed" in out
    board = Board.objects.get(slug="east")
    assert board.name == "East SCP board" and board.short_name == "East SCP board"
    assert BoardUser.objects.filter(board=board).count() == 1 and Board.objects.count() == 1
    assert board.history.count() == 1  # created once, never edited


@pytest.mark.parametrize("args, message", [
    (["east", "--name", "East", "--manager", "nobody"], "No account"),
    (["not a slug", "--name", "East"], "slug"),
    (["east", "--name", "  "], "name"),
    (["east", "--name", "East", "--short-name", "x" * 41], "short name"),
])
def test_create_board_refuses_bad_input_and_creates_nothing(db, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not Board.objects.exists()


def test_create_board_refuses_a_name_another_board_has(board):
    with pytest.raises(CommandError, match="already called"):
        run("elsewhere", "--name", "north lscb")


@pytest.fixture
def admin(db):
    return f.make_user("admin", is_staff=True, is_superuser=True)


def test_an_administrator_creates_a_board_and_lands_on_its_checklist(client, admin):
    client.force_login(admin)
    response = client.post(reverse("board_new"), {
        "name": "West Safeguarding Adults Board", "short_name": "West SAB", "slug": "",
        "area": "West", "kind": "sab", "manager": ""})
    assert response.status_code == 302 and response["Location"] == "/"
    board = Board.objects.get(slug="west-sab")
    assert board.kind == Board.Kind.SAB
    assert BoardUser.objects.get(board=board, user=admin).role == Role.MANAGER
    assert client.session[SESSION_KEY] == board.pk
    page = client.get("/").content.decode()
    assert "Set up West SAB" in page and "0 of 6 steps done" in page


def test_an_administrator_names_someone_else_as_manager(client, admin, erin):
    client.force_login(admin)
    response = client.post(reverse("board_new"), {
        "name": "East board", "short_name": "East", "slug": "east", "kind": "lscb",
        "manager": "ERIN@example.org"})
    assert response.status_code == 302 and response["Location"] == reverse("board_new")
    board = Board.objects.get(slug="east")
    assert list(BoardUser.objects.filter(board=board).values_list("user__username", "role")) == [
        ("erin", Role.MANAGER)]


def test_bad_new_board_input_gets_field_errors_and_creates_nothing(client, admin, board):
    client.force_login(admin)
    response = client.post(reverse("board_new"), {
        "name": board.name, "short_name": "North", "slug": "", "kind": "nonsense",
        "manager": "nobody-at-all"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"name", "slug", "kind", "manager"}
    assert Board.objects.count() == 1


def test_a_staff_member_without_the_permission_cannot_create_boards(client, db):
    client.force_login(f.make_user("staff", is_staff=True))
    assert client.get(reverse("board_new")).status_code == 403


@pytest.mark.parametrize("given", ["directly", "through a group", "inactive"])
def test_the_add_board_permission_makes_an_administrator(given, db):
    from django.contrib.auth.models import Group, Permission

    from lscb.access import is_administrator

    user = f.make_user("delegate", is_active=given != "inactive")
    permission = Permission.objects.get(content_type__app_label="lscb", codename="add_board")
    assert not is_administrator(user)
    if given == "through a group":
        group = Group.objects.create(name="Board creators")
        group.permissions.add(permission)
        user.groups.add(group)
    else:
        user.user_permissions.add(permission)
    fresh = type(user).objects.get(pk=user.pk)
    assert is_administrator(fresh) == (given != "inactive") == fresh.has_perm("lscb.add_board")


def test_an_administrator_without_a_board_is_offered_to_create_one(client, admin):
    client.force_login(admin)
    response = client.get("/")
    assert response.status_code == 403 and reverse("board_new") in response.content.decode()


# -- the checklist ------------------------------------------------------------------------

def states(board):
    return [(step.title, step.done) for step in checklist(board)]


def test_the_checklist_ticks_itself_off_step_by_step(erin):
    run("east", "--name", "East SCP", "--manager", "erin")
    board = Board.objects.get(slug="east")
    assert [done for _, done in states(board)] == [False] * 6
    board.vision = "Children in East are safe"
    board.save()
    f.make_user("casey", board, Role.CHAIR)
    plan = f.make_plan(board, status="draft", slug="plan-2026")
    assert [done for _, done in states(board)] == [True, True, False, False, False, False]
    theme = f.make_theme(plan, "1", "Leadership")
    f.make_action(theme, "1.1")
    f.make_subgroup(board, "Learning Group")
    assert states(board)[2:] == [("Business plan", False), ("Themes", True), ("Actions", True),
                                 ("Subgroups", True)]
    plan.status, plan.approved_on = "live", dt.date(2026, 4, 1)
    plan.save()
    assert all(done for _, done in states(board))


def test_every_step_links_onward_even_before_there_is_a_plan(erin):
    run("east", "--name", "East SCP", "--manager", "erin")
    steps = checklist(Board.objects.get(slug="east"))
    assert all(step.links for step in steps)
    themes = next(step for step in steps if step.title == "Themes")
    assert themes.links == [("Add a plan first", reverse("plans:new"))]


def test_the_manager_sees_the_checklist_until_the_board_is_set_up(client, board, users, plan,
                                                                  own_action):
    client.force_login(users["manager"])
    page = client.get("/").content.decode()
    assert "Set up North LSCB" in page and reverse("board:edit") in page
    board.vision = "Safe children"
    board.save()
    assert "Set up North LSCB" not in client.get("/").content.decode()


def test_other_roles_never_see_the_checklist(client, board, users):
    client.force_login(users["viewer"])
    page = client.get("/").content.decode()
    assert "Set up" not in page
    assert "has no live business plan yet" in page


@pytest.mark.parametrize("name, args, data", [
    ("board:edit", [], {"name": "Renamed", "short_name": "R", "kind": "lscb"}),
    ("board:person_new", [], {"name": "Sam", "email": "sam@example.org", "role": "viewer"}),
    ("plans:new", [], {"title": "P", "start_year": "2026", "end_year": "2026", "status": "draft"}),
    ("plans:make_live", ["next"], {"approved_on": "2026-01-01"}),
    ("plans:theme_new", ["plan"], {"number": "9", "title": "T"}),
    ("plans:theme_references", ["plan"], {"preview": ""}),
])
def test_the_new_pages_write_only_with_the_second_factor(unverified_login, users, plan, board,
                                                         name, args, data):
    f.make_plan(board, slug="next", start_year=2018, end_year=2020)

    def state():
        return (Board.objects.get(pk=board.pk).name, BoardUser.objects.count(),
                list(BusinessPlan.objects.values_list("slug", "status").order_by("pk")),
                Theme.objects.count())

    before = state()
    response = unverified_login(users["manager"]).post(reverse(name, args=args), data)
    assert response.status_code == 302 and "/accounts/two-factor/" in response["Location"]
    assert state() == before


def test_creating_a_board_needs_the_administrators_second_factor(unverified_login, admin):
    response = unverified_login(admin).post(reverse("board_new"), {
        "name": "West", "short_name": "West", "slug": "west", "kind": "lscb"})
    assert response.status_code == 302 and "/accounts/two-factor/" in response["Location"]
    assert not Board.objects.filter(slug="west").exists()


def test_whether_the_user_is_an_administrator_is_asked_once_a_page(login, users):
    """The actions table renders with the request, which runs the context processors
    again: the administrator check is still one query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(users["manager"])
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("actions:list")).status_code == 200
    asked = [q for q in ctx.captured_queries if '"auth_permission"' in q["sql"]]
    assert len(asked) == 1


def test_a_set_up_board_is_known_in_one_query(erin, django_assert_num_queries):
    """The dashboard asks on every visit of the business manager: one query, not one per
    step, and no step built (issue 21)."""
    run("east", "--name", "East SCP", "--manager", "erin")
    board = Board.objects.get(slug="east")
    board.vision = "Children in East are safe"
    board.save()
    f.make_user("casey", board, Role.CHAIR)
    plan = f.make_plan(board, status="live", slug="plan-2026", approved_on=dt.date(2026, 4, 1))
    f.make_action(f.make_theme(plan, "1", "Leadership"), "1.1")
    f.make_subgroup(board, "Learning Group")
    with django_assert_num_queries(1):
        assert is_set_up(board, live_plan=plan)
    plan.status = "draft"
    assert not is_set_up(board, live_plan=plan)
