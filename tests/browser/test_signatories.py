"""A partnership's yearly report in the browser: it starts with a signatory per partner,
approval is refused until every partner has signed off, a partner added later joins with
one button; the edit page has no axe violations."""

import pytest
from playwright.sync_api import expect

from lscb.models import SafeguardingPartner
from reporting.annual.services import start_report
from tests import factories as f

from .test_accessibility import violations


@pytest.fixture
def yearly(journey_board):
    board = journey_board["board"]
    board.kind = "scp"
    board.save()
    police = journey_board["agency"]
    SafeguardingPartner.objects.create(board=board, agency=police, lead_name="Chief Constable")
    council = f.make_agency(board, "North Council")
    SafeguardingPartner.objects.create(board=board, agency=council, is_lead=True,
                                       lead_name="Chief Executive")
    report = start_report(board, 2015)
    icb = f.make_agency(board, "North Integrated Care Board")
    SafeguardingPartner.objects.create(board=board, agency=icb)  # named after the start
    return report


def test_partners_sign_the_yearly_report(page, sign_in, yearly):
    sign_in(page, "manager")
    page.goto("/reports/annual/2015/")
    signatories = page.locator("h2:has-text('Signatories') + ul")
    expect(signatories.locator("li")).to_have_count(2)
    expect(signatories.locator("li").first).to_contain_text(
        "Chief Executive, North Council (lead safeguarding partner)")
    assert violations(page) == []
    page.get_by_role("button", name="Add the partners as signatories").click()
    expect(page.get_by_text("1 partner added as signatories")).to_be_visible()
    expect(signatories.locator("li")).to_have_count(3)
    page.get_by_label("Approved by").fill("The partners")
    page.get_by_role("button", name="Record approval and freeze the PDF").click()
    expect(page.get_by_text("have not signed it off yet")).to_be_visible()
    page.get_by_role("link", name="Chief Executive").click()
    page.get_by_label("Signed off on").fill("2016-06-30")
    page.get_by_role("button", name="Save").click()
    expect(signatories.locator("li").first).to_contain_text("Signed off 30 Jun 2016")
    yearly.refresh_from_db()
    assert yearly.status == "draft"
