"""A keyboard-only journey with a visible focus indicator at every step."""

import re

from playwright.sync_api import expect

from tests import otp

FOCUS_VISIBLE = """() => { const el = document.activeElement; const cs = getComputedStyle(el);
  return (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) || cs.boxShadow !== 'none'; }"""


def tab_to(page, matches, limit=120):
    """Press Tab until the focused element's text or label matches; check focus is visible."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        text = page.evaluate("""() => { const el = document.activeElement;
            if (el === document.body) return '';
            return (el.innerText || el.value || el.getAttribute('aria-label') || '') + ' '
                   + (el.labels && el.labels[0] ? el.labels[0].innerText : ''); }""")
        if re.search(matches, text):
            assert page.evaluate(FOCUS_VISIBLE), f"no visible focus on {text!r}"
            return
        seen.append(text)
    raise AssertionError(f"could not reach {matches!r} with the Tab key: {seen[:60]}")


def test_keyboard_only_journey(page, journey_board):
    device = otp.authenticator_for("manager")
    page.goto("/accounts/login/")
    expect(page).to_have_title(re.compile("Sign in"))
    tab_to(page, "Skip to main content")
    tab_to(page, "Username")
    page.keyboard.type("manager")
    tab_to(page, "Password")
    page.keyboard.type("correct-horse-battery-staple")
    page.keyboard.press("Enter")
    # the business manager confirms it is them with the code from their authenticator app
    expect(page).to_have_title(re.compile("^Confirm it is you"))
    expect(page.get_by_label("Enter the 6-digit code")).to_be_focused()
    page.keyboard.type(otp.code_for(device))
    page.keyboard.press("Enter")
    expect(page).to_have_title(re.compile("^Dashboard"))

    # skip link moves focus past the navigation
    tab_to(page, "Skip to main content")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # find the action through the navigation and the search box
    page.keyboard.press("Shift+Tab")
    tab_to(page, "^Actions")
    page.keyboard.press("Enter")
    expect(page).to_have_title(re.compile("^Actions"))
    tab_to(page, "Search")
    page.keyboard.type("training pool")
    page.keyboard.press("Enter")
    expect(page.locator("tbody tr")).to_have_count(1)

    # post an update inline
    tab_to(page, r"Update\s+action 1\.1")
    page.keyboard.press("Enter")
    expect(page.locator("form.update-form select[name=rag]")).to_be_focused()
    page.keyboard.press("ArrowDown")  # the first rating after "Choose a rating…"
    tab_to(page, "Progress narrative")
    page.keyboard.type("Pool refreshed: twelve trainers")
    tab_to(page, "Save update")
    page.keyboard.press("Enter")
    expect(page.locator("[role=status].alert-success")).to_contain_text("Update saved")
    page.keyboard.press("Escape")  # the panel closes and focus returns to the row's button
    expect(page.locator("#update-panel")).not_to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"Update\s+action 1\.1"))).to_be_focused()

    # open the quarterly report
    tab_to(page, "^Reports")
    page.keyboard.press("Enter")
    expect(page).to_have_title(re.compile("^Reports"))
    tab_to(page, "Quarterly Business Plan monitoring report")
    page.keyboard.press("Enter")
    expect(page).to_have_title(re.compile("^Quarterly report"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("monitoring report")
    assert journey_board["actions"]["own"].updates.get().narrative == "Pool refreshed: twelve trainers"
