"""axe-core on every page type, in the roles that see different controls, and
zoom / small-screen reflow. Zero WCAG 2.0/2.1/2.2 A and AA violations."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def pages_for(board_data):
    from lscb.models import BoardUser

    actions, plan, draft = board_data["actions"], board_data["plan"], board_data["draft"]
    theme = board_data["themes"][0]
    chair = BoardUser.objects.get(board=board_data["board"], user__username="chair")
    themes = f"/plans/{plan.slug}/themes/"
    common = [
        "/", "/plans/", f"/plans/{plan.slug}/", "/actions/", "/actions/?rag=amber&sort=-when",
        f"/actions/{actions['other'].pk}/", "/subgroups/", f"/subgroups/{board_data['own'].slug}/",
        "/reports/", "/reports/quarterly/?year=2015/16&quarter=2", "/reports/planner/",
        "/reports/planner/year/", f"/reports/workplan/{board_data['own'].slug}/",
        "/reports/calendar/", "/plans/indicators/", "/plans/risks/", "/plans/sources/",
        "/subgroups/structure/", "/subgroups/members/", "/subgroups/meetings/",
        "/subgroups/attendance/", "/reports/challenges/", "/reports/agencies/",
        f"/reports/agencies/{board_data['agency'].pk}/", "/reports/quarters/",
        "/reports/quarters/compare/?a=2015-1&b=2015-2&all=1", "/reports/section11/",
        "/reports/annual/", "/board/", themes, "/accounts/password/",
        f"/plans/indicators/{board_data['indicator'].pk}/", "/plans/indicators/?year=2016/17",
        f"/subgroups/meetings/{board_data['meeting'].pk}/",
    ]
    return {
        "viewer": common,
        "chair": ["/actions/my-work-plan/", f"/actions/{actions['own'].pk}/", "/",
                  "/?scope=board", "/actions/update-grid/"],
        "manager": common + [
            f"/actions/{actions['own'].pk}/edit/", f"/actions/new/{plan.slug}/",
            f"/plans/{plan.slug}/year-end/", "/actions/updates-due/", "/actions/update-grid/",
            "/actions/?contradiction=any",
            "/reports/planner/new/", "/actions/import/", "/plans/indicators/new/",
            "/plans/risks/new/", "/plans/sources/new/", "/subgroups/new/",
            f"/subgroups/{board_data['own'].slug}/edit/",
            f"/subgroups/{board_data['own'].slug}/members/", "/subgroups/meetings/new/",
            "/subgroups/members/new/", "/reports/challenges/new/",
            f"/reports/quarters/close/?plan={plan.slug}&q=2015-1",
            "/board/edit/", "/board/people/", "/board/people/new/", f"/board/people/{chair.pk}/",
            f"/board/people/{chair.pk}/remove/", "/plans/new/", f"/plans/{plan.slug}/edit/",
            f"/plans/{draft.slug}/", f"/plans/{draft.slug}/make-live/",
            f"/plans/{draft.slug}/archive/", f"{themes}new/", f"{themes}{theme.pk}/edit/",
            f"{themes}{theme.pk}/merge/", f"{themes}{theme.pk}/delete/", f"{themes}references/",
            f"/plans/indicators/{board_data['indicator'].pk}/values/?year=2016/17",
            f"/plans/indicators/{board_data['indicator'].pk}/edit/",
            f"/subgroups/meetings/{board_data['meeting'].pk}/edit/",
            f"/subgroups/meetings/{board_data['meeting'].pk}/delete/",
            f"/reports/planner/{board_data['report'].pk}/edit/",
            f"/reports/quarterly/commentary/?plan={plan.slug}&year=2015/16&quarter=2",
            f"/reports/plan/{plan.slug}/", f"/reports/plan/{plan.slug}/layout/",
        ],
    }


def violations(page):
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    found = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            found.append(f"{violation['id']}: {node['target']} – {violation['help']}")
    return found


# Each role's pages in this many tests (every part-th page from the part-th), so that the
# long page lists of the manager and the viewer spread over the test workers.
PARTS = {"viewer": 2, "chair": 1, "manager": 3}


def part_of(urls, role, part):
    """The ``part``-th of PARTS[role] slices of ``urls``: together the parts are every URL."""
    return urls[part::PARTS[role]]


@pytest.mark.parametrize("role, part", [(role, part) for role, count in PARTS.items()
                                        for part in range(count)],
                         ids=lambda value: value if isinstance(value, str) else f"part{value}")
def test_no_axe_violations(page, sign_in, journey_board, role, part):
    sign_in(page, role)
    problems = {}
    for url in part_of(pages_for(journey_board)[role], role, part):
        page.goto(url)
        found = violations(page)
        if found:
            problems[url] = found
    for url, found in problems.items():
        print(f"\n{url}")
        for line in found:
            print(f"  {line}")
    assert problems == {}


def test_login_page_and_open_update_form_have_no_violations(page, sign_in, journey_board):
    page.goto("/accounts/login/")
    assert violations(page) == []
    sign_in(page, "manager")
    page.goto("/actions/")
    action = journey_board["actions"]["own"]
    page.locator(f"#update-link-{action.pk}").click()
    expect(page.locator("#update-panel form.update-form")).to_be_visible()
    page.locator("form.update-form").get_by_label("RAG rating").select_option("amber")
    page.locator("form.update-form").get_by_role("button", name=re.compile("Save update")).click()
    expect(page.locator("form.update-form .invalid-feedback")).to_be_visible()
    assert violations(page) == []


@pytest.mark.parametrize("viewport", [{"width": 320, "height": 640}, {"width": 375, "height": 740}])
def test_no_horizontal_page_scroll_at_400_percent_zoom_or_on_a_phone(
        context_factory, sign_in, journey_board, viewport):
    page = context_factory(viewport=viewport).new_page()
    sign_in(page, "manager")
    action = journey_board["actions"]["own"]
    for url in ["/actions/", f"/actions/{action.pk}/", f"/plans/{journey_board['plan'].slug}/",
                "/", "/reports/quarterly/?year=2015/16&quarter=2",
                f"/reports/plan/{journey_board['plan'].slug}/"]:
        page.goto(url)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at {viewport['width']}px"
