"""An agency representative's Section 11 return in a real browser (sign-in with two
factors, draft with a file, submit), and axe on every page this feature adds."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from lscb.models import BoardUser, Challenge, Role, SafeguardingPartner
from plans.models import CaseReview
from reporting.models import Section11Return, Section11Round, Section11Standard
from reporting.section11.services import ensure_standards
from tests import factories as f
from tests.fake_pdf import pdf_with_text

from .test_accessibility import violations


@pytest.fixture
def partnership(journey_board, tmp_path):
    board = journey_board["board"]
    police = journey_board["agency"]
    health = f.make_agency(board, "North Hospital Trust")
    ensure_standards(board)
    Section11Standard.objects.filter(board=board, number__gt=2).delete()  # a short return
    round_ = Section11Round.objects.create(board=board, title="Section 11 2015/16", year=2015,
                                           closes_on=dt.date(2099, 1, 31))
    rep = f.make_user("rep", first_name="Avery", last_name="Rep")
    BoardUser.objects.create(board=board, user=rep, role=Role.AGENCY_REP, agency=police)
    challenge = Challenge.objects.create(board=board, raised_on=dt.date(2015, 9, 1),
                                         raised_by="Chair", agency=police, issue="Attendance")
    Challenge.objects.create(board=board, raised_on=dt.date(2015, 9, 1), raised_by="Chair",
                             agency=health, issue="Hospital discharge planning")
    SafeguardingPartner.objects.create(board=board, agency=police, is_lead=True)
    review = CaseReview.objects.create(board=board, pseudonym="Child J",
                                       notified_on=dt.date(2015, 9, 1))
    evidence = tmp_path / "policy.pdf"
    evidence.write_bytes(pdf_with_text("Safeguarding policy"))
    return {**journey_board, "round": round_, "police": police, "challenge": challenge,
            "review": review, "evidence": evidence}


def test_agency_representative_drafts_and_submits_a_return(page, sign_in, partnership):
    sign_in(page, "rep")  # two-factor, as a chair
    page.goto("/reports/section11/")
    page.get_by_role("link", name="Section 11 2015/16").click()
    expect(page.get_by_text("Hospital Trust")).to_have_count(0)  # only their own agency
    page.get_by_role("link", name="Start the return").click()
    expect(page.get_by_text("Status: draft")).to_be_visible()
    page.get_by_label("Completed by").fill("DCI Jones")
    page.get_by_label("1. Leadership: self-rating").select_option("amber")
    page.get_by_label("1. Leadership: evidence").fill("Board-level lead in post")
    page.get_by_label("Add evidence files").set_input_files(str(partnership["evidence"]))
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.get_by_text("saved as a draft")).to_be_visible()
    expect(page.get_by_role("link", name="policy.pdf")).to_be_visible()
    page.get_by_role("button", name="Submit the return").click()
    expect(page.get_by_text("cannot be submitted yet")).to_be_visible()
    assert violations(page) == []
    page.get_by_label("1. Leadership: action plan, what").fill("Name a deputy lead")
    page.get_by_label("2. Commitment: self-rating").select_option("green")
    page.get_by_role("button", name="Submit the return").click()
    expect(page.get_by_text(re.compile("return submitted"))).to_be_visible()
    ret = Section11Return.objects.get(agency=partnership["police"])
    assert ret.is_submitted and ret.evidence_files.count() == 1


def test_new_pages_have_no_axe_violations(page, sign_in, partnership):
    round_, police = partnership["round"], partnership["police"]
    urls = {
        "rep": [f"/reports/section11/{round_.pk}/", f"/reports/section11/{round_.pk}/agency/"
                f"{police.pk}/", "/reports/challenges/",
                f"/reports/challenges/{partnership['challenge'].pk}/respond/", "/reviews/"],
        "manager": [f"/reports/section11/{round_.pk}/",
                    f"/reports/section11/{round_.pk}/agency/{police.pk}/", "/reviews/",
                    "/reviews/new/", f"/reviews/{partnership['review'].pk}/",
                    f"/reviews/{partnership['review'].pk}/edit/", "/board/", "/board/partners/new/",
                    "/", "/actions/updates-due/", "/board/people/new/"],
    }
    problems = {}
    for role, pages in urls.items():
        page.context.clear_cookies()
        sign_in(page, role)
        for url in pages:
            page.goto(url)
            found = violations(page)
            if found:
                problems[f"{role} {url}"] = found
    assert problems == {}
