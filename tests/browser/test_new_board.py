"""A brand-new board in a real browser, as its business manager meets it: from
``create_board`` to its first action and its first quarterly PDF, following the
checklist, without ever opening /admin/. Saves the README's screenshots of the
checklist and the themes editor."""

import os
import re
from pathlib import Path

from django.core.management import call_command
from playwright.sync_api import expect

from tests import factories as f

from .conftest import SCREENSHOTS

# README_SCREENSHOTS=1 refreshes the README's pictures; otherwise they go with the others
README_IMAGES = (Path(__file__).resolve().parents[2] / "static" / "img" / "readme"
                 if os.environ.get("README_SCREENSHOTS") == "1" else SCREENSHOTS)


def test_a_new_board_from_create_board_to_its_first_quarterly_pdf(page, sign_in, db):
    f.make_user("erin", first_name="Erin", last_name="Business-Manager", email="erin@example.org")
    call_command("create_board", "east", "--name", "East Safeguarding Children Partnership",
                 "--short-name", "East SCP", "--kind", "scp", "--manager", "erin")
    visited = []
    page.on("request", lambda request: visited.append(request.url))
    sign_in(page, "erin")
    checklist = page.locator(".checklist")
    expect(checklist).to_contain_text("0 of 6 steps done")

    # 1. board details
    checklist.get_by_role("link", name=re.compile("Edit the board details")).click()
    page.get_by_label("Vision", exact=True).fill("Children and young people in East are safe")
    page.get_by_label("Protective marking").fill("OFFICIAL")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Board settings saved.")).to_be_visible()

    # 2. a plan (a draft), then its themes, reordered from the keyboard
    page.goto("/")
    checklist.get_by_role("link", name="Add a plan (Business plan)").click()
    page.get_by_label("Title").fill("Business Plan 2026-28")
    page.get_by_label("First financial year").select_option(label="2026/27")
    page.get_by_label("Last financial year").select_option(label="2027/28")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Themes of Business Plan 2026-28")
    for title in ("Early Help", "Leadership and Governance"):
        page.get_by_role("link", name="Add a theme").click()
        page.get_by_label("Title").fill(title)
        page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Add sub-section to theme 1").click()
    expect(page.get_by_label("Number")).to_have_value("1.1")
    page.get_by_label("Title").fill("Early Help assessments")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Move up theme 2").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("is now theme 1")
    expect(page.get_by_role("button", name="Move down theme 1")).to_be_focused()
    rows = page.locator(".theme-editor tbody tr th")
    expect(rows).to_have_text(["1", re.compile("2$"), re.compile("2.1$")])
    expect(page.locator(".theme-editor tbody tr").nth(0)).to_contain_text("Leadership")
    README_IMAGES.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.screenshot(path=str(README_IMAGES / "themes-editor.png"), full_page=True)

    page.goto("/")
    expect(checklist).to_contain_text("2 of 6 steps done")
    checklist.screenshot(path=str(README_IMAGES / "checklist.png"))

    # 3. the first action
    checklist.get_by_role("link", name=re.compile("Add an action")).click()
    page.get_by_label("Theme").select_option(label="1. Leadership and Governance")
    page.get_by_label("Reference").fill("1.1")
    page.locator("#id_description").fill("Agree the partnership's terms of reference")
    page.get_by_label("Lead role").fill("Independent Chair")
    page.get_by_label("Due date").fill("2027-03-31")
    page.get_by_role("button", name=re.compile("Save")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Action 1.1")

    # 4. the plan goes live once approved
    page.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name="Business Plan 2026-28").click()
    expect(page.get_by_text("DRAFT", exact=True)).to_be_visible()
    page.get_by_role("link", name="Make this the live plan").click()
    page.get_by_label("Approval date").fill("2026-11-20")
    page.get_by_label("Approving body").fill("Partnership executive")
    page.get_by_role("button", name="Make it live").click()
    expect(page.get_by_text("is now the live plan")).to_be_visible()
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard: Business Plan 2026-28")

    # 5. the first quarterly report, as a PDF
    page.goto("/reports/quarterly/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF").click()
    with open(download_info.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert not [url for url in visited if "/admin/" in url]
