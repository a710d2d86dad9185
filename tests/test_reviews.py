"""Case reviews at /reviews/: the clocks (working days, bank holidays, months), the
pseudonym warning, recommendations as a source actions answer, and overdue clocks on the
dashboard, in the chase list and in the reminders."""

import datetime as dt

from django.core import mail
from django.urls import reverse

from lscb.models import Board
from plans.models import CaseReview, Source
from plans.reviews import looks_like_full_name, overdue_reviews
from reporting.reminders.services import send_reminders

from . import factories as f


def test_clocks_count_working_days_and_months(board):
    review = CaseReview.objects.create(board=board, pseudonym="Child J",
                                       notified_on=dt.date(2026, 12, 11))
    assert review.rapid_review_due == dt.date(2027, 1, 6)  # over Christmas and New Year
    assert review.publication_due is None
    (clock,) = review.clocks(today=dt.date(2027, 1, 5))
    assert not clock.overdue and clock.working_days_left == 1
    assert review.overdue_clocks(today=dt.date(2027, 1, 7))[0].name == "Rapid review"
    board.rapid_review_days = 20
    board.save()
    review = CaseReview.objects.get(pk=review.pk)
    assert review.rapid_review_due == dt.date(2027, 1, 13)
    review.rapid_review_on = dt.date(2027, 1, 14)
    review.decision, review.decided_on = CaseReview.Decision.LOCAL, dt.date(2027, 8, 31)
    review.save()
    rapid, publication = review.clocks(today=dt.date(2028, 3, 1))
    assert rapid.late and not rapid.overdue
    assert publication.due == dt.date(2028, 2, 29) and publication.overdue
    review.status = CaseReview.Status.CLOSED
    review.save()
    assert overdue_reviews(board, dt.date(2028, 3, 1)) == []


def test_what_looks_like_a_full_name():
    assert looks_like_full_name("Jane Smith was seen at school")
    assert looks_like_full_name("the mother, Mary Ann Jones")
    assert not looks_like_full_name("Child J")
    assert not looks_like_full_name("Baby Ellis") and not looks_like_full_name("Family C")
    assert not looks_like_full_name("")


def test_manager_records_a_case_and_its_recommendations_source(login, users, board):
    client = login(users["manager"])
    form = client.get(reverse("reviews:new")).content.decode()
    assert "A pseudonym only" in form and "Never write a child" in form
    bad = client.post(reverse("reviews:new"), {
        "pseudonym": "Child K", "notified_on": "2015-09-01", "rapid_review_on": "2015-08-01",
        "decision": "local", "status": "open"})
    body = bad.content.decode()
    assert "cannot come before the notification" in body and "Give the date" in body
    assert not CaseReview.objects.exists()
    done = client.post(reverse("reviews:new"), {
        "pseudonym": "Child K", "notified_on": "2015-09-01", "decision": "pending",
        "findings": "Jane Smith was not seen", "status": "open"}, follow=True)
    page = done.content.decode()
    assert "looks like a" in page and "full name" in page  # warned, not refused
    review = CaseReview.objects.get()
    assert review.source.kind == Source.Kind.SCR and review.source.title == "SCR Child K"
    assert "Rapid review: due 22 Sep 2015" in page and "Overdue" in page
    listing = login(users["viewer"]).get(reverse("reviews:list")).content.decode()
    assert "Child K" in listing and "Serious Case Reviews" in listing


def test_a_partnerships_reviews_are_practice_reviews(login, users, board):
    board.kind = Board.Kind.SCP
    board.save()
    client = login(users["manager"])
    client.post(reverse("reviews:new"), {"pseudonym": "Child L", "notified_on": "2015-09-01",
                                         "decision": "pending", "status": "open"})
    assert CaseReview.objects.get().source.kind == Source.Kind.CSPR
    assert "Child Safeguarding Practice Reviews" in client.get(reverse("reviews:list")).content.decode()


def test_overdue_clocks_on_dashboard_chase_list_and_reminders(login, users, board, plan):
    CaseReview.objects.create(board=board, pseudonym="Child M", notified_on=dt.date(2015, 9, 1))
    CaseReview.objects.create(board=board, pseudonym="Child N", notified_on=dt.date(2015, 9, 1),
                              rapid_review_on=dt.date(2015, 9, 10))
    client = login(users["manager"])
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Case review clocks overdue (1)" in dashboard and "Child M" in dashboard
    assert "Child N" not in dashboard
    chase = client.get(reverse("actions:updates_due")).content.decode()
    assert "Child M" in chase
    users["manager"].email = "m@example.org"
    users["manager"].save()
    mail.outbox.clear()
    send_reminders(board, dt.date(2015, 10, 1))
    body = [m for m in mail.outbox if m.to == ["m@example.org"]][0].body
    assert "CASE REVIEW CLOCKS OVERDUE (1)" in body and "Child M: rapid review" in body


def test_recommendations_show_the_actions_that_answer_them(login, users, board, theme):
    client = login(users["manager"])
    client.post(reverse("reviews:new"), {"pseudonym": "Child P", "notified_on": "2015-09-01",
                                         "decision": "pending", "status": "open"})
    review = CaseReview.objects.get()
    rec = review.source.recommendations.create(number="1", text="Share the learning")
    action = f.make_action(theme, "1.5")
    action.recommendations.add(rec)
    page = login(users["viewer"]).get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert "Share the learning" in page and "1.5" in page
