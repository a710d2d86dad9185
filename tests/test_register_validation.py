"""Issue 16 item 5: the risk register and meetings refuse what cannot be right."""

import datetime as dt

import pytest
from django.urls import reverse

from lscb.fiscal import date_window
from plans.models import BusinessPlan, Risk
from subgroups.models import Attendance, Meeting
from tests import factories as f

RISK = {"theme": "Partnership", "reference": "R9", "description": "Partners disengage",
        "inherent_likelihood": 1, "inherent_impact": 1, "residual_likelihood": 5,
        "residual_impact": 5, "status": "open"}


def test_date_window_follows_the_live_plan():
    assert date_window((2015, 2017)) == (dt.date(2014, 4, 1), dt.date(2021, 3, 31))
    first, last = date_window(None, today=dt.date(2026, 12, 1))
    assert first == dt.date(2000, 4, 1) and last == dt.date(2030, 3, 31)


def test_residual_above_inherent_needs_confirmation_and_a_note(login, users, plan):
    client = login(users["manager"])
    url = reverse("plans:risk_new")
    response = client.post(url, RISK)
    errors = response.context["form"].errors
    assert "residual rating (25) is above the inherent rating (1)" in errors[
        "confirm_residual_above"][0]
    assert errors["residual_note"] == ["Say why the rating is higher now than before controls."]
    assert not Risk.objects.exists()
    response = client.post(url, dict(RISK, confirm_residual_above="on",
                                     residual_note="Two agencies withdrew from the MASH"))
    assert response.status_code == 302
    risk = Risk.objects.get()
    assert risk.residual_note == "Two agencies withdrew from the MASH"
    page = client.get(reverse("plans:risk", args=[risk.pk])).content.decode()
    assert "Above the inherent rating because: Two agencies withdrew" in page


def test_residual_at_or_below_inherent_needs_nothing(login, users, plan):
    data = dict(RISK, inherent_likelihood=5, inherent_impact=5)
    assert login(users["manager"]).post(reverse("plans:risk_new"), data).status_code == 302


@pytest.mark.parametrize("field", ["review_date", "by_when"])
def test_risk_dates_outside_the_plan_window_are_refused(login, users, plan, field):
    assert BusinessPlan.objects.live_period(plan.board) == (2015, 2017)
    client = login(users["manager"])
    data = dict(RISK, inherent_likelihood=5, inherent_impact=5)
    response = client.post(reverse("plans:risk_new"), dict(data, **{field: "1901-01-01"}))
    assert "between 1 April 2014 and 31 March 2021" in response.context["form"].errors[field][0]
    assert not Risk.objects.exists()
    assert client.post(reverse("plans:risk_new"),
                       dict(data, **{field: "2016-06-30"})).status_code == 302


def test_an_empty_meeting_form_is_refused(login, users, board, groups):
    client = login(users["manager"])
    form = client.get(reverse("subgroups:meeting_new")).context["form"]
    # the form as it comes, sent unchanged: no body chosen
    data = {name: form[name].value() or "" for name in form.fields}
    data["date"] = str(data["date"])
    response = client.post(reverse("subgroups:meeting_new"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["subgroup"] == [
        "Choose the board or the group that met."]
    response = client.post(reverse("subgroups:meeting_new"),
                           {"subgroup": "board", "date": "1901-01-01", "kind": "ordinary"})
    assert "Give a date between 1 April 2000" in response.context["form"].errors["date"][0]
    assert not Meeting.objects.exists()


def test_manager_corrects_and_deletes_a_meeting_kept_in_history(login, users, board, groups):
    f.make_member(board, "Pat Board", board_role="member")
    client = login(users["manager"])
    client.post(reverse("subgroups:meeting_new"),
                {"subgroup": "board", "date": "2015-11-02", "kind": "ordinary"})
    meeting = Meeting.objects.get()
    assert meeting.subgroup is None and meeting.attendances.count() == 1
    page = client.get(reverse("subgroups:meeting", args=[meeting.pk])).content.decode()
    assert "Delete the meeting" in page and "Correct the meeting" in page
    edit = reverse("subgroups:meeting_edit", args=[meeting.pk])
    assert client.get(edit).context["form"]["subgroup"].value() == "board"
    assert client.post(edit, {"subgroup": groups["own"].pk, "date": "2015-11-03",
                              "kind": "ordinary"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.subgroup == groups["own"] and meeting.date == dt.date(2015, 11, 3)
    record = meeting.attendances.get()
    assert client.post(reverse("subgroups:meeting", args=[meeting.pk]),
                       {f"status_{record.member_id}": "present"}).status_code == 302
    assert record.history.count() == 2  # created absent, corrected to present

    delete = reverse("subgroups:meeting_delete", args=[meeting.pk])
    for role in ("chair", "viewer"):
        assert login(users[role]).post(delete).status_code == 403
    assert login(users["outsider"]).post(delete).status_code == 404
    client = login(users["manager"])
    assert "recorded by mistake" in client.get(delete).content.decode()
    response = client.post(delete)
    assert response.status_code == 302 and "year=2015/16" in response["Location"]
    assert not Meeting.objects.exists() and not Attendance.objects.exists()
    kinds = list(Meeting.history.filter(id=meeting.pk).values_list("history_type", flat=True))
    assert kinds == ["-", "~", "+"]
    assert Attendance.history.filter(meeting_id=meeting.pk, history_type="-").count() == 1
