import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from reporting.models import CalendarFeed

from . import factories as f


@pytest.fixture
def chase(board, theme, groups, users):
    users["chair"].email = "chair@example.org"
    users["chair"].save()
    users["manager"].email = "manager@example.org"
    users["manager"].save()
    today = dt.date(2015, 11, 20)  # past the middle of Q3 2015/16
    return {
        "today": today,
        "overdue": f.make_action(theme, "1.1", owners=[groups["own"]], due=dt.date(2015, 10, 1)),
        "soon": f.make_action(theme, "1.2", owners=[groups["own"]], due=dt.date(2015, 11, 30)),
        "updated": f.make_action(theme, "1.3", owners=[groups["own"]], due=dt.date(2016, 6, 1)),
        "others": f.make_action(theme, "1.4", owners=[groups["other"]], due=dt.date(2015, 9, 1)),
        "report": f.make_report(
            board=board, title="Learning report", recipient="board", frequency="annually",
            months=[11], responsible_group=groups["own"]),
    }


def test_chair_and_manager_digests(chase, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    f.make_update(chase["updated"], "green", dt.date(2015, 11, 1))
    call_command("send_reminders", "--date", "2015-11-20")
    by_to = {m.to[0]: m for m in mail.outbox}
    assert set(by_to) == {"chair@example.org", "manager@example.org"}
    chair = by_to["chair@example.org"].body
    assert "OVERDUE ACTIONS (1)" in chair and "1.1 " in chair
    assert "DUE IN THE NEXT 14 DAYS (1)" in chair and "1.2 " in chair
    assert "NO PROGRESS UPDATE IN Q3 2015/16 YET (2)" in chair
    assert "1.3 " not in chair  # it has an update this quarter and is not due soon
    assert "1.4 " not in chair  # another group's action
    assert "Learning report" in chair
    manager = by_to["manager@example.org"].body
    assert "OVERDUE ACTIONS (2)" in manager and "1.4 " in manager


def test_the_chair_is_told_their_groups_by_name(chase, settings, board, users):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_reminders", "--date", "2015-11-20")
    chair = next(m for m in mail.outbox if m.to == ["chair@example.org"]).body
    assert "This is what the Learning and Improvement group of North LSCB needs to look at" in chair
    assert "Subgroup" not in chair and "[" not in chair
    second = f.make_subgroup(board, "Quality Assurance", slug="qa")
    second.leads.add(users["chair"])
    f.make_action(chase["overdue"].theme, "1.5", owners=[second], due=dt.date(2015, 10, 1))
    call_command("send_reminders", "--date", "2015-11-21")
    chair = [m for m in mail.outbox if m.to == ["chair@example.org"]][-1].body
    assert ("This is what the Learning and Improvement and Quality Assurance groups of "
            "North LSCB need to look at") in chair


def test_no_duplicates_when_run_twice_a_day(chase, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_reminders", "--date", "2015-11-20")
    first = len(mail.outbox)
    call_command("send_reminders", "--date", "2015-11-20")
    assert first == 2 and len(mail.outbox) == first
    call_command("send_reminders", "--date", "2015-11-21")
    assert len(mail.outbox) == first + 2


def test_stale_actions_only_once_the_quarter_is_half_gone(chase, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_reminders", "--date", "2015-11-10")
    chair = next(m for m in mail.outbox if m.to == ["chair@example.org"]).body
    assert "NO PROGRESS UPDATE" not in chair


def test_calendar_link_create_use_and_revoke(client, login, users, chase):
    client = login(users["chair"])
    assert client.get(reverse("reporting:calendar")).status_code == 200
    client.post(reverse("reporting:calendar_reset"))
    feed = CalendarFeed.objects.get(user=users["chair"])
    url = f"/reports/calendar/{feed.token}.ics"
    client.logout()
    response = client.get(url)  # calendar apps do not sign in: the token is the key
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    summaries = [str(e.get("summary")) for e in cal.walk("VEVENT")]
    assert any(s.startswith("Action 1.1 due") for s in summaries)
    assert not any(s.startswith("Action 1.4 due") for s in summaries)  # not the chair's group
    assert any(s.startswith("Report due: Learning report") for s in summaries)
    client = login(users["chair"])
    client.post(reverse("reporting:calendar_reset"))
    assert client.get(url).status_code == 404  # the old link is revoked
    new = CalendarFeed.objects.get(user=users["chair"])
    client.post(reverse("reporting:calendar_revoke"))
    assert client.get(f"/reports/calendar/{new.token}.ics").status_code == 404


def test_impact_reviews_are_asked_for(chase, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    done = chase["updated"]
    done.completed_on = dt.date(2015, 7, 1)
    done.impact_statement = "Referrals are made the same day"
    done.impact_review_on = dt.date(2015, 11, 1)
    done.save()
    call_command("send_reminders", "--date", "2015-11-20")
    chair = next(m for m in mail.outbox if m.to == ["chair@example.org"]).body
    assert "IMPACT REVIEWS DUE (1)" in chair and "1.3 " in chair
