"""The Cumbria demo board: ``manage.py load_demo`` and reporting/demo/cumbria.json."""

import json
import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from actions.models import Action, ProgressUpdate
from demo.loader import DATA
from lscb.models import Board, BoardUser, Member
from plans.models import BusinessPlan, Theme
from reporting.models import ReportingItem
from subgroups.models import Subgroup
from tests import factories as f

PROJECT_APPS = {"lscb", "subgroups", "plans", "actions", "reporting", "auth"}

# Surnames of the people in the seed's membership table: none may reach the demo.
SEED_SURNAMES = [
    "Rigg", "Simpson", "Gopsill", "Macilwraith", "Butcher", "Hodgson", "Boardman", "Shabde",
    "Mason-Lodge", "Munro", "Martland", "Volpe", "Render", "Storr", "Ward", "Craven", "Cox",
    "Bowman", "Smith", "McKay", "Hutton", "Royston", "Greenwood", "Rush", "Burns", "Musgrave",
]

FIRST = "business-plan-2015-18"


def model_counts():
    return {
        f"{model._meta.app_label}.{model.__name__}": model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
    }


@pytest.fixture(scope="class")
def demo_loaded(django_db_setup, django_db_blocker):
    """``load_demo`` once for the tests of a class, in a transaction rolled back after
    them; each test runs in a savepoint inside it (``db``), so what one test changes
    the next one does not see."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        call_command("load_demo")
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def demo(demo_loaded, db):
    return Board.objects.get(slug="cumbria")


@pytest.mark.django_db
def test_demo_users_and_roles(db):
    call_command("load_demo", "--password", "another-long-password")
    roles = {bu.user.username: bu.role for bu in BoardUser.objects.filter(board__slug="cumbria")}
    assert roles == {"manager": "manager", "chair": "chair", "viewer": "viewer"}
    User = get_user_model()
    chair = User.objects.get(username="chair")
    assert [g.slug for g in chair.led_subgroups.all()] == ["learning-and-improvement"]
    assert all(User.objects.get(username=name).check_password("another-long-password")
               for name in ["manager", "chair", "viewer", "admin"])
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff


@pytest.mark.django_db
def test_a_short_password_is_refused(db):
    with pytest.raises(CommandError):
        call_command("load_demo", "--password", "short")
    assert not Board.objects.exists()


def test_no_real_names_from_the_seed():
    text = DATA.read_text(encoding="utf-8")
    found = [name for name in SEED_SURNAMES if re.search(rf"\b{re.escape(name)}\b", text)]
    assert found == []
    data = json.loads(text)
    assert len(data["members"]) == 28
    assert sum(m["name"] == "Vacant (TBC)" for m in data["members"]) == 2


class TestTheDemoBoard:
    """What one ``load_demo`` wrote (``demo_loaded``: once for the class)."""

    def test_the_whole_plan_is_loaded(self, demo):
        assert demo.short_name == "Cumbria LSCB"
        assert demo.vision == "We are working together to keep children and young people safe in Cumbria"
        assert len(demo.objective_list) == 2 and len(demo.core_function_list) == 8
        assert demo.independent_chair.board_role == Member.BoardRole.CHAIR
        plan = BusinessPlan.objects.get(board=demo, slug="business-plan-2015-18")
        assert (plan.status, plan.start_year, plan.end_year) == ("archived", 2015, 2017)
        second = BusinessPlan.objects.current(demo)  # the dashboard and papers follow it
        assert (second.slug, second.previous_plan) == ("business-plan-2016-17", plan)
        assert demo.review_month_names == ["June", "September", "December", "March"]
        assert demo.kind == "lscb" and demo.protective_marking == "OFFICIAL"
        assert Theme.objects.filter(plan=plan).count() == 9
        assert Action.objects.filter(plan=plan).count() == 48
        assert ReportingItem.objects.filter(board__slug="cumbria").count() == 12
        assert Member.objects.filter(board=demo).count() == 28
        refs = list(Action.objects.filter(plan=plan).in_plan_order().values_list("reference", flat=True))
        assert refs[:11] == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10", "2.1"]
        assert refs[-1] == "9.4"

    def test_actions_are_transcribed_as_written(self, demo):
        a45 = Action.objects.get(plan__slug=FIRST, reference="4.5")
        assert a45.description.splitlines() == [
            "- Procedure manual to be refreshed summer 2015",
            "- Establish performance indicators for the Tri-x manual based on relevant metrics",
            "- Staff survey questions to be revised to cover “confidence in the new procedures”",
        ]
        assert [g.slug for g in a45.owners.all()] == ["policy-and-procedures"]
        assert a45.due_label == "August 2015"
        assert "RECOMMENDATION 7" in a45.source and "RECOMMENDATION" not in a45.description
        assert [(r.source.kind, r.number) for r in a45.recommendations.all()] == [("ofsted", "7")]

        a53 = Action.objects.get(plan__slug=FIRST, reference="5.3")
        assert a53.due_label == "Ongoing – following a review"
        assert a53.due_date is None and a53.due_precision == "recurring"  # ongoing: never overdue
        a15 = Action.objects.get(plan__slug=FIRST, reference="1.5")
        assert a15.due_label == "Sign off by LSCB – 1 July 2015"
        assert a15.due_date.isoformat() == "2015-07-01" and a15.due_precision == "day"
        a11 = Action.objects.get(plan__slug=FIRST, reference="1.1")
        assert a11.lead_role == "Chair" and not a11.owners.exists()
        assert a11.due_date.isoformat() == "2015-12-31" and a11.due_label == "December 2015"
        assert {g.short_name for g in Action.objects.get(plan__slug=FIRST, reference="7.6").owners.all()} == {
            "CSE/MFH", "PMQAG"}
        a83 = Action.objects.get(plan__slug=FIRST, reference="8.3")
        assert a83.source == "Child J SCR"
        assert [r.source.kind for r in a83.recommendations.all()] == ["scr"]
        assert Action.objects.get(plan__slug=FIRST, reference="1.2").outcome == ""

    def test_groups_and_planner(self, demo):
        business = Subgroup.objects.get(board=demo, slug="business-group")
        assert business.chair == demo.independent_chair and business.accountable_to is None
        education = Subgroup.objects.get(board=demo, slug="education")
        assert education.chair.job_title == education.vice_chair.job_title == "Head teacher"
        assert education.chair.agency.name == "Primary Head teachers Association"
        assert education.functions.count() == 8
        assert Subgroup.objects.get(board=demo, slug="domestic-abuse").accountable_to == business
        s11 = ReportingItem.objects.get(board=demo, title="S.11 Audit")
        (s11_to,) = s11.recipients.all()
        assert (s11_to.frequency, s11_to.months, s11.responsible_group.short_name) == (
            "annually", [3], "PMQAG")
        cdop = ReportingItem.objects.get(board=demo, title="Child Death Review Data")
        assert [r.due_months() for r in cdop.recipients.order_by("order")] == [
            [11], [5, 7, 9, 11, 1, 3]]
        assert cdop.responsible_group.slug == "cdop"

    def test_demo_history_is_labelled_and_varied(self, demo):
        updates = ProgressUpdate.objects.filter(action__board=demo)
        assert updates.count() > 48
        assert not updates.exclude(narrative__startswith="[Demo data] ").exists()
        assert {"green", "amber", "red", "complete"} <= set(updates.values_list("rag", flat=True))
        not_started = Action.objects.filter(plan__slug=FIRST, updates__isnull=True)
        assert 0 < not_started.count() < 48
        for action in Action.objects.filter(board=demo, updates__rag="complete").distinct():
            assert action.completed_on is not None and action.impact_statement.startswith("[Demo data] ")

    def test_the_invented_partnership(self, demo):
        from lscb.vocabulary import partners_of, words_for

        westmarch = Board.objects.get(slug="westmarch-scp")
        assert westmarch.kind == "scp" and "invented" in westmarch.name
        assert words_for(westmarch).review == "Child Safeguarding Practice Review"
        partners = partners_of(westmarch)
        assert len(partners) == 3 and partners[0].is_lead
        rep = BoardUser.objects.get(board=westmarch, user__username="agencyrep")
        assert rep.role == "agency_rep" and rep.agency.name == "Westmarch Police"
        assert demo.kind == "lscb"  # Cumbria stays an LSCB

    def test_westmarch_yearly_report_lists_its_partners_as_signatories(self, demo):
        import re

        from reporting.annual.jobs import annual_html
        from reporting.models import AnnualReport

        report = AnnualReport.objects.get(board__slug="westmarch-scp", year=2025)
        assert [(s.name, s.role) for s in report.signatories.all()] == [
            ("Chief Executive", "Westmarch Council (lead safeguarding partner)"),
            ("Chief Executive", "Westmarch Integrated Care Board"),
            ("Chief Constable", "Westmarch Police")]
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", annual_html(report)))
        assert "Yearly Report 2025/26" in text
        assert "Chief Executive , Westmarch Council (lead safeguarding partner) — signed off " \
               "30 June 2026" in text
        assert "Chief Constable , Westmarch Police — awaiting sign-off" in text
        assert "Westmarch Integrated Care Board — awaiting sign-off" in text

    def test_load_demo_is_idempotent(self, demo):
        before = model_counts()
        assert before["actions.ProgressUpdate"] > 0 and before["auth.User"] == 5
        assert before["actions.HistoricalAction"] > 0
        call_command("load_demo")
        assert model_counts() == before
        f.assert_latest_stored(Action.objects.filter(board=demo))

    def test_the_second_plan_year_came_through_the_year_end(self, demo, client):
        first = BusinessPlan.objects.get(board=demo, slug=FIRST)
        second = BusinessPlan.objects.current(demo)
        copies = list(Action.objects.filter(plan=second).select_related("carried_over_from"))
        assert 5 < len(copies) < 48
        assert all(c.carried_over_from.plan == first for c in copies)
        assert all(c.carried_over_from.closed_as == "carried" for c in copies)
        assert all(c.due_date is None or c.due_date.year in (2016, 2017) for c in copies)
        closed = Action.objects.filter(plan=first).exclude(closed_as="")
        assert closed.filter(closed_as="dropped").exists()
        assert not Action.objects.filter(plan=first).open().exclude(
            updates__rag="complete").exists()  # every open action was decided
        assert not Action.objects.for_board(demo).chased().filter(plan=first).exists()

    def test_the_first_plan_still_produces_its_papers(self, demo, client):
        from django.urls import reverse

        client.force_login(get_user_model().objects.get(username="manager"))
        url = reverse("reporting:quarterly_pdf") + f"?plan={FIRST}&year=2015/16&quarter=4"
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        page = client.get(reverse("reporting:quarterly") + f"?plan={FIRST}&year=2015/16&quarter=4")
        assert page.status_code == 200 and "Business Plan 2015-18" in page.content.decode()

    def test_demo_meetings_section11_and_challenges(self, demo):
        from lscb.models import Challenge
        from reporting.models import Section11Rating, Section11Round
        from subgroups.attendance import attendance_by_agency
        from subgroups.models import Meeting

        assert Meeting.objects.filter(board=demo, subgroup=None).count() == 4
        rows, overall = attendance_by_agency(demo, 2015)
        assert overall.invited == 104 and 0 < overall.attended < overall.invited
        round_ = Section11Round.objects.get(board=demo, year=2015)
        assert Section11Rating.objects.filter(section11_return__round=round_).count() == 18
        challenges = Challenge.objects.filter(board=demo)
        assert sorted(challenges.values_list("status", flat=True)) == ["open", "resolved"]
        assert all(c.issue.startswith("[Demo data] ") for c in challenges)
