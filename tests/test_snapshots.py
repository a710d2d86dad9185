"""Closing a quarter freezes its report; any two quarters can be compared."""

import datetime as dt
import io

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from lscb.fiscal import Quarter
from reporting.models import QuarterSnapshot
from reporting.quarters.services import AlreadyClosed, close_quarter, compare

from . import factories as f

Q1, Q2 = Quarter(2015, 1), Quarter(2015, 2)


def pdf_text(content):
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def history(theme, groups):
    """Three actions: one improves in Q2, one worsens, one gets no new update."""
    improving = f.make_action(theme, "1.1", owners=[groups["own"]], description="Refresh the CSE strategy")
    worsening = f.make_action(theme, "1.2", owners=[groups["own"]], description="Audit of referrals")
    steady = f.make_action(theme, "1.3", description="Publish the annual report")
    f.make_update(improving, "amber", dt.date(2015, 6, 10), "Waiting for police data")
    f.make_update(worsening, "green", dt.date(2015, 6, 11), "Audit tool agreed")
    f.make_update(steady, "green", dt.date(2015, 6, 12), "Drafting")
    f.make_update(improving, "green", dt.date(2015, 8, 10), "Data received, strategy drafted")
    f.make_update(worsening, "red", dt.date(2015, 8, 11), "No auditors available")
    return {"improving": improving, "worsening": worsening, "steady": steady}


def quarterly_url(plan, quarter, **extra):
    query = f"?plan={plan.slug}&year={quarter.year_label}&quarter={quarter.number}"
    return reverse("reporting:quarterly") + query + "".join(f"&{k}={v}" for k, v in extra.items())


@pytest.mark.real_pdf
def test_closing_freezes_rows_report_and_pdf(board, plan, history, users, login):
    snapshot = close_quarter(board, plan, Q1, users["manager"], "Business Group 14 July")
    assert [(r.reference, r.rag, r.update_narrative) for r in snapshot.rows.all()] == [
        ("1.1", "amber", "Waiting for police data"), ("1.2", "green", "Audit tool agreed"),
        ("1.3", "green", "Drafting")]
    frozen_pdf = snapshot.pdf.read()
    assert "Refresh the CSE strategy" in pdf_text(frozen_pdf)

    # Later edits: new wording, a back-dated update inside Q1, an archived action.
    action = history["improving"]
    action.description = "Rewritten description"
    action.save()
    f.make_update(history["steady"], "red", dt.date(2015, 6, 30), "Back-dated correction")
    history["worsening"].archived = True
    history["worsening"].save()

    client = login(users["viewer"])
    page = client.get(quarterly_url(plan, Q1)).text
    assert "Q1 2015/16 is closed" in page and "Business Group 14 July" in page
    assert "Refresh the CSE strategy" in page and "Rewritten description" not in page
    assert "Back-dated correction" not in page and "Audit of referrals" in page
    pdf = client.get(reverse("reporting:quarterly_pdf") + quarterly_url(plan, Q1)[len(
        reverse("reporting:quarterly")):])
    assert pdf.content == frozen_pdf  # byte for byte
    word = client.get(reverse("reporting:quarterly_docx") + quarterly_url(plan, Q1)[len(
        reverse("reporting:quarterly")):])
    assert word.content == snapshot.docx.read()
    assert "Refresh the CSE strategy" in "\n".join(
        p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs)
    live = client.get(quarterly_url(plan, Q1, live=1)).text
    assert "Rewritten description" in live and "Back-dated correction" in live
    assert "is closed" not in live
    snapshot.refresh_from_db()
    assert snapshot.rows.get(reference="1.1").description == "Refresh the CSE strategy"


def test_a_quarter_closes_once(board, plan, history, users):
    close_quarter(board, plan, Q1, users["manager"])
    with pytest.raises(AlreadyClosed):
        close_quarter(board, plan, Q1, users["manager"])
    assert QuarterSnapshot.objects.count() == 1


def test_manager_closes_a_quarter_in_the_browser(plan, history, users, login):
    client = login(users["manager"])
    listing = client.get(reverse("reporting:quarters") + f"?plan={plan.slug}")
    close_url = reverse("reporting:quarter_close") + f"?plan={plan.slug}&q=2015-1"
    assert close_url.replace("&", "&amp;") in listing.text
    confirm = client.get(close_url)
    assert "Close Q1 2015/16 and freeze its report" in confirm.text
    response = client.post(close_url, {"note": "Tabled at the Business Group"}, follow=True)
    assert "Q1 2015/16 is closed" in response.text
    snapshot = QuarterSnapshot.objects.get(plan=plan, year=2015, quarter=1)
    assert snapshot.closed_by == users["manager"] and snapshot.note == "Tabled at the Business Group"
    assert reverse("reporting:quarter_pdf", args=[snapshot.pk]) in response.text
    again = client.post(close_url, {"note": "again"}, follow=True)
    assert "already closed" in again.text and QuarterSnapshot.objects.count() == 1


def test_a_quarter_that_has_not_started_cannot_be_closed(board, users, login):
    later = f.make_plan(board, "Business Plan 2030-32", slug="later", start_year=2030,
                        end_year=2031)
    url = reverse("reporting:quarter_close") + f"?plan={later.slug}&q=2031-4"
    response = login(users["manager"]).post(url, follow=True)
    assert "Q4 2031/32 has not started yet" in response.text
    assert not QuarterSnapshot.objects.exists()


def test_only_the_manager_closes(plan, history, users, login):
    url = reverse("reporting:quarter_close") + f"?plan={plan.slug}&q=2015-1"
    for role in ["viewer", "chair"]:
        assert login(users[role]).post(url).status_code == 403
    assert not QuarterSnapshot.objects.exists()
    listing = login(users["chair"]).get(reverse("reporting:quarters") + f"?plan={plan.slug}")
    assert "quarter_close" not in listing.text and url.replace("&", "&amp;") not in listing.text


def test_compare_open_and_closed_quarters(board, plan, history, users, theme):
    close_quarter(board, plan, Q1, users["manager"])
    added = f.make_action(theme, "1.4", description="A new action in Q2")
    f.make_update(added, "green", dt.date(2015, 9, 1), "Started")
    result = compare(plan, Q1, Q2)
    moves = {c.current.reference: c.movement for c in result["changes"]}
    assert moves == {"1.1": "improved", "1.2": "worsened", "1.3": None, "1.4": "added"}
    assert result["first_snapshot"] is not None and result["second_snapshot"] is None
    assert result["counts"] == {"improved": 1, "worsened": 1, "added": 1}


def test_compare_page(plan, history, users, login, theme):
    client = login(users["viewer"])
    url = reverse("reporting:quarter_compare")
    page = client.get(url, {"plan": plan.slug, "a": "2015-2", "b": "2015-1"})  # any order
    text = page.text
    assert "Q1 2015/16" in text and "Q2 2015/16" in text
    assert "No auditors available" in text and "<strong>Worse</strong>" in text
    assert "Publish the annual report" not in text  # unchanged: hidden by default
    assert "Publish the annual report" in client.get(
        url, {"plan": plan.slug, "a": "2015-1", "b": "2015-2", "all": "1"}).text
    bad = client.get(url, {"plan": plan.slug, "a": "2015-1", "b": "2015-1"})
    assert bad.status_code == 400 and "Choose two different quarters" in bad.text
    outside = client.get(url, {"plan": plan.slug, "a": "1999-1", "b": "2015-2"})
    assert outside.status_code == 302  # to the nearest quarter of the plan
    assert outside["Location"].endswith("a=2015-1&b=2015-2")
    default = client.get(url, {"plan": plan.slug})
    assert default.status_code == 200


def test_compare_query_count_is_constant(board, plan, history, users, login, theme):
    close_quarter(board, plan, Q1, users["manager"])
    client = login(users["viewer"])
    url = reverse("reporting:quarter_compare") + f"?plan={plan.slug}&a=2015-1&b=2015-2&all=1"
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for n in range(5, 15):
        f.make_update(f.make_action(theme, f"1.{n}"), "amber", dt.date(2015, 8, 1), "x")
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)


def test_other_boards_snapshot_is_not_found(board, plan, history, users, login):
    snapshot = close_quarter(board, plan, Q1, users["manager"])
    response = login(users["outsider"]).get(reverse("reporting:quarter_pdf", args=[snapshot.pk]))
    assert response.status_code == 404
    ok = login(users["viewer"]).get(reverse("reporting:quarter_pdf", args=[snapshot.pk]))
    assert ok.content == snapshot.pdf.read()


@pytest.mark.real_pdf
def test_render_report_serves_a_closed_quarter_as_frozen(board, plan, history, users, tmp_path):
    from django.core.management import call_command

    snapshot = close_quarter(board, plan, Q1, users["manager"])
    history["improving"].description = "Rewritten later"
    history["improving"].save()
    out = tmp_path / "q1.pdf"
    args = ["render_report", "quarterly", "--board", board.slug, "--year", "2015/16",
            "--quarter", "1", "--plan", plan.slug, "--output", str(out)]
    call_command(*args)
    assert out.read_bytes() == snapshot.pdf.read()
    call_command(*args, "--live")
    assert "Rewritten later" in pdf_text(out.read_bytes())


def test_a_missing_frozen_file_is_explained_not_a_500(board, plan, history, users, login, tmp_path):
    from django.core.management import CommandError, call_command

    snapshot = close_quarter(board, plan, Q1, users["manager"])
    snapshot.pdf.storage.delete(snapshot.pdf.name)  # e.g. media not restored from the backup
    client = login(users["viewer"])
    response = client.get(reverse("reporting:quarter_pdf", args=[snapshot.pk]), follow=True)
    assert response.status_code == 200
    assert "The frozen PDF of Q1 2015/16 is missing from the file store" in response.text
    pdf = client.get(reverse("reporting:quarterly_pdf") + quarterly_url(plan, Q1)[len(
        reverse("reporting:quarterly")):], follow=True)
    assert "missing from the file store" in pdf.text
    with pytest.raises(CommandError, match="missing from the file store"):
        call_command("render_report", "quarterly", "--board", board.slug, "--year", "2015/16",
                     "--quarter", "1", "--plan", plan.slug, "--output", str(tmp_path / "q.pdf"))
