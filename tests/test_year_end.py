"""The year-end (keep / complete / drop, all or nothing), the dating rules of progress
updates and withdrawing an update: service rules first, then the pages."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.dating import can_withdraw, date_problems, withdraw
from actions.models import Action, Closure, ProgressUpdate
from actions.yearend import COMPLETE, DROP, KEEP, Decision, YearEndError, open_actions, year_end
from lscb.fiscal import Quarter
from plans.models import BusinessPlan
from reporting.exports.tables import updates_table
from reporting.models import QuarterSnapshot

from . import factories as f

TODAY = dt.date(2016, 2, 10)  # Q4 2015/16 of the 2015-18 plan


# --- the year-end service -------------------------------------------------------------------

@pytest.fixture
def three(theme, groups, own_action, other_action):
    """Three open actions (keep, complete, drop) and one already complete."""
    third = f.make_action(theme, "1.3")
    done = f.make_action(theme, "1.4")
    f.make_update(done, "complete", dt.date(2016, 3, 1))
    f.make_update(own_action, "amber", dt.date(2016, 3, 1), "Late")
    return own_action, other_action, third


def decide(own, other, third):
    return {own.pk: Decision(KEEP, due_date=dt.date(2018, 9, 30)),
            other.pk: Decision(COMPLETE, impact_statement="Fewer repeat referrals"),
            third.pk: Decision(DROP, reason="Overtaken by the new inspection framework")}


def test_year_end_carries_completes_and_drops_and_archives(plan, three, users):
    own, other, third = three
    result = year_end(plan, decide(*three), user=users["manager"], title="Business Plan 2018-21",
                      start_year=2018, end_year=2020, on=dt.date(2018, 3, 31))
    new = result.target
    plan.refresh_from_db()
    assert new.is_live and plan.is_archived and new.previous_plan == plan
    copy = Action.objects.get(plan=new)
    assert copy.carried_over_from == own and copy.due_date == dt.date(2018, 9, 30)
    assert copy.owners.get() == own.owners.get()
    own.refresh_from_db()
    other.refresh_from_db()
    third.refresh_from_db()
    assert own.closed_as == Closure.CARRIED
    assert own.closure_label == f"Carried forward to {copy.reference} (Business Plan 2018-21)"
    assert other.completed_on == dt.date(2018, 3, 31)
    assert other.impact_statement == "Fewer repeat referrals"
    assert other.current_rag == "complete"
    assert third.closed_as == Closure.DROPPED
    assert third.closed_reason.startswith("Overtaken")
    f.assert_latest_stored()
    # never overdue, never chased: the originals are closed and their plan archived
    assert not own.is_overdue(dt.date(2030, 1, 1)) and not third.is_overdue(dt.date(2030, 1, 1))
    assert not Action.objects.filter(pk__in=[own.pk, third.pk]).open().exists()
    assert not Action.objects.filter(plan=plan).overdue(dt.date(2030, 1, 1)).exists()
    assert list(Action.objects.for_board(plan.board).chased()) == [copy]
    from reporting.exports.tables import actions_table

    headers, rows = actions_table(plan.board)
    closed = {r[2]: r[headers.index("Closed at year-end")] for r in rows if r[0] == plan.title}
    assert closed["1.1"].startswith("Carried forward to") and closed["1.3"] == "Dropped"
    carried = [r for r in rows if r[0] == new.title]
    assert carried[0][headers.index("Carried from")] == "1.1 (Business Plan 2015-18)"
    # the history of edits says what happened, both ways
    assert own.history.first().history_change_reason.startswith("Carried forward to")
    assert copy.history.first().history_change_reason.startswith("Carried forward from 1.1")


def test_carried_original_is_not_chased_while_its_plan_is_still_live(plan, three, users):
    own, other, third = three
    draft = f.make_plan(plan.board, title="Next", start_year=2018, end_year=2020)
    year_end(plan, decide(*three), user=users["manager"], target=draft, go_live=False,
             on=dt.date(2018, 3, 31))
    plan.refresh_from_db()
    assert plan.is_live  # until the new plan goes live
    chased = Action.objects.for_board(plan.board).chased()
    assert not chased.filter(pk__in=[own.pk, third.pk]).exists()
    assert not Action.objects.filter(plan=plan).overdue(dt.date(2030, 1, 1)).exists()
    own.refresh_from_db()
    assert own.is_read_only  # no updates onto a carried original


def test_year_end_is_all_or_nothing(plan, three, users):
    own, other, third = three
    decisions = decide(*three)
    decisions[third.pk] = Decision(DROP, reason="  ")  # a drop without a reason
    with pytest.raises(YearEndError):
        year_end(plan, decisions, user=users["manager"], title="Next", start_year=2018,
                 end_year=2020)
    assert not BusinessPlan.objects.filter(title="Next").exists()
    assert not Action.objects.exclude(closed_as="").exists()
    assert Action.objects.filter(plan=plan, completed_on__isnull=False).count() == 0
    plan.refresh_from_db()
    assert plan.is_live


def test_year_end_refuses_a_stale_set_of_decisions(plan, three, users):
    decisions = decide(*three)
    f.make_action(three[0].theme, "1.9")  # added since the grid was opened
    with pytest.raises(YearEndError, match="changed"):
        year_end(plan, decisions, user=users["manager"], title="Next", start_year=2018,
                 end_year=2020)
    assert BusinessPlan.objects.count() == 1


def test_only_the_live_plan_has_a_year_end(plan, three, users):
    plan.status = BusinessPlan.Status.ARCHIVED
    plan.save()
    with pytest.raises(YearEndError):
        year_end(plan, decide(*three), user=users["manager"], title="Next", start_year=2018,
                 end_year=2020)


def test_open_actions_leave_out_complete_archived_and_closed(plan, three, theme):
    gone = f.make_action(theme, "1.8", archived=True)
    refs = [a.reference for a in open_actions(plan)]
    assert refs == ["1.1", "1.2", "1.3"] and gone.reference not in refs


# --- dating rules ---------------------------------------------------------------------------

@pytest.mark.parametrize("date, manager, reason, field", [
    (dt.date(2016, 2, 1), False, "", None),             # this quarter
    (dt.date(2015, 12, 1), False, "", None),            # last quarter: a late update
    (dt.date(2015, 9, 1), False, "", "date"),           # earlier: the manager's alone
    (dt.date(2015, 9, 1), True, "", "backdate_reason"),  # ... with a reason
    (dt.date(2015, 9, 1), True, "Found in minutes", None),
    (dt.date(2016, 2, 11), True, "x", "date"),          # the future
    (dt.date(1900, 1, 1), True, "x", "date"),           # before the plan
    (dt.date(2015, 3, 31), True, "x", "date"),
])
def test_update_dates(own_action, date, manager, reason, field):
    problems = date_problems(own_action, date, manager=manager, reason=reason, today=TODAY)
    assert (next(iter(problems)) if problems else None) == field


def test_update_dates_after_the_plan_are_refused(own_action):
    problems = date_problems(own_action, dt.date(2018, 4, 2), manager=True, reason="x",
                             today=dt.date(2018, 4, 3))
    assert "plan’s period" in problems["date"]


@pytest.mark.parametrize("date, manager, field", [
    (dt.date(2018, 2, 1), False, None),       # the plan's last quarter: still its current one
    (dt.date(2017, 11, 1), False, None),      # the quarter before: a late update
    (dt.date(2017, 8, 1), False, "date"),     # earlier: the manager's alone
    (dt.date(2017, 8, 1), True, "backdate_reason"),
])
def test_an_ended_plan_is_reported_in_its_last_quarter(own_action, date, manager, field):
    """Until the year-end moves the board on, an ended plan (2015-18 here, years later) is
    reported on in its last quarter: Q4 is written up after March."""
    problems = date_problems(own_action, date, manager=manager, today=dt.date(2026, 12, 1))
    assert (next(iter(problems)) if problems else None) == field


def test_an_ended_plans_update_form_offers_its_last_day(own_action):
    from actions.forms import ProgressUpdateForm

    assert ProgressUpdateForm(action=own_action).fields["date"].initial == dt.date(2018, 3, 31)


def test_updates_written_after_the_plan_ended_are_marked_by_its_last_quarter(own_action):
    posted = timezone.make_aware(dt.datetime(2026, 12, 1, 12))
    last = f.make_update(own_action, "green", dt.date(2018, 2, 1), created_at=posted)
    late = f.make_update(own_action, "green", dt.date(2017, 11, 1), created_at=posted)
    back = f.make_update(own_action, "green", dt.date(2017, 8, 1), created_at=posted,
                         backdate_reason="Found in minutes")
    assert (last.dating, back.dating) == ("", "Back-dated")
    assert late.dating == f"Late update for {Quarter(2017, 3)}"


def test_no_update_in_a_closed_quarter(own_action, plan, board):
    QuarterSnapshot.objects.create(board=board, plan=plan, year=2015, quarter=3, html="x",
                                   content_hash="x")
    problems = date_problems(own_action, dt.date(2015, 12, 1), manager=True, reason="x",
                             today=TODAY)
    assert "Q3 2015/16 is closed" in problems["date"]


def test_late_and_back_dated_updates_are_marked(own_action):
    posted = timezone.make_aware(dt.datetime(2016, 2, 10, 12))
    late = f.make_update(own_action, "green", dt.date(2015, 12, 1), created_at=posted)
    back = f.make_update(own_action, "green", dt.date(2015, 6, 1), created_at=posted,
                         backdate_reason="Found in minutes")
    now = f.make_update(own_action, "green", dt.date(2016, 2, 1), created_at=posted)
    assert late.dating == f"Late update for {Quarter(2015, 3)}"
    assert back.dating == "Back-dated" and now.dating == ""


# --- withdrawing ----------------------------------------------------------------------------

def test_a_withdrawn_update_no_longer_counts(own_action, users, plan):
    f.make_update(own_action, "green", dt.date(2015, 9, 1))
    slip = f.make_update(own_action, "red", dt.date(2015, 10, 1), "Typed on the wrong action")
    assert Action.objects.with_progress().get(pk=own_action.pk).rag == "red"
    withdraw(slip, users["manager"], "Wrong action")
    again = Action.objects.with_progress().get(pk=own_action.pk)
    assert again.rag == "green" and again.last_update_on == dt.date(2015, 9, 1)
    assert Action.objects.get(pk=own_action.pk).current_rag == "green"
    q3 = Action.objects.with_progress(as_at=Quarter(2015, 3).end).get(pk=own_action.pk)
    assert q3.rag == "green"
    assert ProgressUpdate.objects.filter(pk=slip.pk).exists()  # kept, struck through
    headers, rows = updates_table(plan.board)
    row = next(r for r in rows if r[6] == "Typed on the wrong action")
    assert row[headers.index("Why withdrawn")] == "Wrong action"
    assert row[headers.index("Withdrawn by")] == "manager"


def test_who_may_withdraw(own_action, users):
    update = f.make_update(own_action, "green", author=users["chair"])
    fresh = update.created_at + dt.timedelta(hours=23)
    stale = update.created_at + dt.timedelta(hours=25)
    assert can_withdraw(update, users["chair"], manager=False, now=fresh)
    assert not can_withdraw(update, users["chair"], manager=False, now=stale)
    assert not can_withdraw(update, users["other_chair"], manager=False, now=fresh)
    assert can_withdraw(update, users["manager"], manager=True, now=stale)
    withdraw(update, users["manager"], "Duplicate")
    update = ProgressUpdate.objects.get(pk=update.pk)
    assert not can_withdraw(update, users["manager"], manager=True)  # never twice


# --- the pages ------------------------------------------------------------------------------

def test_year_end_page_walks_a_plan_through(login, users, plan, three):
    own, other, third = three
    client = login(users["manager"])
    url = reverse("plans:year_end", args=[plan.slug])
    page = client.get(url)
    assert page.status_code == 200
    assert [a.reference for a, *_ in page.context["form"].bound_rows()] == ["1.1", "1.2", "1.3"]
    data = {"title": "Business Plan 2018-21", "start_year": "2018", "end_year": "2020",
            "go_live": "on", f"a{own.pk}_choice": "keep", f"a{own.pk}_due": "2018-09-30",
            f"a{other.pk}_choice": "complete", f"a{other.pk}_impact": "Fewer referrals",
            f"a{third.pk}_choice": "drop", f"a{third.pk}_reason": ""}
    refused = client.post(url, data)
    assert refused.status_code == 200 and "Say why 1.3 is dropped" in refused.content.decode()
    assert BusinessPlan.objects.count() == 1 and not Action.objects.exclude(closed_as="").exists()
    data[f"a{third.pk}_reason"] = "Overtaken"
    data[f"a{own.pk}_due"] = "2016-01-01"  # not in the new plan
    refused = client.post(url, data)
    assert "Choose a date within the new plan" in refused.content.decode()
    data[f"a{own.pk}_due"] = "2018-09-30"
    done = client.post(url, data)
    new = BusinessPlan.objects.get(title="Business Plan 2018-21")
    assert done["Location"] == new.get_absolute_url()
    copy = Action.objects.get(plan=new)
    old_page = client.get(plan.get_absolute_url()).content.decode()
    assert "Carried forward to" in old_page and copy.get_absolute_url() in old_page
    new_page = client.get(new.get_absolute_url()).content.decode()
    assert "Carried forward from" in new_page and own.get_absolute_url() in new_page
    original = client.get(own.get_absolute_url()).content.decode()
    assert "Carried forward to" in original and copy.get_absolute_url() in original
    # nobody is chased for the originals
    due = client.get(reverse("actions:updates_due")).content.decode()
    assert own.get_absolute_url() not in due and third.get_absolute_url() not in due


@pytest.mark.parametrize("role, status", [("chair", 403), ("viewer", 403), ("outsider", 404)])
def test_only_the_manager_runs_the_year_end(login, users, plan, three, role, status):
    url = reverse("plans:year_end", args=[plan.slug])
    client = login(users[role])
    assert client.get(url).status_code == status
    assert client.post(url, {"title": "X", "start_year": "2018", "end_year": "2020"}
                       ).status_code == status
    assert BusinessPlan.objects.count() == 1


def test_withdrawing_on_the_action_page(login, users, own_action):
    update = f.make_update(own_action, "red", dt.date(2015, 10, 1), "Wrong", author=users["chair"])
    chair = login(users["chair"])
    url = reverse("actions:withdraw_update", args=[own_action.pk, update.pk])
    assert chair.post(url, {"reason": "Typed on the wrong action"}).status_code == 302
    page = chair.get(own_action.get_absolute_url()).content.decode()
    assert "<del" in page and "Withdrawn</strong> by chair" in page
    assert "Typed on the wrong action" in page
    assert chair.post(url, {"reason": "again"}).status_code == 403  # never twice


def test_withdrawal_needs_a_reason_and_the_right_person(login, users, own_action):
    update = f.make_update(own_action, "red", dt.date(2015, 10, 1), "Wrong")
    url = reverse("actions:withdraw_update", args=[own_action.pk, update.pk])
    assert login(users["chair"]).post(url, {"reason": "not mine"}).status_code == 403
    manager = login(users["manager"])
    assert manager.post(url, {"reason": "  "}).status_code == 302
    assert ProgressUpdate.objects.get(pk=update.pk).withdrawn is None
    manager.post(url, {"reason": "Duplicate"})
    assert ProgressUpdate.objects.get(pk=update.pk).withdrawn.reason == "Duplicate"


def test_a_chair_cannot_back_date_on_the_page(login, users, own_action, plan_through_today):
    today = timezone.localdate()
    early = Quarter.of(today).previous().previous().start
    response = login(users["chair"]).post(
        reverse("actions:post_update", args=[own_action.pk]),
        {"rag": "green", "date": early.isoformat(), "narrative": "x"})
    assert response.status_code == 200 and not own_action.updates.exists()
    assert "Only the business manager can date an update earlier" in response.content.decode()


def test_closed_originals_are_in_no_digest_dashboard_or_chase_list(login, users, plan, three):
    from reporting.reminders.services import digest

    own, other, third = three
    draft = f.make_plan(plan.board, title="Next", start_year=2018, end_year=2020)
    year_end(plan, decide(*three), user=users["manager"], target=draft, go_live=False,
             on=dt.date(2018, 3, 31))
    late = dt.date(2018, 6, 1)  # every original was due in 2015
    found = digest(plan.board, late)
    listed = {a.pk for key in ("overdue", "due_soon", "stale") for a in found[key]}
    assert not listed & {own.pk, third.pk}
    client = login(users["manager"])
    home = client.get("/")
    assert own.pk not in {a.pk for a in home.context["overdue"]}
    assert third.pk not in {a.pk for a in home.context["due_soon"]}
    chase = client.get(reverse("actions:updates_due")).content.decode()
    assert own.get_absolute_url() not in chase and third.get_absolute_url() not in chase


def test_carried_copies_are_not_overdue_on_day_one(plan, three, users):
    result = year_end(plan, decide(*three), user=users["manager"], title="Next",
                      start_year=2018, end_year=2020, on=dt.date(2018, 3, 31))
    copy = Action.objects.get(plan=result.target)
    assert not copy.is_overdue(dt.date(2018, 4, 1))
    assert not Action.objects.for_board(plan.board).overdue(dt.date(2018, 4, 1)).exists()


def test_a_closed_quarter_stays_as_frozen_after_a_withdrawal(own_action, plan, board, users):
    from reporting.quarters.services import close_quarter, positions

    slip = f.make_update(own_action, "red", dt.date(2015, 8, 1), "Wrong action")
    snapshot = close_quarter(board, plan, Quarter(2015, 2), users["manager"], "Closed")
    withdraw(slip, users["manager"], "Wrong action")
    frozen, closed = positions(plan, Quarter(2015, 2))
    assert closed == snapshot and frozen[own_action.pk].rag == "red"
    live, _ = positions(plan, Quarter(2015, 3))
    assert live[own_action.pk].rag == "not_started"  # an open quarter ignores it
