"""Subgroup work plan PDF and the render_report command."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from . import factories as f


def text_of(content):
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def workplan_data(board, theme, groups):
    groups["own"].functions.create(number=1, text="Develop a Safeguarding Learning Strategy")
    action = f.make_action(theme, "4.2", owners=[groups["own"]],
                           description="Revise Level 3 multi-agency training")
    f.make_update(action, "amber", dt.date(2015, 7, 1), "Trainers being recruited")
    f.make_update(action, "green", dt.date(2015, 10, 1), "Workshops booked")
    f.make_action(theme, "5.1", owners=[groups["other"]], description="Not this group's")
    return action


@pytest.mark.parametrize("role", ["manager", "chair", pytest.param("viewer", marks=pytest.mark.real_pdf)])
def test_workplan_preview_and_pdf(login, users, groups, workplan_data, role):
    client = login(users[role])
    html = client.get(reverse("reporting:workplan", args=[groups["own"].slug]))
    assert html.status_code == 200
    assert "Trainers being recruited" in html.content.decode()
    pdf = client.get(reverse("reporting:workplan_pdf", args=[groups["own"].slug]))
    assert pdf["Content-Type"] == "application/pdf"
    text = text_of(pdf.content)
    for expected in ["Learning and Improvement work plan", "Develop a Safeguarding Learning",
                     "Revise Level 3", "Workshops booked", "Trainers being recruited"]:
        assert expected in text
    assert "Not this group's" not in text
    assert text.index("Workshops booked") < text.index("Trainers being recruited")


def test_workplan_of_another_board_is_not_found(login, users, groups, workplan_data):
    client = login(users["outsider"])
    assert client.get(reverse("reporting:workplan_pdf", args=[groups["own"].slug])).status_code == 404


@pytest.mark.real_pdf
def test_render_report_command(board, groups, workplan_data, tmp_path, plan):
    out = tmp_path / "q2.pdf"
    call_command("render_report", "quarterly", "--board", board.slug, "--year", "2015/16",
                 "--quarter", "3", "--output", str(out))
    text = text_of(out.read_bytes())
    assert "Business Plan monitoring report Q3 2015/16" in text and "Workshops booked" in text
    wp = tmp_path / "wp.pdf"
    call_command("render_report", "workplan", "--board", board.slug, "--subgroup",
                 groups["own"].slug, "--output", str(wp))
    assert "Revise Level 3" in text_of(wp.read_bytes())
    with pytest.raises(CommandError, match="No board"):
        call_command("render_report", "quarterly", "--board", "nope", "--output", str(out))
    with pytest.raises(CommandError, match="--year"):
        call_command("render_report", "quarterly", "--board", board.slug, "--output", str(out))
    with pytest.raises(CommandError, match="financial year"):
        call_command("render_report", "quarterly", "--board", board.slug, "--year", "15/16",
                     "--quarter", "1", "--output", str(out))


@pytest.mark.real_pdf
def test_business_plan_document(login, users, board, plan, theme, groups, workplan_data):
    board.vision = "Working together to keep children safe"
    board.introduction = "The board coordinates safeguarding."
    board.save()
    client = login(users["viewer"])
    page = client.get(reverse("reporting:business_plan", args=[plan.slug]))
    assert page.status_code == 200
    pdf = client.get(reverse("reporting:business_plan_pdf", args=[plan.slug]))
    text = text_of(pdf.content)
    for expected in ["Contents", "What is the board", "Working together to keep children safe",
                     "Structure", "Develop a Safeguarding Learning Strategy",
                     "The action plan", "Revise Level 3",
                     "Learning and Improvement"]:
        assert expected in text, expected
    for absent in ["Membership", "Reporting planner"]:  # nothing in them yet: left out
        assert absent not in text, absent
    assert login(users["outsider"]).get(
        reverse("reporting:business_plan_pdf", args=[plan.slug])).status_code == 404


@pytest.mark.real_pdf
def test_render_business_plan_from_the_command_line(board, plan, workplan_data, tmp_path):
    out = tmp_path / "plan.pdf"
    call_command("render_report", "plan", "--board", board.slug, "--output", str(out))
    assert "The action plan" in text_of(out.read_bytes())
