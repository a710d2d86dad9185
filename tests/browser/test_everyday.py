"""Everyday screens in a real browser: the update panel by keyboard alone, the bulk
update grid (partial errors, double submit), the chair's dashboard, and a 390 px pass
over every page (no page-level sideways scroll), with axe at 0 violations."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from actions.models import ProgressUpdate

from .test_accessibility import pages_for, violations

PHONE = {"width": 390, "height": 844}


def focused_text(page):
    return page.evaluate("""() => { const el = document.activeElement;
        return el === document.body ? '' : (el.innerText || el.value || '') + ' '
               + (el.labels && el.labels[0] ? el.labels[0].innerText : ''); }""")


def test_update_panel_by_keyboard_alone(page, sign_in, journey_board):
    action = journey_board["actions"]["own"]
    sign_in(page, "manager")
    page.goto("/actions/")
    page.evaluate("window.__noReload = true")
    # from the top of the page to the first row's Update button: the skip link, then the row
    presses = 0
    while presses < 10:
        page.keyboard.press("Tab")
        presses += 1
        text = focused_text(page)
        if "Skip to the actions table" in text:
            page.keyboard.press("Enter")
        if re.search(r"Update\s+action 1\.1\s*$", text):
            break
    assert re.search(r"Update\s+action 1\.1\s*$", focused_text(page)), f"{presses} Tab presses"
    assert presses <= 10
    page.keyboard.press("Enter")
    panel = page.get_by_role("dialog")
    expect(panel).to_be_visible()
    expect(panel.get_by_label("RAG rating")).to_be_focused()
    # the impact fields show only for "Complete"
    impact = panel.get_by_label("Impact: what changed for children or practice")
    expect(impact).to_be_hidden()
    panel.get_by_label("RAG rating").select_option("complete")
    expect(impact).to_be_visible()
    assert violations(page) == []  # axe with the panel open
    panel.get_by_label("RAG rating").select_option("red")
    expect(impact).to_be_hidden()
    # focus stays inside the panel
    for _ in range(12):
        page.keyboard.press("Tab")
        assert page.evaluate("document.getElementById('update-panel').contains("
                             "document.activeElement)")
    # Escape closes it and focus returns to the row
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    update_link = page.get_by_role("link", name="Update action 1.1", exact=True)
    expect(update_link).to_be_focused()
    # Cancel closes it too
    page.keyboard.press("Enter")
    expect(panel.get_by_label("RAG rating")).to_be_focused()
    panel.get_by_role("button", name="Cancel").focus()
    page.keyboard.press("Enter")
    expect(panel).to_be_hidden()
    expect(update_link).to_be_focused()
    # save: the row's RAG, last update and flags change in place
    page.keyboard.press("Enter")
    expect(panel.get_by_label("RAG rating")).to_be_focused()
    panel.get_by_label("RAG rating").select_option("red")
    panel.get_by_label("Progress narrative").focus()
    page.keyboard.type("Trainer pool lost two members")
    panel.get_by_role("button", name=re.compile("Save update")).focus()
    page.keyboard.press("Enter")
    expect(panel.get_by_role("status")).to_contain_text("Update saved")
    row = page.locator(f"#action-row-{action.pk}")
    expect(row.locator(f"#rag-{action.pk}")).to_have_text("Red")
    expect(row.locator(f"#last-update-{action.pk}")).to_have_text(
        dt.date.today().strftime("%-d %b %Y"))
    assert violations(page) == []
    page.keyboard.press("Escape")
    expect(update_link).to_be_focused()
    assert page.evaluate("window.__noReload") is True
    assert action.updates.get().narrative == "Trainer pool lost two members"


def test_update_panel_on_my_work_plan_recounts(page, sign_in, journey_board):
    sign_in(page, "chair")
    page.goto("/actions/my-work-plan/")
    count = page.locator("[data-count-no-update]")
    expect(count).to_have_text("2")
    action = journey_board["actions"]["third"]
    page.get_by_role("link", name=re.compile(r"Update\s+action 1\.10")).click()
    panel = page.get_by_role("dialog")
    panel.get_by_label("RAG rating").select_option("green")
    panel.get_by_role("button", name=re.compile("Save update")).click()
    expect(page.locator(f"#rag-{action.pk}")).to_have_text("Green")
    expect(count).to_have_text("1")
    expect(page.locator(f"[data-action-row='{action.pk}'] [data-no-update-flag]")).to_have_count(0)


def test_update_grid_partial_errors_and_double_submit(page, sign_in, journey_board):
    own, third = journey_board["actions"]["own"], journey_board["actions"]["third"]
    sign_in(page, "chair")
    page.goto("/actions/update-grid/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Update grid")
    assert violations(page) == []
    # chairs see only their groups' actions
    expect(page.locator("[data-grid-row]")).to_have_count(2)
    page.get_by_label("New RAG for 1.1", exact=True).select_option("green")
    page.get_by_label("Narrative for 1.1", exact=True).fill("Pool refreshed")
    page.get_by_label("New RAG for 1.10", exact=True).select_option("amber")  # amber needs a narrative
    page.get_by_role("button", name="Save all updates").click()
    expect(page.get_by_role("alert")).to_contain_text("1 update saved. 1 row could not be saved")
    bad = page.locator(f"#grid-row-{third.pk}")
    expect(bad).to_contain_text("a narrative is required for Amber")
    expect(bad.get_by_label("New RAG for 1.10", exact=True)).to_have_value("amber")  # what was typed
    expect(page.locator(f"#grid-row-{own.pk}")).to_contain_text("Saved:")
    assert violations(page) == []
    # correct it and press Save twice quickly: stored once
    bad.get_by_label("Narrative for 1.10", exact=True).fill("Evaluation slipped to May")
    page.evaluate("""() => { const form = document.querySelector('[data-grid-form]');
        form.requestSubmit(); HTMLFormElement.prototype.submit.call(form); }""")
    expect(page.locator(".alert-success")).to_contain_text("1 progress update saved")
    assert ProgressUpdate.objects.filter(action=third).count() == 1
    assert ProgressUpdate.objects.filter(action=own).count() == 1


def test_chair_dashboard_and_switch_to_the_whole_board(page, sign_in, journey_board):
    sign_in(page, "chair")
    expect(page.get_by_role("heading", level=1)).to_contain_text("My groups")
    expect(page.locator("main")).to_contain_text("Learning and Improvement Subgroup")
    expect(page.get_by_role("heading", name=re.compile(r"No update this quarter \(2\)"))) \
        .to_be_visible()
    assert violations(page) == []
    page.get_by_role("link", name="Show the whole board").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dashboard")
    expect(page.get_by_role("heading", name=re.compile("Ratings to check"))).to_be_visible()
    assert violations(page) == []
    # the menu marks the current page once
    expect(page.locator("nav [aria-current=page]")).to_have_count(1)


def test_top_bar_fits_on_one_line_from_1024_px(context_factory, sign_in, journey_board):
    for width in (1024, 1280):
        page = context_factory(viewport={"width": width, "height": 800}).new_page()
        sign_in(page, "manager")
        page.goto("/actions/")
        height = page.evaluate("document.querySelector('nav.navbar').offsetHeight")
        assert height < 70, f"top bar is {height}px high at {width}px"
        expect(page.locator("nav [aria-current=page]")).to_have_count(1)
        page.locator("[data-user-menu] summary").click()
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        assert violations(page) == []


@pytest.mark.parametrize("role, part", [("manager", 0), ("manager", 1), ("chair", 0)])
def test_no_sideways_scroll_at_390_px_on_any_page(context_factory, sign_in, journey_board,
                                                  role, part):
    """Every page in parts (the manager's many pages in two tests that can run side by
    side): together the parts are each role's whole list."""
    wide = {}
    count = 2 if role == "manager" else 1
    page = context_factory(viewport=PHONE).new_page()
    sign_in(page, role)
    urls = pages_for(journey_board)[role] + ["/", "/actions/update-grid/", "/?scope=board"]
    for url in urls[part::count]:
        page.goto(url)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            wide[f"{role} {url}"] = overflow
    assert wide == {}


def test_new_pages_have_no_axe_violations(page, sign_in, journey_board):
    sign_in(page, "manager")
    for url in ["/actions/update-grid/", "/actions/?contradiction=any", "/"]:
        page.goto(url)
        assert violations(page) == [], url
