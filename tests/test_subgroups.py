"""Subgroups: attendance arithmetic, the structure chart, group and member editing,
meetings and the attendance page."""

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from lscb.models import Member
from subgroups.attendance import (
    AgencyAttendance,
    attendance_by_agency,
    attendance_tables,
    expected_members,
)
from subgroups.chart import outline, structure_chart_svg, tree
from subgroups.models import Attendance, GroupMembership, Meeting, Subgroup

from . import factories as f

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def people(board, groups):
    police = f.make_agency(board, "Police")
    health = f.make_agency(board, "Health")
    m = {
        "inspector": f.make_member(board, "Pat Inspector", agency=police,
                                   start_date=dt.date(2015, 4, 1)),
        "nurse": f.make_member(board, "Sam Nurse", agency=health, start_date=dt.date(2015, 4, 1)),
        "joiner": f.make_member(board, "Lee Joiner", agency=health, start_date=dt.date(2015, 10, 1)),
        "leaver": f.make_member(board, "Kim Leaver", agency=police, start_date=dt.date(2015, 4, 1),
                                end_date=dt.date(2015, 8, 31)),
    }
    for member in m.values():
        GroupMembership.objects.create(subgroup=groups["own"], member=member,
                                       start_date=member.start_date, end_date=member.end_date)
    return m


def meeting(board, group, day, statuses):
    mtg = Meeting.objects.create(board=board, subgroup=group, date=day)
    expected = {m.pk for m in expected_members(mtg)}
    for member, status in statuses.items():
        assert member.pk in expected, f"{member} not expected on {day}"
        Attendance.objects.create(meeting=mtg, member=member, status=status,
                                  deputy_name="Deputy" if status == "deputy" else "")
    return mtg


def as_table(rows):
    return {r.agency: (r.attended, r.invited, r.percent) for r in rows}


# --- attendance arithmetic -------------------------------------------------------------


def test_attendance_counts_deputies_and_members_who_joined_or_left(board, groups, people):
    p = people
    meeting(board, groups["own"], dt.date(2015, 6, 1), {
        p["inspector"]: "present", p["nurse"]: "apologies", p["leaver"]: "present"})
    meeting(board, groups["own"], dt.date(2015, 11, 1), {
        p["inspector"]: "deputy", p["nurse"]: "present", p["joiner"]: "absent"})
    meeting(board, groups["own"], dt.date(2016, 2, 1), {
        p["inspector"]: "absent", p["nurse"]: "present", p["joiner"]: "present"})
    rows, overall = attendance_by_agency(board, 2015, groups["own"])
    # Police: inspector 2 of 3 (a deputy counts) + leaver 1 of 1 (left before November)
    # Health: nurse 2 of 3 (apologies do not count) + joiner 1 of 2 (joined in October)
    assert as_table(rows) == {"Health": (3, 5, 60), "Police": (3, 4, 75)}
    assert [r.agency for r in rows] == ["Health", "Police"]
    assert (overall.attended, overall.invited, overall.percent) == (6, 9, 67)
    assert attendance_by_agency(board, 2016, groups["own"])[1].invited == 0
    assert attendance_by_agency(board, 2015, None)[0] == []  # no board meetings


def test_percent_rounds_halves_up_and_reads_like_the_annual_report():
    assert AgencyAttendance("Police", 5, 6).percent == 83
    assert str(AgencyAttendance("Police", 5, 6)) == "Police 83% 5 of 6"
    assert AgencyAttendance("Health", 5, 8).percent == 63  # 62.5
    assert AgencyAttendance("Health", 1, 8).percent == 13  # 12.5
    assert AgencyAttendance("None", 0, 0).percent is None


def test_records_outside_a_members_dates_do_not_count(board, groups, people):
    """Dates corrected after the register was taken still decide who was invited."""
    p = people
    july = Meeting.objects.create(board=board, subgroup=groups["own"], date=dt.date(2015, 7, 1))
    for member in [p["inspector"], p["nurse"], p["joiner"]]:  # joiner wrongly on July's register
        Attendance.objects.create(meeting=july, member=member, status="absent")
    spell = p["nurse"].memberships.get()
    spell.end_date = dt.date(2015, 6, 30)  # the nurse left the group (not the board) in June
    spell.save()
    rows, overall = attendance_by_agency(board, 2015, groups["own"])
    assert as_table(rows) == {"Police": (0, 1, 0)}
    # someone on the register with no spell on the group at all is taken at the register's word
    outsider = f.make_member(board, "Jo Visitor", agency=p["inspector"].agency)
    Attendance.objects.create(meeting=july, member=outsider, status="present")
    assert as_table(attendance_by_agency(board, 2015, groups["own"])[0]) == {"Police": (1, 2, 50)}


def test_board_meetings_expect_board_members_on_the_day(board, groups, people):
    chair = f.make_member(board, "Indy Chair", board_role="chair", agency=people["nurse"].agency)
    lay = f.make_member(board, "Lay Person", board_role="lay_member",
                        start_date=dt.date(2015, 9, 1))
    f.make_member(board, "Group Only", board_role="none")
    june = Meeting(board=board, date=dt.date(2015, 6, 1))
    names = {m.name for m in expected_members(june)}
    assert {"Indy Chair", "Pat Inspector", "Sam Nurse", "Kim Leaver"} == names
    december = Meeting.objects.create(board=board, date=dt.date(2015, 12, 1))
    assert "Lay Person" in {m.name for m in expected_members(december)}
    assert "Kim Leaver" not in {m.name for m in expected_members(december)}
    Attendance.objects.create(meeting=december, member=chair, status="present")
    Attendance.objects.create(meeting=december, member=lay, status="apologies")
    tables = attendance_tables(board, 2015, Subgroup.objects.for_board(board))
    assert [name for name, *_ in tables] == ["The board"]
    _, rows, overall = tables[0]
    # a member with no agency is a seat of their own, not lumped into "No agency"
    assert as_table(rows) == {"Health": (1, 1, 100), "Lay Person": (0, 1, 0)}
    assert overall.percent == 50


def test_expected_members_follow_their_dates(board, groups, people):
    june = Meeting(board=board, subgroup=groups["own"], date=dt.date(2015, 6, 1))
    november = Meeting(board=board, subgroup=groups["own"], date=dt.date(2015, 11, 1))
    assert {m.name for m in expected_members(june)} == {"Pat Inspector", "Sam Nurse", "Kim Leaver"}
    assert {m.name for m in expected_members(november)} == {"Pat Inspector", "Sam Nurse",
                                                           "Lee Joiner"}
    other = Meeting(board=board, subgroup=groups["other"], date=dt.date(2015, 11, 1))
    assert expected_members(other) == []


def test_attendance_tables_take_three_queries(board, groups, people, django_assert_num_queries):
    for n in range(6):
        meeting(board, groups["own"], dt.date(2015, 11, 1 + n), {people["nurse"]: "present"})
    all_groups = list(Subgroup.objects.for_board(board))
    with django_assert_num_queries(3):  # records, spells and imported tables
        tables = attendance_tables(board, 2015, all_groups)
    assert [(name, overall.attended, overall.invited) for name, _, overall in tables] == [
        ("The board", 0, 0), ("Learning and Improvement", 6, 6)]


# --- structure chart ---------------------------------------------------------------------


def box_texts(svg):
    """The lines of text in each box of the chart, joined per box."""
    root = ET.fromstring(svg)  # also proves the markup is well-formed XML
    return [" ".join(t.text for t in g.iter(f"{SVG}text")) for g in root.iter(f"{SVG}g")
            if g.find(f"{SVG}rect") is not None]


def test_structure_tree_and_svg_escape_names(board):
    business = f.make_subgroup(board, "Business Group", slug="bg", short_name="BG",
                               kind="strategic")
    child = f.make_subgroup(board, "<script>x</script>", slug="x", accountable_to=business)
    tfg = f.make_subgroup(board, "Audit T&F", slug="tf", accountable_to=child,
                          kind="task_and_finish")
    assert [(g.name, d) for g, d in tree([tfg, child, business])] == [
        ("Business Group", 1), ("<script>x</script>", 2), ("Audit T&F", 3)]
    svg = structure_chart_svg(board)
    assert "&lt;script&gt;x&lt;/script&gt;" in svg and "<script>" not in svg
    assert "Audit T&amp;F" in svg
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("font-family") == "DejaVu Sans, Arial, sans-serif"
    assert root.find(f"{SVG}title").text == "Structure chart of North LSCB"
    desc = root.find(f"{SVG}desc").text
    assert "<script>x</script> reports to Business Group." in desc
    assert "Audit T&F reports to <script>x</script>." in desc
    texts = box_texts(svg)
    assert texts[0] == "North LSCB The board"
    assert "Business Group BG · Strategic group" in texts
    assert "Audit T&F Task-and-finish group" in texts
    assert "style" not in svg and "class=" not in svg and "http" not in svg.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")


def test_structure_chart_stays_readable_for_25_groups(board):
    business = f.make_subgroup(board, "Business Group", slug="bg")
    panel = f.make_subgroup(board, "Child Death Overview Panel", slug="cdop", kind="statutory")
    groups = [business, panel]
    for n in range(18):
        groups.append(f.make_subgroup(
            board, f"Performance Management and Quality Assurance Group {n}", slug=f"g{n}",
            accountable_to=business))
    long_name = "Multi-agency Safeguarding Hub Governance and Information Sharing Group"
    groups[-1].name = long_name  # the 18th group
    groups[-1].save()
    for n in range(5):
        groups.append(f.make_subgroup(board, f"Task and finish group {n}", slug=f"t{n}",
                                      kind="task_and_finish", accountable_to=groups[2 + n]))
    svg = structure_chart_svg(board)
    root = ET.fromstring(svg)
    rects = [(float(r.get("x")), float(r.get("y")), float(r.get("width")),
              float(r.get("height"))) for r in root.iter(f"{SVG}rect")]
    assert len(rects) == 26  # the board and its 25 groups
    for i, a in enumerate(rects):  # no two boxes overlap
        for b in rects[i + 1:]:
            assert (a[0] + a[2] <= b[0] or b[0] + b[2] <= a[0]
                    or a[1] + a[3] <= b[1] or b[1] + b[3] <= a[1]), (a, b)
    width, height = int(root.get("width")), int(root.get("height"))
    assert height <= 1.4 * width  # fits one A4 page
    for g in root.iter(f"{SVG}g"):
        bold = [t for t in g.iter(f"{SVG}text") if t.get("font-weight") == "bold"]
        assert len(bold) <= 3  # a name wraps onto at most three lines
    texts = box_texts(svg)
    for group in groups:
        if group.name == long_name:
            continue
        assert any(text.startswith(group.name + " ") for text in texts), group.name
    # a name too long for three lines ends in an ellipsis; the description has it in full
    assert any(t.startswith("Multi-agency Safeguarding Hub Governance") and "…" in t
               for t in texts)
    assert long_name in root.find(f"{SVG}desc").text
    assert len(list(root.iter(f"{SVG}path"))) >= 25  # a line to every group


def test_outline_survives_a_cycle_and_missing_parents(board):
    a = f.make_subgroup(board, "A", slug="a")
    b = f.make_subgroup(board, "B", slug="b", accountable_to=a)
    Subgroup.objects.filter(pk=a.pk).update(accountable_to=b)  # bypassing validation
    groups = list(Subgroup.objects.for_board(board))
    assert sorted(g.name for g, _ in tree(groups)) == ["A", "B"]
    orphan = f.make_subgroup(board, "Orphan", slug="o", accountable_to=b)
    roots = outline([orphan])  # its parent is not in the list
    assert [n.group.name for n in roots] == ["Orphan"]


def test_structure_page_has_the_chart_and_a_nested_list(login, users, board, groups):
    business = f.make_subgroup(board, "Business Group", slug="bg")
    Subgroup.objects.filter(pk=groups["own"].pk).update(accountable_to=business)
    f.make_subgroup(board, "Ended T&F", slug="ended", active_until=dt.date(2015, 1, 1))
    page = login(users["viewer"]).get(reverse("subgroups:structure")).content.decode()
    assert 'role="img"' in page and "<desc" in page
    nested = re.search(r"Business Group</a>.*?<ul>\s*<li><a[^>]*>Learning and Improvement",
                       page, re.S)
    assert nested, "the group under the Business Group is in a nested list"
    assert "Groups that have ended are not shown" in page
    assert page.count("Ended T&amp;F") == 1  # listed as ended, not drawn


# --- editing groups ------------------------------------------------------------------------


def group_data(**overrides):
    data = {"name": "Business Group", "slug": "bg", "kind": "strategic", "order": 0,
            "functions-TOTAL_FORMS": 0, "functions-INITIAL_FORMS": 0}
    data.update(overrides)
    return data


def field_error(html, field):
    match = re.search(rf'id="error_1_id_{field}"><strong>([^<]*)</strong>', html)
    return match.group(1) if match else None


@pytest.mark.parametrize("target", ["itself", "descendant", "grandchild"])
def test_a_group_cannot_be_accountable_to_itself_or_below(login, users, board, groups, target):
    top = f.make_subgroup(board, "Business Group", slug="bg")
    child = f.make_subgroup(board, "PMQAG", slug="pmqag", accountable_to=top)
    grandchild = f.make_subgroup(board, "Audit T&F", slug="audit", accountable_to=child)
    chosen = {"itself": top, "descendant": child, "grandchild": grandchild}[target]
    client = login(users["manager"])
    response = client.post(reverse("subgroups:edit", args=["bg"]),
                           group_data(accountable_to=chosen.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert field_error(html, "accountable_to") == (
        "A group cannot be accountable to itself or to a group that reports to it.")
    top.refresh_from_db()
    assert top.accountable_to is None
    offered = {value for value, _ in response.context["form"].fields["accountable_to"].choices}
    assert offered == {"", groups["own"].pk, groups["other"].pk}  # never itself or below it


def test_moving_a_group_under_another_branch_is_allowed(login, users, board):
    top = f.make_subgroup(board, "Business Group", slug="bg")
    child = f.make_subgroup(board, "PMQAG", slug="pmqag", accountable_to=top)
    other = f.make_subgroup(board, "CDOP", slug="cdop")
    client = login(users["manager"])
    response = client.post(reverse("subgroups:edit", args=["pmqag"]), group_data(
        name="PMQAG", slug="pmqag", accountable_to=other.pk))
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.accountable_to == other
    # a new group may go anywhere: every group is offered
    form = client.get(reverse("subgroups:new")).context["form"]
    offered = {value for value, _ in form.fields["accountable_to"].choices}
    assert {top.pk, child.pk, other.pk} <= offered


def test_manager_adds_a_group_with_functions_and_leads(login, users, board, people):
    client = login(users["manager"])
    response = client.post(reverse("subgroups:new"), {
        "name": "Health Subgroup", "short_name": "Health", "slug": "", "kind": "standing",
        "chair": people["nurse"].pk, "vice_chair": people["inspector"].pk,
        "meeting_frequency": "Quarterly", "leads": [users["chair"].pk], "order": 0,
        "functions-TOTAL_FORMS": 3, "functions-INITIAL_FORMS": 0,
        "functions-0-number": 2, "functions-0-text": "Assure the health priorities",
        "functions-1-number": 1, "functions-1-text": "Deliver the health plan",
        "functions-2-number": "", "functions-2-text": ""})
    group = Subgroup.objects.get(name="Health Subgroup")
    assert group.slug == "health"  # made from the short name
    assert response["Location"] == group.get_absolute_url()
    assert list(group.functions.order_by("number").values_list("number", "text")) == [
        (1, "Deliver the health plan"), (2, "Assure the health priorities")]
    assert list(group.leads.all()) == [users["chair"]]
    page = client.get(group.get_absolute_url()).content.decode()
    assert re.search(r'<li value="1"[^>]*>Deliver the health plan</li>\s*<li value="2"', page)
    assert "Sam Nurse" in page and "Quarterly" in page


def test_group_form_refuses_clashes_and_other_boards_choices(login, users, board, other_board,
                                                            groups, people):
    client = login(users["manager"])
    stranger = f.make_member(other_board, "Stranger")
    foreign = f.make_subgroup(other_board, "Foreign", slug="foreign")
    cases = [
        ({"name": "learning and improvement", "slug": "new-one"}, "name",
         "Another group of this board has this name."),
        ({"name": "X", "slug": "members"}, "slug", "This web address is used by the app; "
         "choose another."),
        ({"name": "X", "slug": "learning"}, "slug", "Another group already uses this web "
         "address."),
        ({"name": "X", "slug": "x", "chair": stranger.pk}, "chair", None),
        ({"name": "X", "slug": "x", "accountable_to": foreign.pk}, "accountable_to", None),
        ({"name": "X", "slug": "x", "leads": [users["outsider"].pk]}, "leads", None),
        ({"name": "X", "slug": "x", "chair": people["nurse"].pk,
          "vice_chair": people["nurse"].pk}, "vice_chair",
         "The vice-chair must be someone other than the chair."),
    ]
    for overrides, field, message in cases:
        response = client.post(reverse("subgroups:new"), group_data(**overrides))
        assert response.status_code == 200, overrides
        error = field_error(response.content.decode(), field)
        assert error is not None, (field, overrides)
        if message:
            assert error == message
    assert Subgroup.objects.for_board(board).count() == 2


def test_past_members_are_not_offered_as_chair(login, users, board, people):
    form = login(users["manager"]).get(reverse("subgroups:new")).context["form"]
    names = {m.name for m in form.fields["chair"].queryset}
    assert "Kim Leaver" not in names and "Pat Inspector" in names


# --- membership register ---------------------------------------------------------------------


def test_register_shows_current_members_and_past_ones_on_request(login, users, board, people):
    f.make_agency(board, "Probation")
    client = login(users["viewer"])
    page = client.get(reverse("subgroups:members")).content.decode()
    assert "Pat Inspector" in page and "Kim Leaver" not in page
    assert "Probation" in page  # an agency without members is still listed
    assert "Learning and Improvement" in page  # the groups each person sits on
    assert "Edit or end" not in page and "Add a member" not in page
    page = client.get(reverse("subgroups:members") + "?past=1").content.decode()
    assert "Kim Leaver" in page and "Past member" in page


def test_ending_a_membership_keeps_the_person(login, users, board, people, groups):
    nurse = people["nurse"]
    client = login(users["manager"])
    url = reverse("subgroups:member_edit", args=[nurse.pk])
    data = {"name": "Sam Nurse", "agency": nurse.agency_id, "board_role": "member",
            "start_date": "2015-04-01", "end_date": "2015-03-01", "order": 0}
    assert "cannot be before the start date" in client.post(url, data).content.decode()
    data["end_date"] = "2016-01-31"
    assert client.post(url, data).status_code == 302
    nurse.refresh_from_db()
    assert nurse.end_date == dt.date(2016, 1, 31)
    # their open group membership ended the same day; nothing was deleted
    assert nurse.memberships.get().end_date == dt.date(2016, 1, 31)
    assert Member.objects.filter(pk=nurse.pk).exists()
    page = client.get(reverse("subgroups:members")).content.decode()
    assert '<th scope="row">Sam Nurse' not in page
    assert '<th scope="row">Pat Inspector' in page


def test_manager_adds_agency_and_member(login, users, board):
    client = login(users["manager"])
    assert client.post(reverse("subgroups:agency_new"), {
        "name": "Cumbria Police", "sector": "police"}).status_code == 302
    duplicate = client.post(reverse("subgroups:agency_new"), {"name": "cumbria police",
                                                              "sector": "police"})
    assert "There is already an agency with this name." in duplicate.content.decode()
    agency = board_agency(board, "Cumbria Police")
    assert client.post(reverse("subgroups:member_new"), {
        "name": "Chief Superintendent", "job_title": "Head of Public Protection",
        "agency": agency.pk, "board_role": "member", "start_date": "2015-04-01",
        "order": 0}).status_code == 302
    member = Member.objects.get(name="Chief Superintendent")
    assert member.board == board and member.agency == agency


def board_agency(board, name):
    from lscb.models import Agency

    return Agency.objects.get(board=board, name=name)


def test_who_sits_on_a_group_is_added_and_ended(login, users, board, groups, people):
    client = login(users["manager"])
    url = reverse("subgroups:group_members", args=[groups["other"].slug])
    nurse = people["nurse"]
    assert client.post(url, {"member": nurse.pk, "role": "chair",
                             "start_date": "2015-04-01"}).status_code == 302
    spell = groups["other"].memberships.get()
    again = client.post(url, {"member": nurse.pk, "role": "member", "start_date": "2015-06-01"})
    assert "already a member of the group for some of these dates" in again.content.decode()
    assert client.post(f"{url}?spell={spell.pk}", {
        "member": nurse.pk, "role": "chair", "start_date": "2015-04-01",
        "end_date": "2015-12-31"}).status_code == 302
    spell.refresh_from_db()
    assert spell.end_date == dt.date(2015, 12, 31)
    # a later, separate spell is fine
    assert client.post(url, {"member": nurse.pk, "role": "member",
                             "start_date": "2016-06-01"}).status_code == 302
    assert groups["other"].memberships.count() == 2
    assert client.get(f"{url}?spell=abc").status_code == 200  # ignored, not an error
    other_spell = people["inspector"].memberships.get()  # a spell on another group
    assert client.get(f"{url}?spell={other_spell.pk}").status_code == 404


# --- meetings -----------------------------------------------------------------------------


def test_chair_records_a_meeting_and_its_attendance(login, users, board, groups, people):
    client = login(users["chair"])
    form = client.get(reverse("subgroups:meeting_new")).context["form"]
    assert [label for _, label in form.fields["subgroup"].choices] == [
        "Choose a group", "Learning and Improvement"]
    response = client.post(reverse("subgroups:meeting_new"), {
        "subgroup": groups["own"].pk, "date": "2015-11-02", "kind": "ordinary"})
    mtg = Meeting.objects.get()
    assert response["Location"] == reverse("subgroups:meeting", args=[mtg.pk])
    records = {r.member.name: r.status for r in mtg.attendances.select_related("member")}
    assert records == {"Pat Inspector": "absent", "Sam Nurse": "absent", "Lee Joiner": "absent"}
    url = reverse("subgroups:meeting", args=[mtg.pk])
    p = people
    data = {f"status_{p['inspector'].pk}": "present", f"status_{p['nurse'].pk}": "apologies",
            f"status_{p['joiner'].pk}": "deputy"}
    response = client.post(url, data)
    assert field_name_error(response, f"deputy_{p['joiner'].pk}") == "Give the deputy's name."
    assert set(mtg.attendances.values_list("status", flat=True)) == {"absent"}
    data[f"deputy_{p['joiner'].pk}"] = "Alex Deputy"
    data[f"deputy_{p['nurse'].pk}"] = "Named, but no deputy sent"  # refused, not dropped
    response = client.post(url, data)
    assert "goes with" in field_name_error(response, f"deputy_{p['nurse'].pk}")
    assert set(mtg.attendances.values_list("status", flat=True)) == {"absent"}
    data[f"deputy_{p['nurse'].pk}"] = ""
    assert client.post(url, data).status_code == 302
    saved = {r.member.name: (r.status, r.deputy_name)
             for r in mtg.attendances.select_related("member")}
    assert saved == {"Pat Inspector": ("present", ""), "Sam Nurse": ("apologies", ""),
                     "Lee Joiner": ("deputy", "Alex Deputy")}
    page = login(users["viewer"]).get(url).content.decode()
    assert "2 of 3 members on the register attended" in page and "Alex Deputy" in page
    assert "Save attendance" not in page


def field_name_error(response, name):
    form = response.context["form"]
    return " ".join(form.errors.get(name, [])) or None


def test_someone_added_to_the_group_later_joins_the_register(login, users, board, groups, people):
    mtg = Meeting.objects.create(board=board, subgroup=groups["own"], date=dt.date(2015, 11, 2))
    late = f.make_member(board, "Late Addition", agency=people["nurse"].agency)
    GroupMembership.objects.create(subgroup=groups["own"], member=late,
                                   start_date=dt.date(2015, 10, 1))
    client = login(users["manager"])
    url = reverse("subgroups:meeting", args=[mtg.pk])
    page = client.get(url).content.decode()
    assert "Late Addition" in page and "Not on the register yet" in page
    data = {f"status_{m.pk}": "present" for m in expected_members(mtg)}
    assert client.post(url, data).status_code == 302
    assert mtg.attendances.get(member=late).status == "present"
    assert mtg.attendances.count() == 4


def test_manager_records_a_board_meeting(login, users, board, people):
    f.make_member(board, "Group Only", board_role="none")
    client = login(users["manager"])
    form = client.get(reverse("subgroups:meeting_new")).context["form"]
    assert list(form.fields["subgroup"].choices)[1] == ("board", "The board")
    assert client.post(reverse("subgroups:meeting_new"), {
        "subgroup": "board", "date": "2015-06-01", "kind": "ordinary",
        "title": "Annual development day"}).status_code == 302
    mtg = Meeting.objects.get()
    assert mtg.subgroup is None
    assert set(mtg.attendances.values_list("member__name", flat=True)) == {
        "Pat Inspector", "Sam Nurse", "Kim Leaver"}


@pytest.mark.parametrize("role, chosen, expected", [
    ("manager", "own", 302), ("chair", "own", 302),
    ("chair", "other", 200),  # a group they do not lead is not one of their choices
    ("chair", "", 200), ("other_chair", "own", 200), ("viewer", "own", 403),
    ("outsider", "own", 200),  # their board has no such group: not a valid choice
])
def test_who_may_record_a_meeting(login, users, groups, people, role, chosen, expected):
    client = login(users[role])
    response = client.post(reverse("subgroups:meeting_new"), {
        "subgroup": groups[chosen].pk if chosen else "", "date": "2015-11-02",
        "kind": "ordinary"})
    assert response.status_code == expected
    assert Meeting.objects.exists() == (expected == 302)
    if expected == 200:
        assert response.context["form"].errors["subgroup"]


def test_a_chair_chooses_among_the_groups_they_lead(login, users, board, groups):
    """The form offers a chair their own groups only, and refuses another as a form error
    (never an error page raised while validating); the manager may choose any group or
    the board itself."""
    third = f.make_subgroup(board, "Quality Assurance", slug="qa")
    third.leads.add(users["chair"])
    chair = login(users["chair"])
    choices = chair.get(reverse("subgroups:meeting_new")).context["form"].fields["subgroup"].choices
    assert [label for _, label in choices] == [
        "Choose a group", "Learning and Improvement", "Quality Assurance"]
    response = chair.post(reverse("subgroups:meeting_new"), {
        "subgroup": groups["other"].pk, "date": "2015-11-02", "kind": "ordinary"})
    assert response.status_code == 200
    assert "Select a valid choice" in " ".join(response.context["form"].errors["subgroup"])
    assert not Meeting.objects.exists()
    manager = login(users["manager"])
    choices = manager.get(reverse("subgroups:meeting_new")).context["form"].fields["subgroup"].choices
    assert [label for _, label in choices] == [
        "Choose the board or a group", "The board", "Case Review Group",
        "Learning and Improvement", "Quality Assurance"]


def test_attendance_page_for_a_year(login, users, board, groups, people):
    p = people
    meeting(board, groups["own"], dt.date(2015, 6, 1), {
        p["inspector"]: "present", p["nurse"]: "apologies", p["leaver"]: "deputy"})
    meeting(board, groups["own"], dt.date(2016, 6, 1), {p["inspector"]: "absent"})
    client = login(users["viewer"])
    response = client.get(reverse("subgroups:attendance") + "?year=2015")
    page = response.content.decode()
    assert "Attendance by agency 2015/16" in page
    assert re.search(r"<th scope=\"row\">Police</th><td[^>]*>100%</td><td[^>]*>2</td>"
                     r"<td[^>]*>2</td>", page)
    assert re.search(r"<th scope=\"row\">Health</th><td[^>]*>0%</td><td[^>]*>0</td>"
                     r"<td[^>]*>1</td>", page)
    assert re.search(r"<th scope=\"row\">Overall</th><td[^>]*>67%</td>", page)
    assert 'href="?year=2016/17"' in page and 'aria-current="page">2015/16' in page
    later = client.get(reverse("subgroups:attendance") + "?year=2016/17").content.decode()
    assert "Police</th><td class=\"text-end num\">0%" in later
    nonsense = client.get(reverse("subgroups:attendance") + "?year=nonsense")
    assert nonsense.status_code == 302  # to the nearest year offered
    assert client.get(nonsense["Location"]).status_code == 200
