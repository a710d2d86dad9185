"""Issue 16: the business manager sends a planner report to two bodies and records one
body's report; reads an indicator's trend across the years; deletes a meeting recorded by
mistake."""

import datetime as dt

from playwright.sync_api import expect

from reporting.models import ReportingItem, ReportReceipt
from subgroups.models import Meeting


def test_planner_item_to_two_bodies(page, sign_in, journey_board):
    sign_in(page, "manager")
    page.goto("/reports/planner/new/")
    page.locator("#id_title").fill("Child Death Review Data")
    page.locator("#id_recipients-0-body").select_option("board")
    page.locator("#id_recipients-0-frequency").select_option("annually")
    page.locator("fieldset fieldset").nth(0).get_by_label("November").check()
    page.locator("#id_recipients-1-body").select_option("board")
    page.locator("#id_recipients-1-frequency").select_option("bimonthly")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("saved in the reporting planner")).to_be_visible()
    item = ReportingItem.objects.get(title="Child Death Review Data")
    assert [r.frequency for r in item.recipients.order_by("order")] == ["annually", "bimonthly"]
    page.goto("/reports/planner/?year=2015/16")
    expect(page.get_by_text("Bimonthly: May, Jul, Sep, Nov, Jan, Mar")).to_be_visible()
    page.get_by_role("link", name="Record Child Death Review Data to The board due July 2015"
                     ).click()
    page.locator("#id_received_on").fill("2015-07-20")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Received 20 Jul 2015")).to_be_visible()
    receipt = ReportReceipt.objects.get(item=item)
    assert receipt.recipient.frequency == "bimonthly" and receipt.due_date == dt.date(2015, 7, 31)
    page.screenshot(path="/tmp/planner-two-bodies.png", full_page=True)


def test_indicator_trend_and_meeting_deletion(page, sign_in, journey_board):
    sign_in(page, "manager")
    page.goto("/plans/indicators/?year=2016/17")
    page.get_by_role("link", name="Re-referrals", exact=True).click()
    expect(page.get_by_role("img", name="Re-referrals: quarterly figures and target")
           ).to_be_visible()
    expect(page.get_by_text("2016/17: target 20%, end of the year before 21%")).to_be_visible()
    page.screenshot(path="/tmp/indicator-trend.png", full_page=True)
    meeting = journey_board["meeting"]
    page.goto(f"/subgroups/meetings/{meeting.pk}/")
    page.get_by_role("link", name="Delete the meeting").click()
    page.get_by_role("button", name="Delete the meeting").click()
    expect(page.get_by_text("stays in the history of edits")).to_be_visible()
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    assert Meeting.history.filter(id=meeting.pk, history_type="-").exists()
