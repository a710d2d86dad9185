"""Sessions: a failed session save says what was sent may have been saved (L2, not a
bare 400); a page polling a PDF job stops after a few minutes and never renews the
30-minute idle session (L6)."""

import datetime as dt

import psycopg2
import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reporting.annual.services import start_report
from reporting.models import PaperJob

MAY_HAVE = "may have been saved"
MAX_POLLS = 90  # reporting.annual.views.MAX_POLLS: 3 minutes at one poll every 2 seconds

TODAY = timezone.localdate().isoformat()

# updates are dated today: the plan must run to today (actions/dating.py)
pytestmark = pytest.mark.usefixtures("plan_through_today")


def lost_connection(*args, **kwargs):
    try:
        raise psycopg2.OperationalError("server closed the connection unexpectedly")
    except psycopg2.OperationalError as cause:
        raise OperationalError(str(cause)) from cause


@pytest.fixture
def chair(users):
    """A chair whose session is due for renewal (saved at most once a minute), so the next
    request saves it."""
    client = Client(raise_request_exception=False)
    client.force_login(users["chair"])
    Session.objects.filter(session_key=client.cookies["sessionid"].value).update(
        expire_date=timezone.now() + dt.timedelta(minutes=25))
    return client


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_an_update_stored_before_the_session_save_failed_says_it_may_be_saved(
        chair, own_action, monkeypatch, htmx):
    monkeypatch.setattr(Session, "save", lost_connection)
    headers = {"HX-Request": "true"} if htmx else {}
    response = chair.post(reverse("actions:post_update", args=[own_action.pk]),
                          {"rag": "amber", "date": TODAY, "narrative": "Stored"},
                          headers=headers)
    body = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert MAY_HAVE in body and "Bad Request" not in body
    assert ("<html" in body) is not htmx
    assert "Content-Security-Policy" in response and response["X-Content-Type-Options"] == "nosniff"
    assert own_action.updates.filter(narrative="Stored").count() == 1


def test_a_read_when_the_session_save_fails_is_the_plain_503(chair, monkeypatch):
    monkeypatch.setattr(Session, "save", lost_connection)
    response = chair.get("/")
    assert response.status_code == 503
    assert "The database is not available" in response.content.decode()


@pytest.fixture
def job(board, users):
    report = start_report(board, 2015)
    return PaperJob.objects.create(board=board, annual_report=report,
                                   status=PaperJob.Status.RUNNING, progress=40)


def test_polling_never_renews_the_idle_session(login, users, job):
    client = login(users["viewer"])
    url = reverse("reporting:annual_job", args=[job.pk])
    key = client.cookies["sessionid"].value
    soon = timezone.now() + dt.timedelta(minutes=10)  # ten minutes of the idle limit left
    Session.objects.filter(session_key=key).update(expire_date=soon)
    before = Session.objects.get(session_key=key).expire_date
    poll = client.get(url, {"poll": "3"}, headers={"HX-Request": "true"})
    assert poll.status_code == 200 and "sessionid" not in poll.cookies
    assert Session.objects.get(session_key=key).expire_date == before
    page = client.get(url)  # opening the page is the user's own activity: it renews
    assert page.cookies["sessionid"].value == key
    assert Session.objects.get(session_key=key).expire_date > before


@pytest.mark.parametrize("poll, next_poll", [(None, 1), ("5", 6), (str(MAX_POLLS), None),
                                             ("-4", 1), ("junk", None), ("9" * 30, None)])
def test_polling_stops_after_a_few_minutes(login, users, job, poll, next_poll):
    client = login(users["viewer"])
    url = reverse("reporting:annual_job", args=[job.pk])
    response = client.get(url, {} if poll is None else {"poll": poll},
                          headers={"HX-Request": "true"})
    body = response.content.decode()
    if next_poll is None:
        assert "hx-get" not in body and "stopped updating itself" in body
    else:
        assert f'hx-get="{url}?poll={next_poll}"' in body


def test_a_finished_job_is_not_polled(login, users, job):
    PaperJob.objects.filter(pk=job.pk).update(status=PaperJob.Status.DONE, progress=100)
    body = login(users["viewer"]).get(reverse("reporting:annual_job", args=[job.pk])).content.decode()
    assert "hx-get" not in body


def test_an_unchanged_session_is_renewed_at_most_once_a_minute(login, users):
    """Each page used to save the session (an UPDATE and a commit per page view); the idle
    limit now runs from the last renewal, never longer than 30 minutes."""
    client = login(users["viewer"])
    key = client.cookies["sessionid"].value
    client.get("/")
    renewed = Session.objects.get(session_key=key).expire_date
    again = client.get("/")
    assert again.status_code == 200 and "sessionid" not in again.cookies
    assert "Cookie" in again["Vary"]
    assert Session.objects.get(session_key=key).expire_date == renewed
    minute_old = timezone.now() + dt.timedelta(minutes=29) - dt.timedelta(seconds=1)
    Session.objects.filter(session_key=key).update(expire_date=minute_old)
    later = client.get("/")
    assert later.cookies["sessionid"].value == key
    assert Session.objects.get(session_key=key).expire_date > minute_old + dt.timedelta(seconds=1)
