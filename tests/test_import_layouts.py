"""Plans laid out as boards publish them, imported end to end: through the browser preview
(upload, check, choose, confirm) and through ``manage.py import_plan``, with the same
result, and re-imported without duplicates.

The fixtures in tests/data/ are Cumbria's 2015-18 action table, Cambridgeshire's 2008-09
work plan (a table per function) and its 2009-12 strategic plan (priorities and
objectives), North Lincolnshire's 2017-18 priorities (from ../shared/seeds/), and six
invented layouts using the wordings boards write.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from actions.models import Action, ProgressUpdate
from lscb.models import Role
from plans.models import BusinessPlan
from subgroups.models import Subgroup

from . import factories as f

DATA = Path(__file__).parent / "data"


@dataclass
class Layout:
    file: str
    title: str  # the new plan's title (its years are the plan's period)
    groups: list  # (name, short name) of the board's groups before the import
    actions: int
    themes: dict  # number -> (title, parent number)
    owners: dict = field(default_factory=dict)  # ref -> group names matched from the file
    leads: dict = field(default_factory=dict)  # ref -> lead text
    mapped: dict = field(default_factory=dict)  # ref -> (groups, lead text) after the choices
    due: dict = field(default_factory=dict)  # ref -> (label, precision)
    rag: dict = field(default_factory=dict)  # ref -> rating of its imported update
    as_at: dict = field(default_factory=dict)  # ref -> date of its imported update
    notes: list = field(default_factory=list)  # text of warnings shown in the preview
    choices: dict = field(default_factory=dict)  # lead text -> "create" or a group's name
    extra: object = None  # a function(plan) of more checks


def cumbria_checks(plan):
    a15 = plan.actions.get(reference="1.5")
    assert "- Outputs from the LSCB Development day" in a15.description
    assert a15.due_date == dt.date(2015, 7, 1) and a15.due_precision == "day"
    assert plan.actions.get(reference="5.3").is_overdue(dt.date(2030, 1, 1)) is False


def cambridgeshire_checks(plan):
    first = plan.themes.get(number="1")
    assert first.description.endswith("Following Procedures to be reviewed:")
    seek = plan.actions.get(reference="1.4").updates.get()
    assert seek.narrative.startswith("Red Seek clarification") and seek.rag == "red"
    assert (seek.year, seek.quarter) == (2008, 4)  # as at 31 March 2009, not the import day


def letters_checks(plan):
    assert plan.themes.get(number="2a").parent.number == "2"
    for action in plan.actions.all():  # the model and the queryset agree on "overdue"
        for day in [dt.date(2015, 12, 31), dt.date(2016, 1, 1), dt.date(2016, 4, 1)]:
            overdue = plan.actions.overdue(day).filter(pk=action.pk).exists()
            assert action.is_overdue(day) == (overdue and not action.is_complete), action


def eight_column_checks(plan):
    a31 = plan.actions.get(reference="3.1")
    assert a31.measures == "Number of EHAs started by schools each quarter"
    assert a31.risk_note == "Schools' capacity" and a31.outcome == "Families get help early"
    assert a31.other_columns == [["Notes", "Linked to the Troubled Families programme"]]


LAYOUTS = [
    Layout(
        "plan-cumbria-2015-18.csv", "Business Plan 2015-18 (imported)",
        [("Business Group", ""), ("Communications and Engagement Subgroup", ""),
         ("Performance Management and Quality Assurance Subgroup", ""),
         ("Early Help Subgroup", ""), ("Safeguarding Hub Programme Board", ""),
         ("Education Subgroup", ""), ("Learning and Improvement Subgroup", ""),
         ("Policies and Procedures Subgroup", ""), ("Case Review Subgroup", ""),
         ("Child Death Overview Panel", "CDOP"), ("CSE/MFH Subgroup", ""),
         ("Health Subgroup", ""), ("Suicide Prevention Implementation Group", ""),
         ("Domestic Abuse Task and Finish Group", "")],
        actions=48,
        themes={"1": ("Leadership and Governance", None),
                "7": ("Child Sexual Exploitation and Missing from Home", None),
                "9": ("Domestic Abuse", None)},
        owners={"7.6": {"CSE/MFH Subgroup", "Performance Management and Quality Assurance Subgroup"},
                "3.5": {"Early Help Subgroup", "Education Subgroup"}, "1.6": {"Business Group"}},
        leads={"1.1": "Chair", "1.3": "LSCB Senior Manager", "3.4": "LSCB Hub Programme Board"},
        mapped={"3.4": ({"Safeguarding Hub Programme Board"}, "")},
        due={"1.1": ("December 2015", "month"), "5.3": ("Ongoing – following a review", "recurring"),
             "6.2": ("Following each Annual Report", "recurring")},
        notes=["'from Home' is read as the end of theme 7's title"],
        choices={"LSCB Hub Programme Board": "Safeguarding Hub Programme Board"},
        extra=cumbria_checks,
    ),
    Layout(
        "plan-cambridgeshire-2008-09-sections.csv", "Work plan 2008-09",
        [("Policy, Procedures and Practice Sub-Group", "PPP"), ("Quality and Effectiveness Group", "QEG"),
         ("Child Death Overview Panel", "CDOP"), ("Training and Development Strategy Group", "")],
        actions=29,
        themes={"1": ("a) Developing policies and procedures for safeguarding and promoting the "
                      "welfare of children in the area of the authority,", None),
                "2": ("Training", None), "8": ("Additional work area for executive/ business "
                                               "committee: The functioning of Cambridgeshire LSCB, "
                                               "including implementation of key theme", None)},
        owners={"1.3": {"Policy, Procedures and Practice Sub-Group"},
                "2.1": {"Training and Development Strategy Group"},
                "6.2": {"Child Death Overview Panel"}},
        leads={"1.3": "Awaiting endorsement", "1.9": "ASCCs", "8.6": "Chairs and ASCC's",
               "6.2": "LSCB exec board", "3.1": "OCYPS Fostering and Adoption policy manager"},
        mapped={"1.9": ({"ASCCs"}, ""), "8.6": ({"ASCCs"}, "Chairs")},
        due={"1.1": ("New time frame April 2009", "month"), "1.8": ("2009/10", "year"),
             "7.1": ("Subject to criminal proceedings", "text"), "8.3": ("Ongoing", "recurring")},
        rag={"1.1": "green", "1.4": "red", "8.1": "red", "9.1": None, "9.2": "green"},
        as_at={"1.1": dt.date(2009, 3, 31)},
        notes=["'Subject to criminal proceedings' is not a date the app can read",
               "'2009-10?' is queried in the file"],
        choices={"ASCCs": "create"},
        extra=cambridgeshire_checks,
    ),
    Layout(
        "plan-cambridgeshire-2009-12-objectives.csv", "Strategic plan 2009-12",
        [("Communications and Information Group", ""), ("SCR Panel", "")],
        actions=15,
        themes={"1": ("An LSCB that is passionate about safeguarding (and can deliver the vision "
                      "and purpose)", None),
                "1.2": ("Enhance credibility in the wider arena of children's services and with "
                        "all our stakeholders", "1"),
                "2": ("Create an LSCB that is fit for purpose and cares about doing the job well",
                      None),
                "2.3": ("Review and restructure the SCR framework, structure and processes", "2"),
                "3.1": ("Improve systems and processes within the Business unit", "3")},
        owners={"1.3.1": {"Communications and Information Group"}, "2.3.2": {"SCR Panel"}},
        leads={"1.1.1": "LSCB Chair", "3.1.1": "Head of Safety and Standards Unit"},
        due={"1.1.1": ("Not given", "text")},
    ),
    Layout(
        "plan-north-lincolnshire-2017-18.xlsx", "Business Plan 2017-18",
        [("CSE Strategic Group", ""), ("Domestic Abuse Task and Finish Group", ""),
         ("Neglect Task and Finish Group", ""), ("Safeguarding Pathway Lead Officer Group", "SPLOG"),
         ("Standards Board", "")],
        actions=13,
        themes={"1": ("Reduce the harm from child sexual exploitation", None),
                "3": ("Reduce the harm to children from neglect", None),
                "5": ("Further enhance the LSCB Performance Management Framework", None)},
        owners={"1.2": {"CSE Strategic Group", "Safeguarding Pathway Lead Officer Group"},
                "4.1": {"Standards Board"}, "3.3": {"Neglect Task and Finish Group"}},
        leads={"3.3": "Safeguarding Operational Managers Group", "2.3": "LSCB Training Officer"},
        due={"1.1": ("Q4 2017/18", "quarter"), "1.2": ("Quarterly", "recurring"),
             "2.4": ("Q4 2017/18", "quarter"), "2.6": ("2017/18", "year"),
             "3.1": ("By March 2018", "month")},
        rag={"1.1": "green", "1.2": "green", "2.1": "green", "2.3": "not_rated", "2.6": "red",
             "3.1": "complete", "3.2": None},
        as_at={"1.1": dt.date(2018, 3, 31)},
        notes=["'Q4' has no year: read as Q4 2017/18", "the rows above the column headings are "
               "not read"],
    ),
    Layout(
        "plan-priority-letters-2015-16.xlsx", "Business Plan 2015-16",
        [("Neglect Subgroup", ""), ("Quality Assurance Subgroup", ""), ("CSE Subgroup", ""),
         ("Learning and Development Subgroup", "")],
        actions=10,
        themes={"1": ("To be assured that partners work well together", None),
                "2": ("To be assured that children are safe", None),
                "2a": ("To be assured that children are safe from neglect", "2"),
                "2b": ("To be assured that children are protected from exploitation", "2")},
        owners={"2a.1": {"Neglect Subgroup"}, "2a.2": {"Quality Assurance Subgroup",
                                                       "Neglect Subgroup"},
                "2b.1": {"CSE Subgroup"}, "2b.2": {"CSE Subgroup"}},
        leads={"1.1": "Independent Chair and LSCB Business Team",
               "1.2": "LSCB Business Team and LSCGs",
               "2a.1": "Early Help Services (inc. SLF and CLR)", "2.1": "Board",
               "2b.1": "Missing Children Panel", "2b.2": "Licensing"},
        due={"1.1": ("Q3 2015/16", "quarter"), "1.2": ("Q4 2015/16", "quarter"),
             "2a.1": ("Q3 2015/16", "quarter"), "2a.2": ("By March 2016", "month"),
             "2b.1": ("2015/16", "year"), "2b.2": ("2015/16", "year"),
             "2b.3": ("Quarterly", "recurring"), "2.1": ("Annually", "recurring"),
             "2.3": ("When the venue is confirmed", "text")},
        rag={"1.1": "complete", "1.2": "green", "2a.1": "not_started", "2a.2": "amber",
             "2b.1": "green", "2b.2": "not_rated", "2b.3": None, "2.1": "green"},
        as_at={"1.1": dt.date(2015, 12, 31), "1.2": dt.date(2016, 3, 31)},
        notes=["'Q3' has no year: read as Q3 2015/16 (the first year of the plan, 2015/16)",
               "'When the venue is confirmed' is not a date the app can read"],
        choices={"LSCGs": "create"},
        mapped={"1.2": ({"LSCGs"}, "LSCB Business Team")},
        extra=letters_checks,
    ),
    Layout(
        "plan-strategic-we-will-2016-18.csv", "Business Plan 2016-18",
        [("Performance Management and Quality Assurance Group", "PMQAG"),
         ("Learning and Improvement Subgroup", "L&I"), ("Communications and Engagement Subgroup", "")],
        actions=7,
        themes={"1": ("We will improve the way partners work together", None),
                "1.1": ("Strategic and Board Priorities", "1"),
                "1.2": ("Learning and Improvement", "1"), "2.1": ("Voice of the child", "2")},
        owners={"1.2.1": {"Performance Management and Quality Assurance Group",
                          "Learning and Improvement Subgroup"}},
        leads={"1.1.1": "Chair and Business Manager"},
        due={"1.1.2": ("Q2 2016/17", "quarter"), "2.1.1": ("Q4 2016/17", "quarter"),
             "2.1.2": ("Ongoing", "recurring")},
        rag={"1.1.1": "complete", "1.2.2": "not_rated", "2.1.1": "red", "2.1.2": None},
        as_at={"1.1.1": dt.date(2017, 3, 31)},  # "Progress (as at 31 March 2017)"
    ),
    Layout(
        "plan-theme-dash-eight-columns-2016-17.csv", "Business Plan 2016-17",
        [("Early Help Subgroup", ""), ("Neglect Task and Finish Group", ""),
         ("Performance and Quality Assurance Subgroup", ""), ("Case Review Subgroup", "")],
        actions=5,
        themes={"3": ("Early Help", None), "4": ("Neglect", None), "5": ("Learning from reviews", None)},
        owners={"3.2": {"Early Help Subgroup"}, "4.2": {"Performance and Quality Assurance Subgroup"}},
        leads={"3.2": "Children's Social Care"},
        due={"3.2": ("Q3 2016/17", "quarter"), "4.2": ("2016/17", "year"),
             "5.1": ("Each review", "recurring")},
        rag={"3.1": "green", "3.2": "amber", "4.1": None, "4.2": "not_started"},
        as_at={"3.1": dt.date(2017, 3, 31)},
        extra=eight_column_checks,
    ),
    Layout(
        "plan-outcomes-snake-case-2014-15.csv", "Business Plan 2014-15",
        [("Learning and Development Subgroup", "")],
        actions=5,
        themes={"1": ("Priority 1", None), "1.2": ("Develop a confident workforce", "1"),
                "4": ("Children and young people are heard", None), "5": ("Risk is managed", None)},
        owners={"4.2": {"Learning and Development Subgroup"}},
        leads={"4.1": "Participation Officer", "1.2.2": "Business Unit"},
        due={"4.1": ("31 December 2014", "day"), "4.2": ("Q4 2014/15", "quarter"),
             "1.2.2": ("Quarterly", "recurring")},
        rag={"4.1": "complete", "4.2": "green", "1.2.1": "amber", "5.1": "green"},
        as_at={"4.1": dt.date(2015, 1, 15), "5.1": dt.date(2014, 6, 30)},
        notes=["'Q4' has no year: read as Q4 2014/15 (the year of the rows above)"],
    ),
    Layout(
        "plan-numbered-plain-2015-16.csv", "Business Plan 2015-16",
        [("Neglect Subgroup", ""), ("Performance Subgroup", "")],
        actions=5,
        themes={"1": ("Governance", None), "2": ("Performance", None), "3": ("Neglect", None)},
        owners={"3.1": {"Neglect Subgroup"}, "2.1": {"Performance Subgroup"}},
        leads={"3.1": "Early Help Services (inc. SLF and CLR)", "1.1": "Chair and Vice Chair"},
        due={"3.1": ("2015/16", "year"), "3.2": ("2015/16", "year"),
             "1.1": ("Annually", "recurring"), "1.2": ("When the review is published", "text"),
             "2.1": ("September 2015", "month")},
        notes=["'When the review is published' is not a date the app can read"],
    ),
]


def manager_of(board):
    return f.make_user(f"manager-{board.slug}", board, Role.MANAGER, first_name="Morgan",
                       last_name="Smith")


def board_with_groups(slug, layout):
    board = f.make_board(slug)
    for name, short in layout.groups:
        f.make_subgroup(board, name, short_name=short)
    return board


def check(plan, layout, choices_applied):
    """The imported plan has what the layout's table says."""
    actions = {a.reference: a for a in plan.actions.select_related("theme__parent")
               .prefetch_related("owners", "updates")}
    assert len(actions) == layout.actions
    themes = {t.number: t for t in plan.themes.select_related("parent")}
    for number, (title, parent) in layout.themes.items():
        assert themes[number].title == title
        assert (themes[number].parent.number if themes[number].parent else None) == parent
        assert not re.match(r"^\d", themes[number].title), "the number is not repeated"
    for ref, names in layout.owners.items():
        assert {g.name for g in actions[ref].owners.all()} == names, ref
    for ref, text in layout.leads.items():
        if not (choices_applied and ref in layout.mapped):
            assert actions[ref].lead_role == text, ref
    for ref, (names, text) in layout.mapped.items() if choices_applied else ():
        assert ({g.name for g in actions[ref].owners.all()}, actions[ref].lead_role) == (
            names, text), ref
    for ref, (label, precision) in layout.due.items():
        assert (actions[ref].due_label, actions[ref].due_precision) == (label, precision), ref
    for ref, rag in layout.rag.items():
        updates = list(actions[ref].updates.all())
        assert [u.rag for u in updates] == ([rag] if rag else []), ref
    for ref, day in layout.as_at.items():
        assert actions[ref].updates.get().date == day, ref
    if layout.extra:
        layout.extra(plan)


def snapshot(plan):
    return sorted(
        (a.reference, a.theme.number, a.description, a.due_label, a.due_precision, a.outcome,
         a.measures, a.source, a.risk_note, tuple(map(tuple, a.other_columns)),
         tuple((u.date, u.rag, u.narrative) for u in a.updates.all()))
        for a in plan.actions.select_related("theme").prefetch_related("updates"))


@pytest.mark.parametrize("layout", LAYOUTS, ids=[layout.file for layout in LAYOUTS])
def test_layout_through_the_browser_and_the_command(db, client, layout, tmp_path):
    board = board_with_groups("browser", layout)
    manager = manager_of(board)
    client.force_login(manager)
    content = (DATA / layout.file).read_bytes()
    response = client.post(reverse("actions:import"), {
        "file": SimpleUploadedFile(layout.file, content), "title": layout.title})
    assert response.status_code == 302, response.content.decode()[:2000]
    preview_url = response["Location"]
    page = client.get(preview_url).content.decode()
    assert f"<strong>{layout.actions}</strong> new action" in page
    assert "problem" not in page.split("Themes and sub-sections")[0].lower()
    for note in layout.notes:
        assert note.replace("'", "&#x27;") in page, note
    assert "Leads: as written → group or role" in page
    assert not BusinessPlan.objects.filter(title=layout.title).exists()  # nothing yet

    # confirm with the layout's choices for the leads the app could not place
    form = {}
    for index, name in enumerate(re.findall(r'<label class="visually-hidden" for="id_lead_\d+">'
                                            r'What “(.*?)” becomes', page)):
        choice = layout.choices.get(name.replace("&amp;", "&").replace("&#x27;", "'"))
        if choice == "create":
            form[f"lead_{index}"] = "create"
        elif choice:
            form[f"lead_{index}"] = str(Subgroup.objects.get(board=board, name=choice).pk)
    response = client.post(preview_url, form)
    assert response.status_code == 302
    plan = BusinessPlan.objects.get(board=board, title=layout.title)
    assert response["Location"] == plan.get_absolute_url()
    check(plan, layout, choices_applied=True)
    for update in ProgressUpdate.objects.filter(action__plan=plan):
        assert update.author == manager
        assert update.author_name == f"Imported from {layout.file} by Morgan Smith"
    plan_page = client.get(plan.get_absolute_url()).content.decode()
    for number, (title, parent) in layout.themes.items():
        tag = "h3" if parent else "h2"
        assert f">{number}. {title}</{tag}>".replace("'", "&#x27;") in plan_page

    # the same file through the command, into another board: the same plan
    other = board_with_groups("command", layout)
    path = tmp_path / layout.file
    path.write_bytes(content)
    call_command("import_plan", str(path), "--board", other.slug, "--plan", layout.title)
    by_command = BusinessPlan.objects.get(board=other, title=layout.title)
    check(by_command, layout, choices_applied=False)
    if not layout.choices:
        assert snapshot(by_command) == snapshot(plan)

    # and again into the browser's plan: nothing new, nothing duplicated
    updates = ProgressUpdate.objects.filter(action__plan=plan).count()
    call_command("import_plan", str(path), "--board", board.slug, "--plan", layout.title)
    assert plan.actions.count() == layout.actions
    assert ProgressUpdate.objects.filter(action__plan=plan).count() == updates


def test_rows_without_an_action_are_problems_in_browser_and_command(db, client, tmp_path):
    board = f.make_board("blank")
    client.force_login(manager_of(board))
    content = (DATA / "plan-blank-action.csv").read_bytes()
    response = client.post(reverse("actions:import"), {
        "file": SimpleUploadedFile("plan-blank-action.csv", content), "title": "Plan 2015-16"})
    page = client.get(response["Location"]).content.decode()
    assert "2 problems to fix – nothing has been imported" in page
    assert "the row has text in Ref, Who, When but no action" in page
    assert "Confirm and import" not in page
    assert client.post(response["Location"], {}).status_code == 200
    path = tmp_path / "plan-blank-action.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match="2 problem"):
        call_command("import_plan", str(path), "--board", board.slug, "--plan", "Plan 2015-16")
    assert not Action.objects.exists() and not BusinessPlan.objects.exists()


def test_imported_quarter_can_be_chosen_in_the_quarterly_report(db, client, tmp_path):
    layout = LAYOUTS[1]  # Cambridgeshire 2008-09: progress as at 31 March 2009
    board = board_with_groups("quarter", layout)
    client.force_login(manager_of(board))
    path = tmp_path / layout.file
    path.write_bytes((DATA / layout.file).read_bytes())
    call_command("import_plan", str(path), "--board", board.slug, "--plan", layout.title)
    plan = BusinessPlan.objects.get(board=board)
    page = client.get(reverse("reporting:quarterly"), {"plan": plan.slug}).content.decode()
    assert "Q4 2008/09" in page  # the default: the quarter of the latest update
    page = client.get(reverse("reporting:quarterly"), {
        "plan": plan.slug, "year": "2008/09", "quarter": "4"}).content.decode()
    assert "Red Seek clarification regarding the role of the LSCB" in page
    assert '<option value="2008/09" selected>' in page
