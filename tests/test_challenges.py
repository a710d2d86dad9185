

from django.urls import reverse

from lscb.models import Challenge

from . import factories as f


def test_challenge_log(login, users, board):
    police = f.make_agency(board, "Cumbria Constabulary")
    client = login(users["manager"])
    response = client.post(reverse("reporting:challenge_new"), {
        "raised_on": "2015-09-01", "raised_by": "Independent Chair", "agency": police.pk,
        "issue": "Attendance at CSE subgroup below 50%", "response_due": "2015-10-01",
        "status": "open"})
    assert response.status_code == 302
    challenge = Challenge.objects.get()
    assert challenge.is_overdue  # response due date has passed and it is still open
    page = login(users["viewer"]).get(reverse("reporting:challenges")).content.decode()
    assert "Attendance at CSE subgroup below 50%" in page and "Overdue" in page
    client = login(users["manager"])
    bad = client.post(reverse("reporting:challenge_edit", args=[challenge.pk]), {
        "raised_on": "2015-09-01", "raised_by": "Chair", "agency": police.pk, "issue": "x",
        "response_due": "2015-08-01", "status": "resolved"})
    body = bad.content.decode()
    assert "cannot be due before" in body and "Say what the outcome was" in body
    client.post(reverse("reporting:challenge_edit", args=[challenge.pk]), {
        "raised_on": "2015-09-01", "raised_by": "Chair", "agency": police.pk, "issue": "x",
        "response_due": "2015-10-01", "status": "resolved", "response": "Deputy named",
        "outcome": "Attendance 90% since"})
    challenge.refresh_from_db()
    assert challenge.status == "resolved" and not challenge.is_overdue
    other = f.make_agency(users["outsider"].board_roles.get().board, "Other police")
    forged = client.post(reverse("reporting:challenge_new"), {
        "raised_on": "2015-09-01", "raised_by": "Chair", "agency": other.pk, "issue": "x",
        "status": "open"})
    assert "Select a valid choice" in forged.content.decode()
    assert Challenge.objects.count() == 1
    assert login(users["chair"]).get(reverse("reporting:challenge_new")).status_code == 403

