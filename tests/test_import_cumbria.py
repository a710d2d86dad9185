"""Import the Cumbria Business Plan 2015-18 from a spreadsheet laid out like the
published plan's table, and compare every action with the demo board's."""

import io
import json

import openpyxl
import pytest
from django.core.management import call_command

from actions.importing.apply import apply_import
from actions.importing.preview import build_preview
from actions.models import Action
from demo.loader import DATA
from lscb.models import Board

HEADINGS = ["Theme", "Ref", "Action", "Who", "When", "What we are trying to achieve",
            "Source where action identified"]


def cumbria_sheet():
    """The plan's action table as the board keeps it: theme named on its first row only."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    themes = {t["number"]: f"{t['number']}. {t['title']}" for t in data["themes"]}
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADINGS)
    previous = None
    for a in data["actions"]:
        theme = themes[a["theme"]] if a["theme"] != previous else None
        previous = a["theme"]
        sheet.append([theme, a["reference"], a["description"], a["who"],
                      a["due_text_original"], a["outcome"], a["source"]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def snapshot(action):
    return {
        "theme": str(action.theme), "description": action.description,
        "outcome": action.outcome, "source": action.source, "when": action.due_label,
        "due": (action.due_date, action.due_precision) if action.due_precision != "text"
        else None,
        "owners": sorted(g.slug for g in action.owners.all()), "lead_role": action.lead_role,
    }


@pytest.mark.django_db
def test_cumbria_plan_imports_as_the_demo_has_it():
    call_command("load_demo", verbosity=0)
    board = Board.objects.get(slug="cumbria")
    preview = build_preview(cumbria_sheet(), "cumbria-2015-18.xlsx", board)
    assert preview.ok, preview.problems
    assert len(preview.rows) == 48 and len(preview.themes) == 9
    plan, created, updated, _ = apply_import(preview, board, None, title="Imported plan 2015-18")
    assert (created, updated) == (48, 0)
    assert (plan.start_year, plan.end_year) == (2015, 2017)
    demo = {a.reference: snapshot(a) for a in Action.objects.filter(
        plan__slug="business-plan-2015-18").prefetch_related("owners").select_related("theme")}
    imported = {a.reference: snapshot(a) for a in Action.objects.filter(
        plan=plan).prefetch_related("owners").select_related("theme")}
    assert imported.keys() == demo.keys()
    differences = {ref: {k: (demo[ref][k], imported[ref][k]) for k in demo[ref]
                         if demo[ref][k] != imported[ref][k]}
                   for ref in demo if demo[ref] != imported[ref]}
    assert differences == {}
