"""Browser tests: Playwright for Python driving Debian's chromium against the
app served by pytest-django's live server."""

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from lscb.fiscal import financial_year_of
from lscb.models import Role
from tests import factories as f
from tests import otp

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


# ./.ci/test installs chromium and sets this: there, a missing browser is a failure.
REQUIRED = os.environ.get("LSCB_BROWSER_TESTS") == "required"


def missing_browser():
    """Why the browser tests cannot run here, or None."""
    if not shutil.which(CHROMIUM):
        return f"Debian's chromium is not installed ({CHROMIUM}): ./.ci/test installs it"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed: ./.ci/test installs it"
    return None


def pytest_collection_modifyitems(items):
    reason = missing_browser()
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True))
            if reason and not REQUIRED:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser():
    reason = missing_browser()
    if reason:
        pytest.fail(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context_factory(browser, live_server):
    contexts = []

    def make(**kwargs):
        kwargs.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(base_url=live_server.url, accept_downloads=True, **kwargs)
        context.set_default_timeout(15000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(context_factory):
    return context_factory().new_page()


@pytest.fixture
def sign_in():
    """Signs in through the form; managers and chairs then enter the code their
    authenticator app shows."""
    def _sign_in(page, username):
        device = otp.authenticator_for(username)
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(f.PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        if device is not None:
            page.wait_for_url("**/accounts/two-factor/verify/**")
            page.get_by_label("Enter the 6-digit code").fill(otp.code_for(device))
            page.get_by_role("button", name="Confirm").click()
        page.wait_for_url("**/")
        return page

    return _sign_in


@pytest.fixture
def journey_board(db):
    """A small board: two themes, two groups, four actions with some history."""
    board = f.make_board("north", name="North Safeguarding Children Board", short_name="North LSCB")
    own = f.make_subgroup(board, "Learning and Improvement Subgroup", slug="learning")
    other = f.make_subgroup(board, "Case Review Group", slug="case-review")
    # the plan runs to today, so that updates dated today lie within it (actions/dating.py)
    plan = f.make_plan(board, slug="business-plan",
                       end_year=max(2017, financial_year_of(dt.date.today())))
    t1 = f.make_theme(plan, "1", "Leadership and Governance")
    t2 = f.make_theme(plan, "2", "Developing the workforce")
    actions = {
        "own": f.make_action(t1, "1.1", owners=[own], description="Refresh the training pool",
                             due=dt.date(2015, 12, 1), outcome="Trainers are confident"),
        "other": f.make_action(t1, "1.2", owners=[other], description="Revise the SCR model"),
        "third": f.make_action(t1, "1.10", owners=[own], description="Evaluate Level 3 courses"),
        "fourth": f.make_action(t2, "2.1", owners=[other], description="Publish the S11 themes"),
    }
    f.make_update(actions["other"], "amber", dt.date(2015, 9, 1), "Reviewer recruited late")
    chair = f.make_user("chair", board, Role.CHAIR, first_name="Casey", last_name="Chair")
    own.leads.add(chair)
    f.make_user("manager", board, Role.MANAGER, first_name="Morgan", last_name="Manager")
    f.make_user("viewer", board, Role.VIEWER, first_name="Vic", last_name="Viewer")
    agency = f.make_agency(board, "North Constabulary")
    draft = f.make_plan(board, title="Business Plan 2018-21", slug="next", start_year=2018,
                        end_year=2020)
    return {"board": board, "plan": plan, "actions": actions, "own": own, "other": other,
            "agency": agency, "draft": draft, "themes": (t1, t2)}
