"""Rules that a one-line slip would break without any other test noticing.

Each test here was checked against the slip it names: the slip was made by hand in the
code, the test failed, and the code was restored.
"""

import datetime as dt
import random

import pytest
from django.core.management import call_command
from django.urls import reverse

from actions.models import Action
from lscb.fiscal import Quarter
from lscb.fiscal.due import DuePrecision
from lscb.papers.pdf import RefusedURL, check_url
from lscb.two_factor import EXEMPT_VIEWS
from plans.models import BusinessPlan, Indicator, IndicatorValue, Risk, Theme
from reporting.quarters.services import close_quarter, snapshot_for
from subgroups.models import Subgroup

from . import factories as f
from . import otp
from . import test_permission_matrix as matrix
from .test_import import xlsx
from .test_import_registers import INDICATOR_SHEET, RISK_SHEET
from .test_tracking import edit_data

objects = matrix.objects  # one of every object of the board (the permission matrix's fixture)

# --- two-factor: every write but signing in and confirming needs a confirmed session -------

VERIFY = reverse("two_factor_verify")
# the only views an unconfirmed manager or chair may post to (the admin's own sign-in and
# sign-out are exempt too, and are not in the matrix)
SIGN_IN_VIEWS = {"login", "logout", "two_factor_setup", "two_factor_verify",
                 "two_factor_recovery"}


def test_only_signing_in_and_confirming_are_exempt_from_two_factor():
    assert EXEMPT_VIEWS == SIGN_IN_VIEWS | {"admin:login", "admin:logout"}


def test_every_write_of_an_unconfirmed_manager_or_chair_goes_to_verify(unverified_login, users,
                                                                        objects):
    """Each URL a manager or chair may post to sends an unconfirmed session to the
    verify page before the view runs (planted: "actions:edit" added to the exemptions)."""
    problems = []
    for role in ("manager", "chair"):
        otp.confirmed_device(users[role])
        client = unverified_login(users[role])
        for name, (key, _get, post) in sorted(matrix.MATRIX.items()):
            if name in SIGN_IN_VIEWS or matrix.codes(post)[role] not in ("ok", "done"):
                continue
            response = client.post(reverse(name, kwargs=objects[key] if key else None))
            if response.status_code != 302 or not response["Location"].startswith(VERIFY):
                problems.append(f"{role} POST {name}: {response.status_code}")
    assert problems == []


def test_unconfirmed_manager_edit_of_an_action_is_not_saved(unverified_login, users, own_action):
    otp.confirmed_device(users["manager"])
    client = unverified_login(users["manager"])
    response = client.post(reverse("actions:edit", args=[own_action.pk]),
                           edit_data(own_action, description="Changed without a code"))
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    own_action.refresh_from_db()
    assert own_action.description != "Changed without a code" and own_action.version == 1


# --- one meaning of "overdue" ---------------------------------------------------------------

TODAY = dt.date(2016, 1, 15)


@pytest.fixture
def due_actions(theme):
    """Actions around TODAY; only "late" and "reopened" are overdue."""
    day = {"due_precision": DuePrecision.DAY}
    actions = {
        "late": f.make_action(theme, "1.1", due=TODAY - dt.timedelta(days=1), **day),
        "due_today": f.make_action(theme, "1.2", due=TODAY, **day),
        "not_yet": f.make_action(theme, "1.3", due=TODAY + dt.timedelta(days=1), **day),
        "completed": f.make_action(theme, "1.4", due=dt.date(2015, 12, 1),
                                   completed_on=dt.date(2016, 1, 10)),
        "rated_complete": f.make_action(theme, "1.5", due=dt.date(2015, 12, 1)),
        "reopened": f.make_action(theme, "1.6", due=dt.date(2015, 12, 1)),
        "no_date": f.make_action(theme, "1.7", due=None),
    }
    f.make_update(actions["rated_complete"], "complete", dt.date(2016, 1, 5), "Done")
    f.make_update(actions["reopened"], "complete", dt.date(2015, 11, 5), "Done, we thought")
    f.make_update(actions["reopened"], "amber", dt.date(2016, 1, 5), "Audit found gaps")
    return actions


def test_overdue_means_due_before_today_and_not_complete(due_actions):
    """Planted: overdue() counting completed actions, or due today (<=), or is_overdue()
    ignoring completion."""
    expected = {"1.1", "1.6"}
    queryset = {a.reference for a in Action.objects.overdue(TODAY)}
    listed = {a.reference for a in Action.objects.for_listing().overdue(TODAY)}
    one_by_one = {a.reference for a in Action.objects.all() if a.is_overdue(TODAY)}
    annotated = {a.reference for a in Action.objects.for_listing() if a.is_overdue(TODAY)}
    assert queryset == listed == one_by_one == annotated == expected


def test_the_day_after_the_due_date_it_is_overdue(due_actions):
    action = due_actions["due_today"]
    assert not action.is_overdue(TODAY) and action.is_overdue(TODAY + dt.timedelta(days=1))
    assert not Action.objects.overdue(TODAY).filter(pk=action.pk).exists()
    assert Action.objects.overdue(TODAY + dt.timedelta(days=1)).filter(pk=action.pk).exists()


def test_pages_agree_on_what_is_overdue(login, users, due_actions, monkeypatch):
    """The dashboard's list and count and the table's filter use the same rule."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    client = login(users["viewer"])
    table = client.get("/actions/?overdue=on").context["table"]
    assert [row.record.reference for row in table.paginated_rows] == ["1.1", "1.6"]
    dashboard = client.get("/")
    assert [a.reference for a in dashboard.context["overdue"]] == ["1.6", "1.1"]
    assert "Overdue actions (2)" in dashboard.content.decode()


# --- imports are all or nothing, also when something fails half-way --------------------------

def fail_on(monkeypatch, model, **match):
    """Saving a ``model`` record whose fields match ``match`` raises, as a database
    error half-way through an import would."""
    save = model.save

    def failing_save(self, *args, **kwargs):
        if all(getattr(self, k) == v for k, v in match.items()):
            raise RuntimeError(f"the database failed while saving {self}")
        return save(self, *args, **kwargs)

    monkeypatch.setattr(model, "save", failing_save)


def test_a_plan_import_that_fails_half_way_writes_nothing(board, groups, tmp_path, monkeypatch):
    """Planted: @transaction.atomic removed from the plan import's apply step."""
    sheet = [["Theme", "Ref", "Action", "Who", "When", "RAG", "Progress"],
             ["1. Leadership", "1.1", "Develop a programme", "New Group", "December 2015", "G",
              "On track"],
             ["2. Early Help", "2.1", "Review the hub", "Learning and Improvement",
              "31/12/2015", "A", "Slipping"]]
    path = tmp_path / "plan.xlsx"
    path.write_bytes(xlsx(sheet))
    fail_on(monkeypatch, Action, reference="2.1")
    before = {model: model.objects.count() for model in (BusinessPlan, Theme, Action, Subgroup)}
    with pytest.raises(RuntimeError, match="the database failed"):
        call_command("import_plan", str(path), "--board", board.slug, "--plan",
                     "Plan 2015-16", "--create-groups")
    assert {model: model.objects.count() for model in before} == before


@pytest.mark.parametrize("command, sheet, model, match, extra", [
    ("import_indicators", INDICATOR_SHEET, Indicator,
     {"name": "Child protection visits in time"}, ["--year", "2015/16"]),
    ("import_risks", RISK_SHEET, Risk, {"reference": "R10"}, []),
])
def test_a_register_import_that_fails_half_way_writes_nothing(board, tmp_path, monkeypatch,
                                                              command, sheet, model, match,
                                                              extra):
    """Planted: @transaction.atomic removed from the indicator import (neither its view
    nor its command has a transaction of its own)."""
    path = tmp_path / "register.xlsx"
    path.write_bytes(xlsx(sheet))
    fail_on(monkeypatch, model, **match)
    with pytest.raises(RuntimeError, match="the database failed"):
        call_command(command, str(path), "--board", board.slug, *extra)
    assert not model.objects.exists() and not IndicatorValue.objects.exists()


# --- the PDF engine reads the app's static files and nothing beside them ----------------------

def test_a_folder_named_like_the_static_root_is_not_inside_it(settings, tmp_path):
    """Planted: check_url comparing paths with startswith instead of is_relative_to."""
    root = tmp_path / "static"
    root.mkdir()
    (root / "ok.css").write_text("p {}")
    sibling = tmp_path / "static-evil"
    sibling.mkdir()
    (sibling / "x.css").write_text("p {}")
    settings.STATIC_ROOT = str(root)
    assert check_url((root / "ok.css").as_uri()) == (root / "ok.css").resolve()
    with pytest.raises(RefusedURL, match="not one of the app's static files"):
        check_url((sibling / "x.css").as_uri())


# --- a closed quarter is that quarter of that year ---------------------------------------------

def test_closing_q1_of_one_year_leaves_q1_of_the_next_open(login, users, board, plan,
                                                           own_action):
    """Planted: the snapshot looked up by quarter number without its year."""
    f.make_update(own_action, "green", dt.date(2015, 5, 1), "First quarter")
    close_quarter(board, plan, Quarter(2015, 1), users["manager"])
    assert snapshot_for(plan, Quarter(2015, 1)) is not None
    assert snapshot_for(plan, Quarter(2016, 1)) is None
    client = login(users["viewer"])
    url = reverse("reporting:quarterly") + f"?plan={plan.slug}&quarter=1&year="
    assert "Q1 2015/16 is closed" in client.get(url + "2015/16").content.decode()
    assert "is closed" not in client.get(url + "2016/17").content.decode()
    close_quarter(board, plan, Quarter(2016, 1), users["manager"])  # not "already closed"
    assert snapshot_for(plan, Quarter(2016, 1)).year == 2016


# --- themes 10, 11 and 12 come after theme 9 everywhere ---------------------------------------

NUMBER_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve"]


@pytest.fixture
def twelve_themes(board, plan, groups):
    """A plan with 12 themes (made out of order), one action each, with an update in Q2."""
    numbers = list(range(1, 13))
    random.Random(12).shuffle(numbers)
    for n in numbers:
        theme = f.make_theme(plan, str(n), f"Priority {NUMBER_WORDS[n - 1]}")
        action = f.make_action(theme, f"{n}.1", owners=[groups["own"]],
                               description=f"Action of priority {NUMBER_WORDS[n - 1]}")
        f.make_update(action, "green", dt.date(2015, 8, 1), "On track")
    return plan


def in_order(text, words):
    positions = [text.index(word) for word in words]
    return positions == sorted(positions)


@pytest.mark.parametrize("url", [
    "/plans/plan/", "/reports/quarterly/?plan=plan&year=2015/16&quarter=2", "/reports/plan/plan/",
    "/",
])
def test_twelve_themes_are_in_number_order_on_pages_and_papers(login, users, twelve_themes, url):
    """Planted: themes sorted by their number as text ("10" before "2")."""
    text = login(users["viewer"]).get(url).content.decode()
    assert in_order(text, [f"Priority {word}" for word in NUMBER_WORDS]), url


def test_twelve_themes_are_in_number_order_in_the_actions_table(login, users, twelve_themes):
    client = login(users["viewer"])
    in_plan_order = [f"{n}.1" for n in range(1, 13)]
    for query, expected in [("", in_plan_order), ("?sort=theme", in_plan_order),
                            ("?sort=-theme", in_plan_order[::-1]),
                            ("?sort=reference", in_plan_order)]:
        table = client.get(f"/actions/{query}").context["table"]
        assert [row.record.reference for row in table.paginated_rows] == expected, query
    csv = client.get("/actions/?_export=csv").content.decode()
    assert in_order(csv, [f"Action of priority {word}" for word in NUMBER_WORDS])
