"""The Business Plan document in the board's own columns: presets, the manager's own
order and headings, landscape, and sections with no content left out."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from reporting.models import PlanPaperLayout
from reporting.papers.business_plan import business_plan_context
from reporting.papers.plan_layout import PRESETS

from . import factories as f


@pytest.fixture
def plan_actions(plan, theme, groups):
    action = f.make_action(theme, "1.1", owners=[groups["own"]], due=dt.date(2016, 3, 1),
                           description="Train the workforce", outcome="Confident staff",
                           measures="Evaluation scores", risk_note="Trainers leave")
    f.make_update(action, "amber", dt.date(2015, 9, 1), "Two courses cancelled")
    return action


def labels(context):
    return [c.label for c in context["columns"]]


def test_default_is_the_cumbria_layout_with_empty_columns_left_out(board, plan, plan_actions):
    context = business_plan_context(board, plan)
    assert labels(context) == ["Ref", "Action", "Who", "When", "What we are trying to achieve",
                               "To evidence this we will measure"]
    assert not context["landscape"]


def test_eight_column_preset_is_landscape_with_progress(login, users, board, plan, plan_actions):
    client = login(users["manager"])
    url = reverse("reporting:plan_layout", args=[plan.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, {"preset": "eight"})
    assert response.status_code == 302
    context = business_plan_context(board, plan)
    assert labels(context) == [label for _k, label in PRESETS["eight"].columns]
    assert context["landscape"]
    page = client.get(reverse("reporting:business_plan", args=[plan.slug])).content.decode()
    assert "Two courses cancelled" in page and "Trainers leave" in page and "We will" in page


def test_manager_orders_fields_and_renames_headings(login, users, board, plan, plan_actions):
    url = reverse("reporting:plan_layout", args=[plan.slug])
    response = login(users["manager"]).post(url, {
        "pos_measures": "1", "pos_description": "2", "label_description": "We will",
        "pos_lead": "3"})
    assert response.status_code == 302
    assert PlanPaperLayout.objects.get(plan=plan).columns == [
        ["measures", "To evidence this we will measure"], ["description", "We will"],
        ["lead", "Lead"]]
    assert labels(business_plan_context(board, plan)) == [
        "To evidence this we will measure", "We will", "Lead"]


def test_bad_layout_is_a_field_error_and_saves_nothing(login, users, plan, plan_actions):
    url = reverse("reporting:plan_layout", args=[plan.slug])
    response = login(users["manager"]).post(url, {"pos_lead": "nonsense"})
    assert response.status_code == 200 and "Enter a whole number" in response.content.decode()
    response = login(users["manager"]).post(url, {})
    assert response.status_code == 200
    assert "Give at least one field a position" in response.content.decode()
    assert not PlanPaperLayout.objects.exists()


def test_only_the_manager_chooses_and_only_on_their_board(login, users, plan, other_board):
    url = reverse("reporting:plan_layout", args=[plan.slug])
    for role in ["chair", "viewer"]:
        assert login(users[role]).get(url).status_code == 403
        assert login(users[role]).post(url, {"preset": "eight"}).status_code == 403
    theirs = f.make_plan(other_board, slug="theirs")
    assert login(users["manager"]).get(
        reverse("reporting:plan_layout", args=[theirs.slug])).status_code == 404
    assert not PlanPaperLayout.objects.exists()


def test_new_board_document_leaves_empty_sections_out(login, users, board, plan):
    board.introduction = board.vision = ""
    board.save()
    page = login(users["manager"]).get(
        reverse("reporting:business_plan", args=[plan.slug])).content.decode()
    for absent in ["What is the board", "The action plan"]:
        assert absent not in page, absent


@pytest.mark.real_pdf
def test_landscape_plan_pdf_prints_the_chosen_columns(login, users, board, plan, plan_actions,
                                                      settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    PlanPaperLayout.objects.create(plan=plan, columns=[list(c) for c in PRESETS["eight"].columns],
                                   landscape=True)
    response = login(users["manager"]).get(reverse("reporting:business_plan_pdf", args=[plan.slug]))
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    for expected in ["What we want to achieve", "We will", "Timescale", "Progress",
                     "Evaluation scores", "Trainers leave", "Two courses cancelled"]:
        assert expected in text, expected
    landscape = [p for p in reader.pages if p.mediabox.width > p.mediabox.height]
    assert landscape and len(landscape) < len(reader.pages)
