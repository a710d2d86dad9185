"""The same form sent two or three times is stored once and answered the same way (L2):
every create form carries a one-off key (lscb.once)."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, ProgressUpdate
from lscb.models import Agency
from plans.models import BusinessPlan
from reporting.annual.services import start_report
from reporting.models import BudgetLine, Section11Round
from subgroups.models import Meeting

from .. import factories as f

TODAY = timezone.localdate().isoformat()

# updates are dated today: the plan must run to today (actions/dating.py)
pytestmark = pytest.mark.usefixtures("plan_through_today")


def key_from(response):
    match = re.search(r'name="submission_key" value="([^"]+)"', response.content.decode())
    assert match, "the form page carries no submission key"
    return match.group(1)


def submissions():
    from lscb.models import Submission

    return Submission.objects.count()


def sent_three_times(client, url, data):
    responses = [client.post(url, data) for _ in range(3)]
    return responses


def answers(responses):
    return [(r.status_code, r.get("Location")) for r in responses]


def test_three_identical_update_posts_store_one_update(login, users, own_action):
    client = login(users["chair"])
    key = key_from(client.get(own_action.get_absolute_url()))
    data = {"rag": "amber", "date": TODAY, "narrative": "Slipping", "submission_key": key}
    responses = sent_three_times(client, reverse("actions:post_update", args=[own_action.pk]), data)
    assert own_action.updates.count() == 1
    assert answers(responses) == [(302, own_action.get_absolute_url())] * 3
    shown = [m.message for m in get_messages(responses[-1].wsgi_request)]
    assert shown == ["Progress update on 1.1 saved."] * 3


def test_three_identical_inline_posts_show_the_same_saved_fragment(login, users, own_action):
    client = login(users["chair"])
    url = reverse("actions:post_update", args=[own_action.pk])
    key = key_from(client.get(url, headers={"HX-Request": "true"}))
    data = {"rag": "green", "date": TODAY, "narrative": "Fine", "submission_key": key}
    bodies = [client.post(url, data, headers={"HX-Request": "true"}) for _ in range(3)]
    assert own_action.updates.count() == 1
    assert {b.status_code for b in bodies} == {200}
    assert all("Update saved" in b.content.decode() for b in bodies)


def test_an_update_in_flight_when_the_same_form_arrives_is_stored_once(login, users, own_action,
                                                                      monkeypatch):
    """The second post checked for an earlier answer before the first had committed: the
    unique key makes its insert fail, and it answers with the first's result."""
    client = login(users["chair"])
    key = key_from(client.get(own_action.get_absolute_url()))
    data = {"rag": "amber", "date": TODAY, "narrative": "Race", "submission_key": key}
    url = reverse("actions:post_update", args=[own_action.pk])
    assert client.post(url, data).status_code == 302
    monkeypatch.setattr("lscb.once.earlier", lambda request: None)  # it looked too early
    again = client.post(url, data)
    assert again.status_code == 302 and again["Location"] == own_action.get_absolute_url()
    assert ProgressUpdate.objects.filter(narrative="Race").count() == 1


def test_a_second_add_action_does_not_fail_on_its_own_reference(login, users, plan, theme):
    client = login(users["manager"])
    url = reverse("actions:create", args=[plan.slug])
    key = key_from(client.get(url))
    data = {"theme": theme.pk, "reference": "1.5", "description": "New", "due_precision": "month",
            "due_date": "2016-01-01", "submission_key": key}
    responses = sent_three_times(client, url, data)
    action = Action.objects.get(reference="1.5")
    assert answers(responses) == [(302, action.get_absolute_url())] * 3


def test_register_forms_through_edit_store_once(login, users, board):
    client = login(users["manager"])
    url = reverse("subgroups:agency_new")
    key = key_from(client.get(url))
    responses = sent_three_times(client, url, {"name": "Probation", "sector": "other",
                                               "submission_key": key})
    assert Agency.objects.filter(board=board, name="Probation").count() == 1
    assert len(set(answers(responses))) == 1 and responses[0].status_code == 302


def test_carry_over_meeting_round_and_budget_store_once(login, users, plan, own_action, groups,
                                                        board):
    client = login(users["manager"])
    url = reverse("plans:year_end", args=[plan.slug])
    key = key_from(client.get(url))
    sent_three_times(client, url, {"title": "Plan 2018-20", "start_year": "2018",
                                   "end_year": "2020", f"a{own_action.pk}_choice": "drop",
                                   f"a{own_action.pk}_reason": "Overtaken",
                                   "submission_key": key})
    assert BusinessPlan.objects.filter(title="Plan 2018-20").count() == 1

    url = reverse("subgroups:meeting_new")
    key = key_from(client.get(url))
    sent_three_times(client, url, {"subgroup": groups["own"].pk, "date": "2015-06-01",
                                   "kind": "ordinary", "title": "June", "submission_key": key})
    assert Meeting.objects.filter(title="June").count() == 1

    url = reverse("reporting:s11_new")
    key = key_from(client.get(url))
    sent_three_times(client, url, {"title": "S11 2016/17", "year": "2016", "submission_key": key})
    assert Section11Round.objects.filter(title="S11 2016/17").count() == 1

    report = start_report(board, 2015)
    url = reverse("reporting:annual_budget", args=[2015])
    key = key_from(client.get(url))
    sent_three_times(client, url, {
        "budget-TOTAL_FORMS": "1", "budget-INITIAL_FORMS": "0", "budget-0-kind": "income",
        "budget-0-label": "Council", "budget-0-amount": "100", "budget-0-order": "0",
        "submission_key": key})
    assert BudgetLine.objects.filter(report=report, label="Council").count() == 1


def test_keys_are_per_user_and_a_post_without_one_is_saved(login, users, own_action, client):
    chair = login(users["chair"])
    key = key_from(chair.get(own_action.get_absolute_url()))
    url = reverse("actions:post_update", args=[own_action.pk])
    data = {"rag": "green", "date": TODAY, "narrative": "x", "submission_key": key}
    chair.post(url, data)
    manager = login(users["manager"])
    manager.post(url, data)  # the same key from another user is another form
    assert own_action.updates.count() == 2
    del data["submission_key"]
    manager.post(url, data)
    assert own_action.updates.count() == 3
    assert submissions() == 2


@pytest.mark.parametrize("key", ["short", "x" * 65, "<script>alert(1)</script>aaaaaaaaaaaaaa"])
def test_a_malformed_key_counts_as_none(login, users, own_action, key):
    client = login(users["chair"])
    response = client.post(reverse("actions:post_update", args=[own_action.pk]),
                           {"rag": "green", "date": TODAY, "submission_key": key})
    assert response.status_code == 302 and submissions() == 0


def test_a_plan_import_confirmed_twice_is_imported_once(login, users, board):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(users["manager"])
    upload = client.post(reverse("actions:import"), {
        "file": SimpleUploadedFile("plan.csv", b"Ref,Action\n1.1,Do it\n1.2,Do more\n"),
        "title": "Imported plan"})
    assert upload.status_code == 302
    key = key_from(client.get(upload["Location"]))
    answers_ = sent_three_times(client, upload["Location"], {"submission_key": key})
    assert BusinessPlan.objects.filter(title="Imported plan").count() == 1
    assert len({r["Location"] for r in answers_}) == 1


def test_a_message_with_braces_in_what_was_typed_is_shown_as_typed(login, users, groups, board):
    group = groups["own"]
    group.name = "Group {0} {x.y}"
    group.save()
    member = f.make_member(board, "Pat")
    client = login(users["manager"])
    url = reverse("subgroups:group_members", args=[group.slug])
    key = key_from(client.get(url))
    response = client.post(url, {"member": member.pk, "role": "member", "start_date": "2015-04-01",
                                 "submission_key": key}, follow=True)
    assert response.status_code == 200
    assert "Membership of Group {0} {x.y} saved." in response.content.decode()
