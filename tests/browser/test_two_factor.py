"""Two-factor sign-in in a real browser: set up from the QR page, recovery codes,
and an unconfirmed inline (htmx) change sent to the code page and back."""

import re
from base64 import b32decode

from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests import factories as f
from tests import otp

from .test_accessibility import violations


def watch_csp(page):
    """Collects Content-Security-Policy violations reported in the console."""
    problems = []
    page.on("console", lambda message: "Content Security Policy" in message.text
            and problems.append(message.text))
    return problems


def password_sign_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(f.PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_set_up_an_authenticator_in_the_browser(page, journey_board):
    csp = watch_csp(page)
    password_sign_in(page, "manager")
    expect(page).to_have_title(re.compile("^Set up two-factor sign-in"))
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    assert violations(page) == []

    # type the key by hand, as an app user who cannot scan would
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    right = f"{TOTP(b32decode(secret)).token():06d}"
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    code = page.get_by_label("Enter the 6-digit code")
    code.fill(wrong)
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.locator("#id_code_error")).to_contain_text("That code is not right")
    expect(page.get_by_label("Enter the 6-digit code")).to_have_attribute("aria-invalid", "true")
    assert violations(page) == []

    page.wait_for_timeout(1100)  # django-otp's back-off after one wrong code is one second
    page.get_by_label("Enter the 6-digit code").fill(right)
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page).to_have_title(re.compile("^Recovery codes"))
    expect(page.locator("ol.recovery-codes li")).to_have_count(10)
    assert violations(page) == []
    page.get_by_role("link", name="I have saved my codes, continue").click()
    expect(page).to_have_title(re.compile("^Dashboard"))

    # the change now goes through
    page.goto("/actions/")
    action = journey_board["actions"]["own"]
    row = page.locator(f"#action-row-{action.pk}")
    row.get_by_role("link", name=re.compile("Update")).click()
    panel = page.locator("#update-panel")
    panel.get_by_label("RAG rating").select_option("green")
    panel.get_by_role("button", name=re.compile("Save update")).click()
    expect(row.locator(f"#rag-{action.pk}")).to_have_text("Green")
    panel.get_by_role("button", name="Close").click()

    page.locator("[data-user-menu] summary").click()
    page.get_by_role("link", name="Two-factor sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor sign-in")
    assert violations(page) == []
    assert csp == []


def test_unconfirmed_inline_change_asks_for_the_code_and_comes_back(page, journey_board):
    device = otp.authenticator_for("chair")
    password_sign_in(page, "chair")
    expect(page).to_have_title(re.compile("^Confirm it is you"))
    assert violations(page) == []
    page.get_by_role("link", name="Not now (read only)").click()
    expect(page).to_have_title(re.compile("^Dashboard"))

    page.goto("/actions/?q=training")
    action = journey_board["actions"]["own"]
    row = page.locator(f"#action-row-{action.pk}")
    row.get_by_role("link", name=re.compile("Update")).click()
    page.locator("#update-panel").get_by_label("RAG rating").select_option("green")
    page.locator("#update-panel").get_by_role("button", name=re.compile("Save update")).click()

    expect(page).to_have_title(re.compile("^Confirm it is you"))
    expect(page.locator(".alert")).to_contain_text("Confirm it is you with your authenticator code")
    assert action.updates.count() == 0
    page.get_by_label("Enter the 6-digit code").fill(otp.code_for(device))
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/actions/\?q=training$"))
    row = page.locator(f"#action-row-{action.pk}")
    row.get_by_role("link", name=re.compile("Update")).click()
    page.locator("#update-panel").get_by_label("RAG rating").select_option("green")
    page.locator("#update-panel").get_by_role("button", name=re.compile("Save update")).click()
    expect(row.locator(f"#rag-{action.pk}")).to_have_text("Green")
