"""The quarterly report as a board paper: cover and meeting, one-page summary with each
exception once, the quarter's commentary (frozen when the quarter closes), the indicator
scorecard and the top risks."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from lscb.fiscal import Quarter
from lscb.papers.figures import count, money, percent, possessive, signed
from plans.models import Indicator, IndicatorValue, Risk
from reporting.models import QuarterCommentary
from reporting.papers.board_paper import exception_reasons
from reporting.papers.meeting import meeting_for, planner_body
from reporting.papers.quarterly import quarterly_context
from reporting.quarters.services import close_quarter

from . import factories as f

URL = "/reports/quarterly/"
Q2 = "?year=2015/16&quarter=2"


@pytest.fixture
def paper_data(board, plan, theme, groups):
    a = {
        "red": f.make_action(theme, "1.1", due=dt.date(2016, 3, 1), description="Appraise members"),
        "amber": f.make_action(theme, "1.2", due=dt.date(2016, 3, 1), description="Audit files"),
        "late_green": f.make_action(theme, "1.3", due=dt.date(2015, 8, 1),
                                    description="Publish the threshold document"),
        "fine": f.make_action(theme, "1.4", due=dt.date(2016, 3, 1), description="Train staff"),
    }
    f.make_update(a["red"], "red", dt.date(2015, 9, 10), "Chair unavailable since July")
    f.make_update(a["amber"], "amber", dt.date(2015, 9, 10), "Auditor off sick")
    f.make_update(a["late_green"], "green", dt.date(2015, 9, 10), "Nearly published")
    f.make_update(a["fine"], "green", dt.date(2015, 9, 10), "Going well")
    f.make_report(board, title="LSCB Business Plan", recipient="business_group",
                  recipient_group=groups["own"], frequency="quarterly")
    indicator = Indicator.objects.create(board=board, name="Re-referrals within 12 months",
                                         unit="%", polarity="lower", target=Decimal("20"),
                                         previous_year_end=Decimal("25"))
    IndicatorValue.objects.create(indicator=indicator, year=2015, quarter=1, value=Decimal("23"))
    IndicatorValue.objects.create(indicator=indicator, year=2015, quarter=2, value=Decimal("21"))
    IndicatorValue.objects.create(indicator=indicator, year=2015, quarter=3, value=Decimal("30"))
    Risk.objects.create(board=board, theme="Governance", reference="R1",
                        description="Partners do not attend", residual_likelihood=4,
                        residual_impact=4)
    Risk.objects.create(board=board, theme="Governance", reference="R2",
                        description="Budget cut", residual_likelihood=1, residual_impact=2)
    return a


def test_exception_reasons_name_each_kind_once(board, plan, paper_data):
    context = quarterly_context(board, plan, Quarter(2015, 2))
    reasons = {a.reference: exception_reasons(a) for a in context["exceptions"]}
    assert reasons == {"1.1": ("Red",), "1.2": ("Amber",), "1.3": ("Green but past due",)}
    assert [a.reference for a in context["exceptions"]] == ["1.1", "1.2", "1.3"]


def test_meeting_body_comes_from_the_planner(board, plan, paper_data, groups):
    assert planner_body(board) == groups["own"].name  # named once, not "Business Group: …"
    context = quarterly_context(board, plan, Quarter(2015, 2))
    assert context["meeting"].body == groups["own"].name
    assert meeting_for(board, body="The board").asked == "The board is asked to"


def test_scorecard_reads_the_value_at_the_quarter_and_top_risks_rank(board, plan, paper_data):
    context = quarterly_context(board, plan, Quarter(2015, 2))
    row, = context["scorecard"]
    assert row.value == Decimal("21")  # Q3's 30 is after the quarter
    assert row.direction == "Improved" and row.rag == "amber" and row.trend
    assert [r.reference for r in context["risks"]] == ["R1", "R2"]
    assert "<svg" in context["heat_map"]


def test_figures_are_written_as_people_write_them():
    assert count(Decimal("540.00")) == "540" and count(12345) == "12,345"
    assert money(Decimal("152757.00")) == "£152,757" and money(Decimal("12.5")) == "£12.50"
    assert percent(Decimal("65.00")) == "65%"
    assert signed(3) == "+3" and signed(-2) == "−2" and signed(0) == "0"
    assert possessive("Barnardo's") == "Barnardo's"
    assert possessive("Councils") == "Councils’" and possessive("Board") == "Board’s"


def test_manager_writes_the_commentary_and_others_cannot(login, users, board, plan, paper_data):
    url = f"{URL}commentary/{Q2}"
    for role in ["chair", "viewer"]:
        assert login(users[role]).get(url).status_code == 403
        assert login(users[role]).post(url, {"summary": "x"}).status_code == 403
    client = login(users["manager"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"summary": "Two actions slipped.",
                                 "asks": "Note the position\n- Agree the new date for 1.1"})
    assert response.status_code == 302
    commentary = QuarterCommentary.objects.get(plan=plan, year=2015, quarter=2)
    assert commentary.ask_lines == ["Note the position", "Agree the new date for 1.1"]
    page = client.get(URL + Q2).content.decode()
    assert "Two actions slipped." in page and "Agree the new date for 1.1" in page
    assert "Edit the commentary for Q2 2015/16" in page


def test_commentary_is_frozen_when_the_quarter_closes(login, users, board, plan, paper_data,
                                                      settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    QuarterCommentary.objects.create(board=board, plan=plan, year=2015, quarter=2,
                                     summary="Frozen words")
    close_quarter(board, plan, Quarter(2015, 2), users["manager"])
    client = login(users["manager"])
    response = client.post(f"{URL}commentary/{Q2}", {"summary": "Changed later"})
    assert response.status_code == 302
    assert QuarterCommentary.objects.get(plan=plan).summary == "Frozen words"
    assert "Frozen words" in client.get(URL + Q2).content.decode()


def test_commentary_needs_a_quarter_and_stays_on_the_board(login, users, paper_data, other_board):
    client = login(users["manager"])
    assert client.get(f"{URL}commentary/").status_code == 404
    other_plan = f.make_plan(other_board, slug="theirs")
    assert client.get(f"{URL}commentary/{Q2}&plan={other_plan.slug}").status_code == 404


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.real_pdf
def test_pdf_is_a_board_paper(login, users, board, plan, paper_data, groups, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    QuarterCommentary.objects.create(board=board, plan=plan, year=2015, quarter=2,
                                     summary="The commentary of the business manager.",
                                     asks="Agree the revised date for action 1.1")
    response = login(users["manager"]).get(
        f"/reports/quarterly/pdf/{Q2}&meeting_date=2015-10-14&agenda_item=6.2&author=Morgan+Lee")
    assert response.status_code == 200
    reader, text = pdf_text(response.content)
    flat = " ".join(text.split())
    for expected in [f"Meeting: {groups['own'].name}, 14 October 2015", "Agenda item: 6.2",
                     "Author: Morgan Lee", "The commentary of the business manager.",
                     f"{groups['own'].name} is asked to:", "Agree the revised date for action 1.1",
                     "Indicator scorecard", "Re-referrals within 12 months", "21%", "20%",
                     "Improved", "Top risks", "Partners do not attend", "Green but past due"]:
        assert expected in flat, expected
    for once in ["1. Summary", "Key exceptions", "Chair unavailable since July",
                 "Auditor off sick", "Appendix A. Progress by theme"]:
        assert flat.count(once) == 1, once
    assert "The Business Group" not in flat
    # four actions fit in four pages: no cover page, the facts head page 1
    assert len(reader.pages) <= 4 and "Contents" not in flat
