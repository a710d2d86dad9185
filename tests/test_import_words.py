"""The words of a plan's table, one rule each: theme headings, leads, due wording, status
words, the date imported progress is as at, and the RAG "Not rated"."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from actions.importing.leads import GROUP, ROLE, UNKNOWN, LeadMatcher
from actions.importing.parse import HEADINGS as PLAN_HEADINGS
from actions.importing.parse import heading_date, parse_rag, status_word
from actions.importing.preview import default_as_at
from actions.importing.themes import read_heading
from actions.models import Action
from lscb.fiscal.due import DuePrecision, read_due
from lscb.rag import RAG
from lscb.spreadsheets.headings import heading_key, match_headings
from plans.models import Risk, RiskSettings
from subgroups.importing.words import HEADINGS as ATTENDANCE_HEADINGS

from . import factories as f


@pytest.mark.parametrize("text, number, title", [
    ("Priority 2a: To be assured that children are safe", "2a", "To be assured that children are safe"),
    ("Strategic Priority 1. We will improve partnership working", "1", "We will improve partnership working"),
    ("Theme 3 – Early Help", "3", "Early Help"),
    ("3. Neglect", "3", "Neglect"),
    ("Objective 1.2 Develop strong leadership", "1.2", "Develop strong leadership"),
    ("Outcome 4: Children are heard", "4", "Children are heard"),
    ("Strategic priority two", "2", ""),
    ("Priority 1 Objective 2 – Enhance credibility", "1.2", "Enhance credibility"),
    ("2.2 Early Help", "2.2", "Early Help"),
    ("Priority One - Leadership", "1", "Leadership"),
    ("Priority: Neglect", None, "Neglect"),
    ("Reduce the harm from neglect", None, "Reduce the harm from neglect"),
    ("2009-10: So that work does not get lost", None, "2009-10: So that work does not get lost"),
])
def test_theme_headings_give_number_and_title_never_doubled(text, number, title):
    assert read_heading(text) == (number, title)


@pytest.mark.parametrize("text, expected", [
    ("Q3", (dt.date(2015, 12, 31), DuePrecision.QUARTER, True)),
    ("Q3 2015/16", (dt.date(2015, 12, 31), DuePrecision.QUARTER, False)),
    ("End of Q3", (dt.date(2015, 12, 31), DuePrecision.QUARTER, True)),
    ("Quarter 2 2016-17", (dt.date(2016, 9, 30), DuePrecision.QUARTER, False)),
    ("By March 2016", (dt.date(2016, 3, 1), DuePrecision.MONTH, False)),
    ("By March", (dt.date(2016, 3, 1), DuePrecision.MONTH, True)),
    ("2015/16", (dt.date(2016, 3, 31), DuePrecision.YEAR, False)),
    ("April 2015 - March 2016", (dt.date(2016, 3, 31), DuePrecision.YEAR, False)),
    ("Apr 2015 – Sep 2015", (dt.date(2015, 9, 30), DuePrecision.MONTH, False)),
    ("Quarterly", (None, DuePrecision.RECURRING, False)),
    ("Annually", (None, DuePrecision.RECURRING, False)),
    ("Ongoing", (None, DuePrecision.RECURRING, False)),
    ("Following each Annual Report", (None, DuePrecision.RECURRING, False)),
])
def test_due_wording_becomes_a_date_with_its_precision(text, expected):
    due = read_due(text, context_year=2015)
    assert (due.date, due.precision, due.assumed_year) == expected
    assert due.text == text and not due.unread


def test_unreadable_due_wording_is_kept_and_flagged():
    due = read_due("Subject to criminal proceedings", 2015)
    assert (due.date, due.precision, due.unread) == (None, DuePrecision.TEXT, True)
    assert read_due("Q3").unread  # no year to read it in
    assert read_due("31/02/2016").error == "'31/02/2016' is not a date"


@pytest.mark.parametrize("precision, wording, due, label", [
    (DuePrecision.QUARTER, "End of Q3", dt.date(2015, 11, 5), "Q3 2015/16"),
    (DuePrecision.YEAR, "2015/16", dt.date(2015, 6, 1), "2015/16"),
    (DuePrecision.MONTH, "By March 2016", dt.date(2016, 3, 1), "By March 2016"),
    (DuePrecision.RECURRING, "Quarterly", None, "Quarterly"),
])
def test_overdue_agrees_between_the_model_and_the_queryset(theme, precision, wording, due, label):
    action = f.make_action(theme, "9.9", due=due, due_precision=precision, due_text=wording)
    assert action.due_label == label
    for day in [dt.date(2015, 12, 31), dt.date(2016, 1, 1), dt.date(2016, 3, 31),
                dt.date(2016, 4, 1), dt.date(2030, 1, 1)]:
        in_queryset = Action.objects.overdue(day).filter(pk=action.pk).exists()
        assert action.is_overdue(day) == in_queryset, (precision, day)
    if precision == DuePrecision.QUARTER:
        assert action.due_date == dt.date(2015, 12, 31)
        assert not action.is_overdue(dt.date(2015, 12, 31)) and action.is_overdue(dt.date(2016, 1, 1))


@pytest.mark.parametrize("text, rag", [
    ("Completed – signed off in May", RAG.COMPLETE), ("Complete", RAG.COMPLETE),
    ("Achieved: all schools trained", RAG.COMPLETE), ("On track", RAG.GREEN),
    ("Ongoing work with the police", RAG.GREEN), ("Not started yet", RAG.NOT_STARTED),
    ("Red – no provider", RAG.RED), ("Amber: slipping", RAG.AMBER), ("Green", RAG.GREEN),
    ("Two sessions held", None), ("Reddish", None),
])
def test_status_words_at_the_start_set_the_rag(text, rag):
    assert status_word(text) == rag


def test_rag_cells_read_letters_words_and_status_phrases():
    assert [parse_rag(w) for w in ["R", "amber", "G", "Blue", "On track", "Completed", "x"]] == [
        "red", "amber", "green", "complete", "green", "complete", None]


def test_headings_in_any_case_style_and_dates_in_headings():
    assert heading_key("CurrentControls") == "current controls"
    assert heading_key("date_updated") == "date updated"
    assert heading_key("RAGStatus") == "rag status"
    assert heading_date("Progress (as at 31 March 2017)") == dt.date(2017, 3, 31)
    assert heading_date("Update March 2013") == dt.date(2013, 3, 31)
    assert heading_date("Progress") is None


def test_progress_is_as_at_the_end_of_the_last_started_quarter_never_today_for_a_past_plan():
    today = dt.date(2026, 11, 30)
    assert default_as_at(2015, 2017, today) == dt.date(2018, 3, 31)  # a past plan: its end
    assert default_as_at(2026, 2028, today) == today  # the quarter under way: not the future
    assert default_as_at(2026, 2026, dt.date(2027, 2, 10)) == dt.date(2027, 2, 10)
    assert default_as_at(2030, 2032, today) == today  # not started


def test_leads_split_on_lines_and_joiners_keep_parentheses_and_match(board):
    for name, short in [("Performance Management and Quality Assurance Subgroup", ""),
                        ("CSE/MFH Subgroup", ""), ("Learning and Improvement Subgroup", ""),
                        ("Child Death Overview Panel", "CDOP")]:
        f.make_subgroup(board, name, short_name=short)
    f.make_member(board, "A. Person", job_title="Designated Nurse")
    matcher = LeadMatcher(board)

    def split(text):
        return [(lead.text, lead.kind) for lead in matcher.split(text)]

    assert split("CSE/MFH Subgroup and PMQAG") == [("CSE/MFH Subgroup", GROUP), ("PMQAG", GROUP)]
    assert split("LSCB Business Team\nLSCGs") == [("LSCB Business Team", ROLE), ("LSCGs", UNKNOWN)]
    assert split("Early Help Services (inc. SLF and CLR)") == [
        ("Early Help Services (inc. SLF and CLR)", UNKNOWN)]
    assert split("Board") == [("Board", ROLE)]
    assert split("L&I sub-group; Designated Nurse") == [("L&I sub-group", GROUP),
                                                        ("Designated Nurse", ROLE)]
    assert split("CDOP, OCYPS Fostering and Adoption policy manager") == [
        ("CDOP", GROUP), ("OCYPS Fostering and Adoption policy manager", UNKNOWN)]
    assert split("QEG / ASCC") == [("QEG", UNKNOWN), ("ASCC", UNKNOWN)]
    assert split("The Learning & Improvement Group") == [
        ("The Learning & Improvement Group", GROUP)]


def test_not_rated_is_shown_as_such(login, users, own_action):
    f.make_update(own_action, rag=RAG.NOT_RATED, narrative="Two sessions held")
    page = login(users["viewer"]).get(own_action.get_absolute_url()).content.decode()
    assert '<span class="rag rag-not_rated">Not rated</span>' in page
    plan_page = login(users["viewer"]).get(own_action.plan.get_absolute_url()).content.decode()
    assert "Not rated</span></th>" in plan_page  # the summary gains the column
    chair_form = login(users["chair"]).get(own_action.get_absolute_url()).content.decode()
    assert 'value="not_rated"' not in chair_form  # nobody posts "Not rated" by hand


@pytest.mark.parametrize("url, sheet_title", [
    ("actions:import_template", "Plan"),
    ("subgroups:attendance_import_template", "Attendance"),
])
def test_plan_and_attendance_templates_are_read_by_their_imports(login, users, board, url,
                                                                 sheet_title):
    response = login(users["manager"]).get(reverse(url))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [sheet_title, "How to fill in"]
    header = [c.value for c in book.active[1]]
    headings = PLAN_HEADINGS if sheet_title == "Plan" else ATTENDANCE_HEADINGS
    keys = ["percent" if "%" in h else h for h in header]
    found, unknown = match_headings(keys, headings)
    assert unknown == [] and len(found) == len(header)  # every column is one the import reads
    assert login(users["viewer"]).get(reverse(url)).status_code == 403


def test_command_credits_the_user_it_is_told(board, tmp_path, capsys):
    f.make_user("morgan", board, first_name="Morgan", last_name="Smith")
    path = tmp_path / "plan.csv"
    path.write_text("Ref,Action,RAG,Progress\n1.1,Do it,,Completed in May\n")
    call_command("import_plan", str(path), "--board", board.slug, "--plan", "Plan 2015-16",
                 "--user", "morgan")
    out = capsys.readouterr().out
    assert "Progress without a date of its own is as at 31/03/2016" in out
    update = Action.objects.get(reference="1.1").updates.get()
    assert update.author_name == "Imported from plan.csv by Morgan Smith"
    assert (update.rag, update.narrative, update.date) == ("complete", "Completed in May",
                                                            dt.date(2016, 3, 31))


def test_manual_forms_take_the_new_precisions_and_schemes(login, users, plan, theme):
    client = login(users["manager"])
    response = client.post(reverse("actions:create", args=[plan.slug]), {
        "theme": theme.pk, "reference": "1.9", "description": "Report quarterly",
        "due_precision": "quarter", "due_date": "2015-11-05", "due_text": ""})
    assert response.status_code == 302
    action = Action.objects.get(reference="1.9")
    assert (action.due_date, action.due_label) == (dt.date(2015, 12, 31), "Q3 2015/16")
    response = client.post(reverse("actions:create", args=[plan.slug]), {
        "theme": theme.pk, "reference": "1.8", "description": "Hold reviews",
        "due_precision": "recurring", "due_date": "", "due_text": ""})
    assert "Say when the action is due" in response.content.decode()
    RiskSettings.objects.create(board=plan.board, scoring="levels")
    page = client.get(reverse("plans:risk_new")).content.decode()
    assert "inherent_likelihood" not in page and '<option value="3">High</option>' in page
    response = client.post(reverse("plans:risk_new"), {
        "theme": "Partnership", "reference": "R1", "description": "Partners disengage",
        "inherent_value": "3", "residual_value": "2", "status": "open"})
    assert response.status_code == 302
    assert Risk.objects.get(reference="R1").residual_rating == "Medium"
