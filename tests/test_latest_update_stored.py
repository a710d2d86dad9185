"""Each action's stored latest update (``Action.latest_rag``/``latest_on``, issue 21 item 5)
always equals the one ``ProgressUpdate.objects.latest_first`` looks up, however updates
come and go."""

import datetime as dt
import io
import json
import threading
import zipfile

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from actions import latest
from actions.dating import withdraw
from actions.forms import ProgressUpdateForm
from actions.importing.apply import CREATE_GROUP, apply_import
from actions.importing.preview import build_preview
from actions.latest import refresh
from actions.models import Action, ProgressUpdate
from actions.services import post_progress
from actions.yearend import COMPLETE, DROP, KEEP, Decision, year_end
from lscb.models import Board
from lscb.rag import RAG
from reporting.exports.archive import export_board
from reporting.exports.restore import import_board

from . import factories as f
from .test_import import sheet, xlsx  # noqa: F401 (a fixture)


def latest_of(action):
    return Action.objects.values_list("latest_rag", "latest_on").get(pk=action.pk)


def test_a_new_action_has_not_started(own_action):
    assert latest_of(own_action) == (RAG.NOT_STARTED, None)
    f.assert_latest_stored()


def test_posting_through_the_page_stores_it(login, users, own_action, plan_through_today):
    today = timezone.localdate()
    response = login(users["chair"]).post(
        reverse("actions:post_update", args=[own_action.pk]),
        {"rag": "amber", "date": today.isoformat(), "narrative": "Slipping"})
    assert response.status_code in (200, 302)
    assert latest_of(own_action) == (RAG.AMBER, today)
    f.assert_latest_stored()


def test_a_later_update_replaces_and_a_back_dated_one_does_not(own_action):
    f.make_update(own_action, "green", dt.date(2015, 9, 1))
    assert latest_of(own_action) == (RAG.GREEN, dt.date(2015, 9, 1))
    f.make_update(own_action, "red", dt.date(2015, 12, 1), "Stuck")
    assert latest_of(own_action) == (RAG.RED, dt.date(2015, 12, 1))
    f.make_update(own_action, "complete", dt.date(2015, 10, 1), "Back-dated")
    assert latest_of(own_action) == (RAG.RED, dt.date(2015, 12, 1))
    f.assert_latest_stored()


def test_two_updates_the_same_day_the_one_written_last_counts(own_action):
    f.make_update(own_action, "amber", dt.date(2015, 9, 1), "Written second",
                  created_at=timezone.now())
    f.make_update(own_action, "red", dt.date(2015, 9, 1), "Written first",
                  created_at=timezone.now() - dt.timedelta(hours=1))
    assert latest_of(own_action) == (RAG.AMBER, dt.date(2015, 9, 1))
    f.assert_latest_stored()


def test_withdrawing_the_latest_falls_back_then_to_not_started(own_action, users):
    first = f.make_update(own_action, "green", dt.date(2015, 6, 1))
    second = f.make_update(own_action, "red", dt.date(2015, 9, 1))
    withdraw(second, users["manager"], "Posted on the wrong action")
    assert latest_of(own_action) == (RAG.GREEN, dt.date(2015, 6, 1))
    withdrawal = withdraw(first, users["manager"], "Also wrong")
    assert latest_of(own_action) == (RAG.NOT_STARTED, None)
    withdrawal.delete()  # a withdrawal taken back (the admin): the update stands again
    assert latest_of(own_action) == (RAG.GREEN, dt.date(2015, 6, 1))
    f.assert_latest_stored()


def test_pages_read_the_stored_copy(own_action, other_action):
    f.make_update(own_action, "red", dt.date(2015, 9, 1))
    listed = Action.objects.with_progress()
    assert {a.pk: a.rag for a in listed} == {own_action.pk: "red", other_action.pk: "not_started"}
    assert list(listed.filter(rag="red").values_list("pk", flat=True)) == [own_action.pk]
    assert list(listed.order_by("rag", "pk").values_list("pk", flat=True)) == [
        other_action.pk, own_action.pk]
    assert list(Action.objects.overdue(dt.date(2016, 1, 1)).order_by("pk").values_list(
        "pk", flat=True)) == [own_action.pk, other_action.pk]
    f.make_update(own_action, "complete", dt.date(2015, 10, 1))
    assert list(Action.objects.overdue(dt.date(2016, 1, 1)).values_list("pk", flat=True)) == [
        other_action.pk]


def test_saving_an_action_loaded_earlier_keeps_a_newer_update(own_action):
    stale = Action.objects.get(pk=own_action.pk)
    f.make_update(own_action, "red", dt.date(2015, 9, 1))
    stale.description = "Edited while an update was posted"
    stale.save()
    assert latest_of(own_action) == (RAG.RED, dt.date(2015, 9, 1))


def test_a_refresh_writes_no_history(own_action):
    rows = own_action.history.count()
    f.make_update(own_action, "red", dt.date(2015, 9, 1))
    assert own_action.history.count() == rows


def test_year_end_completes_carries_and_drops(plan, theme, own_action, other_action, users):
    third = f.make_action(theme, "1.3")
    f.make_update(own_action, "amber", dt.date(2016, 3, 1), "Late")
    decisions = {own_action.pk: Decision(KEEP, due_date=dt.date(2018, 9, 30)),
                 other_action.pk: Decision(COMPLETE, impact_statement="Fewer repeat referrals"),
                 third.pk: Decision(DROP, reason="Overtaken")}
    result = year_end(plan, decisions, user=users["manager"], title="Business Plan 2018-21",
                      start_year=2018, end_year=2020, on=dt.date(2018, 3, 31))
    assert latest_of(other_action) == (RAG.COMPLETE, dt.date(2018, 3, 31))
    assert latest_of(own_action) == (RAG.AMBER, dt.date(2016, 3, 1))
    assert result.target.actions.exists()
    f.assert_latest_stored()


def test_an_import_stores_the_first_updates(board, sheet):  # noqa: F811
    preview = build_preview(xlsx(sheet), "plan.xlsx", board)
    plan, *_ = apply_import(preview, board, None, title="Business Plan 2015-18",
                            owner_choices={name: CREATE_GROUP for name in preview.unknown_owners})
    actions = Action.objects.filter(plan=plan)
    assert dict(actions.values_list("reference", "latest_rag")) == {
        "1.1": RAG.GREEN, "1.2": RAG.NOT_STARTED, "2.1": RAG.AMBER}
    f.assert_latest_stored(actions)


def test_bulk_created_updates_need_a_refresh(own_action):
    ProgressUpdate.objects.bulk_create([ProgressUpdate(
        action=own_action, date=dt.date(2015, 9, 1), year=2015, quarter=2, rag="red")])
    assert latest_of(own_action) == (RAG.NOT_STARTED, None)  # why bulk loads call refresh
    refresh([own_action.pk])
    assert latest_of(own_action) == (RAG.RED, dt.date(2015, 9, 1))


@pytest.mark.django_db(transaction=True)
def test_a_restore_stores_the_latest_update_whatever_the_archive_says(board, own_action, users):
    f.make_update(own_action, "green", dt.date(2015, 6, 1))
    withdraw(f.make_update(own_action, "red", dt.date(2015, 9, 1)), users["manager"], "Wrong")
    archive = zipfile.ZipFile(io.BytesIO(export_board(board)))
    payload = json.loads(archive.read("board.json"))
    for record in payload["records"]["actions"]:  # an edited archive: copies not to be trusted
        record["fields"].update(latest_rag="complete", latest_on="2001-01-01")
    edited = io.BytesIO()
    with zipfile.ZipFile(edited, "w") as out:
        for name in archive.namelist():
            if name != "manifest.json":
                out.writestr(name, json.dumps(payload) if name == "board.json"
                             else archive.read(name))
    call_command("flush", "--no-input", verbosity=0)
    import_board(edited.getvalue(), accept_unsigned=True)
    restored = Board.objects.get(slug=board.slug)
    assert latest_of(Action.objects.get(board=restored, reference="1.1")) == (
        RAG.GREEN, dt.date(2015, 6, 1))
    f.assert_latest_stored(Action.objects.filter(board=restored))


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks of PostgreSQL")
def test_concurrent_posts_never_leave_a_stale_copy(own_action, users, plan_through_today,
                                                   monkeypatch):
    """Two requests post to one action at once, both inserting their update before either
    refreshes: whichever commits last, the stored copy is the latest of both (the refresh
    locks the action, then reads what has committed), and neither deadlocks."""
    today = timezone.localdate()
    barrier, errors = threading.Barrier(2), []
    unlocked_refresh = latest.refresh

    def refresh_together(ids):
        barrier.wait(timeout=10)  # both updates inserted, neither committed
        unlocked_refresh(ids)

    monkeypatch.setattr(latest, "refresh", refresh_together)

    def post(rag):
        try:
            action = Action.objects.select_related("plan").get(pk=own_action.pk)
            form = ProgressUpdateForm({"rag": rag, "date": today.isoformat(), "narrative": rag},
                                      action=action, manager=True)
            assert form.is_valid(), form.errors
            with transaction.atomic():
                post_progress(action, form, users["chair"])
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    for _ in range(4):
        threads = [threading.Thread(target=post, args=(rag,)) for rag in ["red", "amber"]]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors
        f.assert_latest_stored()
    assert ProgressUpdate.objects.filter(action=own_action).count() == 8


def test_the_demo_board_is_consistent(db):
    call_command("load_demo", verbosity=0)
    actions = Action.objects.filter(board__slug="cumbria")
    assert actions.exclude(latest_rag=RAG.NOT_STARTED).exists()
    f.assert_latest_stored(actions)


def test_the_rag_at_a_day_reads_the_stored_latest_only_when_nothing_is_later(own_action, users):
    """``rag_at`` takes the stored latest when no standing update is dated after the day,
    and looks the update up otherwise: the same answer as the lookup, on every day."""
    from django.db.models import Subquery, Value
    from django.db.models.functions import Coalesce

    from actions.models import rag_at

    f.make_update(own_action, "amber", dt.date(2015, 6, 1))
    f.make_update(own_action, "green", dt.date(2015, 9, 1))
    withdraw(f.make_update(own_action, "red", dt.date(2015, 12, 1)), users["manager"], "Slip")
    days = [dt.date(2015, 5, 31), dt.date(2015, 6, 1), dt.date(2015, 8, 31), dt.date(2015, 9, 1),
            dt.date(2015, 12, 31), dt.date(2016, 3, 31)]
    for day in days:
        looked_up = Coalesce(Subquery(ProgressUpdate.objects.latest_first(day).values("rag")[:1]),
                             Value(RAG.NOT_STARTED))
        row = Action.objects.annotate(stored_or_looked=rag_at(day), looked=looked_up).values(
            "stored_or_looked", "looked").get(pk=own_action.pk)
        assert row["stored_or_looked"] == row["looked"], day
    assert [Action.objects.annotate(r=rag_at(day)).values_list("r", flat=True)
            .get(pk=own_action.pk) for day in days] == [
        "not_started", "amber", "amber", "green", "green", "green"]
