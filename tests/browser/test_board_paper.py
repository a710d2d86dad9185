"""The quarterly report as a board paper, in the browser: the manager writes the
quarter's commentary, chooses the meeting and downloads the paper; the preview is the
paper's look and fits a phone."""

import re

from playwright.sync_api import expect


def test_manager_writes_the_commentary_and_tables_the_paper(page, sign_in, journey_board):
    sign_in(page, "manager")
    page.goto("/reports/quarterly/?year=2015/16&quarter=2")
    page.get_by_role("link", name="Write the commentary for Q2 2015/16").click()
    page.get_by_label("Commentary").fill("Two actions slipped; the rest are on track.")
    page.get_by_label("Decisions or assurance sought").fill("Agree the new date for 1.1")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".commentary")).to_contain_text("Two actions slipped")
    expect(page.locator(".asks")).to_contain_text("Agree the new date for 1.1")
    page.get_by_label("Meeting date").fill("2015-10-14")
    page.get_by_label("Agenda item").fill("6.2")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".paper-facts")).to_contain_text(re.compile(r"Agenda item\s*6\.2"))
    expect(page.locator(".paper-facts")).to_contain_text("14 October 2015")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF").click()
    with open(download_info.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    with page.expect_download() as word_info:
        page.get_by_role("link", name="Download Word (.docx)").click()
    assert word_info.value.suggested_filename.endswith(".docx")


def test_the_plan_document_in_eight_columns(page, sign_in, journey_board):
    plan = journey_board["plan"]
    sign_in(page, "manager")
    page.goto(f"/reports/plan/{plan.slug}/")
    page.get_by_role("link", name="Choose the columns").click()
    page.get_by_label("Layout").select_option("eight")
    page.get_by_role("button", name="Use this layout").click()
    expect(page.get_by_text("Action plan columns: Ref · What we want to achieve")).to_be_visible()
    expect(page.get_by_text("(landscape)")).to_be_visible()
