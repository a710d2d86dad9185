"""Subgroup pages for every role: forged posts change nothing, the buttons follow the
role, another board's records are not found, and query counts stay constant. (Which role
may open each page is in the permission matrix, tests/test_permission_matrix.py.)"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lscb.models import Agency, Member
from subgroups.models import Attendance, GroupMembership, Meeting, Subgroup, SubgroupFunction

from . import factories as f

ROLES = ["manager", "chair", "other_chair", "viewer", "outsider"]


@pytest.fixture
def things(board, groups):
    agency = f.make_agency(board, "Police")
    member = f.make_member(board, "Pat Inspector", agency=agency, start_date=dt.date(2015, 4, 1))
    GroupMembership.objects.create(subgroup=groups["own"], member=member)
    meeting = Meeting.objects.create(board=board, subgroup=groups["own"], date=dt.date(2015, 6, 1))
    Attendance.objects.create(meeting=meeting, member=member, status="absent")
    board_meeting = Meeting.objects.create(board=board, date=dt.date(2015, 7, 1))
    return {"agency": agency, "member": member, "meeting": meeting,
            "board_meeting": board_meeting}


def snapshot(board):
    """Everything of ``board`` the subgroup pages can change."""
    querysets = [
        Subgroup.objects.filter(board=board),
        SubgroupFunction.objects.filter(subgroup__board=board),
        Subgroup.leads.through.objects.filter(subgroup__board=board),
        GroupMembership.objects.filter(subgroup__board=board),
        Meeting.objects.filter(board=board),
        Attendance.objects.filter(meeting__board=board),
        Member.objects.filter(board=board),
        Agency.objects.filter(board=board),
    ]
    return [list(qs.order_by("pk").values()) for qs in querysets]


def valid_posts(groups, things, role):
    """Posts that would succeed for the manager; for ``role``, forged ones."""
    member, agency = things["member"], things["agency"]
    not_led = groups["own" if role == "other_chair" else "other"]
    return {
        ("subgroups:new", ()): {"name": "Forged", "slug": "forged", "kind": "standing",
                                "order": 0, "functions-TOTAL_FORMS": 0,
                                "functions-INITIAL_FORMS": 0},
        ("subgroups:edit", (groups["own"].slug,)): {
            "name": "Renamed", "slug": "learning", "kind": "standing", "order": 0,
            "functions-TOTAL_FORMS": 0, "functions-INITIAL_FORMS": 0},
        ("subgroups:group_members", (groups["other"].slug,)): {
            "member": member.pk, "role": "member", "start_date": "2020-01-01"},
        ("subgroups:member_new", ()): {"name": "Forged", "board_role": "none", "order": 0},
        ("subgroups:member_edit", (member.pk,)): {
            "name": "Renamed", "board_role": "member", "end_date": "2016-01-01", "order": 0},
        ("subgroups:agency_new", ()): {"name": "Forged", "sector": "other"},
        ("subgroups:agency_edit", (agency.pk,)): {"name": "Renamed", "sector": "other"},
        ("subgroups:meeting", (things["meeting"].pk,)): {
            f"status_{member.pk}": "present"} if role != "chair" else None,  # chair's own
        ("subgroups:meeting", (things["board_meeting"].pk,)): {
            f"status_{member.pk}": "present"},
        ("subgroups:meeting_new", ()): {"subgroup": not_led.pk, "date": "2015-11-02",
                                        "kind": "ordinary"},
    }


@pytest.mark.parametrize("role", ["chair", "other_chair", "viewer", "outsider"])
def test_forged_posts_are_refused_and_change_nothing(login, users, board, groups, things,
                                                    role):
    client = login(users[role])
    before = snapshot(board)
    for (name, args), data in valid_posts(groups, things, role).items():
        if data is None:
            continue
        response = client.post(reverse(name, args=args), data)
        if role == "outsider":
            # another board's records are not found; on their own board the forms refuse
            # our board's records as choices
            expected = {404} if args else {200, 302}
        elif name == "subgroups:meeting_new" and role != "viewer":
            expected = {200}  # a chair's form offers only the groups they lead
        else:
            expected = {403}
        assert response.status_code in expected, (role, name, response.status_code)
    assert snapshot(board) == before


def test_the_same_posts_succeed_for_the_manager(login, users, board, groups, things):
    client = login(users["manager"])
    for (name, args), data in valid_posts(groups, things, "manager").items():
        response = client.post(reverse(name, args=args), data)
        assert response.status_code == 302, (name, response.context and
                                              response.context["form"].errors)
    assert Subgroup.objects.filter(board=board, name="Forged").exists()
    assert Member.objects.get(pk=things["member"].pk).end_date == dt.date(2016, 1, 1)
    assert groups["other"].memberships.filter(member=things["member"]).exists()
    assert Meeting.objects.filter(subgroup=groups["other"]).count() == 1


def test_chair_records_only_their_own_groups_meetings(login, users, groups, things):
    url = reverse("subgroups:meeting", args=[things["meeting"].pk])
    page = login(users["chair"]).get(url).content.decode()
    assert "Save attendance" in page
    for role in ["other_chair", "viewer"]:
        page = login(users[role]).get(url).content.decode()
        assert "Save attendance" not in page and "Pat Inspector" in page
    board_page = login(users["chair"]).get(
        reverse("subgroups:meeting", args=[things["board_meeting"].pk])).content.decode()
    assert "Save attendance" not in board_page  # only the manager records the board's
    client = login(users["chair"])
    assert client.post(url, {f"status_{things['member'].pk}": "deputy",
                             f"deputy_{things['member'].pk}": "DI Deputy"}).status_code == 302
    record = Attendance.objects.get(meeting=things["meeting"])
    assert (record.status, record.deputy_name) == ("deputy", "DI Deputy")


@pytest.mark.parametrize("role", ROLES[:-1])
def test_buttons_follow_the_role(login, users, groups, things, role):
    client = login(users[role])
    own = client.get(reverse("subgroups:detail", args=[groups["own"].slug])).content.decode()
    other = client.get(reverse("subgroups:detail", args=[groups["other"].slug])).content.decode()
    assert ("Edit group" in own) == (role == "manager")
    assert ("Manage members" in own) == (role == "manager")
    assert ("Record a meeting" in own) == (role in ("manager", "chair"))
    assert ("Record a meeting" in other) == (role in ("manager", "other_chair"))
    register = client.get(reverse("subgroups:members")).content.decode()
    assert ("Add a member" in register) == (role == "manager")
    meetings = client.get(reverse("subgroups:meetings") + "?year=2015").content.decode()
    assert ("Record a meeting" in meetings) == (role != "viewer")


def test_a_manager_cannot_reach_into_another_board(login, users, board, other_board, groups,
                                                   things):
    """Our manager posting another board's records as choices gets form errors, not links."""
    stranger = f.make_member(other_board, "Stranger")
    foreign_group = f.make_subgroup(other_board, "Foreign", slug="foreign")
    client = login(users["manager"])
    before = snapshot(board)
    response = client.post(reverse("subgroups:group_members", args=[groups["own"].slug]),
                           {"member": stranger.pk, "role": "member"})
    assert response.status_code == 200 and response.context["form"].errors["member"]
    response = client.post(reverse("subgroups:member_new"), {
        "name": "X", "board_role": "member", "order": 0,
        "agency": f.make_agency(other_board, "Their police").pk})
    assert response.status_code == 200 and response.context["form"].errors["agency"]
    response = client.post(reverse("subgroups:meeting_new"), {
        "subgroup": foreign_group.pk, "date": "2015-11-02", "kind": "ordinary"})
    assert response.status_code == 200 and response.context["form"].errors["subgroup"]
    assert client.get(reverse("subgroups:detail", args=["foreign"])).status_code == 404
    assert snapshot(board) == before
    assert snapshot(other_board)[3:6] == [[], [], []]  # no memberships, meetings or registers


# --- constant query counts ---------------------------------------------------------------------


def grow(board, groups, theme, start, count):
    """``count`` more groups, members, meetings, actions and planner items."""
    agency = f.make_agency(board)
    for i in range(start, start + count):
        group = f.make_subgroup(board, f"G{i}", slug=f"g{i}", accountable_to=groups["own"])
        member = f.make_member(board, f"M{i}", agency=f.make_agency(board) if i % 2 else agency)
        GroupMembership.objects.create(subgroup=groups["own"], member=member)
        GroupMembership.objects.create(subgroup=group, member=member,
                                       start_date=dt.date(2015, 4, 1))
        SubgroupFunction.objects.create(subgroup=groups["own"], number=i + 1, text=f"F{i}")
        for body in [group, groups["own"], None]:
            mtg = Meeting.objects.create(board=board, subgroup=body, date=dt.date(2015, 6, 1))
            Attendance.objects.create(meeting=mtg, member=member,
                                      status="deputy" if i % 3 else "present")
        action = f.make_action(theme, f"1.{i}", owners=[groups["own"], group])
        f.make_update(action, "red")
        f.make_report(board, title=f"Report {i}", recipient="board",
                                     frequency="quarterly", responsible_group=groups["own"])


@pytest.mark.parametrize("page", ["list", "detail", "attendance", "structure", "members",
                                  "meetings", "meeting"])
def test_constant_queries(login, users, board, groups, theme, page):
    client = login(users["manager"])
    urls = {"list": reverse("subgroups:list"),
            "detail": reverse("subgroups:detail", args=[groups["own"].slug]),
            "attendance": reverse("subgroups:attendance") + "?year=2015/16",
            "structure": reverse("subgroups:structure"), "members": reverse("subgroups:members"),
            "meetings": reverse("subgroups:meetings") + "?year=2015/16"}

    def count():
        url = urls.get(page) or reverse("subgroups:meeting", args=[
            Meeting.objects.filter(subgroup=groups["own"]).first().pk])
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries), response.content.decode()

    grow(board, groups, theme, 0, 5)
    small, _ = count()
    grow(board, groups, theme, 5, 25)
    large, body = count()
    assert small == large, f"{page}: {small} queries with 5 groups, {large} with 30"
    assert ("M29" if page == "meeting" else "G29") in body
