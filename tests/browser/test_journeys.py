"""The main journeys in a real browser."""

import re

from playwright.sync_api import expect


def test_sign_in_and_out(page, sign_in, journey_board):
    sign_in(page, "viewer")
    expect(page).to_have_title(re.compile("Dashboard"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dashboard")
    page.locator("[data-user-menu] summary").click()  # the user menu holds "Sign out"
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile("/accounts/login/"))


def test_manager_updates_inline_from_the_table_without_a_reload(page, sign_in, journey_board):
    sign_in(page, "manager")
    page.goto("/actions/")
    page.evaluate("window.__noReload = true")
    action = journey_board["actions"]["own"]
    row = page.locator(f"#action-row-{action.pk}")
    expect(row.locator(f"#rag-{action.pk}")).to_have_text("Not started")
    row.get_by_role("link", name=re.compile("Update")).click()
    panel = page.locator("#update-panel")  # the one update panel, beside the list
    form = panel.locator("form.update-form")
    expect(form.get_by_label("RAG rating")).to_be_focused()
    form.get_by_label("RAG rating").select_option("red")
    form.get_by_role("button", name=re.compile("Save update")).click()
    expect(panel).to_contain_text("a narrative is required for Red")
    form = panel.locator("form.update-form")
    form.get_by_label("Progress narrative").fill("Trainer pool lost two members")
    form.get_by_role("button", name=re.compile("Save update")).click()
    expect(row.locator(f"#rag-{action.pk}")).to_have_text("Red")
    expect(panel).to_contain_text("Update saved")
    expect(row.locator(f"#last-update-{action.pk}")).not_to_have_text("—")
    assert page.evaluate("window.__noReload") is True
    assert action.updates.get().narrative == "Trainer pool lost two members"


def test_inline_update_from_the_plan_page(page, sign_in, journey_board):
    sign_in(page, "chair")
    page.goto(f"/plans/{journey_board['plan'].slug}/")
    action = journey_board["actions"]["third"]
    row = page.locator(f"#action-row-{action.pk}")
    row.get_by_role("link", name=re.compile("Update")).click()
    panel = page.locator("#update-panel")
    panel.get_by_label("RAG rating").select_option("green")
    panel.get_by_role("button", name=re.compile("Save update")).click()
    expect(row.locator(f"#rag-{action.pk}")).to_have_text("Green")


def test_chair_sees_only_own_actions_editable(page, sign_in, journey_board):
    sign_in(page, "chair")
    page.goto("/actions/")
    actions = journey_board["actions"]
    for key in ["own", "third"]:
        expect(page.locator(f"#update-link-{actions[key].pk}")).to_be_visible()
    for key in ["other", "fourth"]:
        expect(page.locator(f"#update-link-{actions[key].pk}")).to_have_count(0)
    page.goto(f"/actions/{actions['other'].pk}/")
    expect(page.get_by_role("link", name="Edit action")).to_have_count(0)
    expect(page.get_by_role("heading", name="Post a progress update")).to_have_count(0)


def test_viewer_sees_no_edit_controls(page, sign_in, journey_board):
    sign_in(page, "viewer")
    for url in ["/actions/", f"/plans/{journey_board['plan'].slug}/",
                f"/actions/{journey_board['actions']['own'].pk}/"]:
        page.goto(url)
        expect(page.locator(".inline-update")).to_have_count(0)
        expect(page.get_by_role("button", name=re.compile("Save|Archive"))).to_have_count(0)
        expect(page.get_by_role("link", name=re.compile("Edit action|Add an action"))).to_have_count(0)


def test_filters_and_sorting_on_the_actions_table(page, sign_in, journey_board):
    sign_in(page, "viewer")
    page.goto("/actions/")
    refs = lambda: page.locator("tbody tr th, tbody tr td:first-child").all_inner_texts()  # noqa: E731

    def follow(locator):  # click, and wait for the new page before reading it
        with page.expect_navigation():
            locator.click()

    assert [r.strip() for r in refs()] == ["1.1", "1.2", "1.10", "2.1"]
    page.get_by_label("RAG").select_option("amber")
    follow(page.get_by_role("button", name="Apply filters"))
    assert [r.strip() for r in refs()] == ["1.2"]
    follow(page.get_by_role("link", name="Clear"))
    page.get_by_label("Search").fill("training pool")
    follow(page.get_by_role("button", name="Apply filters"))
    assert [r.strip() for r in refs()] == ["1.1"]
    page.goto("/actions/?sort=-reference")
    assert [r.strip() for r in refs()] == ["2.1", "1.10", "1.2", "1.1"]
    follow(page.get_by_role("link", name="Ref"))
    assert [r.strip() for r in refs()] == ["1.1", "1.2", "1.10", "2.1"]


def test_download_the_quarterly_report_pdf(page, sign_in, journey_board):
    sign_in(page, "viewer")
    page.goto("/reports/quarterly/?year=2015/16&quarter=2")
    expect(page.get_by_role("heading", level=1)).to_contain_text("monitoring report Q2 2015/16")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF").click()
    download = download_info.value
    assert download.suggested_filename == "north-quarterly-2015-q2.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_screenshots_of_the_main_pages(page, sign_in, journey_board):
    """Saved in tests/screenshots/ for people to look at (not compared)."""
    from .conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(exist_ok=True)
    sign_in(page, "manager")
    shots = {
        "dashboard": "/",
        "plan": f"/plans/{journey_board['plan'].slug}/",
        "action": f"/actions/{journey_board['actions']['other'].pk}/",
        "quarterly-report": "/reports/quarterly/?year=2015/16&quarter=2",
    }
    for name, url in shots.items():
        page.goto(url)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000


def test_upload_preview_and_confirm_an_import(page, sign_in, journey_board, tmp_path):
    from actions.models import Action

    sheet = tmp_path / "plan.csv"
    sheet.write_text("Priority,Ref,Action required,Who,By when,RAG,Progress\n"
                     "1. Governance,1.1,Hold a development day,Learning and Improvement Subgroup,"
                     "Dec-15,G,Booked\n"
                     ",1.2,Review the annual report,Hub Steering Group,31/03/2016,A,Late returns\n")
    sign_in(page, "manager")
    page.goto("/plans/")
    page.get_by_role("link", name="Import a plan from a spreadsheet").click()
    page.get_by_label("Spreadsheet").set_input_files(str(sheet))
    page.get_by_label("New plan title").fill("Imported plan 2015-16")
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check the import")
    expect(page.get_by_text("Hub Steering Group (not matched)")).to_be_visible()
    page.get_by_label("Hub Steering Group").select_option("create")
    page.get_by_role("button", name="Confirm and import").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Imported plan 2015-16")
    expect(page.locator(".alert-success")).to_contain_text("2 created")
    assert Action.objects.filter(plan__title="Imported plan 2015-16").count() == 2
