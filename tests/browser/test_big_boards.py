"""A big board's pages (issue 21): the plan page opens a theme's actions on demand and
they can be updated there; a big quarterly report renders in the background and its
progress page is accessible."""

import datetime as dt
import re

from playwright.sync_api import expect

from .test_accessibility import violations


def test_big_plan_opens_a_theme_and_updates_inline(page, sign_in, journey_board, monkeypatch):
    from actions import views_plan

    monkeypatch.setattr(views_plan, "ROWS_ON_DEMAND", 1)
    plan = journey_board["plan"]
    sign_in(page, "chair")
    page.goto(f"/plans/{plan.slug}/")
    expect(page.get_by_text("Refresh the training pool")).to_have_count(0)
    assert violations(page) == []
    page.get_by_role("link", name="Show the 3 actions of theme 1").click()
    expect(page.get_by_text("Refresh the training pool")).to_be_visible()
    assert page.url.endswith(f"/plans/{plan.slug}/")  # loaded in place, not a new page
    assert violations(page) == []
    own = journey_board["actions"]["own"]
    row = page.locator(f"#action-row-{own.pk}")
    row.get_by_role("link", name=re.compile("Update")).click()
    panel = page.locator("#update-panel")  # the page's one update panel
    panel.get_by_label("RAG rating").select_option("green")
    panel.get_by_role("button", name=re.compile("Save update")).click()
    expect(row.locator(f"#rag-{own.pk}")).to_have_text("Green")
    page.keyboard.press("Escape")  # close the panel
    expect(page.locator("#update-panel")).not_to_be_visible()
    page.get_by_role("link", name="Show every theme's actions").click()
    expect(page.get_by_text("Publish the S11 themes")).to_be_visible()


def test_big_quarterly_pdf_renders_in_the_background(page, sign_in, journey_board, settings):
    from actions.models import ProgressUpdate

    settings.PAPERS_BACKGROUND_ACTIONS = 0
    assert ProgressUpdate.objects.filter(date__lte=dt.date(2015, 9, 30)).exists()
    sign_in(page, "viewer")
    page.goto("/reports/quarterly/pdf/?year=2015/16&quarter=2")
    expect(page.get_by_role("heading", name="PDF of the Business Plan monitoring report")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Ready")
    assert violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    assert download.value.suggested_filename == "north-quarterly-2015-q2.pdf"


def test_big_quarterly_preview_opens_a_theme_in_place(page, sign_in, journey_board, monkeypatch):
    from reporting.papers import views

    monkeypatch.setattr(views, "ROWS_ON_DEMAND", 1)
    sign_in(page, "viewer")
    page.goto("/reports/quarterly/?year=2015/16&quarter=2")
    appendix = page.locator("#appendix")
    expect(appendix.locator(".action-block")).to_have_count(0)
    expect(page.get_by_role("heading", name="Key exceptions")).to_be_visible()  # the summary
    assert violations(page) == []
    appendix.get_by_role("link", name=re.compile(r"^Show the 3 actions of 1\. ")).click()
    expect(appendix.get_by_text("Refresh the training pool")).to_be_visible()
    assert page.url.endswith("quarter=2")  # loaded in place, not a new page
    assert violations(page) == []
    appendix.get_by_role("link", name="Show every theme's actions").click()
    expect(appendix.get_by_text("Publish the S11 themes")).to_be_visible()
    assert "all=1" in page.url
