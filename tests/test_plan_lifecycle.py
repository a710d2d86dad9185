"""Plans: draft → approved → live → archived. One live plan per board, followed by the
dashboard, chase lists, reminders, calendar and quarterly report; a draft is the business
manager's alone and marked DRAFT; an archived plan is read-only and never chased."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from plans.models import BusinessPlan
from reporting.reminders.calendar import feed_actions
from reporting.reminders.services import digest

from . import factories as f

PLAN = {"title": "Business Plan 2026-29", "start_year": "2026", "end_year": "2028",
        "status": "draft", "approved_on": "", "approved_by": "", "review_note": "",
        "introduction": "Our **three** priorities.\n\n- one\n- two", "planning_process": ""}


@pytest.fixture
def draft(board, plan):
    """Next year's plan, a draft with one theme and one action, next to the live ``plan``."""
    draft = f.make_plan(board, title="Business Plan 2018-21", slug="next", start_year=2018,
                        end_year=2020)
    theme = f.make_theme(draft, "1", "Draft theme")
    draft.action = f.make_action(theme, "1.1", description="Draft action to do",
                                 due=timezone.localdate() - dt.timedelta(days=5))
    return draft


def test_the_manager_adds_a_draft_plan_and_goes_on_to_its_themes(login, users, board):
    response = login(users["manager"]).post(reverse("plans:new"), PLAN)
    plan = BusinessPlan.objects.get(board=board)
    assert response["Location"] == reverse("plans:themes", args=[plan.slug])
    assert (plan.status, plan.start_year, plan.end_year, plan.slug) == (
        "draft", 2026, 2028, "business-plan-2026-29")


def test_a_plan_never_takes_the_name_of_a_page(login, users, board):
    login(users["manager"]).post(reverse("plans:new"), {**PLAN, "title": "New"})
    assert BusinessPlan.objects.get(board=board).slug == "new-plan"


@pytest.mark.parametrize("changes, field", [
    ({"end_year": "2025"}, "end_year"),
    ({"status": "approved"}, "approved_on"),
    ({"status": "live"}, "status"),  # live only through the confirmation page
    ({"status": "archived"}, "status"),
    ({"start_year": "1999"}, "start_year"),
    ({"title": ""}, "title"),
    ({"approved_on": "2026-02-30"}, "approved_on"),
])
def test_bad_plan_input_gets_field_errors_and_saves_nothing(login, users, board, changes, field):
    response = login(users["manager"]).post(reverse("plans:new"), {**PLAN, **changes})
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not BusinessPlan.objects.filter(board=board).exists()


def test_editing_a_plan_is_kept_in_its_history(login, users, plan):
    client = login(users["manager"])
    response = client.post(reverse("plans:edit", args=[plan.slug]), {
        **PLAN, "title": "Business Plan 2015-18 (revised)", "start_year": "2015",
        "end_year": "2017", "approved_on": "2015-07-01", "approved_by": "LSCB Board"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "live" and plan.approved_by == "LSCB Board"  # status untouched
    page = client.get(reverse("plans:edit", args=[plan.slug])).content.decode()
    assert "Title: “Business Plan 2015-18” → “Business Plan 2015-18 (revised)”" in page
    detail = client.get(plan.get_absolute_url()).content.decode()
    assert "<strong>three</strong>" in detail and "<li>one</li>" in detail  # Markdown


def test_the_introduction_is_sanitised_markdown(login, users, plan):
    plan.introduction = "<script>alert(1)</script>[x](javascript:alert(1)) **ok**"
    plan.save()
    page = login(users["viewer"]).get(plan.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page and "javascript:" not in page
    assert "<strong>ok</strong>" in page


def test_the_live_plan_is_the_current_plan_not_the_newest(board, plan, draft):
    assert BusinessPlan.objects.current(board) == plan
    assert draft.start_year > plan.start_year


def test_one_live_plan_per_board_is_a_database_rule(board, plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        f.make_plan(board, slug="second", status="live", approved_on=dt.date(2016, 1, 1))


def test_a_draft_is_the_managers_alone_and_marked_draft(login, users, draft, client):
    manager = login(users["manager"])
    assert "DRAFT" in manager.get(reverse("plans:list")).content.decode()
    assert "DRAFT" in manager.get(draft.get_absolute_url()).content.decode()
    assert "DRAFT" in manager.get(draft.action.get_absolute_url()).content.decode()
    assert "Draft action to do" in manager.get(reverse("actions:list")).content.decode()
    for role in ("viewer", "chair"):
        client.force_login(users[role])
        assert draft.title not in client.get(reverse("plans:list")).content.decode()
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert client.get(draft.action.get_absolute_url()).status_code == 404
        assert client.get(reverse("reporting:business_plan", args=[draft.slug])).status_code == 404
        assert "Draft action" not in client.get(reverse("actions:list")).content.decode()


def test_the_dashboard_and_quarterly_report_follow_the_live_plan(login, users, plan, draft):
    client = login(users["manager"])
    assert client.get("/").context["plan"] == plan
    assert client.get(reverse("reporting:quarterly")).context["plan"] == plan


def test_making_a_draft_live_asks_for_confirmation_and_archives_the_old_plan(login, users,
                                                                            plan, draft):
    client = login(users["manager"])
    url = reverse("plans:make_live", args=[draft.slug])
    page = client.get(url).content.decode()
    assert plan.title in page and "archived" in page
    missing = client.post(url, {"approved_on": ""})
    assert missing.status_code == 200 and "approved_on" in missing.context["form"].errors
    assert client.post(url, {"approved_on": "2018-03-20", "approved_by": "Board"}
                       ).status_code == 302
    plan.refresh_from_db()
    draft.refresh_from_db()
    assert (plan.status, draft.status, draft.approved_on) == ("archived", "live",
                                                              dt.date(2018, 3, 20))
    assert BusinessPlan.objects.current(plan.board) == draft
    assert client.get("/").context["plan"] == draft


def test_an_archived_plan_is_read_only(login, users, plan, own_action, client):
    plan.status = "archived"
    plan.save()
    manager = login(users["manager"])
    page = manager.get(plan.get_absolute_url()).content.decode()
    assert "archived" in page and reverse("actions:create", args=[plan.slug]) not in page
    assert manager.get(reverse("plans:edit", args=[plan.slug])).status_code == 403
    assert manager.get(reverse("actions:create", args=[plan.slug])).status_code == 403
    assert manager.get(reverse("actions:edit", args=[own_action.pk])).status_code == 403
    assert manager.post(reverse("actions:archive", args=[own_action.pk])).status_code == 403
    assert manager.post(reverse("plans:theme_new", args=[plan.slug]), {}).status_code == 403
    year_end = manager.get(reverse("plans:year_end", args=[plan.slug]))
    assert year_end.status_code == 200 and "Only the live plan" in year_end.content.decode()
    client.force_login(users["chair"])  # the same test client: now the chair
    response = client.post(reverse("actions:post_update", args=[own_action.pk]),
                           {"rag": "green", "date": "2015-09-01", "narrative": "x"})
    assert response.status_code == 403 and not own_action.updates.exists()


def test_archived_and_draft_plans_are_never_chased(board, users, groups, plan, own_action,
                                                   draft, login):
    overdue = timezone.localdate() - dt.timedelta(days=3)
    Action.objects.filter(pk=own_action.pk).update(due_date=overdue)
    draft.action.owners.set([groups["own"]])
    today = timezone.localdate()
    assert [a.pk for a in digest(board, today)["overdue"]] == [own_action.pk]
    plan.status = "archived"
    plan.save()
    assert digest(board, today)["overdue"] == []
    assert list(feed_actions(board, users["manager"], "manager")) == []
    client = login(users["manager"])
    assert client.get(reverse("actions:updates_due")).context["total"] == 0
    assert client.get(reverse("actions:my_work_plan")).context["sections"] == []


def test_archiving_asks_first(login, users, draft):
    client = login(users["manager"])
    url = reverse("plans:archive", args=[draft.slug])
    assert "cannot be undone" in client.get(url).content.decode()
    client.post(url)
    draft.refresh_from_db()
    assert draft.is_archived


def just_before(executor, node):
    """Every app at its newest migration that does not need ``node``: migrating there
    undoes only ``node`` and the migrations that depend on it (not every app back to
    the plans' second migration), so the test redoes a few migrations, not the schema."""
    graph = executor.loader.graph
    undone = set(graph.backwards_plan(node))
    kept = {}
    for app, name in graph.leaf_nodes():
        chain = [n for n in graph.forwards_plan((app, name)) if n[0] == app and n not in undone]
        kept[app] = chain[-1][1] if chain else None
    return sorted(kept.items())


@pytest.mark.django_db(transaction=True)
def test_the_migration_makes_each_boards_current_approved_plan_live():
    """Boards created before plans had a live status keep their dashboard: their newest
    approved plan becomes live and its review months move to the board."""
    executor = MigrationExecutor(connection)
    before = just_before(executor, ("plans", "0003_make_current_plans_live"))
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Board, Plan = old.get_model("lscb", "Board"), old.get_model("plans", "BusinessPlan")
    north = Board.objects.create(name="North", short_name="North", slug="north")
    south = Board.objects.create(name="South", short_name="South", slug="south")
    Plan.objects.create(board=north, title="Old", slug="old", start_year=2012, end_year=2014,
                        status="approved", approved_on=dt.date(2012, 4, 1), review_months=[1])
    Plan.objects.create(board=north, title="Current", slug="current", start_year=2015,
                        end_year=2017, status="approved", approved_on=dt.date(2015, 7, 1),
                        review_months=[6, 9, 12, 3])
    Plan.objects.create(board=north, title="Next", slug="next", start_year=2018, end_year=2020)
    Plan.objects.create(board=south, title="Only a draft", slug="draft", start_year=2015,
                        end_year=2015)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    statuses = dict(BusinessPlan.objects.values_list("slug", "status").filter(board__slug="north"))
    assert statuses == {"old": "approved", "current": "live", "next": "draft"}
    assert BusinessPlan.objects.get(slug="draft").status == "draft"
    from lscb.models import Board as NewBoard

    assert NewBoard.objects.get(slug="north").review_months == [6, 9, 12, 3]


def test_the_actions_table_and_its_export_mark_a_draft(login, users, draft):
    client = login(users["manager"])
    assert "DRAFT</span>" in client.get(reverse("actions:list")).content.decode()
    export = client.get(reverse("actions:list") + "?_export=csv")
    assert "Business Plan 2018-21 (DRAFT)" in export.content.decode()


def test_nothing_is_imported_into_an_archived_plan(login, users, plan, draft):
    plan.status = "archived"
    plan.save()
    form = login(users["manager"]).get(reverse("actions:import")).context["form"]
    assert list(form.fields["plan"].queryset) == [draft]
