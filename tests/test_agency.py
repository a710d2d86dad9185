"""The agency accountability view: one partner's record on one page, and printable."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from lscb.models import Challenge
from reporting.agencies.services import agency_context
from reporting.annual.services import start_report
from reporting.models import (
    BudgetLine,
    Section11Rating,
    Section11Return,
    Section11Round,
    Section11Standard,
)
from subgroups.models import Attendance, Meeting

from . import factories as f


@pytest.fixture
def police(board, groups, theme):
    police = f.make_agency(board, "Cumbria Constabulary")
    other = f.make_agency(board, "Health")
    officer = f.make_member(board, "Dee Inspector", agency=police, board_role="member")
    nurse = f.make_member(board, "Nia Nurse", agency=other, board_role="member")
    groups["own"].chair = officer
    groups["own"].save()
    f.make_action(theme, "2.1", owners=[groups["own"]], description="Police-led audit of CSE cases")
    f.make_action(theme, "2.2", owners=[groups["other"]], description="Somebody else's action")
    for day, status in [(dt.date(2015, 6, 1), "present"), (dt.date(2015, 9, 1), "deputy"),
                        (dt.date(2015, 12, 1), "apologies")]:
        meeting = Meeting.objects.create(board=board, date=day)
        Attendance.objects.create(meeting=meeting, member=officer, status=status)
        Attendance.objects.create(meeting=meeting, member=nurse, status="present")
    round_ = Section11Round.objects.create(board=board, title="S11 2015/16", year=2015)
    standard = Section11Standard.objects.create(board=board, number=1, title="Leadership")
    s11 = Section11Return.objects.create(round=round_, agency=police)
    Section11Rating.objects.create(section11_return=s11, standard=standard, rating="amber",
                                   qa_comment="Training records incomplete")
    report = start_report(board, 2015)
    BudgetLine.objects.create(report=report, kind="income", label="Police contribution",
                              agency=police, amount=Decimal("12500.00"))
    BudgetLine.objects.create(report=report, kind="income", label="Health contribution",
                              agency=other, amount=Decimal("30000.00"))
    Challenge.objects.create(board=board, raised_on=dt.date(2015, 9, 1), raised_by="Chair",
                             agency=police, issue="<b>Attendance</b> at the CSE group",
                             response_due=dt.date(2015, 10, 1))
    Challenge.objects.create(board=board, raised_on=dt.date(2015, 9, 1), raised_by="Chair",
                             agency=police, issue="Resolved one", status="resolved")
    return police


def test_context_gathers_the_agencys_record(board, police):
    context = agency_context(board, police, 2015)
    (name, row), = context["attendance"]
    assert name == "The board" and str(row) == "Cumbria Constabulary 67% 2 of 3"
    assert [(r.standard.title, r.rating) for r in context["ratings"]] == [("Leadership", "amber")]
    assert context["contribution"] == Decimal("12500.00")
    assert [a.reference for a in context["actions"]] == ["2.1"]
    assert [c.issue for c in context["open_challenges"]] == ["<b>Attendance</b> at the CSE group"]
    assert len(context["challenges"]) == 2


def test_agency_page_for_a_viewer(login, users, police, django_assert_max_num_queries):
    client = login(users["viewer"])
    listing = client.get(reverse("reporting:agencies"))
    assert "Cumbria Constabulary" in listing.text and "1 open challenge" in listing.text
    with django_assert_max_num_queries(25):
        page = client.get(reverse("reporting:agency", args=[police.pk]), {"year": "2015/16"})
    text = page.text
    assert "Cumbria Constabulary: partner record 2015/16" in text
    assert "67%" in text and "£12,500" in text and "Police-led audit" in text
    assert "Somebody else" not in text
    assert "Training records incomplete" in text and "Overdue" in text
    assert "&lt;b&gt;Attendance&lt;/b&gt;" in text and "<b>Attendance" not in text


def test_query_count_does_not_grow_with_actions(login, users, police, theme, groups,
                                                 django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(users["viewer"])
    url = reverse("reporting:agency", args=[police.pk])
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for n in range(3, 13):
        f.make_action(theme, f"2.{n}", owners=[groups["own"]])
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)


@pytest.mark.real_pdf
def test_agency_pdf(login, users, police):
    response = login(users["chair"]).get(reverse("reporting:agency_pdf", args=[police.pk]),
                                         {"year": "2015/16"})
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Cumbria Constabulary" in text and "Leadership" in text
    assert "<b>Attendance</b> at the CSE group" in text  # shown as typed, never as markup


def test_other_boards_agency_is_not_found(login, users, police):
    client = login(users["outsider"])
    assert client.get(reverse("reporting:agency", args=[police.pk])).status_code == 404
    assert client.get(reverse("reporting:agency_pdf", args=[police.pk])).status_code == 404
