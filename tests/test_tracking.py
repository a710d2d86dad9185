"""Progress updates, editing, archiving, and chase lists (the year-end: test_year_end.py), for every role."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, ProgressUpdate
from lscb.fiscal import Quarter

from . import factories as f

# updates are dated today: the plan must run to today (actions/dating.py)
pytestmark = pytest.mark.usefixtures("plan_through_today")


def post_update(client, action, htmx=False, **data):
    data.setdefault("rag", "green")
    data.setdefault("date", timezone.localdate().isoformat())
    data.setdefault("narrative", "Going well")
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(reverse("actions:post_update", args=[action.pk]), data, **headers)


@pytest.mark.parametrize("role, target, expected", [
    ("manager", "own_action", 302),
    ("manager", "other_action", 302),
    ("chair", "own_action", 302),
    ("chair", "other_action", 403),
    ("viewer", "own_action", 403),
    ("outsider", "own_action", 404),
])
def test_who_may_post_an_update(login, users, own_action, other_action, role, target, expected):
    action = {"own_action": own_action, "other_action": other_action}[target]
    response = post_update(login(users[role]), action)
    assert response.status_code == expected
    assert action.updates.count() == (1 if expected == 302 else 0)


def test_update_records_author_and_derived_quarter(login, users, own_action):
    response = post_update(login(users["chair"]), own_action, rag="amber",
                           narrative="Slipping: venue not booked")
    assert response["Location"] == own_action.get_absolute_url()
    update = own_action.updates.get()
    quarter = Quarter.of(timezone.localdate())
    assert (update.year, update.quarter) == (quarter.year, quarter.number)
    assert update.author == users["chair"]
    assert update.author_name == "chair"


def test_narrative_required_for_red_and_amber(login, users, own_action):
    client = login(users["manager"])
    for rag in ["red", "amber"]:
        response = post_update(client, own_action, rag=rag, narrative="  ")
        assert response.status_code == 200
        assert "a narrative is required" in response.content.decode()
    assert post_update(client, own_action, rag="green", narrative="").status_code == 302
    assert own_action.updates.count() == 1


def test_rag_required_and_future_dates_refused(login, users, own_action):
    client = login(users["manager"])
    response = post_update(client, own_action, rag="")
    assert "This field is required" in response.content.decode()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = post_update(client, own_action, date=tomorrow.isoformat())
    assert "cannot be dated in the future" in response.content.decode()
    assert own_action.updates.count() == 0


def test_update_form_defaults_to_today(login, users, own_action):
    response = login(users["manager"]).get(own_action.get_absolute_url())
    assert response.context["form"]["date"].value() == timezone.localdate()


def test_inline_update_with_htmx_returns_the_fragment(login, users, own_action):
    response = post_update(login(users["manager"]), own_action, htmx=True, rag="red",
                           narrative="Chair to escalate")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert f'id="rag-{own_action.pk}" hx-swap-oob="true"' in body
    assert '<span class="rag rag-red">Red</span>' in body
    errors = post_update(login(users["manager"]), own_action, htmx=True, rag="red", narrative="")
    assert "a narrative is required" in errors.content.decode()
    assert f'id="update-form-{own_action.pk}"' in errors.content.decode()


def test_inline_forms_shown_only_where_the_user_may_update(login, users, plan, own_action,
                                                           other_action):
    for page in [reverse("actions:list"), reverse("plans:detail", args=[plan.slug]),
                 reverse("dashboard") + "?scope=board"]:  # the board's overdue actions
        chair_page = login(users["chair"]).get(page).content.decode()
        assert f'id="update-link-{own_action.pk}"' in chair_page
        assert f'id="update-link-{other_action.pk}"' not in chair_page
        viewer_page = login(users["viewer"]).get(page).content.decode()
        assert "update-link-" not in viewer_page


def test_corrections_are_new_updates_and_history_is_newest_first(login, users, own_action):
    f.make_update(own_action, "red", dt.date(2015, 7, 1), "Wrong")
    f.make_update(own_action, "green", dt.date(2015, 8, 1), "Correction: on track")
    response = login(users["viewer"]).get(own_action.get_absolute_url())
    updates = response.context["updates"]
    assert [u.narrative for u in updates] == ["Correction: on track", "Wrong"]
    assert "Q2 2015/16" in response.content.decode()


def test_two_updates_at_the_same_moment_are_both_kept(own_action):
    moment = timezone.now()
    for rag in ["green", "amber"]:
        ProgressUpdate.objects.create(action=own_action, rag=rag, narrative="x",
                                      date=dt.date(2015, 9, 1), created_at=moment)
    assert own_action.updates.count() == 2


def edit_data(action, **changes):
    data = {
        "theme": action.theme_id, "reference": action.reference,
        "description": action.description, "owners": [g.pk for g in action.owners.all()],
        "lead_role": action.lead_role, "due_precision": action.due_precision,
        "due_date": action.due_date.isoformat() if action.due_date else "",
        "due_text": action.due_text, "outcome": action.outcome, "measures": action.measures,
        "source": action.source, "risk_note": action.risk_note, "version": action.version,
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("role, target, expected", [
    ("manager", "other_action", 302),
    ("chair", "own_action", 302),
    ("chair", "other_action", 403),
    ("viewer", "own_action", 403),
    ("outsider", "own_action", 404),
])
def test_who_may_edit_an_action(login, users, own_action, other_action, role, target, expected):
    action = {"own_action": own_action, "other_action": other_action}[target]
    url = reverse("actions:edit", args=[action.pk])
    client = login(users[role])
    assert client.get(url).status_code == (200 if expected == 302 else expected)
    response = client.post(url, edit_data(action, description="Changed"))
    assert response.status_code == expected
    action.refresh_from_db()
    assert (action.description == "Changed") == (expected == 302)


def test_second_of_two_simultaneous_edits_is_refused_and_nothing_is_lost(
        client, users, own_action):
    url = reverse("actions:edit", args=[own_action.pk])
    first = edit_data(own_action, outcome="Outcome typed by the manager")
    second = edit_data(own_action, measures="Measure typed by the chair")
    client.force_login(users["manager"])
    assert client.post(url, first).status_code == 302
    client.force_login(users["chair"])
    response = client.post(url, second)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else saved this action" in body
    assert "Outcome typed by the manager" in body  # what changed
    assert "Measure typed by the chair" in body  # what this user typed, still in the form
    own_action.refresh_from_db()
    assert own_action.outcome == "Outcome typed by the manager"
    assert own_action.measures == ""
    # saving again (now with the current version) deliberately applies the chair's edit
    assert response.context["form"]["version"].value() == own_action.version
    retry = dict(second, version=own_action.version, outcome=own_action.outcome)
    assert client.post(url, retry).status_code == 302
    own_action.refresh_from_db()
    assert (own_action.outcome, own_action.measures) == (
        "Outcome typed by the manager", "Measure typed by the chair")


def test_edits_are_listed_with_who_and_old_to_new(login, users, own_action):
    client = login(users["manager"])
    client.post(reverse("actions:edit", args=[own_action.pk]),
                edit_data(own_action, outcome="Children are safer"))
    body = client.get(own_action.get_absolute_url()).content.decode()
    assert "Edited by manager" in body
    assert "What we are trying to achieve: “” → “Children are safer”" in body


def test_admin_edits_are_kept_in_history(client, own_action, db):
    admin = f.make_user("root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:actions_action_change", args=[own_action.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = edit_data(own_action, description="Edited in the admin")
    data.pop("version")
    data.update({"plan": own_action.plan_id, "board": own_action.board_id,
                 "updates-TOTAL_FORMS": 0, "updates-INITIAL_FORMS": 0})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = own_action.history.order_by("-history_id").first()
    assert latest.description == "Edited in the admin"
    assert latest.history_user == admin


def test_manager_adds_an_action(login, users, plan, theme, groups):
    client = login(users["manager"])
    url = reverse("actions:create", args=[plan.slug])
    data = {"theme": theme.pk, "reference": "1.3", "description": "Hold a development day",
            "owners": [groups["own"].pk], "due_precision": "month", "due_date": "2016-07-10"}
    response = client.post(url, data)
    action = Action.objects.get(reference="1.3")
    assert response["Location"] == action.get_absolute_url()
    assert action.due_label == "July 2016"
    assert action.history.count() == 1
    # the same reference twice is an error next to the field
    response = client.post(url, data)
    assert "already has an action 1.3" in response.content.decode()
    assert login(users["chair"]).get(url).status_code == 403


def test_archive_hides_and_restores(login, users, plan, own_action, other_action):
    client = login(users["manager"])
    assert login(users["chair"]).post(
        reverse("actions:archive", args=[own_action.pk])).status_code == 403
    client = login(users["manager"])
    client.post(reverse("actions:archive", args=[own_action.pk]))
    own_action.refresh_from_db()
    assert own_action.archived and Action.objects.filter(pk=own_action.pk).exists()
    listing = client.get(reverse("actions:list")).context["table"]
    assert [row.record for row in listing.rows] == [other_action]
    listing = client.get(reverse("actions:list") + "?archived=on").context["table"]
    assert {row.record for row in listing.rows} == {own_action, other_action}
    plan_page = client.get(reverse("plans:detail", args=[plan.slug]))
    assert own_action.get_absolute_url() not in plan_page.content.decode()
    plan_page = client.get(reverse("plans:detail", args=[plan.slug]) + "?archived=1")
    assert own_action.get_absolute_url() in plan_page.content.decode()
    client.post(reverse("actions:archive", args=[own_action.pk]), {"restore": "1"})
    own_action.refresh_from_db()
    assert not own_action.archived


def test_my_work_plan_highlights_actions_without_update_this_quarter(
        login, users, own_action, other_action, theme, groups):
    fresh = f.make_action(theme, "1.5", owners=[groups["own"]])
    f.make_update(fresh, "green", timezone.localdate())
    response = login(users["chair"]).get(reverse("actions:my_work_plan"))
    section = response.context["sections"][0]
    assert [a.reference for a in section["actions"]] == ["1.1", "1.5"]
    assert response.context["missing"] == 1
    assert "No update this quarter" in response.content.decode()
    viewer = login(users["viewer"]).get(reverse("actions:my_work_plan"))
    assert "do not lead any group" in viewer.content.decode()


def test_updates_due_groups_by_owner_with_chair_to_contact(login, users, own_action,
                                                           other_action, groups, board):
    chair = f.make_member(board, "Pat Chair", email="pat@example.org")
    groups["own"].chair = chair
    groups["own"].save()
    f.make_update(other_action, "green", timezone.localdate())
    response = login(users["manager"]).get(reverse("actions:updates_due"))
    assert [s["group"] for s in response.context["sections"]] == [groups["own"]]
    assert "pat@example.org" in response.content.decode()
    assert Quarter.current() == response.context["quarter"]
    for role in ["chair", "viewer"]:
        assert login(users[role]).get(reverse("actions:updates_due")).status_code == 403


def test_no_edit_or_delete_path_for_updates(client, own_action):
    update = f.make_update(own_action)
    admin = f.make_user("root2", is_staff=True, is_superuser=True)
    client.force_login(admin)
    change = client.post(reverse("admin:actions_progressupdate_change", args=[update.pk]),
                         {"rag": "red", "narrative": "tampered", "date": "2015-09-01",
                          "action": own_action.pk})
    assert change.status_code == 403
    delete = client.post(reverse("admin:actions_progressupdate_delete", args=[update.pk]),
                         {"post": "yes"})
    assert delete.status_code == 403
    assert ProgressUpdate.objects.get(pk=update.pk).narrative == "On track"


def test_inline_form_loads_on_demand(login, users, own_action, other_action):
    url = reverse("actions:post_update", args=[own_action.pk])
    client = login(users["chair"])
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    body = fragment.content.decode()
    assert f'id="update-form-{own_action.pk}"' in body and 'name="rag"' in body
    assert "<html" not in body
    plain = client.get(url)  # without JavaScript: the form on the action page
    assert plain["Location"] == own_action.get_absolute_url() + "#post-update-heading"
    other = reverse("actions:post_update", args=[other_action.pk])
    assert client.get(other, HTTP_HX_REQUEST="true").status_code == 403


def test_completing_asks_for_the_impact(login, users, own_action):
    client = login(users["chair"])
    today = timezone.localdate()
    response = post_update(client, own_action, rag="complete", narrative="Done")
    assert "before marking the action complete" in response.content.decode()
    assert own_action.updates.count() == 0
    review = today + dt.timedelta(days=120)
    response = post_update(client, own_action, rag="complete", narrative="Done",
                           impact_statement="Staff now refer CSE cases the same day",
                           impact_evidence="Audit of 30 cases, March",
                           impact_review_on=review.isoformat())
    assert response.status_code == 302
    own_action.refresh_from_db()
    assert own_action.completed_on == today
    assert own_action.impact_statement == "Staff now refer CSE cases the same day"
    assert own_action.impact_review_on == review
    page = client.get(own_action.get_absolute_url()).content.decode()
    assert "Has the change held?" in page and "Audit of 30 cases" in page
    response = client.post(reverse("actions:impact_review", args=[own_action.pk]),
                           {"held": "no", "note": "Referrals slipped after staff changes"})
    own_action.refresh_from_db()
    assert own_action.impact_held is False
    assert "has <strong>not</strong> held" in client.get(own_action.get_absolute_url()).content.decode()
    viewer = login(users["viewer"]).post(reverse("actions:impact_review", args=[own_action.pk]),
                                         {"held": "yes", "note": "x"})
    assert viewer.status_code == 403


def test_the_action_pages_history_strikes_a_withdrawn_updates_rating(login, users, own_action):
    """Each row's RAG is written in the row (no include per row): struck through when
    the update is withdrawn."""
    from actions.dating import withdraw

    kept = f.make_update(own_action, "amber", dt.date(2015, 9, 1), "Kept")
    gone = f.make_update(own_action, "red", dt.date(2015, 9, 2), "Posted on the wrong action")
    withdraw(gone, users["manager"], "Wrong action")
    page = login(users["manager"]).get(own_action.get_absolute_url()).content.decode()
    assert f'<tr id="update-{kept.pk}">' in page
    assert '<td><span class="rag rag-amber">Amber</span>\n</td>' in page
    assert '<td><del><span class="rag rag-red">Red</span>\n</del></td>' in page
