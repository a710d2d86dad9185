"""Importing a board's own plan table in a real browser: upload, check the preview, map a
lead the app could not place, date the progress, confirm, and read the plan."""

import datetime as dt
import re
from pathlib import Path

from playwright.sync_api import expect

from actions.models import ProgressUpdate
from plans.models import BusinessPlan
from subgroups.models import Subgroup

from .. import factories as f

DATA = Path(__file__).resolve().parent.parent / "data"


def test_manager_imports_a_plan_with_sub_priorities(page, sign_in, journey_board):
    board = journey_board["board"]
    f.make_subgroup(board, "Neglect Subgroup", slug="neglect")
    f.make_subgroup(board, "CSE Subgroup", slug="cse")
    sign_in(page, "manager")
    page.goto("/actions/import/")
    page.get_by_label("Spreadsheet").set_input_files(str(DATA / "plan-priority-letters-2015-16.xlsx"))
    page.get_by_label("New plan title").fill("Business Plan 2015-16")
    page.get_by_role("button", name="Upload and preview").click()

    expect(page.get_by_role("status")).to_contain_text("10 new actions")
    expect(page.get_by_text("'Q3' has no year: read as Q3 2015/16")).to_be_visible()
    leads = page.get_by_role("table").filter(has_text="Lead as written")
    expect(leads.get_by_role("row", name=re.compile("Independent Chair"))).to_contain_text("Role")
    expect(leads.get_by_role("row", name=re.compile("Neglect Subgroup"))).to_contain_text("Group")
    page.get_by_label("What “LSCGs” becomes").select_option(label="Create the group “LSCGs”")
    page.get_by_label("What “Learning and Development Subgroup” becomes").select_option(
        label="Match to: Learning and Improvement Subgroup")
    date = page.get_by_label("Progress in the file is as at")
    expect(date).to_have_value("2016-03-31")  # the end of the plan's year, not today
    date.fill("2016-03-18")
    page.get_by_role("button", name="Confirm and import").click()

    plan = BusinessPlan.objects.get(board=board, title="Business Plan 2015-16")
    expect(page).to_have_url(re.compile(f"/plans/{plan.slug}/$"))
    expect(page.get_by_role("heading", name="2a. To be assured that children are safe from "
                                             "neglect", level=3)).to_be_visible()
    expect(page.locator(".rag-not_rated").first).to_have_text("Not rated")
    assert Subgroup.objects.filter(board=board, name="LSCGs").exists()
    assert "Learning and Development Subgroup" in Subgroup.objects.get(slug="learning").aliases
    undated = ProgressUpdate.objects.get(action__plan=plan, action__reference="2b.2")
    assert (undated.date, undated.rag) == (dt.date(2016, 3, 18), "not_rated")
    assert undated.author_name == "Imported from plan-priority-letters-2015-16.xlsx by " \
                                  "Morgan Manager"
