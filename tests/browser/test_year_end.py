"""The year-end in a real browser: the business manager keeps, completes and drops every
open action of the live plan, sees the refused row explained, confirms, and follows the
links both ways between the two plans. axe checks the review grid."""

import re

from playwright.sync_api import expect

from .test_accessibility import violations


def test_the_year_end_review(page, sign_in, journey_board):
    from actions.models import Action
    from plans.models import BusinessPlan

    actions, plan = journey_board["actions"], journey_board["plan"]
    sign_in(page, "manager")
    page.goto(f"/plans/{plan.slug}/")
    page.get_by_role("link", name="Year-end review").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Year-end review")
    assert violations(page) == []
    page.get_by_label("Carry into", exact=True).select_option(label="A new plan (give its details below)")
    page.get_by_label("New plan title").fill("Business Plan 2030-33")
    page.get_by_label("First financial year").fill("2030")
    page.get_by_label("Last financial year").fill("2032")

    def row(name):
        return page.locator(f"#year-end-{actions[name].pk}")

    row("own").get_by_label("New due date (keep)").fill("2030-09-30")
    row("other").get_by_label("Complete", exact=True).check()
    row("other").get_by_label("Impact (complete)").fill("Reviews now finish in 6 months")
    row("third").get_by_label("Drop", exact=True).check()
    row("fourth").get_by_label("New due date (keep)").fill("2031-03-31")
    page.get_by_role("button", name="Confirm the year-end").click()
    expect(row("third")).to_contain_text("Say why 1.10 is dropped")  # nothing changed yet
    assert BusinessPlan.objects.count() == 2 and not Action.objects.exclude(closed_as="").exists()
    assert violations(page) == []
    from .conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "year-end-review.png"), full_page=True)
    row("third").get_by_label("Reason (drop)").fill("Overtaken by the new training strategy")
    page.get_by_role("button", name="Confirm the year-end").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Business Plan 2030-33")
    expect(page.get_by_text("Year-end done")).to_be_visible()
    expect(page.locator("main, body").first).to_contain_text("Carried forward from")
    page.get_by_role("link", name=re.compile(r"^1\.1 in Business Plan 2015-18")).click()
    expect(page.locator("body")).to_contain_text("Carried forward to")
    page.get_by_role("link", name=re.compile("in Business Plan 2030-33")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Action 1.")
    plan.refresh_from_db()
    assert plan.is_archived
    assert Action.objects.filter(plan=plan, closed_as="carried").count() == 2
    assert Action.objects.filter(plan=plan, closed_as="dropped").count() == 1
    page.goto("/actions/updates-due/")
    expect(page.locator("body")).not_to_contain_text("Refresh the training pool (2015")
    page.goto(f"/plans/{plan.slug}/")
    page.screenshot(path=str(SCREENSHOTS / "year-end-old-plan.png"), full_page=True)


def test_withdrawing_an_update(page, sign_in, journey_board):
    from actions.models import ProgressUpdate

    action = journey_board["actions"]["other"]
    sign_in(page, "manager")
    page.goto(f"/actions/{action.pk}/")
    expect(page.locator("body")).to_contain_text("Reviewer recruited late")
    page.locator("summary", has_text="Withdraw").click()
    page.get_by_label("Why withdraw this update").fill("Posted on the wrong action")
    page.get_by_role("button", name="Withdraw update").click()
    expect(page.locator("body")).to_contain_text("was withdrawn")
    row = page.locator("tr.update-withdrawn")
    expect(row).to_contain_text("Withdrawn by Morgan Manager")
    expect(row).to_contain_text("Posted on the wrong action")
    expect(row.locator("del").first).to_be_visible()
    expect(page.locator(f"#rag-{action.pk}")).to_have_text("Not started")
    expect(page.locator("ol.rag-strip")).to_have_count(0)  # the strip leaves it out
    assert ProgressUpdate.objects.get(action=action).withdrawn is not None
    assert violations(page) == []
    from .conftest import SCREENSHOTS

    page.screenshot(path=str(SCREENSHOTS / "update-withdrawn.png"), full_page=True)
