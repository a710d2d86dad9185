"""Stored papers found by the fingerprint of their data (issue 21): the board's or the
plan's data version goes up after any change to a record the quarterly report shows (and
another plan's records leave it alone), an unchanged
report is served from its stored copy without rendering, and a big report renders in
the background job queue with its progress."""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse

from actions.models import Action
from lscb.changes import _Bump, current_version
from lscb.fiscal import Quarter
from lscb.models import Board
from plans.models import Indicator, Risk
from reporting.models import PaperJob, QuarterCommentary
from reporting.papers import background

from . import factories as f

Q2 = Quarter(2015, 2)
PDF_URL = "/reports/quarterly/pdf/?year=2015/16&quarter=2"


@pytest.fixture
def world(board, plan, theme, groups):
    action = f.make_action(theme, "1.1", owners=[groups["own"]], description="Appraisal")
    f.make_update(action, "green", dt.date(2015, 8, 10), "Started")
    item = f.make_report(board, "S.11 Audit", recipient="board", frequency="annually",
                         months=[9])
    return {"action": action, "item": item}


def key(board, plan):
    return background.quarterly_key(board, plan, Q2)


def change(capture, doing):
    """Run ``doing``, then what its transaction's commit runs (the test's transaction never
    commits): the board versions noted since the test began go up."""
    doing()
    for _sids, func, _robust in connection.run_on_commit:
        if isinstance(func, _Bump):
            func()
            func.board_ids.clear()
            func.scopes.clear()


RECORD_CHANGES = {
    "board": lambda w, b, p, t, g: Board.objects.filter(pk=b.pk).get().save(),
    "board name": lambda w, b, p, t, g: (setattr(b, "short_name", "Renamed"), b.save()),
    "plan": lambda w, b, p, t, g: (setattr(p, "title", "Another title"), p.save()),
    "theme": lambda w, b, p, t, g: (setattr(t, "title", "New theme title"), t.save()),
    "action": lambda w, b, p, t, g: (setattr(w["action"], "description", "Changed"),
                                     w["action"].save()),
    "new action": lambda w, b, p, t, g: f.make_action(t, "1.2"),
    "deleted action": lambda w, b, p, t, g: w["action"].delete(),
    "action owners": lambda w, b, p, t, g: w["action"].owners.add(g["other"]),
    "owner removed": lambda w, b, p, t, g: w["action"].owners.clear(),
    "owner group renamed": lambda w, b, p, t, g: (setattr(g["own"], "name", "Renamed group"),
                                                  g["own"].save()),
    "progress update": lambda w, b, p, t, g: f.make_update(w["action"], "red",
                                                           dt.date(2015, 9, 1), "Late"),
    "reporting item": lambda w, b, p, t, g: (setattr(w["item"], "title", "S.11 Return"),
                                             w["item"].save()),
    "report's recipient": lambda w, b, p, t, g: (
        lambda r: (setattr(r, "months", [3, 9]), r.save()))(w["item"].recipients.first()),
    "board member": lambda w, b, p, t, g: f.make_member(b, "A new member"),
    "quarter commentary": lambda w, b, p, t, g: QuarterCommentary.objects.create(
        board=b, plan=p, year=2015, quarter=2, summary="What the quarter showed"),
    "risk": lambda w, b, p, t, g: Risk.objects.create(
        board=b, theme="T", reference="R1", description="d", inherent_likelihood=1,
        inherent_impact=1, residual_likelihood=1, residual_impact=1),
    "indicator": lambda w, b, p, t, g: Indicator.objects.create(board=b, name="Re-referrals"),
}


@pytest.mark.parametrize("record", sorted(RECORD_CHANGES))
def test_a_change_to_any_record_of_the_report_changes_its_fingerprint(
        record, world, board, plan, theme, groups, django_capture_on_commit_callbacks):
    change(django_capture_on_commit_callbacks, lambda: None)  # the fixtures' own changes
    before = key(board, plan)
    assert key(board, plan) == before  # unchanged data: the same fingerprint
    change(django_capture_on_commit_callbacks,
           lambda: RECORD_CHANGES[record](world, board, plan, theme, groups))
    assert key(board, plan) != before


def test_another_boards_changes_leave_the_fingerprint_alone(
        world, board, plan, other_board, django_capture_on_commit_callbacks):
    change(django_capture_on_commit_callbacks, lambda: None)  # the fixtures' own changes
    before = key(board, plan)
    other_plan = f.make_plan(other_board, slug="theirs")
    change(django_capture_on_commit_callbacks,
           lambda: f.make_action(f.make_theme(other_plan, "1"), "1.1"))
    assert key(board, plan) == before


@pytest.fixture
def next_plan(world, board, plan, groups):
    """Plan B: the next year's plan, with a copy of plan A's action carried forward."""
    following = f.make_plan(board, "Business Plan 2016-17", slug="next", start_year=2016,
                            end_year=2016)
    copy = f.make_action(f.make_theme(following, "1"), "1.4", owners=[groups["own"]],
                         carried_over_from=world["action"])
    return {"plan": following, "copy": copy, "other": f.make_action(copy.theme, "1.5")}


NEXT_PLAN_CHANGES = {
    "plan": lambda n: (setattr(n["plan"], "title", "Renamed"), n["plan"].save()),
    "theme": lambda n: (setattr(n["copy"].theme, "title", "Renamed"), n["copy"].theme.save()),
    "action": lambda n: (setattr(n["other"], "description", "Changed"), n["other"].save()),
    "new action": lambda n: f.make_action(n["copy"].theme, "1.6"),
    "action owners": lambda n: n["other"].owners.clear(),
    "progress update": lambda n: f.make_update(n["other"], "red", dt.date(2015, 9, 1), "Late"),
    "update on the carried copy": lambda n: f.make_update(n["copy"], "red", dt.date(2016, 9, 1)),
    "quarter commentary": lambda n: QuarterCommentary.objects.create(
        board=n["plan"].board, plan=n["plan"], year=2015, quarter=2, summary="Not plan A's"),
}


@pytest.mark.parametrize("record", sorted(NEXT_PLAN_CHANGES))
def test_another_plans_changes_leave_the_fingerprint_alone(
        record, next_plan, board, plan, django_capture_on_commit_callbacks):
    change(django_capture_on_commit_callbacks, lambda: None)  # the fixtures' own changes
    before, theirs = key(board, plan), key(board, next_plan["plan"])
    change(django_capture_on_commit_callbacks, lambda: NEXT_PLAN_CHANGES[record](next_plan))
    assert key(board, plan) == before
    assert key(board, next_plan["plan"]) != theirs


def test_the_carried_copy_itself_changes_the_original_plans_fingerprint(
        next_plan, board, plan, django_capture_on_commit_callbacks):
    """Plan A's papers may print "Carried forward to 1.4 (Business Plan 2016-17)"."""
    change(django_capture_on_commit_callbacks, lambda: None)
    before = key(board, plan)
    copy = next_plan["copy"]
    change(django_capture_on_commit_callbacks,
           lambda: (setattr(copy, "reference", "1.9"), copy.save()))
    assert key(board, plan) != before


@pytest.mark.parametrize("record", ["progress update", "action", "owner group renamed",
                                    "board name", "reporting item"])
def test_a_change_in_the_plan_or_the_board_changes_the_fingerprint_with_another_plan_about(
        record, next_plan, world, board, plan, theme, groups, django_capture_on_commit_callbacks):
    change(django_capture_on_commit_callbacks, lambda: None)
    before = key(board, plan)
    change(django_capture_on_commit_callbacks,
           lambda: RECORD_CHANGES[record](world, board, plan, theme, groups))
    assert key(board, plan) != before


def test_a_deleted_plan_changes_the_boards_version(world, board,
                                                   django_capture_on_commit_callbacks):
    draft = f.make_plan(board, "A draft never used", slug="draft")
    change(django_capture_on_commit_callbacks, lambda: None)
    before = current_version(board.pk)
    change(django_capture_on_commit_callbacks, draft.delete)
    assert current_version(board.pk) > before


def test_saving_a_plan_loaded_earlier_keeps_its_newer_version(
        world, plan, django_capture_on_commit_callbacks):
    from plans.models import BusinessPlan

    change(django_capture_on_commit_callbacks, lambda: None)
    stale = BusinessPlan.objects.get(pk=plan.pk)
    change(django_capture_on_commit_callbacks,
           lambda: f.make_update(world["action"], "red", dt.date(2015, 9, 1), "Late"))
    newer = BusinessPlan.objects.get(pk=plan.pk).data_version
    assert newer > stale.data_version
    stale.title = "Retitled"
    stale.save()
    assert BusinessPlan.objects.get(pk=plan.pk).data_version == newer


def test_the_fingerprint_names_the_plan_the_quarter_and_the_day(world, board, plan):
    from lscb.papers.fingerprint import fingerprint
    from reporting.papers.registry import QUARTERLY

    base = fingerprint(QUARTERLY, board.pk, 1, "plan 1", "2015 q2", today=dt.date(2026, 1, 1))
    assert base != fingerprint(QUARTERLY, board.pk, 2, "plan 1", "2015 q2",
                               today=dt.date(2026, 1, 1))
    assert base != fingerprint(QUARTERLY, board.pk, 1, "plan 2", "2015 q2",
                               today=dt.date(2026, 1, 1))
    assert base != fingerprint(QUARTERLY, board.pk, 1, "plan 1", "2015 q3",
                               today=dt.date(2026, 1, 1))
    assert base != fingerprint(QUARTERLY, board.pk, 1, "plan 1", "2015 q2",
                               today=dt.date(2026, 1, 2))


def test_a_rolled_back_change_leaves_the_version(world, board):
    from django.db import transaction

    before = current_version(board.pk)
    with pytest.raises(RuntimeError), transaction.atomic():
        f.make_member(board, "Never saved")
        raise RuntimeError
    assert current_version(board.pk) == before


def test_outside_a_transaction_the_version_goes_up_at_once(transactional_db):
    board = f.make_board("solo")
    before = current_version(board.pk)
    f.make_member(board, "Someone")
    assert current_version(board.pk) == before + 1


def test_an_unchanged_report_is_served_from_its_stored_copy_without_rendering(
        login, users, world, monkeypatch, django_capture_on_commit_callbacks):
    client = login(users["chair"])
    first = client.get(PDF_URL)
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"

    def no_rendering(*args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr(background, "render_quarterly", no_rendering)
    monkeypatch.setattr("reporting.papers.quarterly.quarterly_context", no_rendering)
    again = client.get(PDF_URL)
    assert again.status_code == 200 and again.content == first.content
    assert "attachment" in again["Content-Disposition"]
    monkeypatch.undo()
    change(django_capture_on_commit_callbacks,
           lambda: f.make_update(world["action"], "red", dt.date(2015, 9, 2), "Now late"))
    changed = client.get(PDF_URL)
    assert changed.status_code == 200 and changed.content != first.content


def test_a_big_report_renders_in_the_background_with_progress(
        login, users, world, board, plan, settings, django_capture_on_commit_callbacks):
    settings.PAPERS_BACKGROUND_ACTIONS = 0
    client = login(users["chair"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(PDF_URL)
    job = PaperJob.objects.get(paper="quarterly")
    assert response.status_code == 302 and response.url == reverse("reporting:paper_job",
                                                                   args=[job.pk])
    assert job.status == PaperJob.Status.DONE and job.progress == 100 and job.pages
    page = client.get(response.url)
    assert page.status_code == 200
    assert "Business Plan monitoring report Q2 2015/16" in page.content.decode()
    assert job.file_url() in page.content.decode()
    download = client.get(job.file_url())
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    # the stored copy is now found by its fingerprint: no second job
    again = client.get(PDF_URL)
    assert again.status_code == 200 and again.content == download.content
    assert PaperJob.objects.filter(paper="quarterly").count() == 1


def test_a_running_job_is_reused_and_polled(login, users, world, board, plan, settings):
    settings.PAPERS_BACKGROUND_ACTIONS = 0
    client = login(users["chair"])
    first = client.get(PDF_URL)  # the on-commit enqueue does not run: the job waits
    second = client.get(PDF_URL)
    assert first.url == second.url
    job = PaperJob.objects.get(paper="quarterly")
    assert job.status == PaperJob.Status.QUEUED
    poll = client.get(job.status_url(), headers={"HX-Request": "true"})
    assert poll.status_code == 200 and 'hx-trigger="every 2s"' in poll.content.decode()
    assert client.get(job.file_url()).status_code == 404


def test_another_boards_job_is_not_found(login, users, world, settings, other_board):
    job = PaperJob.objects.create(board=other_board, paper="quarterly", quarter_year=2015,
                                  quarter_number=2, content_hash="x")
    client = login(users["chair"])
    assert client.get(reverse("reporting:paper_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("reporting:paper_job_file", args=[job.pk])).status_code == 404


def test_big_plan_threshold(world, plan, settings):
    settings.PAPERS_BACKGROUND_ACTIONS = 1
    assert not background.is_big(plan)
    f.make_action(Action.objects.get().theme, "1.2")
    assert background.is_big(plan)




def test_the_meeting_the_paper_is_for_is_part_of_its_fingerprint(world, board, plan):
    from reporting.papers.meeting import meeting_for

    for_group = meeting_for(board, body="Business Group", author="Pat")
    assert background.quarterly_key(board, plan, Q2, for_group) == background.quarterly_key(
        board, plan, Q2, meeting_for(board, body="Business Group", author="Pat"))
    assert background.quarterly_key(board, plan, Q2, for_group) != background.quarterly_key(
        board, plan, Q2, meeting_for(board, body="Business Group", author="Sam"))
    again = background.meeting_again(board, background.meeting_options(for_group))
    assert repr(again) == repr(for_group)


def test_the_renderer_version_is_read_without_importing_weasyprint():
    """A stored copy is served without loading the renderer (issue 21: importing it cost
    a quarter of a second on each server process's first paper); the versions are the
    packages' own. (A fresh interpreter: the tests' own has imported WeasyPrint.)"""
    import subprocess
    import sys

    code = ("import os, sys, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'lscb.settings'; "
            "django.setup(); from lscb.papers.fingerprint import renderer_version; "
            "version = renderer_version(); loaded = 'weasyprint' in sys.modules; "
            "import weasyprint, pydyf; print(loaded, version.startswith("
            "f'weasyprint {weasyprint.__version__} pydyf {pydyf.__version__} '))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout.split()
    assert found == ["False", "True"]
